import { UserInputError, outOfMemoryError } from '../../core/errors';
import { startTraining } from '../../core/train/index';
import { KERNEL_MISTAKES } from '../../core/train/mistakes';
import type { NumericOption } from '../../core/train/options';
import type { TrainOptions, TrainProgress, TrainResult, VocabStats } from '../../core/train/types';
import { atomicWriteFile } from '../../core/util/atomicWrite';
import { formatFromPath } from '../../core/vectors/formats';
import { writeVectors } from '../../core/vectors/writeVectors';
import { WordVectors } from '../../core/vectors/WordVectors';
import { UsageError, flag, guardOutputFlags, helpText, parseArgs, type CommandSpec, type FlagSpec } from '../args';
import { ProgressReporter } from '../progress';
import { exitProcess, onStopSignals, signalExitCode, type StopSignal } from '../signals';
import { writeOrRescue } from '../rescue';
import { writeProgress } from './vectorFiles';
import { compact, duration, err, grouped, out } from '../output';
import { MAX_SNAPSHOT_WORDS, snapshotsToJson } from '../../core/train/snapshots';
import { stallMessage } from '../../shared/stallMessage';
import { english } from '../../shared/translate';

/** Where --snapshots writes: the output's name with its extension replaced by .snapshots.json. */
export function snapshotsPathFor(outPath: string): string {
  return outPath.replace(/(\.[^./\\]*)?$/, '.snapshots.json');
}

/** CLI flag -> engine option, for the numeric options (validated against OPTION_RANGES by the parser). */
const NUMERIC: [flag: string, option: NumericOption, help: string][] = [
  ['dim', 'dim', 'Vector dimensions (default 100).'],
  ['window', 'window', 'Maximum context distance, reduced at random per word (default 5).'],
  ['negative', 'negative', 'Negative samples per pair for --loss neg (default 5).'],
  ['min-count', 'minCount', 'Drop words seen fewer times (default 5).'],
  ['max-vocab', 'maxVocab', 'Keep at most N most frequent words, 0 = no limit (default 0).'],
  ['sample', 'sample', 'Frequent-word subsampling threshold, 0 = off (default 1e-3).'],
  ['epochs', 'epochs', 'Passes over the corpus (default 5).'],
  ['alpha', 'alpha', 'Starting learning rate (default 0.025 skip-gram; CBOW 0.2 with --cbow-update corrected, 0.05 with word2vec).'],
  ['threads', 'threads', 'Worker threads (default: the number of cores).'],
  ['seed', 'seed', 'Random seed; one thread + a fixed seed gives identical vectors (default 1).'],
];

export const trainSpec: CommandSpec = {
  name: 'train',
  usage: 'train <corpus> --out vectors.txt|vectors.bin [options]',
  summary: 'Trains word2vec on a text file and writes the vectors (by the extension: .bin word2vec binary, .vec fastText, .tsv the Projector pair, otherwise word2vec text).',
  positionals: ['corpus'],
  flags: [
    { name: 'out', short: 'o', kind: 'string', value: 'FILE', help: 'Where to write the vectors (required); ".bin" = binary word2vec format, else text.' },
    { name: 'model', kind: 'string', choices: ['skipgram', 'cbow'], value: 'NAME', help: 'Skip-gram or CBOW (default skipgram).' },
    { name: 'loss', kind: 'string', choices: ['neg', 'softmax', 'hs'], value: 'NAME', help: 'Negative sampling, the naive full softmax (small vocabularies only), or the hierarchical softmax (default neg).' },
    { name: 'mistake', kind: 'string', choices: KERNEL_MISTAKES.map((m) => m.id), value: 'ID', help: 'Train with a planted mistake in the kernel\'s update, to watch what it does (the live gradient check of the run then fails): ' + KERNEL_MISTAKES.map((m) => `${m.id} (${m.label})`).join(', ') + '.' },
    { name: 'cbow-update', kind: 'string', choices: ['corrected', 'word2vec'], value: 'HOW', help: "CBOW: each context vector steps by its own gradient (corrected), or by the whole hidden vector's as word2vec.c does (default corrected)." },
    ...NUMERIC.map(([name, option, help]): FlagSpec => ({ name, kind: 'number', range: option, help })),
    { name: 'output', kind: 'string', choices: ['input', 'input+output'], value: 'WHICH', help: 'Write the input vectors, or input+output averaged (default input).' },
    { name: 'snapshots', kind: 'number', range: { min: 1, max: MAX_SNAPSHOT_WORDS, integer: true }, value: 'N', help: 'Keep the N most frequent words\' vectors at the end of each epoch (one-epoch runs: every few million words), the last being the final vectors, and write them as JSON to the output\'s name with .snapshots.json (vectors.bin -> vectors.snapshots.json).' },
    { name: 'stats-json', kind: 'string', value: 'FILE', help: 'Also write {wordsPerSec, seconds, vocabSize, wordsProcessed, finalLoss, peakRssBytes, trainSeconds, trainWordsPerSec} as JSON (seconds = the whole run, trainSeconds = training alone).' },
    { name: 'quiet', short: 'q', kind: 'boolean', help: 'No progress output.' },
  ],
  notes: 'Ctrl-C (or SIGTERM) stops training and still writes the vectors trained so far (a second one quits at once).\n' +
    'Exit codes: 0 done, 1 bad input or a failed write, 2 usage, 130 after Ctrl-C, 143 after SIGTERM.',
};

function engineToFlags(message: string): string {
  let m = message;
  for (const [name, option] of NUMERIC) if (name !== option) m = m.replace(new RegExp(`(?<![.\\w-])${option}\\b`, 'g'), `--${name}`);
  return m;
}

export async function runTrain(argv: string[]): Promise<number> {
  const a = parseArgs(argv, trainSpec);
  if (a.help) return out(helpText(trainSpec)), 0;
  const corpus = a.positionals[0];
  const outPath = flag.string(a, 'out');
  if (!outPath) throw new UsageError('Missing --out FILE: where to write the vectors (.txt for text, .bin for binary).');
  const statsPath = flag.string(a, 'stats-json');
  const snapshotWords = flag.number(a, 'snapshots');
  const snapshotsPath = snapshotWords ? snapshotsPathFor(outPath) : undefined;
  // Before any work: no output may reach the corpus or the other output, and their folders are writable.
  await guardOutputFlags([{ flag: 'the corpus', path: corpus }], [
    { flag: '--out', path: outPath, example: 'vectors.txt' },
    ...(statsPath ? [{ flag: '--stats-json', path: statsPath, example: 'stats.json' }] : []),
    ...(snapshotsPath ? [{ flag: '--snapshots', path: snapshotsPath, example: 'vectors.snapshots.json' }] : []),
  ]);

  const options: Partial<TrainOptions> = {
    model: flag.string(a, 'model') as TrainOptions['model'] | undefined,
    loss: flag.string(a, 'loss') as TrainOptions['loss'] | undefined,
    cbowUpdate: flag.string(a, 'cbow-update') as TrainOptions['cbowUpdate'] | undefined,
    mistake: flag.string(a, 'mistake') as TrainOptions['mistake'] | undefined,
    output: flag.string(a, 'output') as TrainOptions['output'] | undefined,
    snapshotWords,
  };
  for (const [name, option] of NUMERIC) {
    const v = flag.number(a, name);
    if (v !== undefined) options[option] = v;
  }

  const reporter = new ProgressReporter(process.stderr, flag.boolean(a, 'quiet'));
  // A read of the corpus that gives nothing for 10 s (see TrainProgress.stalledSec) is told once,
  // even with --quiet: it is a warning, not progress. Told again only after reading moved on.
  let stallTold = false;
  const stallNotice = (p: TrainProgress): void => {
    if (p.stalledSec === undefined) { stallTold = false; return; }
    if (stallTold) return;
    stallTold = true;
    reporter.done();
    err(`w2v train: ${stallMessage(corpus, p.stalledSec, p.phase === 'train', 'ctrl-c', english)}`);
  };
  let vocab: VocabStats | undefined;
  const run = startTraining({ kind: 'file', path: corpus }, options, {
    onVocab: (s) => {
      vocab = s;
      reporter.message(`Vocabulary: ${grouped(s.vocabSize)} words (of ${grouped(s.distinctWords)} distinct), ${grouped(s.trainWords)} training words per epoch in ${grouped(s.sentences)} lines.`);
    },
    onProgress: (p: TrainProgress) => { stallNotice(p); reporter.progress(p); },
  });

  // Ctrl-C or SIGTERM: stop training and keep what was learnt; a second one quits at once. The
  // handler stays until the command returns (writeOrRescue handles signals while writing), so a
  // late signal never finds the default action, which would kill the process mid-way.
  let signal: StopSignal | undefined;
  let training = true;
  const stopSignals = onStopSignals((sig, count) => {
    if (!training) return;
    signal ??= sig;
    if (count === 1) {
      reporter.message(`Stopping (${sig === 'SIGINT' ? 'Ctrl-C' : sig} again to quit without writing)…`);
      run.cancel();
    } else {
      reporter.done();
      err('w2v train: interrupted; nothing written.');
      void exitProcess(signalExitCode(sig));
    }
  });
  let result: TrainResult;
  try {
    result = await run.result;
  } catch (e) {
    // The engine names options as in TrainOptions ("Lower minCount"); on the command line they are flags.
    if (e instanceof UserInputError) throw new UserInputError(engineToFlags(e.message));
    throw outOfMemoryError(e, 'Use --max-vocab N (e.g. 100000), a larger --min-count or a smaller --dim.') ?? e;
  } finally {
    training = false;
    reporter.done();
  }
  try {
    return await writeResults(result, { outPath, statsPath, vocab, reporter, quiet: flag.boolean(a, 'quiet'), signal: () => signal });
  } finally {
    stopSignals.dispose();
  }
}

/** Writes the vectors (and stats) of a finished run, never losing them; returns the exit code. */
async function writeResults(result: TrainResult, c: {
  outPath: string; statsPath: string | undefined; vocab: VocabStats | undefined; reporter: ProgressReporter; quiet: boolean; signal: () => StopSignal | undefined;
}): Promise<number> {
  const { outPath, statsPath, vocab, reporter } = c;

  if (result.words.length === 0) {
    // Cancelled while the corpus was still being read: there are no vectors yet.
    err('w2v train: cancelled before training started; nothing written.');
    return signalExitCode(c.signal() ?? 'SIGINT');
  }
  const format = formatFromPath(outPath);
  reporter.message(`Writing the vectors to ${outPath}…`);
  // A finished run is never lost: a failed write goes to a fallback file the message names.
  const written = await writeOrRescue(outPath, 'vectors', (p) => writeVectors(p, WordVectors.fromTrainResult(result), format, { onProgress: writeProgress(p, c.quiet) }));
  if (result.stopReason === 'diverged') {
    // The vectors written are the last good ones (before the weights blew up); the run still failed.
    throw new UserInputError(engineToFlags(`${result.message ?? 'Training diverged.'} Wrote them to ${written}.`));
  }
  // Whole run (reading the corpus, vocabulary, training); the engine also reports training alone.
  const wordsPerSec = result.seconds > 0 ? result.wordsProcessed / result.seconds : 0;
  const trainWordsPerSec = result.trainSeconds ? result.wordsProcessed / result.trainSeconds : undefined;
  const o = result.options;
  out([
    `${result.stopReason === 'cancelled' ? 'Cancelled' : 'Done'}: ${o.model} ${o.loss === 'neg' ? `negative sampling (K=${o.negative})` : o.loss === 'hs' ? 'hierarchical softmax' : 'softmax'}${o.model === 'cbow' ? ` (${o.cbowUpdate ?? 'corrected'} update)` : ''}${o.mistake ? `, WITH THE PLANTED MISTAKE ${o.mistake}` : ''}, dim ${o.dim}, window ${o.window}, ${o.epochs} epoch${o.epochs === 1 ? '' : 's'}, ${o.threads} thread${o.threads === 1 ? '' : 's'}.`,
    `  vocabulary     ${grouped(result.words.length)} words${vocab ? ` (min-count ${o.minCount}; corpus ${grouped(vocab.corpusWords)} words)` : ''}`,
    `  words trained  ${grouped(result.wordsProcessed)}`,
    `  time           ${duration(result.seconds)}`,
    `  speed          ${compact(wordsPerSec)} words/s${trainWordsPerSec ? ` (training alone ${compact(trainWordsPerSec)} words/s)` : ''}`,
    `  final loss     ${Number.isFinite(result.finalLoss) ? result.finalLoss.toFixed(4) : String(result.finalLoss)}`,
    `  vectors        ${written} (${format})`,
  ].join('\n'));
  // A corpus changed on disk during training: what the run did about it.
  if (result.corpusChanged && result.message) err(`w2v train: ${result.message}`);
  if (statsPath) {
    const stats = {
      wordsPerSec,
      seconds: result.seconds,
      vocabSize: result.words.length,
      wordsProcessed: result.wordsProcessed,
      finalLoss: result.finalLoss,
      // maxRSS is in kilobytes on Linux and macOS.
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      corpusInMemory: result.corpusInMemory,
      ...(result.trainSeconds !== undefined ? { trainSeconds: result.trainSeconds, trainWordsPerSec } : {}),
    };
    await writeOrRescue(statsPath, 'stats', (p) => atomicWriteFile(p, JSON.stringify(stats, null, 2) + '\n'));
  }
  const snapshots = result.snapshots;
  if (snapshots) {
    const path = snapshotsPathFor(outPath);
    const at = await writeOrRescue(path, 'snapshots', (p) => atomicWriteFile(p, snapshotsToJson(snapshots)));
    out(`  snapshots      ${at} (${snapshots.snapshots.length} of the top ${grouped(snapshots.words.length)} words: ${snapshots.snapshots.map((x) => x.label).join(', ')})`);
  }
  if (written !== outPath) return 1;
  return result.stopReason === 'cancelled' ? signalExitCode(c.signal() ?? 'SIGINT') : 0;
}
