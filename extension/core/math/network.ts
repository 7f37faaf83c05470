/**
 * The one-hidden-layer network of CS224d problem set 1, §2.3: h = σ(X W1 + b1), ŷ = softmax(h W2 + b2),
 * cost = CE(y, ŷ) = -Σ_rows Σ_j y_j log ŷ_j. Parameters packed in one vector, in this order:
 * W1 (Dx x H, row-major), b1 (H), W2 (H x Dy, row-major), b2 (Dy).
 */
import { UserInputError } from '../errors';
import { Matrix, assertFinite, assertMatrix } from './matrix';
import { softmaxInto } from './softmax';
import { sigmoidScalar } from './sigmoid';

export type NetworkDims = readonly [number, number, number];

function checkDims(dims: NetworkDims): void {
  if (!Array.isArray(dims) || dims.length !== 3 || dims.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UserInputError(`dims must be [Dx, H, Dy] with positive integers, got ${JSON.stringify(dims)}.`);
  }
}

/** Number of parameters: (Dx + 1) H + (H + 1) Dy (CS224d problem set 1, §2.4). */
export function paramCount(dims: NetworkDims): number {
  checkDims(dims);
  const [dx, h, dy] = dims;
  return (dx + 1) * h + (h + 1) * dy;
}

/** Offsets of W1, b1, W2, b2 in the packed parameter vector. */
export function paramLayout(dims: NetworkDims): { W1: number; b1: number; W2: number; b2: number; total: number } {
  const [dx, h, dy] = dims;
  const W1 = 0;
  const b1 = dx * h;
  const W2 = b1 + h;
  const b2 = W2 + h * dy;
  return { W1, b1, W2, b2, total: paramCount(dims) };
}

/** Options that change the backward pass, used only by the gradient explorer's "break a gradient". */
export interface NetworkBackwardVariant {
  /** Output error taken as y - ŷ instead of ŷ - y (the sign printed in CS224d problem set 1, eq. 2.9). */
  flipOutputSign?: boolean;
  /** σ'(z) taken as σ(z) instead of σ(z)(1 - σ(z)). */
  dropOneMinusSigma?: boolean;
}

/**
 * Forward and backward pass. Backward (the chain rule of CS224d problem set 1, §2.3, per row):
 *   δ2 = ŷ Σ_j y_j - y  (= ŷ - y for one-hot rows)      ∂J/∂W2 = hᵀ δ2,  ∂J/∂b2 = Σ_rows δ2
 *   δ1 = (δ2 W2ᵀ) ⊙ h ⊙ (1 - h)                          ∂J/∂W1 = Xᵀ δ1,  ∂J/∂b1 = Σ_rows δ1
 */
export function forwardBackwardProp(
  X: Matrix,
  labels: Matrix,
  params: Float64Array,
  dims: NetworkDims,
  variant: NetworkBackwardVariant = {},
): { cost: number; grad: Float64Array } {
  checkDims(dims);
  const [dx, nh, dy] = dims;
  assertMatrix(X, 'X');
  assertMatrix(labels, 'labels');
  if (X.cols !== dx) throw new UserInputError(`X has ${X.cols} columns but dims says Dx = ${dx}; they must match.`);
  if (labels.rows !== X.rows || labels.cols !== dy) {
    throw new UserInputError(`labels is ${labels.rows}x${labels.cols} but must be ${X.rows}x${dy} (one row per row of X, Dy columns).`);
  }
  if (!(params instanceof Float64Array) || params.length !== paramCount(dims)) {
    throw new UserInputError(`params must be a Float64Array of length ${paramCount(dims)} for dims ${JSON.stringify(dims)}, got length ${params?.length}.`);
  }
  assertFinite(params, 'params');
  const L = paramLayout(dims);
  const P = params;
  const grad = new Float64Array(L.total);
  const h = new Float64Array(nh);
  const theta = new Float64Array(dy);
  const yhat = new Float64Array(dy);
  const d2 = new Float64Array(dy);
  const d1 = new Float64Array(nh);
  let cost = 0;
  for (let r = 0; r < X.rows; r++) {
    const x = X.data.subarray(r * dx, (r + 1) * dx);
    const y = labels.data.subarray(r * dy, (r + 1) * dy);
    // forward
    for (let j = 0; j < nh; j++) {
      let z = P[L.b1 + j];
      for (let i = 0; i < dx; i++) z += x[i] * P[L.W1 + i * nh + j];
      h[j] = sigmoidScalar(z);
    }
    for (let k = 0; k < dy; k++) {
      let t = P[L.b2 + k];
      for (let j = 0; j < nh; j++) t += h[j] * P[L.W2 + j * dy + k];
      theta[k] = t;
    }
    const lse = softmaxInto(theta, 0, dy, yhat, 0);
    let ysum = 0;
    for (let k = 0; k < dy; k++) {
      // log ŷ_k = θ_k - logΣexp(θ): no log(0) when ŷ_k underflows
      if (y[k] !== 0) cost -= y[k] * (theta[k] - lse);
      ysum += y[k];
    }
    // backward
    for (let k = 0; k < dy; k++) {
      d2[k] = yhat[k] * ysum - y[k];
      if (variant.flipOutputSign) d2[k] = -d2[k];
      grad[L.b2 + k] += d2[k];
    }
    for (let j = 0; j < nh; j++) {
      let back = 0;
      for (let k = 0; k < dy; k++) {
        grad[L.W2 + j * dy + k] += h[j] * d2[k];
        back += d2[k] * P[L.W2 + j * dy + k];
      }
      d1[j] = back * (variant.dropOneMinusSigma ? h[j] : h[j] * (1 - h[j]));
      grad[L.b1 + j] += d1[j];
    }
    for (let i = 0; i < dx; i++) {
      for (let j = 0; j < nh; j++) grad[L.W1 + i * nh + j] += x[i] * d1[j];
    }
  }
  return { cost, grad };
}
