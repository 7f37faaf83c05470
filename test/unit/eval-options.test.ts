import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVAL_PRESETS } from '../../extension/core/eval/options';
import { evaluateWordPairs, parseWordPairs } from '../../extension/core/eval/wordPairs';
import { evaluateAnalogies, parseAnalogies } from '../../extension/core/eval/analogies';
import { WordVectors } from '../../extension/core/vectors/WordVectors';

const close = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

/**
 * a = (1,0), b = (0,1), c = (1,1), d = (1,-1): the cosines are 0 and ±1/√2, with exact ties
 * (c's unit vector has equal coordinates), so every rank below is known without a computer.
 */
const wv = new WordVectors(['a', 'b', 'c', 'd'], 2, new Float32Array([1, 0, 0, 1, 1, 1, 1, -1]));
const FILE = 'A\tb\t2\na\tc\t7\nb\tc\t9\nc\td\t8\nb\td\t1\na\tzz\t5\n';

test('Spearman, Pearson, OOV and the worst-predicted pairs of a small file, by hand', () => {
  const r = evaluateWordPairs(wv, parseWordPairs(FILE, 'pairs.tsv'));
  // cosines: a-b 0, a-c r, b-c r, c-d 0, b-d -r (r = 1/√2) -> ranks 2.5 4.5 4.5 2.5 1
  // human:   2 7 9 8 1                                      -> ranks 2 3 5 4 1
  // deviations from the mean rank 3: human -1 0 2 1 -2, cosine -.5 1.5 1.5 -.5 -2
  // sxy = .5 + 0 + 3 - .5 + 4 = 7; sxx = 10; syy = .25 + 2.25 + 2.25 + .25 + 4 = 9 -> 7 / √90
  close(r.spearman, 7 / Math.sqrt(90), 1e-12);
  // Pearson on the raw values: gold deviations -3.4 1.6 3.6 2.6 -4.4 (mean 5.4); cosine deviations
  // r/5 x (-1 4 4 -1 -6); the r/5 cancels: 48 / √(53.2 x 70)
  close(r.pearson, 48 / Math.sqrt(53.2 * 70));
  assert.equal(r.pairs, 5);
  assert.equal(r.oov, 1);
  close(r.oovRate, 1 / 6, 1e-12);
  assert.equal(r.restrict, 300_000, 'gensim\'s default');
  assert.equal(r.caseInsensitive, true);
  // Rank differences: a-c and c-d are 1.5 apart, the others 0.5 or 0.
  assert.deepEqual(r.worst.slice(0, 2).map((p) => [p.a, p.b, p.humanRank, p.modelRank]), [['a', 'c', 3, 4.5], ['c', 'd', 4, 2.5]]);
  close(r.worst[0].cosine, Math.SQRT1_2);
  assert.equal(evaluateWordPairs(wv, parseWordPairs(FILE, 'x'), { worst: 1 }).worst.length, 1);
});

test('restrict and case rules: the presets and case-sensitive matching', () => {
  const pairs = parseWordPairs(FILE, 'pairs.tsv');
  // Only a, b, c: c-d and b-d drop out too.
  const three = evaluateWordPairs(wv, pairs, { restrict: 3 });
  assert.deepEqual([three.pairs, three.oov], [3, 3]);
  // "A" is not "a" when case matters.
  const exact = evaluateWordPairs(wv, pairs, { caseInsensitive: false });
  assert.deepEqual([exact.pairs, exact.oov], [4, 2]);
  assert.deepEqual(EVAL_PRESETS.gensim, { ...EVAL_PRESETS.gensim, restrict: 300_000, caseInsensitive: true });
  assert.deepEqual(EVAL_PRESETS['compute-accuracy'], { ...EVAL_PRESETS['compute-accuracy'], restrict: 30_000, caseInsensitive: true });
  // A bare number is still the restriction (the older form).
  assert.equal(evaluateWordPairs(wv, pairs, 2).restrict, 2);
});

test('analogies: per-section accuracy, the wrong answers listed, case-sensitive matching', () => {
  const royals = new WordVectors(['man', 'woman', 'king', 'queen', 'apple', 'King'], 4,
    new Float32Array([0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0.01]));
  const q = parseAnalogies(': royal\nman king woman queen\nman woman king apple\n: caps\nman King woman queen\n', 'q.txt');
  const r = evaluateAnalogies(royals, q);
  assert.deepEqual(r.sections.map((s) => [s.section, s.correct, s.total]), [['royal', 1, 2], ['caps', 1, 1]]);
  assert.deepEqual(r.mistakes.map((m) => [m.line, m.d, m.predicted]), [[3, 'apple', 'queen']]);
  // Case-sensitive: "King" is its own word; man : King :: woman : ? is still queen here, and
  // upper-cased keys no longer merge king and King.
  const exact = evaluateAnalogies(royals, q, { caseInsensitive: false });
  assert.equal(exact.caseInsensitive, false);
  assert.deepEqual(exact.sections.map((s) => [s.correct, s.total, s.skipped]), [[1, 2, 0], [1, 1, 0]]);
  // The 4 most frequent words: apple is out; "King" still matches king upper-cased, but not exactly.
  assert.deepEqual(evaluateAnalogies(royals, q, { restrict: 4 }).sections.map((s) => [s.total, s.skipped]), [[1, 1], [1, 0]]);
  assert.deepEqual(evaluateAnalogies(royals, q, { restrict: 4, caseInsensitive: false }).sections.map((s) => [s.total, s.skipped]), [[1, 1], [0, 1]]);
});
