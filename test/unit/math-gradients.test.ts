// Gradient checks of every function of the math core on random shapes: max relative error < 1e-7.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowObjective } from './windowObjective';
import {
  Rng, randn, matrix, Matrix, gradcheck, naiveSoftmaxLossAndGradient, negSamplingLossAndGradient, skipgram, cbow,
  forwardBackwardProp, paramCount, makeNegativeSampler, negSamplingLoss, word2vecSgdWrapper, tokenDataset,
  softmax, sigmoid, LossAndGradient, Word2VecModel, sgd,
} from '../../extension/core/index';

const TOL = 1e-7;
const shapes = (seed: number, n: number) => {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => ({ vocab: r.intRange(3, 15), dim: r.intRange(1, 9), seed: r.uint32() }));
};

test('sigmoid and softmax: gradients from the formulas of the seeds pass the check', () => {
  // d/dx Σ w_i σ(x_i) = w_i σ(x_i)(1 - σ(x_i)); d/dθ of -log softmax(θ)_k = softmax(θ) - e_k (CS224d problem set 1, eq. 2.9, with the CE sign).
  for (const { dim, seed } of shapes(1, 5)) {
    const rng = new Rng(seed);
    const w = randn(1, dim, rng).data;
    const x = randn(1, dim, rng, 3).data;
    const r = gradcheck((y) => {
      const s = sigmoid(y);
      return { loss: s.reduce((acc, v, i) => acc + w[i] * v, 0), grad: s.map((v, i) => w[i] * v * (1 - v)) };
    }, x);
    assert.ok(r.maxRelError < TOL, `sigmoid dim ${dim}: ${r.maxRelError}`);
    const k = rng.int(dim);
    const r2 = gradcheck((t) => {
      const p = softmax({ rows: 1, cols: dim, data: t }).data;
      return { loss: -Math.log(p[k]), grad: p.map((v, i) => v - (i === k ? 1 : 0)) };
    }, x);
    assert.ok(r2.maxRelError < TOL, `softmax dim ${dim}: ${r2.maxRelError}`);
  }
});

test('naive softmax and negative sampling: ∂J/∂v_c and ∂J/∂U pass the check', () => {
  for (const { vocab, dim, seed } of shapes(2, 8)) {
    const rng = new Rng(seed);
    const U = randn(vocab, dim, rng);
    const v = randn(1, dim, rng).data;
    const o = rng.int(vocab);
    const negs = Array.from({ length: 6 }, () => rng.int(vocab)).filter((k) => k !== o);
    for (const [name, fn] of [
      ['naive', (vc: Float64Array, Um: Matrix) => naiveSoftmaxLossAndGradient(vc, o, Um)],
      ['neg', (vc: Float64Array, Um: Matrix) => negSamplingLossAndGradient(vc, o, Um, negs)],
    ] as const) {
      const rv = gradcheck((x) => { const r = fn(x, U); return { loss: r.loss, grad: r.gradCenterVec }; }, v);
      assert.ok(rv.maxRelError < TOL, `${name} v_c ${vocab}x${dim}: ${rv.maxRelError}`);
      const ru = gradcheck((x) => { const r = fn(v, { rows: vocab, cols: dim, data: x }); return { loss: r.loss, grad: r.gradOutsideVecs.data }; }, U.data);
      assert.ok(ru.maxRelError < TOL, `${name} U ${vocab}x${dim}: ${ru.maxRelError}`);
    }
  }
});

test('a repeated negative counts twice', () => {
  const rng = new Rng(4);
  const U = randn(4, 3, rng);
  const v = randn(1, 3, rng).data;
  const once = negSamplingLossAndGradient(v, 0, U, [2]);
  const twice = negSamplingLossAndGradient(v, 0, U, [2, 2]);
  const none = negSamplingLossAndGradient(v, 0, U, []);
  assert.ok(Math.abs((twice.loss - none.loss) - 2 * (once.loss - none.loss)) < 1e-14);
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(twice.gradOutsideVecs.data[6 + k] - 2 * once.gradOutsideVecs.data[6 + k]) < 1e-15);
});

// Skip-gram and CBOW over [V; U] stacked, both losses. Negatives come from a sampler re-created with
// the same seed on every evaluation, so f is deterministic (as the assignment re-seeds before each call).
test('skipgram and cbow under both losses: the whole [V; U] passes the check', () => {
  for (const { vocab, dim, seed } of shapes(3, 6)) {
    const rng = new Rng(seed);
    const W = randn(2 * vocab, dim, rng, 0.5);
    const center = rng.int(vocab);
    const context = Array.from({ length: rng.intRange(1, 6) }, () => rng.int(vocab));
    const counts = Array.from({ length: vocab }, () => 1 + rng.int(100));
    const losses: [string, () => LossAndGradient][] = [
      ['naive', () => naiveSoftmaxLossAndGradient],
      ['neg', () => negSamplingLoss(makeNegativeSampler(counts, seed), 5)],
    ];
    const models: [string, Word2VecModel][] = [['skipgram', skipgram], ['cbow', cbow]];
    for (const [mname, model] of models) {
      for (const [lname, makeLoss] of losses) {
        const f = windowObjective(model, center, context, vocab, dim, makeLoss);
        const res = gradcheck(f, W.data);
        assert.ok(res.maxRelError < TOL, `${mname}/${lname} vocab ${vocab} dim ${dim}: ${res.maxRelError}`);
        // Only touched rows have a gradient (skipgram: row c of V; cbow: the context rows).
        const g = f(W.data).grad;
        const touched = new Set(mname === 'skipgram' ? [center] : context);
        for (let w = 0; w < vocab; w++) {
          if (touched.has(w)) continue;
          for (let k = 0; k < dim; k++) assert.equal(g[w * dim + k], 0, `${mname} V row ${w} should not move`);
        }
      }
    }
  }
});

test('cbow equals the pair loss at the sum of the context vectors', () => {
  const rng = new Rng(8);
  const V = randn(6, 4, rng), U = randn(6, 4, rng);
  const ctx = [1, 3, 3];
  const sum = new Float64Array(4);
  for (const c of ctx) for (let k = 0; k < 4; k++) sum[k] += V.data[c * 4 + k];
  const r = cbow(2, ctx, V, U, naiveSoftmaxLossAndGradient);
  const pair = naiveSoftmaxLossAndGradient(sum, 2, U);
  assert.equal(r.loss, pair.loss);
  for (let k = 0; k < 4; k++) {
    assert.ok(Math.abs(r.gradCenterVecs.data[3 * 4 + k] - 2 * pair.gradCenterVec[k]) < 1e-15, 'word twice in the context gets the gradient twice');
  }
});

test('one-hidden-layer network: W1, b1, W2, b2 pass the check', () => {
  const r = new Rng(5);
  for (let t = 0; t < 5; t++) {
    const dims = [r.intRange(1, 10), r.intRange(1, 8), r.intRange(2, 10)] as const;
    const N = r.intRange(1, 20);
    const X = randn(N, dims[0], r);
    const labels = matrix(N, dims[2]);
    for (let i = 0; i < N; i++) labels.data[i * dims[2] + r.int(dims[2])] = 1;
    const params = randn(1, paramCount(dims), r).data;
    const res = gradcheck((p) => { const o = forwardBackwardProp(X, labels, p, dims); return { loss: o.cost, grad: o.grad }; }, params);
    assert.ok(res.maxRelError < TOL, `network ${dims} N=${N}: ${res.maxRelError}`);
  }
});

test('word2vecSgdWrapper: the minibatch gradient passes the check, and sgd with it lowers the loss', () => {
  const vocab = 5, dim = 3;
  const tokens = [0, 1, 2, 3, 4, 0, 2, 4, 1, 3, 0, 0, 4];
  const data = tokenDataset(tokens);
  const W = randn(2 * vocab, dim, new Rng(6), 0.3);
  const counts = [4, 2, 2, 2, 3];
  for (const [model, makeLoss] of [
    [skipgram, () => naiveSoftmaxLossAndGradient],
    [cbow, () => negSamplingLoss(makeNegativeSampler(counts, 99), 4)],
  ] as [Word2VecModel, () => LossAndGradient][]) {
    // Same seed each call: the same 50 windows and negatives, so f is deterministic.
    const f = (x: Float64Array) => word2vecSgdWrapper(model, { rows: 2 * vocab, cols: dim, data: x }, data, 3, makeLoss(), new Rng(17));
    const res = gradcheck(f, W.data);
    assert.ok(res.maxRelError < TOL, `wrapper: ${res.maxRelError}`);
  }
  const rng = new Rng(21);
  const loss = naiveSoftmaxLossAndGradient;
  const f = (x: Float64Array) => word2vecSgdWrapper(skipgram, { rows: 2 * vocab, cols: dim, data: x }, data, 3, loss, rng);
  const before = word2vecSgdWrapper(skipgram, { rows: 2 * vocab, cols: dim, data: W.data }, data, 3, loss, new Rng(1), 2000).loss;
  const trained = sgd(f, W.data, { step: 0.3, iterations: 300 }).x;
  const after = word2vecSgdWrapper(skipgram, { rows: 2 * vocab, cols: dim, data: trained }, data, 3, loss, new Rng(1), 2000).loss;
  assert.ok(after < before - 0.1, `loss ${before} -> ${after}`);
});
