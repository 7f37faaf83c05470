import { UserInputError, expectString } from '../errors';
import type { WordVectors } from '../vectors/WordVectors';
import { parseFloatToken } from '../vectors/floatText';
import { readSmallTextFile } from './readSmallTextFile';
import { spearman, pearson } from './spearman';
import { caseInsensitiveIndex } from './vocabLookup';

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
 * Spearman correlation of human scores with cosine similarities, over the pairs whose words are
 * both among the `restrict` most frequent words (case-insensitive), as gensim's
 * KeyedVectors.evaluate_word_pairs (default restrict 300,000).
 */
export function evaluateWordPairs(wv: WordVectors, pairs: WordPair[], restrict = 300_000): WordPairsResult {
  const index = caseInsensitiveIndex(wv, restrict);
  const gold: number[] = [];
  const model: number[] = [];
  let oov = 0;
  const u = wv.normalized();
  const d = wv.dim;
  for (const p of pairs) {
    const ia = index.get(p.a.toUpperCase());
    const ib = index.get(p.b.toUpperCase());
    if (ia === undefined || ib === undefined) {
      oov++;
      continue;
    }
    let s = 0;
    for (let j = 0; j < d; j++) s += u[ia * d + j] * u[ib * d + j];
    gold.push(p.score);
    model.push(s);
  }
  return {
    spearman: gold.length >= 2 ? spearman(gold, model) : NaN,
    pearson: gold.length >= 2 ? pearson(gold, model) : NaN,
    pairs: gold.length,
    oov,
    oovRate: oov / pairs.length,
  };
}

/** Reads and evaluates a word-pair file. */
export async function evaluateWordPairsFile(wv: WordVectors, path: string, restrict?: number): Promise<WordPairsResult> {
  return evaluateWordPairs(wv, parseWordPairs(await readSmallTextFile(path, 'word-pair file'), path), restrict);
}

