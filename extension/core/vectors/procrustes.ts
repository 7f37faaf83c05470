import { UserInputError } from '../errors';
import type { Matrix } from '../math/matrix';
import { svd, type MatrixLike } from './svd';

/**
 * Orthogonal Procrustes (Schönemann 1966): the orthogonal matrix R (cols x cols) that minimises
 * ||X R - Y|| (Frobenius), R = U V^T from the SVD of X^T Y. Used to align a snapshot of the vectors
 * taken during training (X) to the final vectors (Y), rows being the same words, so that the map
 * shows how words move rather than how the whole space happens to rotate. Rotation and reflection
 * preserve every cosine, so neighbours are unchanged.
 */
export function orthogonalProcrustes(x: MatrixLike, y: MatrixLike): { rotation: Matrix; residual: number } {
  if (x.rows !== y.rows || x.cols !== y.cols) throw new UserInputError(`procrustes: X is ${x.rows}x${x.cols} but Y is ${y.rows}x${y.cols}; they must be the same words and dimensions.`);
  const n = x.rows, d = x.cols;
  const m = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = x.data[i * d + a];
      if (xa === 0) continue;
      for (let b = 0; b < d; b++) m[a * d + b] += xa * y.data[i * d + b];
    }
  }
  const { u, v } = svd({ rows: d, cols: d, data: m });
  const rotation: Matrix = { rows: d, cols: d, data: new Float64Array(d * d) };
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let t = 0;
      for (let c = 0; c < d; c++) t += u.data[a * d + c] * v.data[b * d + c];
      rotation.data[a * d + b] = t;
    }
  }
  const aligned = rotate(x, rotation);
  let residual = 0;
  for (let i = 0; i < n * d; i++) residual += (aligned.data[i] - y.data[i]) ** 2;
  return { rotation, residual: Math.sqrt(residual) };
}

/** X R: every row of `x` rotated by `rotation`. */
export function rotate(x: MatrixLike, rotation: Matrix): Matrix {
  const n = x.rows, d = x.cols;
  const out: Matrix = { rows: n, cols: d, data: new Float64Array(n * d) };
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = x.data[i * d + a];
      if (xa === 0) continue;
      for (let b = 0; b < d; b++) out.data[i * d + b] += xa * rotation.data[a * d + b];
    }
  }
  return out;
}
