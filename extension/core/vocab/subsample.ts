/**
 * word2vec's frequent-word subsampling: a word seen `count` times among `totalWords` training
 * words is kept with probability (sqrt(count / (sample * total)) + 1) * (sample * total) / count,
 * capped at 1 (word2vec.c and gensim use this formula, not the paper's 1 - sqrt(t / f)).
 * sample = 0 turns subsampling off.
 */
export function keepProbability(count: number, sample: number, totalWords: number): number {
  if (sample <= 0 || count <= 0) return 1;
  const threshold = sample * totalWords;
  return Math.min(1, (Math.sqrt(count / threshold) + 1) * (threshold / count));
}

/**
 * The keep probabilities as u32 thresholds for the kernel: a word is kept when a uniform random
 * u32 is <= its threshold, so probability 1 is 0xFFFFFFFF (always kept).
 */
export function keepThresholds(counts: ArrayLike<number>, sample: number, totalWords: number): Uint32Array {
  const out = new Uint32Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const p = keepProbability(counts[i], sample, totalWords);
    out[i] = p >= 1 ? 0xffffffff : Math.max(0, Math.floor(p * 4294967296) - 1);
  }
  return out;
}
