import type { WordVectors } from '../vectors/WordVectors';

/**
 * Case-insensitive lookup over the first `restrict` words (the most frequent, in word2vec order), as
 * gensim's evaluate_* functions do: keys are upper-cased, and when several case variants exist the
 * first (most frequent) one wins.
 */
export function caseInsensitiveIndex(wv: WordVectors, restrict: number): Map<string, number> {
  const n = Math.min(wv.size, restrict);
  const m = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = wv.words[i].toUpperCase();
    if (!m.has(key)) m.set(key, i);
  }
  return m;
}
