// Property-based tests (fast-check): invariants that must hold for every input, not only the
// examples we thought of. A failure prints the smallest counterexample fast-check found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from './fastCheck';
import { windowObjective } from './windowObjective';
import { tokenizeLine, wordAt } from '../../extension/core/text/tokenize';
import { LineSplitter } from '../../extension/core/text/corpus';
import {
  Rng, randn, gradcheck, naiveSoftmaxLossAndGradient, negSamplingLossAndGradient, skipgram, cbow, makeNegativeSampler, negSamplingLoss,
  type Matrix, type LossAndGradient, type Word2VecModel,
} from '../../extension/core/index';
import { regressionParamCount, softmaxRegressionCostAndGradient } from '../../extension/core/sentiment/softmaxRegression';

/** Text that stresses the tokenizer: any Unicode, plus the characters it treats specially. */
const line = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(fc.constantFrom('a', 'É', 'ß', 'İ', '’', "'", ' ', '\t', '-', '.', '東', '京', 'ไทย', '한', '1', '٣', '\u0301', 'ǅ', 'ﬁ', '\u00a0', '😀'), { maxLength: 40 }).map((a) => a.join('')),
);
const WORD = /^[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*$/u;

test('tokenizer: never throws; every token is non-empty, lower-cased, without blanks; ’ folded to \'', () => {
  fc.assert(fc.property(line, (text) => {
    for (const t of tokenizeLine(text)) {
      assert.ok(t.length > 0);
      assert.equal(t, t.toLowerCase());
      assert.doesNotMatch(t, /[\s’]/u);
    }
  }), { numRuns: 2000 });
});

test('tokenizer: tokens of spaced scripts are runs of letters, marks and digits with inner apostrophes', () => {
  const spaced = fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => !/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u.test(s));
  fc.assert(fc.property(spaced, (text) => {
    for (const t of tokenizeLine(text)) assert.match(t, WORD, JSON.stringify(t));
  }), { numRuns: 2000 });
});

test('tokenizer: a space between two texts splits their tokens exactly (tokens never cross a blank)', () => {
  fc.assert(fc.property(line, line, (a, b) => {
    assert.deepEqual(tokenizeLine(`${a} ${b}`), [...tokenizeLine(a), ...tokenizeLine(b)]);
  }), { numRuns: 2000 });
});

test('tokenizer: re-tokenizing the tokens joined by spaces gives them back (idempotent)', () => {
  fc.assert(fc.property(line, (text) => {
    const tokens = tokenizeLine(text);
    assert.deepEqual(tokenizeLine(tokens.join(' ')), tokens);
  }), { numRuns: 2000 });
});

test('hover: wordAt at any offset gives a token of the line, with its own span', () => {
  fc.assert(fc.property(line, (text) => {
    const tokens = new Set(tokenizeLine(text));
    for (let off = 0; off <= text.length; off++) {
      const w = wordAt(text, off);
      if (!w) continue;
      assert.ok(tokens.has(w.word), `${JSON.stringify(w.word)} at ${off} is not a token of ${JSON.stringify(text)}`);
      assert.ok(w.start <= off && off <= w.end);
      assert.deepEqual(tokenizeLine(text.slice(w.start, w.end)), [w.word]);
    }
  }), { numRuns: 500 });
});

test('corpus lines: the same lines however the text is cut into chunks (\\n, \\r\\n and \\r across chunk ends)', () => {
  const text = fc.array(fc.constantFrom('ab', 'c d', '\n', '\r', '\r\n', ' ', 'é', ''), { maxLength: 40 }).map((a) => a.join(''));
  fc.assert(fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), (t, cuts) => {
    const whole: string[] = [];
    const one = new LineSplitter();
    one.push(t, whole);
    one.end(whole);
    const points = [...new Set(cuts.map((c) => c % (t.length + 1)))].sort((x, y) => x - y);
    const pieces: string[] = [];
    let from = 0;
    for (const p of [...points, t.length]) { pieces.push(t.slice(from, p)); from = p; }
    const chunked: string[] = [];
    const many = new LineSplitter();
    for (const piece of pieces) if (piece) many.push(piece, chunked);
    many.end(chunked);
    assert.deepEqual(chunked, whole);
    assert.deepEqual(whole, t === '' ? [] : t.split(/\r\n|\r|\n/).slice(0, /(\r\n|\r|\n)$/.test(t) ? -1 : undefined));
  }), { numRuns: 2000 });
});

/** Random shapes: vocabulary 2..12, dimension 1..8, a seed for the values. */
const shape = fc.record({ vocab: fc.integer({ min: 2, max: 12 }), dim: fc.integer({ min: 1, max: 8 }), seed: fc.integer({ min: 1, max: 2 ** 31 - 2 }) });
const TOL = 1e-7;

test('gradient checks on random shapes: naive softmax and negative sampling, ∂J/∂v_c and ∂J/∂U', () => {
  fc.assert(fc.property(shape, fc.array(fc.nat(), { maxLength: 8 }), ({ vocab, dim, seed }, negPicks) => {
    const rng = new Rng(seed);
    const U = randn(vocab, dim, rng);
    const v = randn(1, dim, rng).data;
    const o = rng.int(vocab);
    const negs = negPicks.map((k) => k % vocab).filter((k) => k !== o);
    for (const fn of [
      (vc: Float64Array, Um: Matrix) => naiveSoftmaxLossAndGradient(vc, o, Um),
      (vc: Float64Array, Um: Matrix) => negSamplingLossAndGradient(vc, o, Um, negs),
    ]) {
      assert.ok(gradcheck((x) => { const r = fn(x, U); return { loss: r.loss, grad: r.gradCenterVec }; }, v).maxRelError < TOL);
      assert.ok(gradcheck((x) => { const r = fn(v, { rows: vocab, cols: dim, data: x }); return { loss: r.loss, grad: r.gradOutsideVecs.data }; }, U.data).maxRelError < TOL);
    }
  }), { numRuns: 100 });
});

test('gradient checks on random shapes: skip-gram and CBOW over [V; U], both losses', () => {
  fc.assert(fc.property(shape, fc.integer({ min: 1, max: 6 }), ({ vocab, dim, seed }, contextSize) => {
    const rng = new Rng(seed);
    const W = randn(2 * vocab, dim, rng, 0.5);
    const center = rng.int(vocab);
    const context = Array.from({ length: contextSize }, () => rng.int(vocab));
    const counts = Array.from({ length: vocab }, () => 1 + rng.int(100));
    const losses: (() => LossAndGradient)[] = [() => naiveSoftmaxLossAndGradient, () => negSamplingLoss(makeNegativeSampler(counts, seed), 3)];
    for (const model of [skipgram, cbow] as Word2VecModel[]) {
      for (const makeLoss of losses) {
        const r = gradcheck(windowObjective(model, center, context, vocab, dim, makeLoss), W.data);
        assert.ok(r.maxRelError < TOL, `vocab ${vocab} dim ${dim}: ${r.maxRelError}`);
      }
    }
  }), { numRuns: 60 });
});

test('gradient checks on random shapes: the sentiment classifier\'s regularized softmax regression', () => {
  const dims = fc.record({ n: fc.integer({ min: 1, max: 12 }), dim: fc.integer({ min: 1, max: 8 }), k: fc.integer({ min: 2, max: 6 }), reg: fc.constantFrom(0, 1e-3, 0.1, 3), seed: fc.integer({ min: 1, max: 2 ** 31 - 2 }) });
  fc.assert(fc.property(dims, ({ n, dim, k, reg, seed }) => {
    const rng = new Rng(seed);
    const x = Float64Array.from(randn(n, dim, rng).data);
    const y = Int32Array.from({ length: n }, () => rng.int(k));
    const params = Float64Array.from(randn(1, regressionParamCount(dim, k), rng, 0.3).data);
    const r = gradcheck((p) => {
      const grad = new Float64Array(p.length);
      return { loss: softmaxRegressionCostAndGradient(p, { n, dim, x, y }, k, reg, grad), grad };
    }, params);
    assert.ok(r.maxRelError < TOL, `n ${n} dim ${dim} k ${k} reg ${reg}: ${r.maxRelError}`);
  }), { numRuns: 100 });
});
