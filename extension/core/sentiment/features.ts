import type { FeatureSet, LabeledSentences } from './types';

/** What featurizing needs of a set of word vectors (WordVectors has this shape). */
export interface VectorLookup {
  dim: number;
  /** vocabSize x dim, row-major. */
  vectors: Float32Array | Float64Array;
  /** Row of a word, or -1 when it is not in the vocabulary. */
  indexOf(word: string): number;
}

/** Sentences as vocabulary rows: sentence i is ids[offsets[i] .. offsets[i+1]), -1 = unknown word. */
export interface EncodedSentences {
  offsets: Int32Array;
  ids: Int32Array;
}

export function encodeSentences(sentences: string[][], indexOf: (word: string) => number): EncodedSentences {
  const offsets = new Int32Array(sentences.length + 1);
  let total = 0;
  for (let i = 0; i < sentences.length; i++) {
    total += sentences[i].length;
    offsets[i + 1] = total;
  }
  const ids = new Int32Array(total);
  let p = 0;
  for (const s of sentences) for (const w of s) ids[p++] = indexOf(w);
  return { offsets, ids };
}

/**
 * The feature of a sentence is the average of its known words' vectors (CS224d problem set 1, §4), computed in
 * float64. Unknown words are skipped (not counted in the average); a sentence with no known word
 * gets the zero vector and is counted in `noKnownWord`, so the caller can report it.
 * Pure function over typed arrays: safe to run in a worker.
 */
export function averageFeatures(
  enc: EncodedSentences,
  labels: Int32Array,
  vectors: Float32Array | Float64Array,
  dim: number,
  name = '',
): FeatureSet {
  const n = enc.offsets.length - 1;
  const x = new Float64Array(n * dim);
  let noKnownWord = 0;
  let knownTokens = 0;
  for (let i = 0; i < n; i++) {
    const row = i * dim;
    let known = 0;
    for (let p = enc.offsets[i]; p < enc.offsets[i + 1]; p++) {
      const id = enc.ids[p];
      if (id < 0) continue;
      known++;
      const v = id * dim;
      for (let j = 0; j < dim; j++) x[row + j] += vectors[v + j];
    }
    if (known === 0) {
      noKnownWord++;
      continue;
    }
    knownTokens += known;
    const inv = 1 / known;
    for (let j = 0; j < dim; j++) x[row + j] *= inv;
  }
  return { name, n, dim, x, y: labels, noKnownWord, knownTokens, tokens: enc.ids.length };
}

/** Features of a labelled split with the given word vectors. */
export function sentenceFeatures(set: LabeledSentences, wv: VectorLookup): FeatureSet {
  const enc = encodeSentences(set.sentences, (w) => wv.indexOf(w));
  return averageFeatures(enc, set.labels, wv.vectors, wv.dim, set.name);
}
