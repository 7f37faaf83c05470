import { basename } from 'node:path';
import { UserInputError } from '../../core/errors';
import { checkSplits, loadLabeledFile } from '../../core/sentiment/load';
import { sentenceFeatures } from '../../core/sentiment/features';
import { DEFAULT_REGS, runSentimentSweep, sstClassNames } from '../../core/sentiment/sweep';
import { formatSentimentReport, fmtReg } from '../../core/sentiment/format';
import type { SentimentResult } from '../../core/sentiment/types';
import { atomicWriteFile } from '../../core/util/atomicWrite';
import { readVectors } from '../../core/vectors/readVectors';
import { flag, guardOutputFlags, helpText, parseArgs, UsageError, type CommandSpec } from '../args';
import { err, out } from '../output';

export const sentimentSpec: CommandSpec = {
  name: 'sentiment',
  usage: 'sentiment --vectors FILE --train FILE --dev FILE --test FILE [--regs 0,1e-5,...] [--json FILE]',
  summary:
    'Sentiment classification with word vectors (CS224d problem set 1, §4): each sentence is the average of its words\' vectors, ' +
    'a softmax regression with L2 regularization is fitted for every --regs value, the best on dev is chosen and ' +
    'its test accuracy reported once.',
  positionals: [],
  flags: [
    { name: 'vectors', kind: 'string', value: 'FILE', help: 'Word vectors, word2vec text (.txt) or binary (.bin) format.' },
    { name: 'train', kind: 'string', value: 'FILE', help: 'Training sentences: "label sentence" or "label<TAB>text" lines, labels 0, 1, ...' },
    { name: 'dev', kind: 'string', value: 'FILE', help: 'Development sentences (choose the regularization), same format.' },
    { name: 'test', kind: 'string', value: 'FILE', help: 'Test sentences (measured once, for the chosen regularization), same format.' },
    { name: 'regs', kind: 'string', value: 'LIST', help: `Regularization values, comma-separated (default ${DEFAULT_REGS.map(fmtReg).join(',')}).` },
    { name: 'json', kind: 'string', value: 'FILE', help: 'Also write the whole result as JSON (sweep, confusion matrix, model).' },
    { name: 'quiet', short: 'q', kind: 'boolean', help: 'No progress lines (one per regularization value) on stderr.' },
  ],
  notes:
    'Example (SST 5 classes):\n' +
    '  w2v sentiment --vectors vec.txt --train sst/stsa.fine.train --dev sst/stsa.fine.dev --test sst/stsa.fine.test\n' +
    'Sentences are tokenized like a training corpus (lower-cased, punctuation dropped), so use vectors trained by\n' +
    '"w2v train" or on text tokenized the same way. Words missing from the vectors are skipped.',
};

/** "0,1e-5,3e-3" -> numbers; every value must be a finite number >= 0. */
export function parseRegs(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw new UsageError('--regs needs at least one value, e.g. --regs 0,1e-4,1e-2.');
  return parts.map((p) => {
    const v = Number(p);
    if (!/^[0-9.eE+-]+$/.test(p) || !Number.isFinite(v) || v < 0) {
      throw new UsageError(`--regs: "${p}" is not a number >= 0; give a comma-separated list like 0,1e-5,3e-3.`);
    }
    return v;
  });
}

function required(a: ReturnType<typeof parseArgs>, name: string): string {
  const v = flag.string(a, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} FILE is required. Usage: w2v ${sentimentSpec.usage}`);
  return v;
}

export async function runSentiment(argv: string[]): Promise<number> {
  try {
    const a = parseArgs(argv, sentimentSpec);
    if (a.help) {
      out(helpText(sentimentSpec));
      return 0;
    }
    const vectorsPath = required(a, 'vectors');
    const paths = { train: required(a, 'train'), dev: required(a, 'dev'), test: required(a, 'test') };
    const regsFlag = flag.string(a, 'regs');
    const regs = regsFlag === undefined ? [...DEFAULT_REGS] : parseRegs(regsFlag);
    const jsonPath = flag.string(a, 'json');
    if (jsonPath !== undefined) {
      // Before any work: the JSON must not replace the vectors or a sentence file.
      await guardOutputFlags(
        [{ flag: '--vectors', path: vectorsPath }, { flag: '--train', path: paths.train }, { flag: '--dev', path: paths.dev }, { flag: '--test', path: paths.test }],
        [{ flag: '--json', path: jsonPath, example: 'sentiment.json' }],
      );
    }

    const [train, dev, test] = await Promise.all([paths.train, paths.dev, paths.test].map((p) => loadLabeledFile(p)));
    const numClasses = checkSplits(train, dev, test);
    const wv = await readVectors(vectorsPath);
    out(`vectors ${basename(vectorsPath)}: ${wv.size.toLocaleString('en-US')} words x ${wv.dim} dims`);
    const result: SentimentResult = runSentimentSweep(
      {
        numClasses,
        train: sentenceFeatures(train, wv),
        dev: sentenceFeatures(dev, wv),
        test: sentenceFeatures(test, wv),
        regs,
        classNames: sstClassNames(numClasses, train.name),
      },
      flag.boolean(a, 'quiet') ? undefined : (row) => err(`  reg ${fmtReg(row.reg)}: dev ${(100 * row.devAccuracy).toFixed(2)}% (${row.iterations} iterations, ${row.seconds.toFixed(1)} s)`),
    );
    out(formatSentimentReport(result));
    if (jsonPath !== undefined) {
      await atomicWriteFile(jsonPath, JSON.stringify({ vectors: vectorsPath, files: paths, ...result }, null, 1) + '\n');
      out(`wrote ${jsonPath}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof UserInputError) {
      err(`w2v sentiment: ${e.message.replace(/\s*\n\s*/g, ' ')}`);
      return e instanceof UsageError ? 2 : 1;
    }
    throw e;
  }
}
