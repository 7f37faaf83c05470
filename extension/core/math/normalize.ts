/** normalizeRows: each row divided by its Euclidean length (so dot products become cosines). */
import { Matrix, assertMatrix, matrix } from './matrix';

/** A row of zeros stays zeros (it has no direction); every other row gets length 1. */
export function normalizeRows(x: Matrix): Matrix {
  assertMatrix(x, 'normalizeRows input');
  const out = matrix(x.rows, x.cols);
  for (let r = 0; r < x.rows; r++) {
    const off = r * x.cols;
    let ss = 0;
    for (let j = 0; j < x.cols; j++) ss += x.data[off + j] * x.data[off + j];
    const norm = Math.sqrt(ss);
    if (norm === 0) continue;
    for (let j = 0; j < x.cols; j++) out.data[off + j] = x.data[off + j] / norm;
  }
  return out;
}
