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

/** The three splits as rows of a vocabulary, and their number of classes: a job without its vectors. */
export type EncodedSplits = Pick<SentimentJob, 'numClasses' | 'train' | 'dev' | 'test'>;

function encode(set: LabeledSentences, vocab: Pick<VectorLookup, 'indexOf'>): EncodedSplit {
  const { offsets, ids } = encodeSentences(set.sentences, (w) => vocab.indexOf(w));
  return { name: set.name, offsets, ids, labels: set.labels };
}

/**
 * Splits already checked with checkSplits (`numClasses`) as rows of `vocab`: one lookup per token,
 * so it runs where the vocabulary's index is. In the extension that is the model's query worker: a
 * model loaded as one UTF-8 block would have every word decoded and indexed on the calling thread
 * before the first lookup (extension/training/sentimentJob.ts).
 */
export function encodeSplits(
  vocab: Pick<VectorLookup, 'indexOf'>,
  splits: { train: LabeledSentences; dev: LabeledSentences; test: LabeledSentences },
  numClasses: number,
): EncodedSplits {
  return { numClasses, train: encode(splits.train, vocab), dev: encode(splits.dev, vocab), test: encode(splits.test, vocab) };
}

/**
 * The job for encoded splits on the vectors whose rows they name. The vectors are shared, not
 * copied; copy them first when the job's buffer is to be transferred and the vectors are still used.
 */
export function sentimentJob(
  wv: Pick<VectorLookup, 'dim' | 'vectors'>,
  splits: EncodedSplits,
  regs: number[],
  options: { fit?: Partial<FitOptions>; classNames?: string[] } = {},
): SentimentJob {
  return {
    dim: wv.dim, vectors: wv.vectors, ...splits, regs,
    ...(options.fit ? { fit: options.fit } : {}), ...(options.classNames ? { classNames: options.classNames } : {}),
  };
}

/** The job for splits already checked with checkSplits, encoded on this thread (encodeSplits, then sentimentJob). */
export function prepareSentimentJob(
  wv: VectorLookup,
  splits: { train: LabeledSentences; dev: LabeledSentences; test: LabeledSentences },
  numClasses: number,
  regs: number[],
  options: { fit?: Partial<FitOptions>; classNames?: string[] } = {},
): SentimentJob {
  return sentimentJob(wv, encodeSplits(wv, splits, numClasses), regs, options);
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
