import { averageFeatures, encodeSentences, type VectorLookup } from './features';
import { runSentimentSweep } from './sweep';
import type { FitOptions, LabeledSentences, SentimentResult, SweepRow } from './types';

/** One split with its words already turned into vocabulary rows (-1 = unknown word). */
export interface EncodedSplit {
  name: string;
  /** Sentence i is ids[offsets[i] .. offsets[i+1]). */
  offsets: Int32Array;
  ids: Int32Array;
  labels: Int32Array;
}

/**
 * Everything a sweep needs, as typed arrays and plain values: it crosses a worker boundary with
 * postMessage (structured clone; pass `vectors.buffer` in the transfer list to avoid the copy).
 */
export interface SentimentJob {
  dim: number;
  /** vocabSize x dim, row-major. */
  vectors: Float32Array | Float64Array;
  numClasses: number;
  train: EncodedSplit;
  dev: EncodedSplit;
  test: EncodedSplit;
  regs: number[];
  fit?: Partial<FitOptions>;
  classNames?: string[];
}

function encode(set: LabeledSentences, wv: VectorLookup): EncodedSplit {
  const { offsets, ids } = encodeSentences(set.sentences, (w) => wv.indexOf(w));
  return { name: set.name, offsets, ids, labels: set.labels };
}

/**
 * Host side (cheap: one vocabulary lookup per token): the job for splits already checked with
 * checkSplits. The vectors are shared, not copied; copy them first when the job's buffer is to be
 * transferred and the vectors are still used.
 */
export function prepareSentimentJob(
  wv: VectorLookup,
  splits: { train: LabeledSentences; dev: LabeledSentences; test: LabeledSentences },
  numClasses: number,
  regs: number[],
  options: { fit?: Partial<FitOptions>; classNames?: string[] } = {},
): SentimentJob {
  return {
    dim: wv.dim, vectors: wv.vectors, numClasses,
    train: encode(splits.train, wv), dev: encode(splits.dev, wv), test: encode(splits.test, wv),
    regs, ...options,
  };
}

/** Worker side (the heavy part): features, then the sweep. Pure function of the job. */
export function runSentimentJob(job: SentimentJob, onRow?: (row: SweepRow, index: number) => void): SentimentResult {
  const feats = (s: EncodedSplit) => averageFeatures({ offsets: s.offsets, ids: s.ids }, s.labels, job.vectors, job.dim, s.name);
  return runSentimentSweep(
    {
      numClasses: job.numClasses, train: feats(job.train), dev: feats(job.dev), test: feats(job.test),
      regs: job.regs, fit: job.fit, classNames: job.classNames,
    },
    onRow,
  );
}
