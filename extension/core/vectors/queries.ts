import { UserInputError } from '../errors';
import { TopK } from './topK';
import type { Neighbour, WordVectors } from './WordVectors';

/**
 * How an analogy combines its words:
 *   3cosadd  cos(x, sum of the positive unit vectors minus the negative ones) (Mikolov et al. 2013;
 *            gensim's most_similar);
 *   3cosmul  the product of (1 + cos(x, p)) / 2 over the positive words divided by the product over
 *            the negative ones (+ 1e-6) (Levy and Goldberg 2014, eq. 4 with footnote 7's shift;
 *            gensim's most_similar_cosmul).
 */
export type AnalogyMethod = '3cosadd' | '3cosmul';
export const ANALOGY_METHODS: readonly AnalogyMethod[] = ['3cosadd', '3cosmul'];

export interface MostSimilarQuery {
  positive: string[];
  negative?: string[];
  /** How many answers (default 5). */
  k?: number;
  /** Search only the `restrict` most frequent words (the first rows). */
  restrict?: number;
  method?: AnalogyMethod;
}

/** The rows of `words`, or a UserInputError naming an unknown word (as gensim's KeyError, but readable) or a list that is not one. */
function rowsOf(wv: WordVectors, words: unknown, what: string): number[] {
  if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) throw new UserInputError(`${what} must be a list of words, got ${JSON.stringify(words)}.`);
  return words.map((w: string) => wv.require(w));
}

/**
 * The words most similar to the positive words and least to the negative ones, as gensim's
 * most_similar(positive, negative) (3CosAdd) or most_similar_cosmul (3CosMul): the input words are
 * never answers. "a is to b as c is to ?" is positive [b, c], negative [a].
 */
export function mostSimilar(wv: WordVectors, q: MostSimilarQuery): Neighbour[] {
  const plus = rowsOf(wv, q.positive, 'positive');
  const minus = rowsOf(wv, q.negative ?? [], 'negative');
  if (plus.length === 0) throw new UserInputError('Give at least one positive word.');
  const k = q.k ?? 5;
  if (!Number.isInteger(k) || k < 0) throw new UserInputError(`k must be a whole number of answers, got ${k}.`);
  if (q.method !== undefined && !ANALOGY_METHODS.includes(q.method)) throw new UserInputError(`method must be one of ${ANALOGY_METHODS.join(', ')}, got ${JSON.stringify(q.method)}.`);
  const exclude = [...plus, ...minus];
  if ((q.method ?? '3cosadd') === '3cosadd') return wv.neighboursOfVector(wv.combination(plus, minus), k, exclude, q.restrict);
  return cosMul(wv, plus, minus, k, exclude, q.restrict);
}

/** "a is to b as c is to ?": mostSimilar with positive [b, c] and negative [a]. */
export function analogy(wv: WordVectors, a: string, b: string, c: string, options: Omit<MostSimilarQuery, 'positive' | 'negative'> = {}): Neighbour[] {
  return mostSimilar(wv, { ...options, positive: [b, c], negative: [a] });
}

function cosMul(wv: WordVectors, plus: number[], minus: number[], k: number, exclude: number[], restrict?: number): Neighbour[] {
  const d = wv.dim;
  const u = wv.normalized();
  const n = restrict === undefined ? wv.size : Math.min(wv.size, Math.max(0, Math.floor(restrict)));
  const inputs = [...plus, ...minus];
  const m = inputs.length;
  // The inputs' unit vectors side by side (q[j * m + t]), so a row is read once for all of them.
  const q = new Float64Array(d * m);
  inputs.forEach((r, t) => { for (let j = 0; j < d; j++) q[j * m + t] = u[r * d + j]; });
  const dots = new Float64Array(m);
  const skip = new Set(exclude);
  const top = new TopK(Math.min(Math.max(0, Math.floor(k)), n));
  for (let r = 0, off = 0; r < n; r++, off += d) {
    dots.fill(0);
    for (let j = 0, qj = 0; j < d; j++, qj += m) {
      const x = u[off + j];
      for (let t = 0; t < m; t++) dots[t] += x * q[qj + t];
    }
    let num = 1;
    let den = 1;
    for (let t = 0; t < plus.length; t++) num *= (1 + dots[t]) / 2;
    for (let t = plus.length; t < m; t++) den *= (1 + dots[t]) / 2;
    const score = num / (den + 1e-6);
    if (score >= top.threshold && !skip.has(r)) top.push(score, r);
  }
  return top.sorted().map(({ id, score }) => ({ word: wv.word(id), similarity: score }));
}

export interface DoesntMatchResult {
  /** The word furthest from the mean of the others' unit vectors (gensim's doesnt_match). */
  word: string;
  /** Every known word with its cosine to the normalised mean of the unit vectors, most central first. */
  ranked: Neighbour[];
  /** Words not in the vocabulary, left out (as gensim does, which only logs them). */
  ignored: string[];
}

/** Which word does not go with the others? As gensim's doesnt_match / rank_by_centrality. */
export function doesntMatch(wv: WordVectors, words: string[]): DoesntMatchResult {
  if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) throw new UserInputError(`doesntMatch needs a list of words, got ${JSON.stringify(words)}.`);
  const used = words.filter((w) => wv.has(w));
  const ignored = words.filter((w) => !wv.has(w));
  if (used.length < 2) {
    throw new UserInputError(`Give at least two words in the vocabulary to compare${ignored.length ? ` (not in it: ${ignored.map((w) => JSON.stringify(w)).join(', ')})` : ''}.`);
  }
  const rows = used.map((w) => wv.indexOf(w));
  const mean = wv.combination(rows, []);
  const norm = Math.hypot(...mean);
  const u = wv.normalized();
  const d = wv.dim;
  const ranked = rows.map((r, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += u[r * d + j] * mean[j];
    return { word: used[i], similarity: norm > 0 ? s / norm : 0 };
  });
  // gensim sorts (similarity, word) pairs: ties by word.
  ranked.sort((a, b) => b.similarity - a.similarity || (a.word < b.word ? 1 : a.word > b.word ? -1 : 0));
  return { word: ranked[ranked.length - 1].word, ranked, ignored };
}
