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

/** How an evaluation finds its words: a key for a word (upper-cased or as it is) and the rows of the first `restrict` words by key. */
export function vocabLookup(wv: WordVectors, restrict: number, caseInsensitive: boolean): { key: (w: string) => string; index: Map<string, number> } {
  if (caseInsensitive) return { key: (w) => w.toUpperCase(), index: caseInsensitiveIndex(wv, restrict) };
  const index = new Map<string, number>();
  const n = Math.min(wv.size, restrict);
  for (let i = 0; i < n; i++) if (!index.has(wv.words[i])) index.set(wv.words[i], i);
  return { key: (w) => w, index };
}
