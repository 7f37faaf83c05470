import { unigramTable, UNIGRAM_POWER } from '../math/negatives';
import type { AliasTable } from '../math/alias';

/**
 * The negative-sampling distribution (counts^0.75) as the math core's alias table, and its packed
 * form for the kernel: per word a (u32 threshold, i32 alias) pair. The kernel draws a uniform
 * bucket b, then a uniform u32 r, and takes b when r <= threshold[b], else alias[b], so the
 * chance of keeping b is (threshold + 1) / 2^32 = prob[b] (to 2^-32).
 */
export function negativeTable(counts: ArrayLike<number>): AliasTable {
  return unigramTable(counts, UNIGRAM_POWER);
}

export function packNegativeTable(t: AliasTable): Int32Array {
  const n = t.prob.length;
  const packed = new Int32Array(2 * n);
  const asU32 = new Uint32Array(packed.buffer);
  for (let i = 0; i < n; i++) {
    const p = t.prob[i];
    // Vocabulary words all have counts >= 1, so no prob is 0 (threshold 0 would still match r = 0).
    asU32[2 * i] = p >= 1 ? 0xffffffff : Math.max(0, Math.floor(p * 4294967296) - 1);
    packed[2 * i + 1] = t.alias[i];
  }
  return packed;
}

/** The exact probability of each word under a packed table (what the kernel draws), for tests. */
export function packedProbabilities(packed: Int32Array): Float64Array {
  const n = packed.length / 2;
  const asU32 = new Uint32Array(packed.buffer, packed.byteOffset, packed.length);
  const p = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    const own = (asU32[2 * b] + 1) / 4294967296;
    p[b] += own / n;
    p[packed[2 * b + 1]] += (1 - own) / n;
  }
  return p;
}
