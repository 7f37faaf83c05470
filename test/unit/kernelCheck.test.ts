// The training kernel's own gradient check: its checking build (float64, exact sigmoid, the same
// update code) against central differences of its own loss; planted mistakes (mutation builds)
// must fail it; the training build (float32, the sigmoid table) must agree with the checking build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../extension/core/math/random';
import { unigramTable, drawNegatives } from '../../extension/core/math/negatives';
import { checkKernelWindow, type KernelCheckResult } from '../../extension/core/gradcheck/kernelCheck';
import { kernelWindowSteps, kernelWindowUpdate, type KernelBuild, type KernelModel, type KernelWindowInput } from '../../extension/core/train/kernelWindow';
import { EXP_TABLE_SIZE, MAX_EXP } from '../../extension/core/train/layout';
import { huffmanTree } from '../../extension/core/train/huffman';
import { KERNEL_MISTAKES } from '../../extension/core/train/mistakes';
import { mistakenCheckingBuild } from '../../extension/core/train/mistakeBuilds';

const root = join(__dirname, '../../..');
type Model = 'skipgram' | 'cbow';
type Loss = 'neg' | 'softmax' | 'hs';
const COMBOS: [Model, Loss][] = [['skipgram', 'neg'], ['skipgram', 'softmax'], ['skipgram', 'hs'], ['cbow', 'neg'], ['cbow', 'softmax'], ['cbow', 'hs']];
const LOGISTIC: [Model, Loss][] = [['skipgram', 'neg'], ['cbow', 'neg'], ['skipgram', 'hs'], ['cbow', 'hs']];

/** Seeded random V and U (both non-zero, so every term of the gradient is), and a window with its negatives. */
function setup(model: Model, loss: Loss, seed: number, opts: { vocab?: number; dim?: number; context?: number; K?: number; scale?: number; cbowUpdate?: 'corrected' | 'word2vec' } = {}) {
  const vocab = opts.vocab ?? 40;
  const dim = opts.dim ?? 10; // not a multiple of 4: the rows' padding is exercised too
  const r = new Rng(seed);
  const mk = (): Float64Array => Float64Array.from({ length: vocab * dim }, () => (opts.scale ?? 0.5) * r.normal());
  const counts = Array.from({ length: vocab }, () => 1 + r.int(100));
  const m: KernelModel = { model, loss, cbowUpdate: opts.cbowUpdate ?? 'corrected', dim, vocab, rowStride: dim, V: mk(), U: mk(), tree: huffmanTree(counts) };
  const center = r.int(vocab);
  const context = Array.from({ length: opts.context ?? 6 }, () => r.int(vocab));
  const table = unigramTable(counts);
  const K = opts.K ?? 5;
  const pairs = model === 'skipgram' ? context.length : 1;
  const negatives = loss === 'neg' ? Array.from({ length: pairs }, () => Array.from(drawNegatives(table, r, center, K))) : undefined;
  const w: KernelWindowInput = { center, context, negatives, alpha: 0.025 };
  return { m, w };
}

const worst = (r: KernelCheckResult): number => Math.max(...r.groups.map((g) => g.maxRelError));
const group = (r: KernelCheckResult, name: string) => r.groups.find((g) => g.name === name)!;

test('the unmutated kernel passes every group below 1e-6, skip-gram and CBOW with each loss (negative sampling, naive softmax, hierarchical softmax)', () => {
  for (const [model, loss] of COMBOS) {
    for (let seed = 1; seed <= 4; seed++) {
      const { m, w } = setup(model, loss, seed);
      const r = checkKernelWindow({ model: m, window: w, seed });
      for (const g of r.groups) {
        assert.ok(g.count > 0, `${model}/${loss}: ${g.name} checked nothing`);
        assert.ok(g.maxRelError < 1e-6, `${model}/${loss} seed ${seed}: ${g.name} max rel. error ${g.maxRelError}`);
      }
      // The gradient is not trivially zero: the check compares real numbers.
      assert.ok(r.groups.every((g) => g.analytic.some((x) => Math.abs(x) > 1e-3)), `${model}/${loss}: a zero gradient`);
    }
  }
});

test('rows touched twice in one window: a negative drawn twice, a word both context and negative, a repeated context word', () => {
  for (const model of ['skipgram', 'cbow'] as Model[]) {
    const { m, w } = setup(model, 'neg', 7, { context: 4, K: 4 });
    w.context = [3, 5, 3, 9];
    w.center = 5; // also a context word
    const pairs = model === 'skipgram' ? 4 : 1;
    w.negatives = Array.from({ length: pairs }, (_, p) => [3, 11, 11, p === 0 ? 5 : 9]); // 11 twice, 5 = the target (skipped)
    const r = checkKernelWindow({ model: m, window: w, seed: 1 });
    assert.ok(worst(r) < 1e-6, `${model}: ${worst(r)}`);
  }
});

test('a larger vocabulary under the naive softmax: the softmax over the window and a seeded sample, dim 100', () => {
  for (const model of ['skipgram', 'cbow'] as Model[]) {
    const { m, w } = setup(model, 'softmax', 3, { vocab: 500, dim: 100, context: 10, scale: 0.1 });
    const r = checkKernelWindow({ model: m, window: w, seed: 3 });
    assert.equal(r.softmaxWords, 50);
    assert.ok(worst(r) < 1e-6, `${model}: ${worst(r)}`);
  }
});

test('CBOW with word2vec\'s update: the context rows are off by exactly the number of context words, the outside rows pass', () => {
  for (const loss of ['neg', 'softmax', 'hs'] as Loss[]) {
    for (const n of [2, 6]) {
      const { m, w } = setup('cbow', loss, 11 + n, { cbowUpdate: 'word2vec', context: n });
      const r = checkKernelWindow({ model: m, window: w, seed: 1 });
      const c = group(r, 'center vectors');
      assert.ok(c.maxRelError > 1e-3, `${loss}: the context rows should fail, got ${c.maxRelError}`);
      for (let i = 0; i < c.analytic.length; i++) {
        if (Math.abs(c.numeric[i]) > 1e-6) assert.ok(Math.abs(c.analytic[i] / c.numeric[i] - n) < 1e-6, `${loss}: ratio ${c.analytic[i] / c.numeric[i]}, want ${n}`);
      }
      assert.ok(r.groups[1].maxRelError < 1e-6);
    }
  }
});

test('mutation tests: each planted mistake in the kernel\'s update fails the kernel check', () => {
  let checked = 0;
  for (const mu of KERNEL_MISTAKES) {
    const build = mistakenCheckingBuild(mu);
    for (const [model, loss] of COMBOS.filter(([mo, l]) => mu.models.includes(mo) && mu.losses.includes(l))) {
      const { m, w } = setup(model, loss, 21);
      const r = checkKernelWindow({ model: m, window: w, seed: 21, build });
      assert.ok(worst(r) > 1e-3, `${mu.label} (${model}/${loss}) passed the check: ${worst(r)}`);
      checked++;
    }
  }
  assert.equal(checked, 29); // every mistake with every model and loss whose update it changes
  // The same builds with the mistake off for a model it does not touch still pass: the failures
  // above come from the mistake, not from the build.
  const skipOnly = readFileSync(join(root, 'build/kernel-check-mutant-4.wasm'));
  const { m, w } = setup('skipgram', 'neg', 21);
  assert.ok(worst(checkKernelWindow({ model: m, window: w, seed: 21, build: { name: 'mutant-4', bytes: skipOnly } })) < 1e-6);
});

/**
 * What float32 and the sigmoid table explain. The table's σ at x is σ at the grid point below x
 * (step 2·MAX_EXP/EXP_TABLE_SIZE), and 0 or 1 beyond ±MAX_EXP: its error in a term's coefficient is
 * at most TAU. A term's coefficient multiplies the partner vector (the input row for an output row and
 * vice versa), so an entry's explained difference is TAU·Σ|partner component| over the terms that
 * touch it, plus float32 rounding of (before − after)/α and the in-place (sequential) steps' α·Σ|Δ|.
 */
const STEP = (2 * MAX_EXP) / EXP_TABLE_SIZE;
const TAU = Math.max(0.25 * STEP, 1 / (1 + Math.exp(MAX_EXP)));

/** The largest ratio |training Δ − checking Δ| / explained over every entry of `seeds` random windows. */
function compareBuilds(model: Model, seeds: number, checking: KernelBuild = 'checking'): { ratio: number; diff: number } {
  let ratio = 0;
  let worstDiff = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const dim = 100;
    const { m, w } = setup(model, 'neg', 100 + seed, { vocab: 200, dim, context: 2 + (seed % 9), K: 5, scale: 0.3 });
    w.alpha = 1e-3;
    const f32: KernelModel = { ...m, V: Float32Array.from(m.V), U: Float32Array.from(m.U) };
    const exact = kernelWindowUpdate(f32, w, checking);
    const train = kernelWindowUpdate(f32, w, 'training');
    assert.deepEqual(train.inputRows, exact.inputRows);
    assert.deepEqual(train.outputRows, exact.outputRows);
    // Σ|partner| per entry, from the window's terms (pairs: hidden vector x, target rows t).
    const n = w.context.length;
    const hidden = (ctx: number[]): Float64Array => {
      const x = new Float64Array(dim);
      for (const c of ctx) for (let k = 0; k < dim; k++) x[k] += f32.V[c * dim + k] / ctx.length;
      return x;
    };
    const pairs = model === 'skipgram' ? w.context.map((c, p) => ({ inputs: [c], x: hidden([c]), targets: [w.center, ...w.negatives![p].filter((t) => t !== w.center)], share: 1 }))
      : [{ inputs: w.context, x: hidden(w.context), targets: [w.center, ...w.negatives![0].filter((t) => t !== w.center)], share: 1 / n }];
    const inBound = new Float64Array(exact.inputGrad.length);
    const outBound = new Float64Array(exact.outputGrad.length);
    for (const p of pairs) {
      for (const t of p.targets) {
        const o = exact.outputRows.indexOf(t);
        for (let k = 0; k < dim; k++) outBound[o * dim + k] += TAU * Math.abs(p.x[k]);
        for (const c of p.inputs) {
          const i = exact.inputRows.indexOf(c);
          for (let k = 0; k < dim; k++) inBound[i * dim + k] += TAU * p.share * Math.abs(f32.U[t * dim + k]);
        }
      }
    }
    const compare = (a: Float64Array, b: Float64Array, bound: Float64Array, rows: number[], M: Float32Array | Float64Array): void => {
      for (let i = 0; i < a.length; i++) {
        const diff = Math.abs(a[i] - b[i]);
        const before = Math.abs(M[rows[Math.floor(i / dim)] * dim + (i % dim)]);
        // float32: the weights before and after rounded (2 ulps of |w| over α), the dot products' and
        // steps' rounding (2^-20 relative), and the in-place steps (a row's second use sees its first
        // step: a change of order α·|Δ| per use, at most 10 uses here).
        const explained = bound[i] + (2 * 2 ** -24 * (before + 1)) / w.alpha + 2 ** -20 * (Math.abs(b[i]) + 1) + w.alpha * 10 * (Math.abs(b[i]) + 1);
        ratio = Math.max(ratio, diff / explained);
        worstDiff = Math.max(worstDiff, diff);
      }
    };
    compare(train.inputGrad, exact.inputGrad, inBound, exact.inputRows, f32.V);
    compare(train.outputGrad, exact.outputGrad, outBound, exact.outputRows, f32.U);
    // The loss: the table's -log σ has the same grid error, per term at most TAU·|x·u| ≤ 0.02 here.
    if (checking === 'checking') assert.ok(Math.abs(train.loss - exact.loss) <= 0.02 * pairs.length * 6, `loss ${train.loss} vs ${exact.loss}`);
  }
  return { ratio, diff: worstDiff };
}

test('the training build (float32, sigmoid table, in place) agrees with the checking build within what float32 and the table explain', () => {
  for (const model of ['skipgram', 'cbow'] as Model[]) {
    const { ratio, diff } = compareBuilds(model, 20);
    console.log(`${model}: training vs checking build on 20 random windows (dim 100, K 5, α 1e-3): max |ΔΔ| ${diff.toExponential(2)}, ${(100 * ratio).toFixed(1)}% of the explained bound at most (τ = ${TAU.toExponential(2)})`);
    assert.ok(ratio <= 1, `${model}: a difference beyond what float32 and the table explain (${ratio.toFixed(2)} x the bound)`);
  }
});

test('the comparison catches a mistake in one build only: a checking build with a planted mistake against the training build', () => {
  for (const id of [2, 3]) {
    const build = { name: `mutant-${id}`, bytes: readFileSync(join(root, `build/kernel-check-mutant-${id}.wasm`)) };
    for (const model of ['skipgram', 'cbow'] as Model[]) {
      const { ratio } = compareBuilds(model, 3, build);
      assert.ok(ratio > 1, `mutant ${id} (${model}) stayed within the bound: ${ratio}`);
    }
  }
});

test('the hierarchical softmax: its own group of inner nodes, the center word\'s path from the root', () => {
  const { m, w } = setup('skipgram', 'hs', 5, { vocab: 300 });
  const r = checkKernelWindow({ model: m, window: w, seed: 5 });
  const inner = group(r, 'inner nodes');
  const t = m.tree!;
  assert.deepEqual(inner.rows, Array.from(t.points.subarray(t.offsets[w.center], t.offsets[w.center + 1])));
  assert.equal(inner.rows[0], 300 - 2, 'the path starts at the root');
  assert.ok(inner.maxRelError < 1e-6);
});

test('the Huffman tree: a prefix code (Kraft sum 1), V − 1 inner nodes, frequent words on shorter paths', () => {
  const r = new Rng(3);
  const counts = Array.from({ length: 500 }, () => 1 + Math.floor(10000 / (1 + r.int(500))));
  const t = huffmanTree(counts);
  let kraft = 0;
  const used = new Set<number>();
  const len = (w: number): number => t.offsets[w + 1] - t.offsets[w];
  const codes = new Set<string>();
  for (let w = 0; w < counts.length; w++) {
    kraft += 2 ** -len(w);
    for (let i = t.offsets[w]; i < t.offsets[w + 1]; i++) used.add(t.points[i]);
    codes.add(Array.from(t.codes.subarray(t.offsets[w], t.offsets[w + 1])).join(''));
  }
  assert.ok(Math.abs(kraft - 1) < 1e-12, `Kraft sum ${kraft}`);
  assert.equal(codes.size, counts.length, 'every word has its own code');
  assert.deepEqual([...used].sort((a, b) => a - b), Array.from({ length: counts.length - 1 }, (_, i) => i));
  for (let a = 0; a < counts.length; a++) for (let b = 0; b < counts.length; b += 7) if (counts[a] > counts[b]) assert.ok(len(a) <= len(b));
  // Three words: the most frequent alone under the root.
  const small = huffmanTree([10, 1, 2]);
  assert.equal(small.offsets[1] - small.offsets[0], 1);
  assert.deepEqual([small.offsets[2] - small.offsets[1], small.offsets[3] - small.offsets[2]], [2, 2]);
});

test('a bad window says what to do', () => {
  const { m, w } = setup('skipgram', 'neg', 1);
  assert.throws(() => checkKernelWindow({ model: m, window: { ...w, context: [] }, seed: 1 }), /no context words; pick another window/);
  assert.throws(() => checkKernelWindow({ model: m, window: { ...w, center: 999 }, seed: 1 }), /outside the vocabulary/);
});

test('one update step by step: every term the kernel computed, its step, and the window\'s loss before and after', () => {
  for (const [model, loss] of COMBOS) {
    const { m, w } = setup(model, loss, 31, { vocab: 30, context: 4, K: 3 });
    w.alpha = 0.05;
    const s = kernelWindowSteps(m, w);
    const pairs = model === 'skipgram' ? 4 : 1;
    assert.equal(new Set(s.terms.map((t) => t.pair)).size, pairs);
    // The terms add up to the loss, each error is label − probability, each probability σ(score).
    assert.ok(Math.abs(s.terms.reduce((a, t) => a + t.loss, 0) - s.loss) < 1e-9, `${model}/${loss}: terms ${s.terms.reduce((a, t) => a + t.loss, 0)} vs ${s.loss}`);
    for (const t of s.terms) {
      assert.ok(Math.abs(t.error - (t.label - t.probability)) < 1e-12);
      if (loss !== 'softmax') assert.ok(Math.abs(t.probability - 1 / (1 + Math.exp(-t.score))) < 1e-12);
      assert.ok(s.outputRows.includes(t.row));
    }
    // The step is before − α·Δ, and a small step lowers the window's loss.
    const i = 0, c = 0;
    assert.ok(Math.abs(s.inputAfter[i * m.dim + c] - (m.V[s.inputRows[i] * m.dim + c] - w.alpha * s.inputGrad[i * m.dim + c])) < 1e-12);
    assert.ok(s.lossAfter < s.loss, `${model}/${loss}: ${s.lossAfter} >= ${s.loss}`);
  }
});
