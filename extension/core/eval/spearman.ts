import { UserInputError, expectFiniteNumbers } from '../errors';

/**
 * Ranks 1..n of `xs` in ascending order, ties sharing the average of the ranks they span (the
 * "fractional" ranking Spearman's rho needs, as scipy.stats.rankdata's default 'average').
 */
export function averageRanks(xs: ArrayLike<number>): Float64Array {
  expectFiniteNumbers(xs, 'averageRanks(xs)');
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && xs[order[j]] === xs[order[i]]) j++;
    // Positions i..j-1 (0-based) hold ranks i+1..j; their mean is (i + 1 + j) / 2.
    const r = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) ranks[order[t]] = r;
    i = j;
  }
  return ranks;
}

/** Pearson's correlation; NaN when either side is constant or there are fewer than 2 points. */
export function pearson(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  expectFiniteNumbers(xs, 'pearson(xs, ys): xs');
  expectFiniteNumbers(ys, 'pearson(xs, ys): ys');
  const n = xs.length;
  if (n !== ys.length) throw new UserInputError(`pearson(xs, ys): ${n} xs but ${ys.length} ys; give two arrays of the same length.`);
  if (n < 2) return NaN;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += xs[i]; my += ys[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx, dy = ys[i] - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rank correlation: Pearson's correlation of the average ranks (correct with ties). */
export function spearman(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  expectFiniteNumbers(xs, 'spearman(xs, ys): xs');
  expectFiniteNumbers(ys, 'spearman(xs, ys): ys');
  if (xs.length !== ys.length) throw new UserInputError(`spearman(xs, ys): ${xs.length} xs but ${ys.length} ys; give two arrays of the same length.`);
  return pearson(averageRanks(xs), averageRanks(ys));
}
