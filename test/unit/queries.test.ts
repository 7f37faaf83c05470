import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserInputError } from '../../extension/core/errors';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import { analogy, doesntMatch, mostSimilar } from '../../extension/core/vectors/queries';
import { royalVectors } from './royalVectors';

const toy = (): WordVectors => royalVectors([['princess', [1, 1.1, 1.2, 0]]]);

const unit = (v: number[]): number[] => { const n = Math.hypot(...v); return v.map((x) => x / n); };
const cos = (a: number[], b: number[]): number => unit(a).reduce((t, x, i) => t + x * unit(b)[i], 0);
const close = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('3CosAdd: king - man + woman = queen; scores are cosines to the combined unit vectors', () => {
  const wv = toy();
  const r = analogy(wv, 'man', 'king', 'woman');
  assert.equal(r[0].word, 'queen');
  assert.equal(r.length, 5, 'top 5 by default');
  assert.ok(!r.some((x) => ['man', 'king', 'woman'].includes(x.word)), 'inputs are never answers');
  const q = [0, 1, 2, 3].map((j) => unit([1, 0, 1, 0])[j] - unit([0, 0, 1, 0])[j] + unit([0, 1, 1, 0])[j]);
  for (const x of r) close(x.similarity, cos(q, Array.from(wv.vector(x.word)!)));
  assert.deepEqual(mostSimilar(wv, { positive: ['king', 'woman'], negative: ['man'], k: 5 }), r, 'the same as positive/negative lists');
  // Several positive and negative words: princess = prince + woman - man (and + queen - king).
  assert.equal(mostSimilar(wv, { positive: ['prince', 'woman', 'queen'], negative: ['man', 'king'], k: 1 })[0].word, 'princess');
  assert.equal(analogy(wv, 'man', 'king', 'woman', { restrict: 3 }).length, 0, 'only the 3 most frequent words, all inputs');
});

test('3CosMul: the product of shifted cosines, by hand', () => {
  const wv = toy();
  const r = analogy(wv, 'man', 'king', 'woman', { method: '3cosmul', k: 5 });
  assert.equal(r[0].word, 'queen');
  const v = (w: string): number[] => Array.from(wv.vector(w)!);
  const score = (x: string): number => (((1 + cos(v(x), v('king'))) / 2) * ((1 + cos(v(x), v('woman'))) / 2)) / ((1 + cos(v(x), v('man'))) / 2 + 1e-6);
  const expected = ['queen', 'apple', 'pear', 'prince', 'princess'].map((w) => ({ w, s: score(w) })).sort((a, b) => b.s - a.s);
  assert.deepEqual(r.map((x) => x.word), expected.map((x) => x.w));
  r.forEach((x, i) => close(x.similarity, expected[i].s));
  // With one positive word and no negative, the ranking is most_similar's (gensim's documented property).
  assert.deepEqual(mostSimilar(wv, { positive: ['apple'], method: '3cosmul', k: 7 }).map((x) => x.word), wv.neighbours('apple', 7).map((x) => x.word));
});

test('doesnt-match: the word furthest from the mean of the unit vectors; unknown words left out and named', () => {
  const wv = toy();
  const r = doesntMatch(wv, ['king', 'queen', 'prince', 'apple', 'emperor']);
  assert.equal(r.word, 'apple');
  assert.deepEqual(r.ignored, ['emperor']);
  assert.equal(r.ranked.length, 4);
  const mean = ['king', 'queen', 'prince', 'apple'].map((w) => unit(Array.from(wv.vector(w)!))).reduce((a, b) => a.map((x, i) => x + b[i]));
  for (const x of r.ranked) close(x.similarity, cos(Array.from(wv.vector(x.word)!), mean));
  assert.deepEqual(r.ranked.map((x) => x.similarity), [...r.ranked.map((x) => x.similarity)].sort((a, b) => b - a));
  assert.throws(() => doesntMatch(wv, ['king', 'emperor']), (e: unknown) => e instanceof UserInputError && /at least two words .*"emperor"/.test(e.message));
});

test('unknown words and empty positive lists are UserInputErrors', () => {
  const wv = toy();
  assert.throws(() => mostSimilar(wv, { positive: ['king'], negative: ['emperor'] }), (e: unknown) => e instanceof UserInputError && /"emperor" is not in the vocabulary/.test(e.message));
  assert.throws(() => mostSimilar(wv, { positive: [] }), UserInputError);
});

/** A filled UnitMatrix of random unit rows (plus `copies` copies of row 0, for ties). */
async function randomUnitMatrix(n: number, d: number, seed: number, copies = 0) {
  const { UnitMatrix } = await import('../../extension/core/vectors/unitMatrix');
  const m = new UnitMatrix(n, d);
  let s = seed;
  for (let r = 0; r < n; r++) {
    const row = m.rows.subarray(r * d, (r + 1) * d);
    if (r > 0 && r <= copies) row.set(m.rows.subarray(0, d));
    else {
      for (let j = 0; j < d; j++) row[j] = ((s = (s * 48271) % 2147483647) / 2147483647) - 0.5;
      const norm = Math.hypot(...row);
      for (let j = 0; j < d; j++) row[j] /= norm;
    }
  }
  m.finish();
  return m;
}

/** The top k by a full exact pass and a sort (ties by lower row). */
function exactTop(m: { scores(q: ArrayLike<number>): Float32Array }, q: number[], k: number, skip: Set<number>): { id: number; score: number }[] {
  return Array.from(m.scores(q), (score, id) => ({ id, score })).filter((x) => !skip.has(x.id)).sort((a, b) => b.score - a.score || a.id - b.id).slice(0, k);
}

test('large matrices: the int16 first pass finds exactly the top k of the float32 scores, ties included', async () => {
  const d = 100;
  const m = await randomUnitMatrix(60_000, d, 3, 40);
  assert.equal(m.quantized, true);
  for (let t = 0; t < 12; t++) {
    // Queries near a row (as real queries are) and the duplicated row 0, whose 41 copies tie.
    const base = t === 0 ? 0 : 997 * t;
    const q = Array.from(m.rows.subarray(base * d, (base + 1) * d), (x, j) => x + (t % 3) * 0.05 * Math.sin(j + t));
    const norm = Math.hypot(...q);
    const unit = q.map((x) => x / norm);
    const skip = new Set([base, 5, 6]);
    for (const k of [1, 10, 50]) assert.deepEqual(m.top(unit, 60_000, k, skip), exactTop(m, unit, k, skip), `query ${t}, k ${k}`);
  }
  // More near-ties than the second pass takes: the exact full pass answers, the same way.
  const ties = await randomUnitMatrix(70_000, 72, 5, 69_000);
  const q = Array.from(ties.rows.subarray(0, 72));
  assert.deepEqual(ties.top(q, 70_000, 10, new Set()), exactTop(ties, q, 10, new Set()));
});

test('without room for the int16 copy, a large matrix is scored by two threads, with the same results as by one', async () => {
  const { UnitMatrix } = await import('../../extension/core/vectors/unitMatrix');
  const n = 40_000, d = 256;
  // The int16 copy is left out when it would not fit in 4 GiB; here, on request.
  const m = new UnitMatrix(n, d, { quantize: false });
  let s = 9;
  for (let i = 0; i < n * d; i++) m.rows[i] = ((s = (s * 48271) % 2147483647) / 2147483647) - 0.5;
  m.finish();
  assert.equal(m.quantized, false);
  const q = Array.from({ length: d }, (_, j) => Math.cos(j));
  for (let t = 0; m.threads < 2 && t < 100; t++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(m.threads, 2, 'the helper thread started');
  const two = Float32Array.from(m.scores(q));
  m.dispose();
  assert.equal(m.threads, 1);
  const one = m.scores(q);
  assert.deepEqual(Buffer.from(two.buffer), Buffer.from(one.buffer.slice(one.byteOffset, one.byteOffset + one.byteLength)));
  // And the kernel's float32 sums are the dot products.
  for (const r of [0, 1, n >> 1, n - 1]) {
    let e = 0;
    for (let j = 0; j < d; j++) e += m.rows[r * d + j] * Math.fround(q[j]);
    assert.ok(Math.abs(one[r] - e) < 1e-4, `row ${r}: ${one[r]} vs ${e}`);
  }
});

test('library calls with the wrong types are UserInputErrors, not TypeErrors or empty answers', async () => {
  const wv = toy();
  const bad = (f: () => unknown, pattern: RegExp): void => assert.throws(f, (e: unknown) => e instanceof UserInputError && pattern.test(e.message));
  bad(() => mostSimilar(wv, { positive: 'king' as unknown as string[] }), /positive must be a list of words/);
  bad(() => mostSimilar(wv, { positive: ['king'], negative: [3 as unknown as string] }), /negative must be a list of words/);
  bad(() => mostSimilar(wv, { positive: ['king'], k: 2.5 }), /k must be a whole number/);
  bad(() => mostSimilar(wv, { positive: ['king'], method: 'cosine' as '3cosadd' }), /method must be one of 3cosadd, 3cosmul/);
  bad(() => doesntMatch(wv, 'king queen' as unknown as string[]), /needs a list of words/);
  const { readVectors } = await import('../../extension/core/vectors/readVectors');
  const { writeVectors } = await import('../../extension/core/vectors/writeVectors');
  await assert.rejects(readVectors('x.txt', { limit: 0 }), (e: unknown) => e instanceof UserInputError && /limit must be a whole number/.test(e.message));
  await assert.rejects(readVectors('x.txt', { format: 'csv' as 'text' }), (e: unknown) => e instanceof UserInputError && /format must be one of/.test(e.message));
  await assert.rejects(writeVectors('x.txt', wv, 'csv' as 'text'), (e: unknown) => e instanceof UserInputError && /format must be one of/.test(e.message));
});
