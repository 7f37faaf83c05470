/**
 * Walker's alias method (Vose's construction): O(n) to build, O(1) per draw, exact for any weights.
 * Used for the unigram^0.75 distribution of negative samples (word2vec's 1e8-entry table is an
 * approximation of the same distribution; the alias table is exact and small).
 */
import { UserInputError } from '../errors';

export interface AliasTable {
  /** prob[i]: chance that column i yields i itself (else alias[i]). */
  prob: Float64Array;
  alias: Int32Array;
}

export function aliasTable(weights: ArrayLike<number>): AliasTable {
  const n = weights.length;
  if (n === 0) throw new UserInputError('aliasTable: give at least one weight.');
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!Number.isFinite(w) || w < 0) throw new UserInputError(`aliasTable: weight ${i} is ${w}; weights must be finite and >= 0.`);
    sum += w;
  }
  if (!(sum > 0)) throw new UserInputError('aliasTable: the weights sum to 0; at least one must be positive.');
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const p = new Float64Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) {
    p[i] = (weights[i] * n) / sum;
    (p[i] < 1 ? small : large).push(i);
  }
  while (small.length > 0 && large.length > 0) {
    const l = small.pop()!;
    const g = large.pop()!;
    prob[l] = p[l];
    alias[l] = g;
    p[g] = p[g] + p[l] - 1;
    (p[g] < 1 ? small : large).push(g);
  }
  // What is left has p ≈ 1 up to rounding: it keeps its whole column.
  let anyPositive = 0;
  while (weights[anyPositive] === 0) anyPositive++;
  for (const i of [...large, ...small]) {
    if (weights[i] === 0) {
      // Rounding must never make a zero-weight entry drawable.
      prob[i] = 0;
      alias[i] = anyPositive;
    } else {
      prob[i] = 1;
      alias[i] = i;
    }
  }
  return { prob, alias };
}

/** One draw from the table, with u1, u2 uniform in [0, 1): u1 picks the column, u2 the side. */
export function aliasDraw(t: AliasTable, u1: number, u2: number): number {
  const n = t.prob.length;
  const i = Math.min(n - 1, Math.floor(u1 * n));
  return u2 < t.prob[i] ? i : t.alias[i];
}
