import { UserInputError } from '../errors';
import type { Matrix } from '../math/matrix';
import { svd, type MatrixLike } from './svd';

export interface PcaResult {
  /** The column means subtracted before projecting. */
  mean: Float64Array;
  /** k x cols: the principal directions, one per row, unit length. Each is signed so that its largest-magnitude entry is positive. */
  components: Matrix;
  /** The variance along each component (eigenvalues of the covariance, divisor rows - 1), largest first. */
  variance: Float64Array;
  /** variance / total variance: the fraction of the spread each component shows (the "% of variance" on the map). */
  varianceRatio: Float64Array;
  /** rows x k: the data's coordinates on the components. */
  coords: Matrix;
}

/**
 * Principal component analysis of the rows of `x` (e.g. the N most frequent words' vectors) onto
 * k components: the eigenvectors of the covariance matrix, found by our Jacobi SVD of that
 * cols x cols matrix (covariance first, because N is up to 10,000 and cols a few hundred).
 * Our own code rather than ml-pca: the same math in about 40 lines over svd.ts, which Procrustes
 * needs anyway, with float32 input read in place and no dependency to bundle.
 */
export function pca(x: MatrixLike, k: number): PcaResult {
  const { rows: n, cols: d, data } = x;
  if (!Number.isInteger(k) || k < 1 || k > d) throw new UserInputError(`pca: k must be an integer from 1 to ${d}, got ${k}.`);
  if (n < 2) throw new UserInputError(`pca: needs at least 2 rows, got ${n}.`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  // Covariance, upper triangle then mirrored; one centred row at a time.
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      const off = a * d;
      for (let b = a; b < d; b++) cov[off + b] += ra * row[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] /= n - 1;
      cov[b * d + a] = cov[a * d + b];
    }
  }
  // The covariance is symmetric positive semi-definite: its SVD is its eigendecomposition.
  const { s, v } = svd({ rows: d, cols: d, data: cov });
  let total = 0;
  for (let j = 0; j < d; j++) total += cov[j * d + j];
  const components: Matrix = { rows: k, cols: d, data: new Float64Array(k * d) };
  for (let c = 0; c < k; c++) {
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(v.data[j * d + c]) > Math.abs(big)) big = v.data[j * d + c];
    const sign = big < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components.data[c * d + j] = sign * v.data[j * d + c];
  }
  const coords: Matrix = { rows: n, cols: k, data: new Float64Array(n * k) };
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let t = 0;
      for (let j = 0; j < d; j++) t += (data[i * d + j] - mean[j]) * components.data[c * d + j];
      coords.data[i * k + c] = t;
    }
  }
  const variance = s.slice(0, k);
  return { mean, components, variance, varianceRatio: variance.map((x) => (total > 0 ? x / total : 0)), coords };
}
