/**
 * The gradient check of the one-hidden-layer network of CS224d problem set 1, §2.3, per parameter group
 * (W1, b1, W2, b2), at given or seeded random data and parameters.
 */
import { check } from '../errors';
import { gradcheck } from '../math/gradcheck';
import { Matrix, assertMatrix, matrix } from '../math/matrix';
import { NetworkDims, forwardBackwardProp, paramCount, paramLayout } from '../math/network';
import { Rng, randn } from '../math/random';
import { brokenGradient } from './broken';
import type { CheckedGroup } from './types';

export type NetworkGroupName = 'W1' | 'b1' | 'W2' | 'b2';

export interface NetworkCheckRequest {
  dims: NetworkDims;
  /** Seeds X, labels and params where they are not given. */
  seed: number;
  /** Rows of random data when X is not given (default 20). */
  rows?: number;
  X?: Matrix;
  /** One-hot rows. */
  labels?: Matrix;
  params?: Float64Array;
  /** 'sign-flip' or 'missing-one-minus-sigma' (see BROKEN_GRADIENTS). */
  broken?: string;
}

export interface NetworkCheckGroup extends CheckedGroup {
  name: NetworkGroupName;
  /** [rows, cols] of the parameter matrix (biases are 1 x n), for the heatmap; the arrays are row-major over it. */
  shape: [number, number];
}

export interface NetworkCheckResult {
  loss: number;
  groups: NetworkCheckGroup[];
}

export function checkNetwork(req: NetworkCheckRequest): NetworkCheckResult {
  const dims = req.dims;
  const total = paramCount(dims); // validates dims
  const [dx, nh, dy] = dims;
  const variant = brokenGradient(req.broken, 'network')?.id;
  const rng = new Rng(req.seed);
  const N = req.X?.rows ?? req.rows ?? 20;
  check(Number.isInteger(N) && N >= 1, `rows must be a positive integer, got ${N}.`);
  const X = req.X ?? randn(N, dx, rng);
  assertMatrix(X, 'X');
  let labels = req.labels;
  if (!labels) {
    labels = matrix(N, dy);
    for (let i = 0; i < N; i++) labels.data[i * dy + rng.int(dy)] = 1;
  }
  const params = req.params ?? randn(1, total, rng).data;
  const backward = { flipOutputSign: variant === 'sign-flip', dropOneMinusSigma: variant === 'missing-one-minus-sigma' };
  const f = (p: Float64Array) => {
    const r = forwardBackwardProp(X, labels!, p, dims, backward);
    return { loss: r.cost, grad: r.grad };
  };
  const res = gradcheck(f, params); // never changes params
  const L = paramLayout(dims);
  const spans: [NetworkGroupName, number, [number, number]][] = [
    ['W1', L.W1, [dx, nh]], ['b1', L.b1, [1, nh]], ['W2', L.W2, [nh, dy]], ['b2', L.b2, [1, dy]],
  ];
  const groups = spans.map(([name, off, shape]) => {
    const len = shape[0] * shape[1];
    const relErrors = res.relErrors.slice(off, off + len);
    let worstIndex = 0;
    for (let i = 1; i < len; i++) if (relErrors[i] > relErrors[worstIndex]) worstIndex = i;
    return {
      name, shape, count: len, totalInGroup: len, maxRelError: relErrors[worstIndex], relErrors,
      analytic: res.analyticGrad.slice(off, off + len), numeric: res.numericGrad.slice(off, off + len), worstIndex,
    };
  });
  return { loss: f(params).loss, groups };
}
