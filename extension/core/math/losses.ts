/**
 * The two losses of CS224n assignment 2, written part for one (center, outside) pair, with their gradients.
 * Symbols as in the assignments: U = outsideVectors (one row u_w per word), v_c = centerWordVec,
 * o = outsideWordIdx, y = one-hot of o, ŷ = softmax(U v_c).
 */
import { UserInputError } from '../errors';
import { Matrix, assertFinite, assertIndex, assertLength, assertMatrix, dot, matrix } from './matrix';
import { logSigmoid, sigmoidScalar } from './sigmoid';
import { softmaxInto } from './softmax';

export interface LossAndGradientResult {
  loss: number;
  /** ∂J/∂v_c, length d. */
  gradCenterVec: Float64Array;
  /** ∂J/∂U, same shape as U (rows the pair does not touch are zero). */
  gradOutsideVecs: Matrix;
}

/** The loss of one pair, as skipgram and cbow call it (negative sampling binds its sampler first). */
export type LossAndGradient = (centerWordVec: Float64Array, outsideWordIdx: number, outsideVectors: Matrix) => LossAndGradientResult;

function checkPair(centerWordVec: Float64Array, outsideWordIdx: number, outsideVectors: Matrix): void {
  assertMatrix(outsideVectors, 'outsideVectors');
  if (!(centerWordVec instanceof Float64Array)) throw new UserInputError('centerWordVec must be a Float64Array.');
  assertLength(centerWordVec, outsideVectors.cols, 'centerWordVec (vs outsideVectors.cols)');
  assertFinite(centerWordVec, 'centerWordVec');
  assertIndex(outsideWordIdx, outsideVectors.rows, 'outsideWordIdx');
}

/**
 * J = -log ŷ_o = -u_oᵀv_c + log Σ_w exp(u_wᵀv_c)   (CS224n assignment 2, written part (a))
 * ∂J/∂v_c = Uᵀ(ŷ - y)                               (CS224n assignment 2, written part (b))
 * ∂J/∂U   = (ŷ - y) v_cᵀ, i.e. ∂J/∂u_w = (ŷ_w - y_w) v_c   (CS224n assignment 2, written part (c))
 */
export function naiveSoftmaxLossAndGradient(centerWordVec: Float64Array, outsideWordIdx: number, outsideVectors: Matrix): LossAndGradientResult {
  checkPair(centerWordVec, outsideWordIdx, outsideVectors);
  const { rows: n, cols: d, data: U } = outsideVectors;
  const scores = new Float64Array(n);
  for (let w = 0; w < n; w++) scores[w] = dot(U, w * d, centerWordVec, 0, d);
  const yhat = new Float64Array(n);
  const lse = softmaxInto(scores, 0, n, yhat, 0);
  // -log ŷ_o from the log-sum-exp rather than log(ŷ_o): exact even when ŷ_o underflows to 0.
  const loss = lse - scores[outsideWordIdx];
  const gradCenterVec = new Float64Array(d);
  const gradOutsideVecs = matrix(n, d);
  const G = gradOutsideVecs.data;
  for (let w = 0; w < n; w++) {
    const delta = yhat[w] - (w === outsideWordIdx ? 1 : 0);
    const off = w * d;
    for (let k = 0; k < d; k++) {
      gradCenterVec[k] += delta * U[off + k];
      G[off + k] = delta * centerWordVec[k];
    }
  }
  return { loss, gradCenterVec, gradOutsideVecs };
}

/**
 * J = -log σ(u_oᵀv_c) - Σ_k log σ(-u_kᵀv_c)          (CS224n assignment 2, written part (e))
 * ∂J/∂v_c = -(1 - σ(u_oᵀv_c)) u_o + Σ_k (1 - σ(-u_kᵀv_c)) u_k
 * ∂J/∂u_o = -(1 - σ(u_oᵀv_c)) v_c
 * ∂J/∂u_k =  (1 - σ(-u_kᵀv_c)) v_c, summed over every occurrence of k (a repeated negative counts twice).
 * 1 - σ(x) is computed as σ(-x): the same number without the cancellation when σ(x) is near 1.
 */
export function negSamplingLossAndGradient(
  centerWordVec: Float64Array,
  outsideWordIdx: number,
  outsideVectors: Matrix,
  negSampleWordIndices: ArrayLike<number>,
): LossAndGradientResult {
  checkPair(centerWordVec, outsideWordIdx, outsideVectors);
  const { rows: n, cols: d, data: U } = outsideVectors;
  for (let i = 0; i < negSampleWordIndices.length; i++) assertIndex(negSampleWordIndices[i], n, `negSampleWordIndices[${i}]`);
  const gradCenterVec = new Float64Array(d);
  const gradOutsideVecs = matrix(n, d);
  const G = gradOutsideVecs.data;

  const o = outsideWordIdx * d;
  const so = dot(U, o, centerWordVec, 0, d);
  let loss = -logSigmoid(so);
  const co = -sigmoidScalar(-so); // = σ(so) - 1
  for (let k = 0; k < d; k++) {
    gradCenterVec[k] += co * U[o + k];
    G[o + k] += co * centerWordVec[k];
  }
  for (let i = 0; i < negSampleWordIndices.length; i++) {
    const off = negSampleWordIndices[i] * d;
    const sk = dot(U, off, centerWordVec, 0, d);
    loss -= logSigmoid(-sk);
    const ck = sigmoidScalar(sk); // = 1 - σ(-sk)
    for (let k = 0; k < d; k++) {
      gradCenterVec[k] += ck * U[off + k];
      G[off + k] += ck * centerWordVec[k];
    }
  }
  return { loss, gradCenterVec, gradOutsideVecs };
}
