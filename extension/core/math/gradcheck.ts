/**
 * The gradient check of the assignments: central differences with h = 1e-4, one relative error
 * per parameter, |analytic - numeric| / max(1, |analytic|, |numeric|).
 */
import { UserInputError } from '../errors';
import { assertFinite } from './matrix';

export interface GradcheckOptions {
  /** Step of the central difference; 1e-4 as in the assignments. */
  h?: number;
}

export interface GradcheckResult {
  maxRelError: number;
  /** One relative error per entry of x. */
  relErrors: Float64Array;
  /** Index of the largest relative error (the first one on ties). */
  worstIndex: number;
  numericGrad: Float64Array;
  /** The analytic gradient f returned at x (copied). */
  analyticGrad: Float64Array;
}

export const GRADCHECK_H = 1e-4;

/** The relative error used everywhere: the max(1, ...) makes it an absolute error for small gradients. */
export function relError(analytic: number, numeric: number): number {
  const e = Math.abs(analytic - numeric) / Math.max(1, Math.abs(analytic), Math.abs(numeric));
  // A NaN/Infinity analytic value (e.g. an overflowed softmax) is an infinitely wrong gradient.
  return Number.isNaN(e) ? Infinity : e;
}

/**
 * Checks f's gradient at x. f must be deterministic (re-seed any sampling inside f). x is never
 * changed: f is evaluated on a private copy, each entry restored to its exact old value afterwards.
 */
export function gradcheck(
  f: (x: Float64Array) => { loss: number; grad: ArrayLike<number> },
  x: Float64Array,
  options: GradcheckOptions = {},
): GradcheckResult {
  const h = options.h ?? GRADCHECK_H;
  if (!(h > 0) || !Number.isFinite(h)) throw new UserInputError(`gradcheck: h must be a positive finite number, got ${h}.`);
  if (!(x instanceof Float64Array) || x.length === 0) throw new UserInputError('gradcheck: x must be a non-empty Float64Array.');
  assertFinite(x, 'gradcheck x');
  const xw = x.slice();
  const at = f(xw);
  if (!Number.isFinite(at.loss)) throw new UserInputError(`gradcheck: the loss at x is ${at.loss}; it must be finite.`);
  if (at.grad.length !== x.length) throw new UserInputError(`gradcheck: f returned a gradient of length ${at.grad.length} for x of length ${x.length}.`);
  const analyticGrad = Float64Array.from(at.grad);
  const numericGrad = new Float64Array(x.length);
  const relErrors = new Float64Array(x.length);
  let maxRelError = -1;
  let worstIndex = 0;
  for (let i = 0; i < x.length; i++) {
    const old = x[i];
    xw[i] = old + h;
    const fp = f(xw).loss;
    xw[i] = old - h;
    const fm = f(xw).loss;
    xw[i] = old;
    if (!Number.isFinite(fp) || !Number.isFinite(fm)) {
      throw new UserInputError(`gradcheck: the loss is not finite when parameter ${i} moves by ±${h} (${fp}, ${fm}).`);
    }
    numericGrad[i] = (fp - fm) / (2 * h);
    relErrors[i] = relError(analyticGrad[i], numericGrad[i]);
    if (relErrors[i] > maxRelError) {
      maxRelError = relErrors[i];
      worstIndex = i;
    }
  }
  return { maxRelError, relErrors, worstIndex, numericGrad, analyticGrad };
}
