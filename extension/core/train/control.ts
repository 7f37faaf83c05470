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
}

export const JOB = 0;
export const DIVERGED = 1;
export const FINISHED = 2;

export function createControl(threads: number, epochs: number, buffer?: SharedArrayBuffer): Control {
  const statsLen = threads * epochs * 3;
  const buf = buffer ?? new SharedArrayBuffer(64 + statsLen * 8);
  return {
    buffer: buf,
    ints: new Int32Array(buf, 0, 8),
    wordsDone: new BigInt64Array(buf, 32, 1),
    stats: new Float64Array(buf, 64, statsLen),
  };
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
