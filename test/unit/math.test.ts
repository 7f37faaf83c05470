// The assignments' sanity values, the samplers, and the bad inputs of the math core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UserInputError, fromRows, matrix, softmax, sigmoid, sigmoidGrad, normalizeRows, sgd, Rng, randn,
  naiveSoftmaxLossAndGradient, negSamplingLossAndGradient, skipgram, cbow, forwardBackwardProp, paramCount,
  gradcheck, aliasTable, aliasDraw, makeNegativeSampler, drawNegatives, unigramTable, word2vecSgdWrapper, tokenDataset,
  Matrix,
} from '../../extension/core/index';

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ''): void => {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}] = ${actual[i]}, expected ${expected[i]} ± ${tol}`);
  }
};

test('softmax: the assignment sanity values, stable for large inputs', () => {
  // Values printed by the assignment (8 digits) and the closed forms 1/(1+e), e/(1+e).
  const a = 1 / (1 + Math.E), b = Math.E / (1 + Math.E);
  const s1 = softmax(fromRows([[1, 2]]));
  close(s1.data, [0.26894142, 0.73105858], 5e-9, 'softmax([1,2])');
  close(s1.data, [a, b], 1e-15, 'softmax([1,2]) closed form');
  const s2 = softmax(fromRows([[1001, 1002], [3, 4]]));
  close(s2.data, [a, b, a, b], 1e-15, 'softmax([[1001,1002],[3,4]])');
  const s3 = softmax(fromRows([[-1001, -1002]]));
  close(s3.data, [b, a], 1e-15, 'softmax([-1001,-1002])');
  // Rows sum to one on random input.
  const r = softmax(randn(7, 13, new Rng(1), 30));
  for (let i = 0; i < 7; i++) close([r.data.subarray(i * 13, i * 13 + 13).reduce((s, v) => s + v, 0)], [1], 1e-14, 'row sum');
});

test('sigmoid and sigmoidGrad: the assignment sanity values', () => {
  const f = sigmoid(Float64Array.from([1, 2, -1, -2]));
  close(f, [0.73105858, 0.88079708, 0.26894142, 0.11920292], 5e-9, 'sigmoid');
  close(f, [1, 2, -1, -2].map((x) => 1 / (1 + Math.exp(-x))), 1e-16, 'sigmoid closed form');
  const g = sigmoidGrad(f);
  close(g, [0.19661193, 0.10499359, 0.19661193, 0.10499359], 5e-9, 'sigmoidGrad');
  // No overflow at the extremes.
  close(sigmoid(Float64Array.from([800, -800])), [1, 0], 0, 'sigmoid extremes');
});

test('normalizeRows: the assignment sanity values', () => {
  const n = normalizeRows(fromRows([[3, 4], [1, 2]]));
  close(n.data, [0.6, 0.8, 1 / Math.sqrt(5), 2 / Math.sqrt(5)], 1e-15, 'normalizeRows');
  close(n.data, [0.6, 0.8, 0.4472136, 0.89442719], 5e-8, 'normalizeRows (printed values)');
  close(normalizeRows(fromRows([[0, 0], [0, 5]])).data, [0, 0, 0, 1], 0, 'zero row stays zero');
});

test('sgd minimises a quadratic from 0.5, 0 and -1.5 to within 1e-6', () => {
  const quad = (x: Float64Array) => ({ loss: x.reduce((s, v) => s + v * v, 0), grad: x.map((v) => 2 * v) });
  for (const start of [0.5, 0, -1.5]) {
    const x0 = Float64Array.from([start]);
    const reports: number[] = [];
    const r = sgd(quad, x0, { step: 0.01, iterations: 1000, printEvery: 100, onProgress: (p) => reports.push(p.iteration) });
    assert.ok(Math.abs(r.x[0]) <= 1e-6, `from ${start}: ${r.x[0]}`);
    assert.equal(x0[0], start, 'x0 unchanged');
    assert.deepEqual(reports, [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  }
  // The step is halved every annealEvery iterations: one step of size 0.5*step after the first anneal.
  const steps: number[] = [];
  sgd(quad, Float64Array.from([1]), { step: 0.1, iterations: 4, annealEvery: 2, printEvery: 1, onProgress: (p) => steps.push(p.step) });
  assert.deepEqual(steps, [0.1, 0.1, 0.05, 0.05]);
  // A step that diverges is a clear error, not NaN.
  assert.throws(() => sgd(quad, Float64Array.from([1]), { step: 1e200, iterations: 50 }), UserInputError);
});

test('losses: the loss values match a direct computation', () => {
  const rng = new Rng(7);
  const U = randn(6, 4, rng);
  const v = randn(1, 4, rng).data;
  const dotRow = (w: number) => [0, 1, 2, 3].reduce((s, k) => s + U.data[w * 4 + k] * v[k], 0);
  const z = [0, 1, 2, 3, 4, 5].reduce((s, w) => s + Math.exp(dotRow(w)), 0);
  assert.ok(Math.abs(naiveSoftmaxLossAndGradient(v, 2, U).loss - -Math.log(Math.exp(dotRow(2)) / z)) < 1e-14);
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  const expected = -Math.log(sig(dotRow(1))) - Math.log(sig(-dotRow(3))) - 2 * Math.log(sig(-dotRow(5)));
  assert.ok(Math.abs(negSamplingLossAndGradient(v, 1, U, [3, 5, 5]).loss - expected) < 1e-14);
});

test('network: the cost matches a direct computation and paramCount matches §2.4', () => {
  assert.equal(paramCount([10, 5, 10]), (10 + 1) * 5 + (5 + 1) * 10);
  const rng = new Rng(3);
  const dims = [3, 2, 2] as const;
  const X = randn(2, 3, rng);
  const labels = fromRows([[0, 1], [1, 0]]);
  const p = randn(1, paramCount(dims), rng).data;
  // W1 = p[0..6) (3x2), b1 = p[6..8), W2 = p[8..12) (2x2), b2 = p[12..14)
  let cost = 0;
  for (let r = 0; r < 2; r++) {
    const x = Array.from(X.data.subarray(r * 3, r * 3 + 3));
    const h = [0, 1].map((j) => 1 / (1 + Math.exp(-(p[6 + j] + x[0] * p[j] + x[1] * p[2 + j] + x[2] * p[4 + j]))));
    const t = [0, 1].map((k) => p[12 + k] + h[0] * p[8 + k] + h[1] * p[10 + k]);
    const label = r === 0 ? 1 : 0;
    cost -= Math.log(Math.exp(t[label]) / (Math.exp(t[0]) + Math.exp(t[1])));
  }
  assert.ok(Math.abs(forwardBackwardProp(X, labels, p, dims).cost - cost) < 1e-13);
});

test('gradcheck catches a gradient wrong in a single entry and names it; x is not changed', () => {
  const rng = new Rng(11);
  const A = randn(8, 8, rng);
  // f(x) = Σ_i sin(x_i) * (A x)_i: nonlinear, all entries coupled.
  const f = (x: Float64Array, wrong = -1) => {
    const n = x.length;
    const ax = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ax[i] += A.data[i * n + j] * x[j];
    let loss = 0;
    for (let i = 0; i < n; i++) loss += Math.sin(x[i]) * ax[i];
    const grad = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      grad[j] = Math.cos(x[j]) * ax[j];
      for (let i = 0; i < n; i++) grad[j] += Math.sin(x[i]) * A.data[i * n + j];
    }
    if (wrong >= 0) grad[wrong] *= 1.01;
    return { loss, grad };
  };
  const x = randn(1, 8, rng).data;
  const before = x.slice();
  const good = gradcheck((y) => f(y), x);
  assert.ok(good.maxRelError < 1e-8, `correct gradient: ${good.maxRelError}`);
  assert.equal(good.relErrors.length, 8);
  for (const wrong of [0, 5, 7]) {
    const bad = gradcheck((y) => f(y, wrong), x);
    assert.equal(bad.worstIndex, wrong);
    assert.ok(bad.maxRelError > 1e-4, `wrong entry error ${bad.maxRelError}`);
    bad.relErrors.forEach((e, i) => { if (i !== wrong) assert.ok(e < 1e-8, `entry ${i}: ${e}`); });
  }
  assert.deepEqual(x, before);
  // f that mutates its argument cannot reach x either.
  gradcheck((y) => { const r = f(y); y.fill(0); return r; }, x);
  assert.deepEqual(x, before);
});

test('alias table: exact probabilities, zero weights never drawn, draws follow the weights', () => {
  const weights = [5, 0, 1, 3, 0.5, 0, 10];
  const t = aliasTable(weights);
  const total = weights.reduce((s, w) => s + w, 0);
  const n = weights.length;
  // The probability the table gives each entry, from its columns: independent of how it was built.
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    p[i] += t.prob[i] / n;
    p[t.alias[i]] += (1 - t.prob[i]) / n;
  }
  close(p, weights.map((w) => w / total), 1e-15, 'table probabilities');
  const rng = new Rng(5);
  const counts = new Float64Array(n);
  const draws = 200000;
  for (let k = 0; k < draws; k++) counts[aliasDraw(t, rng.next(), rng.next())]++;
  assert.equal(counts[1] + counts[5], 0, 'zero weights drawn');
  for (let i = 0; i < n; i++) {
    const q = weights[i] / total;
    const sd = Math.sqrt(draws * q * (1 - q));
    assert.ok(Math.abs(counts[i] - draws * q) <= 5 * sd + 1, `entry ${i}: ${counts[i]} vs ${draws * q}`);
  }
  assert.throws(() => aliasTable([0, 0]), UserInputError);
  assert.throws(() => aliasTable([1, -1]), UserInputError);
  assert.throws(() => aliasTable([1, NaN]), UserInputError);
});

test('negative sampler: unigram^0.75, never the outside word, seeded', () => {
  const counts = [100, 50, 10, 1, 0, 1000];
  const s1 = makeNegativeSampler(counts, 42);
  const s2 = makeNegativeSampler(counts, 42);
  const s3 = makeNegativeSampler(counts, 43);
  const a = s1.sample(5, 1000), b = s2.sample(5, 1000), c = s3.sample(5, 1000);
  assert.deepEqual(a, b, 'same seed, same draws');
  assert.notDeepEqual(a, c, 'another seed, other draws');
  assert.ok(!a.includes(5) && !a.includes(4), 'outside word or zero count drawn');
  // Frequencies among the other words follow count^0.75 renormalised without the outside word.
  const many = makeNegativeSampler(counts, 1).sample(0, 100000);
  const w = counts.map((x, i) => (i === 0 ? 0 : Math.pow(x, 0.75)));
  const wsum = w.reduce((s, x) => s + x, 0);
  for (let i = 0; i < counts.length; i++) {
    const got = many.filter((x) => x === i).length;
    const q = w[i] / wsum;
    assert.ok(Math.abs(got - 1e5 * q) <= 5 * Math.sqrt(1e5 * q * (1 - q)) + 1, `word ${i}: ${got} vs ${1e5 * q}`);
  }
  // Only the outside word has weight: a clear error, not an endless loop.
  assert.throws(() => drawNegatives(unigramTable([0, 7]), new Rng(1), 1, 3), UserInputError);
});

test('Rng: reproducible, uniform in [0,1), integer ranges inclusive', () => {
  const a = new Rng(123), b = new Rng(123), c = new Rng(124);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b.next()));
  assert.notDeepEqual(xs, Array.from({ length: 5 }, () => c.next()));
  const r = new Rng(9);
  let sum = 0, sumsq = 0;
  const hits = new Set<number>();
  for (let i = 0; i < 100000; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    sum += u; sumsq += u * u;
    hits.add(r.intRange(1, 5));
  }
  assert.ok(Math.abs(sum / 1e5 - 0.5) < 0.005 && Math.abs(sumsq / 1e5 - 1 / 3) < 0.005);
  assert.deepEqual([...hits].sort(), [1, 2, 3, 4, 5]);
  assert.throws(() => new Rng(NaN), UserInputError);
});

test('bad input throws a clear UserInputError instead of returning NaN', () => {
  const rng = new Rng(2);
  const U = randn(5, 3, rng);
  const V = randn(5, 3, rng);
  const v = randn(1, 3, rng).data;
  const naive = naiveSoftmaxLossAndGradient;
  const expectError = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof UserInputError && pattern.test(e.message));
  // mismatched shapes
  expectError(() => naive(new Float64Array(4), 0, U), /length 4 .*length 3/);
  expectError(() => skipgram(0, [1], randn(5, 4, rng), U, naive), /5x4 .*5x3/);
  expectError(() => forwardBackwardProp(randn(2, 3, rng), matrix(2, 2), new Float64Array(5), [3, 2, 2]), /length 14/);
  expectError(() => forwardBackwardProp(randn(2, 4, rng), matrix(2, 2), new Float64Array(14), [3, 2, 2]), /Dx = 3/);
  expectError(() => matrix(2, 2, [1, 2, 3]), /needs 4 values/);
  expectError(() => fromRows([[1, 2], [3]]), /same length/);
  const broken: Matrix = { rows: 2, cols: 2, data: new Float64Array(3) };
  expectError(() => softmax(broken), /not a valid matrix/);
  // index out of range
  expectError(() => naive(v, 5, U), /out of range/);
  expectError(() => naive(v, -1, U), /out of range/);
  expectError(() => negSamplingLossAndGradient(v, 0, U, [1, 9]), /negSampleWordIndices\[1\] index 9/);
  expectError(() => skipgram(7, [1], V, U, naive), /currentCenterWordIdx/);
  expectError(() => cbow(0, [1, 2.5], V, U, naive), /contextWordIdxs\[1\]/);
  // empty context
  expectError(() => skipgram(0, [], V, U, naive), /empty/);
  expectError(() => cbow(0, [], V, U, naive), /empty/);
  // non-finite input
  const bad = Float64Array.from([1, NaN, 0]);
  expectError(() => naive(bad, 0, U), /non-finite/);
  expectError(() => sigmoid(Float64Array.from([Infinity])), /non-finite/);
  const Ubad = randn(5, 3, rng); Ubad.data[4] = Infinity;
  expectError(() => skipgram(0, [1], V, Ubad, naive), /outsideVectors has a non-finite value/);
  expectError(() => gradcheck((x) => ({ loss: 0, grad: x }), Float64Array.from([NaN])), /non-finite/);
  expectError(() => gradcheck((x) => ({ loss: 0, grad: new Float64Array(2) }), Float64Array.from([1])), /length 2/);
  expectError(() => gradcheck((x) => ({ loss: x[0] > 0 ? Infinity : 0, grad: x }), Float64Array.from([0])), /not finite when parameter 0 moves/);
  expectError(() => word2vecSgdWrapper(skipgram, randn(5, 3, rng), tokenDataset([0, 1]), 2, naive, rng), /even/);
});
