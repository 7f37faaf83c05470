/**
 * The two word2vec models over one window. V = centerWordVectors (input vectors, one row v_w per
 * word), U = outsideVectors (output vectors).
 */
import { UserInputError } from '../errors';
import { LossAndGradient } from './losses';
import { Matrix, assertIndex, assertMatrix, matrix } from './matrix';

export interface Word2VecResult {
  loss: number;
  /** ∂J/∂V, same shape as V. */
  gradCenterVecs: Matrix;
  /** ∂J/∂U, same shape as U. */
  gradOutsideVectors: Matrix;
}

export type Word2VecModel = (
  currentCenterWordIdx: number,
  outsideWordIdxs: ArrayLike<number>,
  centerWordVectors: Matrix,
  outsideVectors: Matrix,
  lossAndGradient: LossAndGradient,
) => Word2VecResult;

function checkWindow(center: number, context: ArrayLike<number>, V: Matrix, U: Matrix, what: string): void {
  assertMatrix(V, 'centerWordVectors');
  assertMatrix(U, 'outsideVectors');
  if (V.rows !== U.rows || V.cols !== U.cols) {
    throw new UserInputError(`centerWordVectors is ${V.rows}x${V.cols} but outsideVectors is ${U.rows}x${U.cols}; both must be vocabulary x dim.`);
  }
  assertIndex(center, V.rows, 'currentCenterWordIdx');
  if (context.length === 0) throw new UserInputError(`${what} is empty; a window needs at least one context word.`);
  for (let i = 0; i < context.length; i++) assertIndex(context[i], V.rows, `${what}[${i}]`);
}

function accumulate(into: Float64Array, from: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] += from[i];
}

/**
 * Skip-gram (CS224n assignment 2, written part (f)): J = Σ_j J(v_c, w_{t+j}, U). ∂J/∂U and ∂J/∂v_c are the sums of the pairs'
 * gradients; ∂J/∂v_w = 0 for every other row w ≠ c.
 */
export const skipgram: Word2VecModel = (currentCenterWordIdx, outsideWordIdxs, centerWordVectors, outsideVectors, lossAndGradient) => {
  checkWindow(currentCenterWordIdx, outsideWordIdxs, centerWordVectors, outsideVectors, 'outsideWordIdxs');
  const d = centerWordVectors.cols;
  const vc = centerWordVectors.data.slice(currentCenterWordIdx * d, (currentCenterWordIdx + 1) * d);
  const gradCenterVecs = matrix(centerWordVectors.rows, d);
  const gradOutsideVectors = matrix(outsideVectors.rows, d);
  const gc = gradCenterVecs.data.subarray(currentCenterWordIdx * d, (currentCenterWordIdx + 1) * d);
  let loss = 0;
  for (let i = 0; i < outsideWordIdxs.length; i++) {
    const r = lossAndGradient(vc, outsideWordIdxs[i], outsideVectors);
    loss += r.loss;
    accumulate(gc, r.gradCenterVec);
    accumulate(gradOutsideVectors.data, r.gradOutsideVecs.data);
  }
  return { loss, gradCenterVecs, gradOutsideVectors };
};

/**
 * CBOW (the CS224d convention, CS224d problem set 1, §3.5): predict the center word c from the SUM of the context
 * words' input vectors, v̂ = Σ_j v_{w_j}; J = J(v̂, c, U). Since ∂v̂/∂v_{w_j} = I, each context row gets
 * ∂J/∂v̂ (once per occurrence: a word twice in the context gets it twice).
 */
export const cbow: Word2VecModel = (currentCenterWordIdx, contextWordIdxs, centerWordVectors, outsideVectors, lossAndGradient) => {
  checkWindow(currentCenterWordIdx, contextWordIdxs, centerWordVectors, outsideVectors, 'contextWordIdxs');
  const d = centerWordVectors.cols;
  const V = centerWordVectors.data;
  const hidden = new Float64Array(d);
  for (let i = 0; i < contextWordIdxs.length; i++) {
    const off = contextWordIdxs[i] * d;
    for (let k = 0; k < d; k++) hidden[k] += V[off + k];
  }
  const r = lossAndGradient(hidden, currentCenterWordIdx, outsideVectors);
  const gradCenterVecs = matrix(centerWordVectors.rows, d);
  for (let i = 0; i < contextWordIdxs.length; i++) {
    accumulate(gradCenterVecs.data.subarray(contextWordIdxs[i] * d, (contextWordIdxs[i] + 1) * d), r.gradCenterVec);
  }
  const gradOutsideVectors = matrix(outsideVectors.rows, d);
  gradOutsideVectors.data.set(r.gradOutsideVecs.data);
  return { loss: r.loss, gradCenterVecs, gradOutsideVectors };
};
