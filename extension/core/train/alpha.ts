// The learning-rate schedule, alone so that the dashboard page can import it (no Node modules).
/** The learning rate decays linearly from alpha to alpha * MIN_ALPHA_FRACTION over the run, as in word2vec.c. */
export const MIN_ALPHA_FRACTION = 1e-4;

/** The learning rate after `done` of `totalWords` (trainWords x epochs) words. */
export function decayedAlpha(alpha: number, done: number, totalWords: number): number {
  return alpha * Math.max(MIN_ALPHA_FRACTION, 1 - done / (totalWords + 1));
}
