import { UserInputError, expectString } from '../errors';
import type { WordVectors } from '../vectors/WordVectors';
import { parseFloatToken } from '../vectors/floatText';
import { readSmallTextFile } from './readSmallTextFile';
import { EVAL_PRESETS, evalOptions, type EvalOptions } from './options';
import { averageRanks, spearman, pearson } from './spearman';
import { vocabLookup } from './vocabLookup';

export interface WordPair {
  a: string;
  b: string;
  score: number;
  /** 1-based line in the file. */
  line: number;
}

export interface WordPairsResult {
  /** Spearman's rank correlation between the file's scores and the cosine similarities; NaN when fewer than 2 pairs are known. */
  spearman: number;
  /** Pearson's correlation of the same (for reference; gensim reports both). */
  pearson: number;
  /** Pairs with both words in the vocabulary (the ones correlated). */
  pairs: number;
  /** Pairs skipped because a word is not in the vocabulary. */
  oov: number;
  /** oov / (pairs + oov). */
  oovRate: number;
  /** The vocabulary restriction and case rule used. */
  restrict: number;
  caseInsensitive: boolean;
  /** The pairs whose rank by cosine is furthest from their rank by human score, worst first. */
  worst: WorstPair[];
}

export interface WorstPair extends WordPair {
  cosine: number;
  /** Ranks among the evaluated pairs (1 = lowest; ties share the average), as Spearman compares them. */
  humanRank: number;
  modelRank: number;
}

/**
 * Parses a word-pair similarity file (WordSim-353 / SimLex-999 format): one `word1 word2 score` per
 * line, tab or space separated; blank lines and lines starting with `#` are skipped. Anything else
 * is a UserInputError naming the line.
 */
export function parseWordPairs(text: string, name: string): WordPair[] {
  expectString(text, 'parseWordPairs(text, name): text');
  const out: WordPair[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const fields = line.trim().split(line.includes('\t') ? /\s*\t\s*/ : / +/);
    const score = fields.length === 3 ? parseFloatToken(fields[2]) : undefined;
    if (score === undefined || !Number.isFinite(score)) {
      throw new UserInputError(
        `${name}, line ${i + 1}: expected "word1 word2 score" (tab or space separated, # for comments), found ${JSON.stringify(line.slice(0, 60))}.`,
      );
    }
    out.push({ a: fields[0], b: fields[1], score, line: i + 1 });
  });
  if (out.length === 0) throw new UserInputError(`${name} has no word pairs; expected lines of "word1 word2 score".`);
  return out;
}

/**
 * Spearman (and Pearson) correlation of human scores with cosine similarities, over the pairs whose
 * words are both among the `restrict` most frequent words, case-insensitive by default, as gensim's
 * KeyedVectors.evaluate_word_pairs (default restrict 300,000). `options` may be a bare restrict.
 */
export function evaluateWordPairs(wv: WordVectors, pairs: WordPair[], options?: number | EvalOptions): WordPairsResult {
  const o = evalOptions(options, EVAL_PRESETS.gensim.restrict);
  const { key, index } = vocabLookup(wv, o.restrict, o.caseInsensitive);
  const used: WordPair[] = [];
  const gold: number[] = [];
  const model: number[] = [];
  let oov = 0;
  const u = wv.normalized();
  const d = wv.dim;
  for (const p of pairs) {
    const ia = index.get(key(p.a));
    const ib = index.get(key(p.b));
    if (ia === undefined || ib === undefined) {
      oov++;
      continue;
    }
    let s = 0;
    for (let j = 0; j < d; j++) s += u[ia * d + j] * u[ib * d + j];
    used.push(p);
    gold.push(p.score);
    model.push(s);
  }
  const gr = averageRanks(gold);
  const mr = averageRanks(model);
  const worst = used
    .map((p, i): WorstPair => ({ ...p, cosine: model[i], humanRank: gr[i], modelRank: mr[i] }))
    .sort((x, y) => Math.abs(y.humanRank - y.modelRank) - Math.abs(x.humanRank - x.modelRank) || x.line - y.line)
    .slice(0, o.worst);
  return {
    spearman: gold.length >= 2 ? spearman(gold, model) : NaN,
    pearson: gold.length >= 2 ? pearson(gold, model) : NaN,
    pairs: gold.length,
    oov,
    oovRate: oov / pairs.length,
    restrict: o.restrict,
    caseInsensitive: o.caseInsensitive,
    worst,
  };
}

/** Reads and evaluates a word-pair file. */
export async function evaluateWordPairsFile(wv: WordVectors, path: string, options?: number | EvalOptions): Promise<WordPairsResult> {
  return evaluateWordPairs(wv, parseWordPairs(await readSmallTextFile(path, 'word-pair file'), path), options);
}

