/**
 * The shared counters between the coordinator and the training workers (a SharedArrayBuffer
 * beside the WebAssembly memory): the job queue, the words done (for the learning-rate decay and
 * progress), and per worker and epoch the loss sum, pair count and words.
 */
export interface Control {
  buffer: SharedArrayBuffer;
  /** [0] next job (chunk index over all epochs), [1] diverged flag, [2] workers finished. */
  ints: Int32Array;
  /** [0] words done over all workers and epochs. */
  wordsDone: BigInt64Array;
  /** [(worker * epochs + epoch) * 3 + k]: k = 0 loss sum, 1 pairs, 2 words. */
  stats: Float64Array;
  /** The loss curve (lossCurve.ts): per worker, entries logged so far, and its log of (words processed, loss) pairs. */
  lossLogCount: Int32Array;
  lossLogCapacity: number;
  lossLog: Float64Array;
}

export const JOB = 0;
export const DIVERGED = 1;
export const FINISHED = 2;

export function createControl(threads: number, epochs: number, buffer?: SharedArrayBuffer, lossLogCapacity = 0): Control {
  const statsLen = threads * epochs * 3;
  const countsAt = 64 + statsLen * 8;
  const logAt = countsAt + Math.ceil(threads / 2) * 8;
  const buf = buffer ?? new SharedArrayBuffer(logAt + threads * lossLogCapacity * 16);
  return {
    buffer: buf,
    ints: new Int32Array(buf, 0, 8),
    wordsDone: new BigInt64Array(buf, 32, 1),
    stats: new Float64Array(buf, 64, statsLen),
    lossLogCount: new Int32Array(buf, countsAt, threads),
    lossLogCapacity,
    lossLog: new Float64Array(buf, logAt, threads * lossLogCapacity * 2),
  };
}

/** The mean loss of the latest epoch trained (so far): the run's final loss, and the one its progress shows. */
export function lastEpochLoss(perEpoch: Float64Array, epochs: number): number {
  for (let e = epochs - 1; e >= 0; e--) if (perEpoch[e * 3 + 1] > 0) return perEpoch[e * 3] / perEpoch[e * 3 + 1];
  return NaN;
}

/** Sums of the per-worker stats: per epoch [loss, pairs, words] and the totals. */
export function sumStats(c: Control, threads: number, epochs: number): { perEpoch: Float64Array; loss: number; pairs: number; words: number } {
  const perEpoch = new Float64Array(epochs * 3);
  for (let w = 0; w < threads; w++) {
    for (let k = 0; k < epochs * 3; k++) perEpoch[k] += c.stats[w * epochs * 3 + k];
  }
  let loss = 0, pairs = 0, words = 0;
  for (let e = 0; e < epochs; e++) {
    loss += perEpoch[e * 3];
    pairs += perEpoch[e * 3 + 1];
    words += perEpoch[e * 3 + 2];
  }
  return { perEpoch, loss, pairs, words };
}
