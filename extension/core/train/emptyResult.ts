import type { TrainOptions, TrainResult, VocabStats } from './types';

/**
 * The result of a run cancelled before training started (while reading the corpus or building
 * the vocabulary): no words, no vectors, stopReason 'cancelled'. `started` is performance.now()
 * at the start of the run.
 */
export function emptyResult(o: TrainOptions, started: number, stats?: VocabStats): TrainResult {
  return {
    words: [], counts: [], dim: o.dim, vectors: new Float32Array(0), options: o,
    vocab: stats ?? { corpusWords: 0, distinctWords: 0, vocabSize: 0, trainWords: 0, sentences: 0, top: [] },
    wordsProcessed: 0, seconds: (performance.now() - started) / 1000, finalLoss: NaN, stopReason: 'cancelled',
    trainSeconds: 0, epochLoss: [],
  };
}
