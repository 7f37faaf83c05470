import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserInputError } from '../../extension/core/errors';
import { averageRanks, spearman, pearson } from '../../extension/core/eval/spearman';
import { evaluateWordPairs, evaluateWordPairsFile, parseWordPairs } from '../../extension/core/eval/wordPairs';
import { evaluateAnalogies, evaluateAnalogiesFile, parseAnalogies } from '../../extension/core/eval/analogies';
import { evalFileKind, evaluateFile } from '../../extension/core/eval/evaluateFile';
import { WordVectors } from '../../extension/core/vectors/WordVectors';

const dir = mkdtempSync(join(tmpdir(), 'w2v-eval-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('average ranks share tied positions', () => {
  assert.deepEqual(Array.from(averageRanks([10, 20, 20, 30])), [1, 2.5, 2.5, 4]);
  assert.deepEqual(Array.from(averageRanks([5, 5, 5])), [2, 2, 2]);
  assert.deepEqual(Array.from(averageRanks([3, 1, 2, 1])), [4, 1.5, 3, 1.5]);
});

test('Spearman without ties equals 1 - 6 sum d^2 / (n (n^2 - 1))', () => {
  // ranks x: 1 2 3 4 5; ranks y: 2 1 4 3 5 -> sum d^2 = 1+1+1+1+0 = 4 -> 1 - 24/120 = 0.8
  close(spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50]), 0.8);
  close(spearman([1, 2, 3], [3, 2, 1]), -1);
});

test('Spearman with ties (hand computed)', () => {
  // x ranks 1 2.5 2.5 4 (mean 2.5): dx = -1.5 0 0 1.5; y ranks 1 3 2 4: dy = -1.5 .5 -.5 1.5
  // sxy = 2.25 + 2.25 = 4.5, sxx = 4.5, syy = 5 -> 4.5 / sqrt(22.5)
  close(spearman([1, 2, 2, 3], [1, 3, 2, 4]), 4.5 / Math.sqrt(22.5));
  // Ties on both sides: x ranks 1.5 1.5 3 4, y ranks 1 2.5 2.5 4 (both means 2.5)
  // dx = -1 -1 .5 1.5, dy = -1.5 0 0 1.5: sxy = 1.5 + 2.25 = 3.75; sxx = 4.5; syy = 4.5
  close(spearman([7, 7, 8, 9], [0.1, 0.5, 0.5, 0.9]), 3.75 / 4.5);
  assert.ok(Number.isNaN(spearman([1, 1, 1], [1, 2, 3])), 'a constant side has no correlation');
  close(pearson([1, 2, 3, 4], [2, 4, 7, 3]), pearsonRef([1, 2, 3, 4], [2, 4, 7, 3]));
});

/** Pearson written out the textbook way, independently of the implementation. */
function pearsonRef(x: number[], y: number[]): number {
  const n = x.length;
  const sx = x.reduce((a, b) => a + b), sy = y.reduce((a, b) => a + b);
  const sxy = x.reduce((a, v, i) => a + v * y[i], 0), sxx = x.reduce((a, v) => a + v * v, 0), syy = y.reduce((a, v) => a + v * v, 0);
  return (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
}

test('word-pair files: tabs or spaces, # comments and blank lines skipped, bad lines named', () => {
  const pairs = parseWordPairs('# header\n# Word 1\tWord 2\tHuman\ncat\tdog\t7.5\r\n\nking queen 8\n  sun   moon  6 \n', 'p.tsv');
  assert.deepEqual(pairs.map((p) => [p.a, p.b, p.score, p.line]), [['cat', 'dog', 7.5, 3], ['king', 'queen', 8, 5], ['sun', 'moon', 6, 6]]);
  assert.throws(() => parseWordPairs('# c\ncat dog\n', 'p.tsv'), (e: unknown) => e instanceof UserInputError && /p\.tsv, line 2: expected "word1 word2 score"/.test(e.message));
  assert.throws(() => parseWordPairs('cat dog high\n', 'q.tsv'), /q\.tsv, line 1/);
  assert.throws(() => parseWordPairs('# only comments\n', 'r.tsv'), /r\.tsv has no word pairs/);
});

/** 2-d vectors at known angles: similarity is the cosine of the angle difference. */
function angles(list: [string, number][]): WordVectors {
  return new WordVectors(list.map((x) => x[0]), 2, Float32Array.from(list.flatMap(([, deg]) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)])));
}

test('word-pair evaluation: Spearman against cosines, OOV counted, case-insensitive', async () => {
  const wv = angles([['a', 0], ['b', 10], ['c', 50], ['d', 90], ['e', 170]]);
  // cos(a,b) > cos(a,c) > cos(a,d) > cos(a,e): gold scores in the same order -> rho 1; 'zz' is OOV.
  const p = join(dir, 'pairs.txt');
  writeFileSync(p, '# test\nA\tb\t9\na\tc\t5\na\tD\t2\na\te\t-1\na\tzz\t3\n');
  const r = await evaluateWordPairsFile(wv, p);
  assert.deepEqual({ spearman: r.spearman, pairs: r.pairs, oov: r.oov, oovRate: r.oovRate }, { spearman: 1, pairs: 4, oov: 1, oovRate: 0.2 });
  // Swap two gold scores: ranks 1..4 vs 2 1 3 4 -> rho = 1 - 6*2/(4*15) = 0.8
  const swapped = evaluateWordPairs(wv, parseWordPairs('a b 5\na c 9\na d 2\na e -1\n', 'x'));
  close(swapped.spearman, 0.8);
  // Restricting the vocabulary to the 2 most frequent words leaves one pair (a,b): no correlation.
  const few = evaluateWordPairs(wv, parseWordPairs('a b 5\na c 9\na d 2\n', 'x'), 2);
  assert.equal(few.pairs, 1);
  assert.equal(few.oov, 2);
  assert.ok(Number.isNaN(few.spearman));
});

test('analogy files: sections, questions, bad lines named', () => {
  const s = parseAnalogies(': first\na b c d\n\n: second\ne f g h\nI J K L\n', 'q.txt');
  assert.deepEqual(s.map((x) => [x.name, x.questions.length]), [['first', 1], ['second', 2]]);
  assert.equal(s[1].questions[1].line, 6);
  assert.throws(() => parseAnalogies('a b c d\n', 'q.txt'), (e: unknown) => e instanceof UserInputError && /q\.txt, line 1: a question before the first ": section"/.test(e.message));
  assert.throws(() => parseAnalogies(': s\na b c\n', 'q.txt'), /q\.txt, line 2: expected a question "a b c d"/);
});

/** Royalty / gender / fruit axes, as in the vectors test: man:king :: woman:queen. */
function royals(): WordVectors {
  const rows: [string, number[]][] = [
    ['man', [0, 0, 1, 0]], ['woman', [0, 1, 1, 0]], ['king', [1, 0, 1, 0]], ['queen', [1, 1, 1, 0]],
    ['boy', [0, 0, 1, 0.3]], ['girl', [0, 1, 1, 0.3]], ['apple', [0, 0, 0, 1]], ['prince', [1, 0, 1, 0.3]], ['princess', [1, 1, 1, 0.3]],
  ];
  return new WordVectors(rows.map((r) => r[0]), 4, Float32Array.from(rows.flatMap((r) => r[1])));
}

test('analogy evaluation: per-section and overall accuracy, skipped questions counted, case-insensitive', async () => {
  const wv = royals();
  const p = join(dir, 'questions.txt');
  writeFileSync(p, [
    ': gender',
    'man king woman queen', // right
    'Boy Prince girl PRINCESS', // right (case-insensitive)
    'man woman king apple', // wrong: the answer is queen
    'man king woman empress', // skipped: not in the vocabulary
    ': other',
    'king queen prince princess', // right
    '',
  ].join('\n'));
  const r = await evaluateAnalogiesFile(wv, p);
  assert.deepEqual(r.sections.map((s) => [s.section, s.correct, s.total, s.skipped]), [['gender', 2, 3, 1], ['other', 1, 1, 0]]);
  close(r.sections[0].accuracy, 2 / 3);
  assert.deepEqual([r.overall.correct, r.overall.total, r.overall.skipped], [3, 4, 1]);
  close(r.overall.accuracy, 0.75);
  // Only the 7 most frequent words count: questions using prince or princess are skipped.
  const small = evaluateAnalogies(wv, parseAnalogies(readFileSync(p, 'utf8'), p), 7);
  assert.deepEqual(small.sections.map((s) => [s.correct, s.total, s.skipped]), [[1, 2, 2], [0, 0, 1]]);
  assert.ok(Number.isNaN(small.sections[1].accuracy));
});

test('evaluation files: missing, directory, empty and binary give one-line UserInputErrors', async () => {
  const wv = royals();
  await assert.rejects(evaluateWordPairsFile(wv, join(dir, 'missing.tsv')), /missing\.tsv: no such word-pair file/);
  await assert.rejects(evaluateAnalogiesFile(wv, dir), /is a directory; give the path of an analogy file/);
  writeFileSync(join(dir, 'empty.txt'), '');
  await assert.rejects(evaluateAnalogiesFile(wv, join(dir, 'empty.txt')), /empty\.txt is empty/);
  writeFileSync(join(dir, 'bin.dat'), Buffer.from([0x80, 0x00, 0xff, 0x10]));
  await assert.rejects(evaluateWordPairsFile(wv, join(dir, 'bin.dat')), /bin\.dat is not UTF-8 text/);
});

test('an evaluation file\'s kind is read from its content: a ": section" line first (after blanks and comments) means analogies', async () => {
  assert.equal(evalFileKind('# SimLex-999\n\n  : capital-common-countries\nathens greece baghdad iraq\n'), 'analogies');
  assert.equal(evalFileKind('# a comment\nking queen 8.5\n: not a section here\n'), 'pairs');
  assert.equal(evalFileKind('\n# only comments\n'), 'pairs');
  // evaluateFile scores each kind with the core's own functions, and names the file in its errors as they do.
  const wv = royals();
  const pairs = join(dir, 'kind-pairs.tsv');
  writeFileSync(pairs, '# human scores\nking queen 9\nman woman 8\nking apple 1\n');
  const questions = join(dir, 'kind-questions.txt');
  writeFileSync(questions, '\n: gender\nman king woman queen\nman woman king apple\n');
  assert.deepEqual(await evaluateFile(wv, pairs, { worst: 2 }), { pairs: await evaluateWordPairsFile(wv, pairs, { worst: 2 }) });
  assert.deepEqual(await evaluateFile(wv, questions, 7), { analogies: await evaluateAnalogiesFile(wv, questions, 7) });
  writeFileSync(join(dir, 'kind-bad.txt'), 'king queen\n');
  await assert.rejects(evaluateFile(wv, join(dir, 'kind-bad.txt')), (e: unknown) => e instanceof UserInputError && /kind-bad\.txt.*line 1/.test((e as Error).message));
  await assert.rejects(evaluateFile(wv, join(dir, 'kind-missing.txt')), /kind-missing\.txt: no such word-pair or analogy file/);
});
