import { basename } from 'node:path';
import { evaluateAnalogiesFile, type AnalogyResult } from '../../core/eval/analogies';
import { evaluateWordPairsFile, type WordPairsResult } from '../../core/eval/wordPairs';
import { readVectors } from '../../core/vectors/word2vecFormat';
import { UsageError, flag, helpText, parseArgs, type CommandSpec } from '../args';
import { out } from '../output';

export const evalSpec: CommandSpec = {
  name: 'eval',
  usage: 'eval <vectors> [--similarity FILE ...] [--analogy FILE]',
  summary: 'Evaluates word vectors: Spearman correlation on word-pair similarity files, accuracy on analogy questions.',
  positionals: ['vectors'],
  flags: [
    { name: 'similarity', kind: 'strings', value: 'FILE', help: 'Word pairs with human scores ("w1 w2 score" per line, # comments; WordSim-353, SimLex-999). Repeatable.' },
    { name: 'analogy', kind: 'strings', value: 'FILE', help: 'Analogy questions (questions-words.txt format: ": section" lines, then "a b c d").' },
    { name: 'restrict', kind: 'number', range: { min: 1, max: 1e9, integer: true }, help: 'Analogies use only the N most frequent words (default 30000, as gensim and compute-accuracy).' },
    { name: 'json', kind: 'boolean', help: 'Print the results as JSON.' },
  ],
  notes: 'Words are matched case-insensitively. Pairs or questions with a word outside the vocabulary are skipped and counted.',
};

const pct = (x: number): string => (Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const num = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(4));

export async function runEval(argv: string[]): Promise<number> {
  const a = parseArgs(argv, evalSpec);
  if (a.help) return out(helpText(evalSpec)), 0;
  const sims = flag.strings(a, 'similarity');
  const analogies = flag.strings(a, 'analogy');
  if (sims.length === 0 && analogies.length === 0) {
    throw new UsageError('Nothing to evaluate: give --similarity FILE and/or --analogy FILE (see w2v eval --help).');
  }
  const wv = await readVectors(a.positionals[0]);
  const similarity: (WordPairsResult & { file: string })[] = [];
  for (const f of sims) similarity.push({ file: f, ...(await evaluateWordPairsFile(wv, f)) });
  const analogy: (AnalogyResult & { file: string })[] = [];
  for (const f of analogies) analogy.push({ file: f, ...(await evaluateAnalogiesFile(wv, f, flag.number(a, 'restrict'))) });
  if (flag.boolean(a, 'json')) {
    out(JSON.stringify({ vectors: a.positionals[0], words: wv.size, dim: wv.dim, similarity, analogy }, (_k, v) => (Number.isNaN(v) ? null : v), 2));
    return 0;
  }
  out(`${a.positionals[0]}: ${wv.size} words, ${wv.dim} dimensions`);
  for (const s of similarity) {
    out(`${basename(s.file)}: Spearman ${num(s.spearman)} on ${s.pairs} pairs; ${s.oov} pairs out of vocabulary (${pct(s.oovRate)})`);
  }
  for (const r of analogy) {
    out(`${basename(r.file)} (the ${r.restrict} most frequent words):`);
    const w = Math.max(...r.sections.map((s) => s.section.length), 7);
    for (const s of [...r.sections, r.overall]) {
      out(`  ${s.section.padEnd(w)}  ${pct(s.accuracy).padStart(6)}  (${s.correct}/${s.total}; ${s.skipped} skipped)`);
    }
  }
  return 0;
}
