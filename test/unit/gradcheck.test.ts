// The window gradient check, the network check, the broken variants and the formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkWindow, checkNetwork, BROKEN_GRADIENTS, GRADIENT_FORMULAS, formulasFor, WindowCheckRequest, WindowCheckResult,
  Rng, unigramTable, skipgram, cbow, naiveSoftmaxLossAndGradient, negSamplingLossAndGradient, gradcheck, Matrix,
  UserInputError, LossAndGradient,
} from '../../extension/core/index';

type Model = 'skipgram' | 'cbow';
type Loss = 'neg' | 'softmax';
const MODELS: Model[] = ['skipgram', 'cbow'];
const LOSSES: Loss[] = ['neg', 'softmax'];

function randomModel(vocab: number, dim: number, seed: number, scale = 0.5, f32 = true) {
  const r = new Rng(seed);
  const mk = () => {
    const a = f32 ? new Float32Array(vocab * dim) : new Float64Array(vocab * dim);
    for (let i = 0; i < a.length; i++) a[i] = scale * r.normal();
    return a;
  };
  const counts = Array.from({ length: vocab }, () => 1 + r.int(1000));
  const context = Array.from({ length: r.intRange(2, 8) }, () => r.int(vocab));
  return { V: mk(), U: mk(), counts, center: r.int(vocab), context };
}

function request(model: Model, loss: Loss, vocab: number, dim: number, seed: number, extra: Partial<WindowCheckRequest> = {}): WindowCheckRequest {
  const m = randomModel(vocab, dim, seed);
  return {
    model, loss, dim, vocabSize: vocab, centerVectors: m.V, outsideVectors: m.U, centerIdx: m.center, contextIdxs: m.context,
    negatives: 5, negativeTable: unigramTable(m.counts), seed, ...extra,
  };
}

const worstOf = (r: { groups: { name: string; maxRelError: number }[] }) =>
  r.groups.reduce((a, g) => (g.maxRelError > a.maxRelError ? g : a));

test('every model x loss passes below 1e-7 on seeded data, Float32 and Float64 models', () => {
  for (const model of MODELS) {
    for (const loss of LOSSES) {
      for (const seed of [1, 2, 3]) {
        const req = request(model, loss, 40, 12, seed);
        const r = checkWindow(req);
        for (const g of r.groups) {
          assert.ok(g.maxRelError < 1e-7, `${model}/${loss} seed ${seed} ${g.name}: ${g.maxRelError}`);
          assert.equal(g.relErrors.length, g.count);
          assert.equal(g.count, g.rows.length * 12);
          assert.equal(g.relErrors[g.worstIndex], g.maxRelError);
        }
        const r64 = checkWindow({ ...req, centerVectors: Float64Array.from(req.centerVectors), outsideVectors: Float64Array.from(req.outsideVectors) });
        assert.equal(r64.loss, r.loss, 'float32 values are copied exactly');
      }
    }
  }
});

test('training-sized windows pass too: dim 100, K 10, 10 context words, Float32', () => {
  for (const model of MODELS) {
    for (const loss of LOSSES) {
      const m = randomModel(2000, 100, 77, 0.3);
      const r = new Rng(5);
      const res = checkWindow({
        model, loss, dim: 100, vocabSize: 2000, centerVectors: m.V, outsideVectors: m.U, centerIdx: r.int(2000),
        contextIdxs: Array.from({ length: 10 }, () => r.int(2000)), negatives: 10, negativeTable: unigramTable(m.counts),
        seed: 9, maxOutsideRows: 40,
      });
      for (const g of res.groups) assert.ok(g.maxRelError < 1e-7, `${model}/${loss} ${g.name}: ${g.maxRelError}`);
    }
  }
});

// An independent reference: the math core's skipgram/cbow over the whole [V; U] with the same
// negatives, its analytic gradient and the core gradcheck's full-loss central differences.
function reference(req: WindowCheckRequest, res: WindowCheckResult) {
  const { vocabSize: n, dim: d } = req;
  const negs = res.negatives ?? [];
  const model = req.model === 'skipgram' ? skipgram : cbow;
  const f = (x: Float64Array) => {
    let pair = 0;
    const lossFn: LossAndGradient = req.loss === 'softmax'
      ? naiveSoftmaxLossAndGradient
      : (v, o, U) => negSamplingLossAndGradient(v, o, U, negs[pair++]);
    const V: Matrix = { rows: n, cols: d, data: x.subarray(0, n * d) };
    const U: Matrix = { rows: n, cols: d, data: x.subarray(n * d) };
    const r = model(req.centerIdx, req.contextIdxs, V, U, lossFn);
    const grad = new Float64Array(2 * n * d);
    grad.set(r.gradCenterVecs.data);
    grad.set(r.gradOutsideVectors.data, n * d);
    return { loss: r.loss, grad };
  };
  const x = new Float64Array(2 * n * d);
  x.set(req.centerVectors);
  x.set(req.outsideVectors, n * d);
  return { f, x, full: gradcheck(f, x) };
}

test('analytic and numeric values match the math core on the whole [V; U]', () => {
  for (const model of MODELS) {
    for (const loss of LOSSES) {
      const req = request(model, loss, 25, 6, 7);
      const res = checkWindow(req);
      const { f, x, full } = reference(req, res);
      assert.ok(Math.abs(res.loss - f(x).loss) < 1e-12, `${model}/${loss} loss ${res.loss} vs ${f(x).loss}`);
      const analytic = f(x).grad;
      for (const g of res.groups) {
        const base = g.name === 'center vectors' ? 0 : req.vocabSize * req.dim;
        g.rows.forEach((row, a) => {
          for (let k = 0; k < req.dim; k++) {
            const i = base + row * req.dim + k;
            assert.ok(Math.abs(g.analytic[a * req.dim + k] - analytic[i]) < 1e-12, `${model}/${loss} ${g.name} analytic row ${row}`);
            assert.ok(Math.abs(g.numeric[a * req.dim + k] - full.numericGrad[i]) < 1e-9, `${model}/${loss} ${g.name} numeric row ${row}`);
          }
        });
      }
      // The rows not checked have a zero gradient in the core: the check covers every touched parameter.
      const centerRows = new Set(res.groups[0].rows);
      const outsideRows = new Set(res.groups[1].rows);
      for (let w = 0; w < req.vocabSize; w++) {
        for (let k = 0; k < req.dim; k++) {
          if (!centerRows.has(w)) assert.equal(analytic[w * req.dim + k], 0);
          if (!outsideRows.has(w)) assert.equal(analytic[(req.vocabSize + w) * req.dim + k], 0);
        }
      }
    }
  }
});

test('the model arrays are never modified, broken or not', () => {
  for (const broken of [undefined, ...BROKEN_GRADIENTS.map((b) => b.id)]) {
    for (const loss of LOSSES) {
      if (broken && !BROKEN_GRADIENTS.find((b) => b.id === broken)!.wrong[loss]) continue;
      const req = request('cbow', loss, 30, 5, 4, { broken });
      const V = req.centerVectors.slice(), U = req.outsideVectors.slice();
      checkWindow(req);
      assert.deepEqual(req.centerVectors, V);
      assert.deepEqual(req.outsideVectors, U);
    }
  }
});

test('negatives: drawn once per pair from the seeded table, never the pair\'s outside word', () => {
  const req = request('skipgram', 'neg', 30, 4, 11, { negatives: 10 });
  const a = checkWindow(req), b = checkWindow(req), c = checkWindow({ ...req, seed: 12 });
  assert.equal(a.negatives!.length, req.contextIdxs.length);
  assert.deepEqual(a.negatives, b.negatives);
  assert.notDeepEqual(a.negatives, c.negatives);
  a.negatives!.forEach((negs, p) => {
    assert.equal(negs.length, 10);
    assert.ok(!negs.includes(req.contextIdxs[p]));
  });
  const cb = checkWindow({ ...req, model: 'cbow' });
  assert.equal(cb.negatives!.length, 1);
  assert.ok(!cb.negatives![0].includes(req.centerIdx));
  // The outside group is exactly the targets and the negatives.
  const expected = new Set([...req.contextIdxs, ...a.negatives!.flat()]);
  assert.deepEqual(new Set(a.groups[1].rows), expected);
  assert.equal(a.groups[1].totalInGroup, expected.size * 4);
});

test('naive softmax over a large vocabulary: the window rows plus a seeded sample, count vs totalInGroup', () => {
  const req = request('skipgram', 'softmax', 3000, 8, 5, { maxOutsideRows: 50 });
  const r = checkWindow(req);
  const out = r.groups.find((g) => g.name === 'outside vectors')!;
  assert.equal(out.rows.length, 50);
  assert.equal(out.count, 50 * 8);
  assert.equal(out.totalInGroup, 3000 * 8);
  assert.equal(new Set(out.rows).size, 50);
  for (const w of req.contextIdxs) assert.ok(out.rows.includes(w), `window row ${w} missing`);
  assert.ok(out.maxRelError < 1e-7 && r.groups[0].maxRelError < 1e-7, `${out.maxRelError} ${r.groups[0].maxRelError}`);
  assert.deepEqual(checkWindow(req).groups[1].rows, out.rows, 'same seed, same sample');
  assert.notDeepEqual(checkWindow({ ...req, seed: 6 }).groups[1].rows, out.rows);
  // Without a limit every row is checked.
  const all = checkWindow(request('cbow', 'softmax', 60, 4, 5));
  assert.equal(all.groups[1].count, all.groups[1].totalInGroup);
});

test('each broken variant is caught, its worst entry lies in the group it feeds, the other groups stay clean', () => {
  for (const b of BROKEN_GRADIENTS) {
    for (const loss of LOSSES) {
      if (!b.wrong[loss]) continue;
      for (const model of MODELS) {
        for (const seed of [21, 22]) {
          const r = checkWindow(request(model, loss, 40, 10, seed, { broken: b.id }));
          const worst = worstOf(r);
          const label = `${b.id} ${model}/${loss} seed ${seed}`;
          assert.ok(worst.maxRelError > 1e-5, `${label}: not caught (${worst.maxRelError})`);
          assert.ok(b.feeds[loss]!.includes(worst.name), `${label}: worst in ${worst.name}, feeds ${b.feeds[loss]}`);
          for (const g of r.groups) {
            if (!b.feeds[loss]!.includes(g.name)) assert.ok(g.maxRelError < 1e-7, `${label}: ${g.name} should be clean, ${g.maxRelError}`);
          }
        }
      }
    }
    if (b.wrong.network) {
      for (const seed of [31, 32]) {
        const r = checkNetwork({ dims: [6, 5, 4], seed, broken: b.id });
        const worst = worstOf(r);
        assert.ok(worst.maxRelError > 1e-5, `${b.id} network: not caught (${worst.maxRelError})`);
        assert.ok(b.feeds.network!.includes(worst.name), `${b.id} network: worst in ${worst.name}`);
        for (const g of r.groups) if (!b.feeds.network!.includes(g.name)) assert.ok(g.maxRelError < 1e-7, `${b.id} network ${g.name}: ${g.maxRelError}`);
      }
    }
  }
});

test('the softmax without the shift: at the scaled center vectors its analytic values overflow to NaN', () => {
  const req = request('skipgram', 'softmax', 40, 10, 3, { broken: 'softmax-no-shift' });
  const r = checkWindow(req);
  assert.ok(r.inputScale! > 1);
  assert.equal(r.groups[0].maxRelError, Infinity, 'NaN analytic values count as infinitely wrong');
  assert.ok(Number.isFinite(r.loss));
});

test('the network passes below 1e-7 with groups W1, b1, W2, b2 of the right shapes', () => {
  for (const seed of [1, 2, 3]) {
    const r = checkNetwork({ dims: [10, 5, 10], seed, rows: 20 });
    assert.deepEqual(r.groups.map((g) => g.name), ['W1', 'b1', 'W2', 'b2']);
    assert.deepEqual(r.groups.map((g) => g.shape), [[10, 5], [1, 5], [5, 10], [1, 10]]);
    for (const g of r.groups) assert.ok(g.maxRelError < 1e-7, `network ${g.name}: ${g.maxRelError}`);
    assert.ok(r.loss > 0);
  }
});

test('bad requests throw a clear UserInputError', () => {
  const req = request('skipgram', 'neg', 20, 4, 1);
  const bad = (patch: Partial<WindowCheckRequest>, pattern: RegExp) =>
    assert.throws(() => checkWindow({ ...req, ...patch }), (e: unknown) => e instanceof UserInputError && pattern.test(e.message));
  bad({ contextIdxs: [] }, /empty/);
  bad({ contextIdxs: [1, 20] }, /contextIdxs\[1\] index 20/);
  bad({ centerIdx: -1 }, /centerIdx/);
  bad({ centerVectors: new Float32Array(10) }, /centerVectors has 10 values/);
  bad({ negatives: undefined }, /negatives \(K\)/);
  bad({ broken: 'nope' }, /Unknown broken gradient "nope"/);
  bad({ loss: 'softmax', broken: 'missing-one-minus-sigma' }, /does not apply/);
  bad({ negativeTable: unigramTable([1, 2, 3]) }, /3 entries/);
  const nan = req.outsideVectors.slice();
  nan.fill(NaN);
  bad({ outsideVectors: nan }, /non-finite/);
  bad({ loss: 'softmax', outsideVectors: nan }, /non-finite/);
  assert.throws(() => checkNetwork({ dims: [2, 2, 2], seed: 1, broken: 'dropped-uo' }), UserInputError);
});

test('formulas: every model x loss x group has text and well-formed MathML', () => {
  const groups = { skipgram: ['loss', 'center vectors', 'outside vectors'], cbow: ['loss', 'center vectors', 'outside vectors'] };
  for (const model of MODELS) {
    for (const loss of LOSSES) {
      assert.deepEqual(formulasFor(model, loss).map((f) => f.group), groups[model], `${model}/${loss}`);
    }
  }
  assert.deepEqual(formulasFor('network').map((f) => f.group), ['loss', 'W2', 'b2', 'W1', 'b1']);
  for (const f of GRADIENT_FORMULAS) {
    assert.ok(f.text.length > 5 && f.source.length > 3);
    assert.ok(f.mathml.startsWith('<math xmlns="http://www.w3.org/1998/Math/MathML"') && f.mathml.endsWith('</math>'));
    // Balanced tags: every opened element is closed in order.
    const stack: string[] = [];
    for (const m of f.mathml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (m[3] === '/') continue;
      if (m[1] === '/') assert.equal(stack.pop(), m[2], `${f.model}/${f.loss}/${f.group}`);
      else stack.push(m[2]);
    }
    assert.equal(stack.length, 0);
  }
  const neg = formulasFor('skipgram', 'neg').find((f) => f.group === 'center vectors')!;
  assert.match(neg.text, /σ\(−u_kᵀv_c\)/);
});
