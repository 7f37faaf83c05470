/**
 * Softmax regression with L2 regularization (CS224d problem set 1, §4), in float64:
 *   scores   s_i = x_i W + b                     (W: dim x K, b: K)
 *   cost     J = (1/n) Σ_i -log softmax(s_i)[y_i] + ½·reg·‖W‖²   (the bias is not regularized)
 *   dJ/dW  = (1/n) Xᵀ (P - Y) + reg·W,   dJ/db = (1/n) Σ_i (p_i - y_i)
 * where P holds the softmax rows and Y the one-hot labels. The parameters are one flat vector,
 * so the optimiser and the gradient check see a plain Float64Array: Wᵀ first (class c's weights
 * are params[c·dim .. (c+1)·dim), i.e. W stored class-major), then b. Class-major because every
 * inner loop then runs over dim (100) contiguous numbers, not over K (2 or 5): measured 1.2-1.5x
 * faster on SST-sized data than the dim-major layout.
 */

/** Number of parameters of a dim x K model: the weights, then the K biases. */
export function regressionParamCount(dim: number, numClasses: number): number {
  return dim * numClasses + numClasses;
}

export interface RegressionData {
  n: number;
  dim: number;
  /** n x dim, row-major. */
  x: Float64Array;
  y: Int32Array;
}

/**
 * Returns the cost and writes its gradient into `grad` (length regressionParamCount). `scratch`, when given,
 * holds at least K numbers (avoids an allocation per call inside the optimiser).
 */
export function softmaxRegressionCostAndGradient(
  params: Float64Array,
  data: RegressionData,
  numClasses: number,
  reg: number,
  grad: Float64Array,
  scratch: Float64Array = new Float64Array(numClasses),
): number {
  const { n, dim: d, x, y } = data;
  const k = numClasses;
  const bOff = d * k;
  grad.fill(0);
  const s = scratch;
  let ce = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let c = 0; c < k; c++) s[c] = params[bOff + c] + dotAt(params, c * d, x, row, d);
    let max = s[0];
    for (let c = 1; c < k; c++) if (s[c] > max) max = s[c];
    let sum = 0;
    for (let c = 0; c < k; c++) {
      s[c] = Math.exp(s[c] - max);
      sum += s[c];
    }
    const yi = y[i];
    // -log p_y = log Σ exp(s_c - max) - (s_y - max); s[yi] now holds exp(s_y - max).
    ce += Math.log(sum) - Math.log(s[yi]);
    // s becomes the residual p - onehot(y).
    const inv = 1 / sum;
    for (let c = 0; c < k; c++) s[c] *= inv;
    s[yi] -= 1;
    for (let c = 0; c < k; c++) {
      const r = s[c];
      grad[bOff + c] += r;
      const w = c * d;
      for (let j = 0; j < d; j++) grad[w + j] += r * x[row + j];
    }
  }
  const invN = 1 / n;
  let wsq = 0;
  for (let p = 0; p < bOff; p++) {
    const w = params[p];
    wsq += w * w;
    grad[p] = grad[p] * invN + reg * w;
  }
  for (let c = 0; c < k; c++) grad[bOff + c] *= invN;
  return ce * invN + 0.5 * reg * wsq;
}

/** a[ao .. ao+len) · b[bo .. bo+len), four partial sums (breaks the chain of dependent adds). */
function dotAt(a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let j = 0;
  for (; j + 3 < len; j += 4) {
    s0 += a[ao + j] * b[bo + j];
    s1 += a[ao + j + 1] * b[bo + j + 1];
    s2 += a[ao + j + 2] * b[bo + j + 2];
    s3 += a[ao + j + 3] * b[bo + j + 3];
  }
  for (; j < len; j++) s0 += a[ao + j] * b[bo + j];
  return (s0 + s1) + (s2 + s3);
}

/** Mean cross-entropy of the model on the data (no regularization term). */
export function crossEntropy(params: Float64Array, data: RegressionData, numClasses: number): number {
  const grad = new Float64Array(params.length);
  return softmaxRegressionCostAndGradient(params, data, numClasses, 0, grad);
}

/** ‖W‖², the bias excluded. */
export function weightNormSq(params: Float64Array, dim: number, numClasses: number): number {
  let s = 0;
  for (let p = 0; p < dim * numClasses; p++) s += params[p] * params[p];
  return s;
}

/** The most probable class of every row (ties go to the lower class index). */
export function predict(params: Float64Array, data: RegressionData, numClasses: number): Int32Array {
  const { n, dim: d, x } = data;
  const k = numClasses;
  const bOff = d * k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < k; c++) {
      const score = params[bOff + c] + dotAt(params, c * d, x, row, d);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    out[i] = best;
  }
  return out;
}

export function accuracy(predicted: Int32Array, labels: Int32Array): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return labels.length === 0 ? 0 : right / labels.length;
}

/** confusion[trueClass][predictedClass] = count. */
export function confusionMatrix(predicted: Int32Array, labels: Int32Array, numClasses: number): number[][] {
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][predicted[i]]++;
  return m;
}
