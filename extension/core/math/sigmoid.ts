/** The sigmoid σ(x) = 1 / (1 + e^-x) and its derivative σ'(x) = σ(x)(1 - σ(x)) (CS224n assignment 2, written part (d), CS224d problem set 1, §2.1). */
import { assertFinite } from './matrix';

/** σ(x) for one number, never exp() of a large positive argument (so no overflow, no 1/Infinity tricks). */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log σ(x), stable for large |x| (log1p keeps precision where σ(x) is close to 1). */
export function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/** σ of every entry. */
export function sigmoid(x: Float64Array): Float64Array {
  assertFinite(x, 'sigmoid input');
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = sigmoidScalar(x[i]);
  return out;
}

/** The sigmoid's derivative from its OUTPUT s = σ(x): s(1 - s), entry by entry (as in the assignment). */
export function sigmoidGrad(s: Float64Array): Float64Array {
  assertFinite(s, 'sigmoidGrad input');
  const out = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s[i] * (1 - s[i]);
  return out;
}
