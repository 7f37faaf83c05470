/** Row-wise softmax with the shift trick of CS224d problem set 1, §1: softmax(x) = softmax(x - max x). */
import { Matrix, assertMatrix, matrix } from './matrix';

/**
 * Writes softmax(x[off .. off+n)) into out[outOff ..] and returns log Σ exp(x) (the log-sum-exp,
 * computed stably as max + log Σ exp(x - max)). Subtracting the max keeps every exp() in (0, 1],
 * so inputs like 1001, 1002 or -1001, -1002 neither overflow nor underflow to 0/0.
 */
export function softmaxInto(x: ArrayLike<number>, off: number, n: number, out: Float64Array, outOff: number): number {
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (x[off + i] > m) m = x[off + i];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(x[off + i] - m);
    out[outOff + i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) out[outOff + i] /= sum;
  return m + Math.log(sum);
}

/** softmax of each row of x (a 1 x n matrix for a single vector). */
export function softmax(x: Matrix): Matrix {
  assertMatrix(x, 'softmax input');
  const out = matrix(x.rows, x.cols);
  for (let r = 0; r < x.rows; r++) softmaxInto(x.data, r * x.cols, x.cols, out.data, r * x.cols);
  return out;
}
