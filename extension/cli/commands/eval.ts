import { basename } from 'node:path';
import { evaluateAnalogiesFile, type AnalogyResult } from '../../core/eval/analogies';
import { evaluateWordPairsFile, type WordPairsResult } from '../../core/eval/wordPairs';
import { EVAL_PRESETS, type EvalOptions, type EvalPreset } from '../../core/eval/options';
import { UsageError, flag, helpText, parseArgs, type CommandSpec } from '../args';
import { out } from '../output';
import { VECTOR_INPUT_FLAGS, loadVectors } from './vectorFiles';

export const evalSpec: CommandSpec = {
  name: 'eval',
  usage: 'eval <vectors> [--similarity FILE ...] [--analogy FILE] [--preset gensim|compute-accuracy]',
  summary: 'Evaluates word vectors: Spearman and Pearson correlation on word-pair similarity files, accuracy on analogy questions.',
  positionals: ['vectors'],
  flags: [
    { name: 'similarity', kind: 'strings', value: 'FILE', help: 'Word pairs with human scores ("w1 w2 score" per line, # comments; WordSim-353, SimLex-999). Repeatable.' },
    { name: 'analogy', kind: 'strings', value: 'FILE', help: 'Analogy questions (questions-words.txt format: ": section" lines, then "a b c d").' },
    { name: 'preset', kind: 'string', choices: Object.keys(EVAL_PRESETS), value: 'NAME', help: `gensim: ${EVAL_PRESETS.gensim.description}; compute-accuracy: ${EVAL_PRESETS['compute-accuracy'].description}. Default: pairs as gensim (300,000), analogies as compute-accuracy (30,000).` },
    { name: 'restrict', kind: 'number', range: { min: 1, max: 2 ** 32, integer: true }, help: 'Use only the N most frequent words, for pairs and analogies (overrides --preset).' },
    { name: 'case-sensitive', kind: 'boolean', help: 'Match words exactly (gensim and compute-accuracy compare them upper-cased).' },
    { name: 'worst', kind: 'number', range: { min: 0, max: 10000, integer: true }, help: 'List the N worst-predicted pairs and the first N wrong analogy answers (default 5; all in --json).' },
    { name: 'json', kind: 'boolean', help: 'Print the results as JSON.' },
    ...VECTOR_INPUT_FLAGS,
  ],
  notes: 'Words are matched case-insensitively unless --case-sensitive. Pairs or questions with a word outside the (restricted) vocabulary are skipped and counted.',
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
  const wv = await loadVectors(a, a.positionals[0]);
  const preset = flag.string(a, 'preset') as EvalPreset | undefined;
  const worst = flag.number(a, 'worst') ?? 5;
  const options = (fallback: number): EvalOptions => ({
    restrict: flag.number(a, 'restrict') ?? (preset ? EVAL_PRESETS[preset].restrict : fallback),
    caseInsensitive: !flag.boolean(a, 'case-sensitive'),
    worst: flag.boolean(a, 'json') ? Infinity : worst,
  });
  const similarity: (WordPairsResult & { file: string })[] = [];
  for (const f of sims) similarity.push({ file: f, ...(await evaluateWordPairsFile(wv, f, options(EVAL_PRESETS.gensim.restrict))) });
  const analogy: (AnalogyResult & { file: string })[] = [];
  for (const f of analogies) analogy.push({ file: f, ...(await evaluateAnalogiesFile(wv, f, options(EVAL_PRESETS['compute-accuracy'].restrict))) });
  if (flag.boolean(a, 'json')) {
    out(JSON.stringify({ vectors: a.positionals[0], words: wv.size, dim: wv.dim, similarity, analogy }, (_k, v) => (Number.isNaN(v) ? null : v), 2));
    return 0;
  }
  out(`${a.positionals[0]}: ${wv.size} words, ${wv.dim} dimensions`);
  for (const s of similarity) {
    out(`${basename(s.file)}: Spearman ${num(s.spearman)} on ${s.pairs} pairs; ${s.oov} pairs out of vocabulary (${pct(s.oovRate)}); Pearson ${num(s.pearson)}; the ${s.restrict} most frequent words`);
    if (s.worst.length) out(`  worst predicted (rank by human score vs by cosine):\n${s.worst.map((p) => `    ${p.a} ${p.b}\thuman ${p.score} (rank ${p.humanRank})\tcosine ${p.cosine.toFixed(4)} (rank ${p.modelRank})`).join('\n')}`);
  }
  for (const r of analogy) {
    out(`${basename(r.file)} (the ${r.restrict} most frequent words):`);
    const w = Math.max(...r.sections.map((s) => s.section.length), 7);
    for (const s of [...r.sections, r.overall]) {
      out(`  ${s.section.padEnd(w)}  ${pct(s.accuracy).padStart(6)}  (${s.correct}/${s.total}; ${s.skipped} skipped)`);
    }
    if (r.mistakes.length) out(`  first wrong answers:\n${r.mistakes.map((m) => `    ${m.a} : ${m.b} :: ${m.c} : ${m.d}\tgot ${m.predicted}`).join('\n')}`);
  }
  return 0;
}
