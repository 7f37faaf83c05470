import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserInputError } from '../../extension/core/errors';
import { gradcheck } from '../../extension/core/math/gradcheck';
import { makeRng, type Rng } from '../../extension/core/math/random';
import { tokenizeLine } from '../../extension/core/text/tokenize';
import {
  averageFeatures, checkSplits, encodeSentences, fitSoftmaxRegression, loadLabeledFile, minimizeLbfgs,
  parseLabeledText, regressionParamCount, runSentimentSweep, sentenceFeatures, softmaxRegressionCostAndGradient,
  DEFAULT_REGS, prepareSentimentJob, runSentimentInWorker, runSentimentJob, type FeatureSet, type SentimentResult,
} from '../../extension/core/sentiment/index';
import { runSentiment } from '../../extension/cli/commands/sentiment';

const split = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** n points per class around well separated centers (class c: +6 on axis c), unit Gaussian noise. */
function clusters(counts: number[], dim: number, rng: Rng, name: string, spread = 1): FeatureSet {
  const n = counts.reduce((a, b) => a + b, 0);
  const x = new Float64Array(n * dim);
  const y = new Int32Array(n);
  let i = 0;
  counts.forEach((count, c) => {
    for (let r = 0; r < count; r++, i++) {
      y[i] = c;
      for (let j = 0; j < dim; j++) x[i * dim + j] = spread * rng.normal() + (j === c ? 6 : 0) + 0.5;
    }
  });
  return { name, n, dim, x, y, noKnownWord: 0, knownTokens: n, tokens: n };
}

function randomData(n: number, dim: number, k: number, rng: Rng): FeatureSet {
  const x = new Float64Array(n * dim).map(() => rng.normal());
  // One all-zero row, as a sentence with no known word gives.
  x.fill(0, 0, dim);
  const y = Int32Array.from({ length: n }, () => rng.int(k));
  return { name: 'random', n, dim, x, y, noKnownWord: 1, knownTokens: 0, tokens: 0 };
}

test('gradient of the regularized softmax regression passes the core gradcheck (< 1e-7, float64)', () => {
  const rng = makeRng(7);
  for (const [n, dim, k, reg] of [[9, 4, 3, 0], [9, 4, 3, 0.3], [12, 6, 5, 1e-3], [5, 3, 2, 2]] as const) {
    const data = randomData(n, dim, k, rng);
    const params = new Float64Array(regressionParamCount(dim, k)).map(() => rng.normal());
    const f = (p: Float64Array): { loss: number; grad: Float64Array } => {
      const grad = new Float64Array(p.length);
      return { loss: softmaxRegressionCostAndGradient(p, data, k, reg, grad), grad };
    };
    const r = gradcheck(f, params);
    assert.ok(r.maxRelError < 1e-7, `n ${n} dim ${dim} K ${k} reg ${reg}: max rel error ${r.maxRelError} at ${r.worstIndex}`);
  }
});

test('the gradient check catches a regularized bias (the check can fail)', () => {
  const rng = makeRng(8);
  const [n, dim, k, reg] = [9, 4, 3, 0.5];
  const data = randomData(n, dim, k, rng);
  const params = new Float64Array(regressionParamCount(dim, k)).map(() => rng.normal());
  const broken = (p: Float64Array): { loss: number; grad: Float64Array } => {
    const grad = new Float64Array(p.length);
    const loss = softmaxRegressionCostAndGradient(p, data, k, reg, grad);
    for (let c = 0; c < k; c++) grad[dim * k + c] += reg * p[dim * k + c]; // claims the bias is regularized
    return { loss, grad };
  };
  const r = gradcheck(broken, params);
  assert.ok(r.maxRelError > 1e-3, `broken gradient went unnoticed: ${r.maxRelError}`);
  assert.ok(r.worstIndex >= dim * k, 'the worst parameter is a bias');
});

test('cost = mean cross-entropy + ½·reg·‖W‖², the bias not regularized', () => {
  const rng = makeRng(9);
  const [n, dim, k] = [6, 3, 4];
  const data = randomData(n, dim, k, rng);
  const grad = new Float64Array(regressionParamCount(dim, k));
  const p = new Float64Array(regressionParamCount(dim, k));
  // W = 0: every class equally likely whatever the bias regularization; cost = log K.
  assert.ok(Math.abs(softmaxRegressionCostAndGradient(p, data, k, 10, grad) - Math.log(k)) < 1e-12);
  for (let c = 0; c < k; c++) p[dim * k + c] = c; // bias only
  const withReg = softmaxRegressionCostAndGradient(p, data, k, 10, grad);
  const noReg = softmaxRegressionCostAndGradient(p, data, k, 0, grad);
  assert.equal(withReg, noReg);
  p[0] = 2; p[1] = -1;
  const a = softmaxRegressionCostAndGradient(p, data, k, 0.25, grad);
  const b = softmaxRegressionCostAndGradient(p, data, k, 0, grad);
  assert.ok(Math.abs(a - b - 0.5 * 0.25 * 5) < 1e-12, `${a - b}`);
});

test('L-BFGS minimizes the Rosenbrock function to its optimum (1, 1)', () => {
  const f = (x: Float64Array, g: Float64Array): number => {
    const [a, b] = [x[0], x[1]];
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
  };
  const r = minimizeLbfgs(f, Float64Array.from([-1.2, 1]), { gradTol: 1e-10, costTol: 0, maxIterations: 500, memory: 5 });
  assert.ok(r.converged, r.reason);
  assert.ok(Math.abs(r.x[0] - 1) < 1e-8 && Math.abs(r.x[1] - 1) < 1e-8, `${r.x}`);
});

test('the fitted model is a stationary point of the cost on the raw (uncentered) features', () => {
  const rng = makeRng(10);
  const data = clusters([30, 20, 25], 5, rng, 'train', 4); // overlapping: a finite optimum even at small reg
  for (const reg of [1e-3, 0.1]) {
    const m = fitSoftmaxRegression(data, 3, reg, { gradTol: 1e-9 });
    const g = new Float64Array(m.params.length);
    const cost = softmaxRegressionCostAndGradient(m.params, data, 3, reg, g);
    assert.ok(Math.abs(cost - m.cost) < 1e-12, `${cost} vs ${m.cost}`);
    assert.ok(Math.max(...g.map(Math.abs)) < 1e-8, `reg ${reg}: gradient ${Math.max(...g.map(Math.abs))}`);
  }
});

test('separable data: 100% accuracy without regularization, falling as regularization grows large', () => {
  const rng = makeRng(11);
  const counts = [40, 25, 15];
  const train = clusters(counts, 4, rng, 'train', 0.5);
  const dev = clusters([20, 12, 8], 4, rng, 'dev', 0.5);
  const test_ = clusters([20, 12, 8], 4, rng, 'test', 0.5);
  const regs = [0, 1e-3, 1e-1, 1, 10, 1e3];
  const r = runSentimentSweep({ numClasses: 3, train, dev, test: test_, regs, fit: { maxIterations: 300 } });
  const accs = r.sweep.map((s) => s.trainAccuracy);
  assert.equal(accs[0], 1, `reg 0 train accuracy ${accs[0]}`);
  assert.equal(r.sweep[0].devAccuracy, 1);
  for (let i = 1; i < accs.length; i++) assert.ok(accs[i] <= accs[i - 1], `accuracy rose from reg ${regs[i - 1]} to ${regs[i]}: ${accs}`);
  // Huge reg: W ~ 0, the unregularized bias alone predicts the majority class.
  assert.ok(Math.abs(accs[accs.length - 1] - counts[0] / 80) < 1e-12, `reg 1e3: ${accs}`);
  assert.ok(r.sweep[r.sweep.length - 1].weightNormSq < r.sweep[1].weightNormSq);
  // The choice: the best dev accuracy, ties to the larger reg; test measured for it.
  const best = Math.max(...r.sweep.map((s) => s.devAccuracy));
  const largest = Math.max(...r.sweep.filter((s) => s.devAccuracy === best).map((s) => s.reg));
  assert.equal(r.chosenReg, largest);
  assert.equal(r.devAccuracy, best);
  assert.equal(r.devConfusion.flat().reduce((a, b) => a + b, 0), dev.n);
  assert.equal(r.devConfusion.reduce((a, row, i) => a + row[i], 0), Math.round(best * dev.n));
});

test('the sweep is deterministic and its result is plain JSON', () => {
  const rng = makeRng(12);
  const mk = (name: string): FeatureSet => clusters([15, 15], 3, rng, name, 3);
  const input = { numClasses: 2, train: mk('train'), dev: mk('dev'), test: mk('test'), regs: [...DEFAULT_REGS] };
  const strip = (r: SentimentResult): unknown => JSON.parse(JSON.stringify({ ...r, seconds: 0, sweep: r.sweep.map((s) => ({ ...s, seconds: 0 })) }));
  const a = runSentimentSweep(input);
  const b = runSentimentSweep(input);
  assert.deepEqual(strip(a), strip(b));
  assert.equal(a.sweep.length, DEFAULT_REGS.length);
  assert.deepEqual(a.sweep.map((s) => s.reg), [...DEFAULT_REGS]);
  assert.deepEqual(JSON.parse(JSON.stringify(a)).devConfusion, a.devConfusion);
});

test('features: the average of known word vectors; unknown words skipped; no known word -> zero row, counted', () => {
  const words = ['good', 'bad', "n't"];
  const vectors = Float32Array.from([1, 2, 3, 4, 0.5, -1]);
  const wv = { dim: 2, vectors, indexOf: (w: string) => words.indexOf(w) };
  const set = parseLabeledText("1 good bad\n0 is n't zzz good\n1 zzz qqq\n", 'mem', split);
  const f = sentenceFeatures(set, wv);
  assert.deepEqual(Array.from(f.x), [2, 3, 0.75, 0.5, 0, 0]);
  assert.equal(f.noKnownWord, 1);
  assert.equal(f.knownTokens, 4);
  assert.equal(f.tokens, 8);
  const enc = encodeSentences([['bad'], []], wv.indexOf);
  assert.deepEqual(Array.from(averageFeatures(enc, Int32Array.from([0, 1]), vectors, 2).x), [3, 4, 0, 0]);
});

test('SST tokens map as the engine tokenizer maps them ("n\'t" kept, "\'s" -> "s", punctuation dropped)', () => {
  const set = parseLabeledText("1 it 's not that it does n't work , it 's -- well .\n", 'sst', tokenizeLine);
  assert.deepEqual(set.sentences[0], ['it', 's', 'not', 'that', 'it', 'does', "n't", 'work', 'it', 's', 'well']);
});

test('loaders: both line formats, blank lines, CRLF, BOM', () => {
  const a = parseLabeledText('\ufeff3 a gorgeous film .\r\n\r\n0\tawful ,  dull\r\n  2 so-so\n', 'mixed', split);
  assert.deepEqual(Array.from(a.labels), [3, 0, 2]);
  assert.deepEqual(Array.from(a.lines), [1, 3, 4]);
  assert.deepEqual(a.sentences, [['a', 'gorgeous', 'film', '.'], ['awful', ',', 'dull'], ['so-so']]);
  assert.equal(a.numClasses, 4);
});

test('loaders: clear errors naming the file and line', () => {
  const err = (fn: () => unknown, pattern: RegExp): void => {
    assert.throws(fn, (e: unknown) => e instanceof UserInputError && pattern.test(e.message) ? true : assert.fail(String(e)));
  };
  err(() => parseLabeledText('1 fine\npositive great film\n', 'f.txt', split), /^f\.txt line 2: "positive" is not a class label/);
  err(() => parseLabeledText('1 fine\n-1 bad\n', 'f.txt', split), /f\.txt line 2: "-1" is not a class label/);
  err(() => parseLabeledText('1 fine\n\n2.5 bad\n', 'f.txt', split), /f\.txt line 3: "2\.5"/);
  err(() => parseLabeledText('1 fine\n3\n', 'f.txt', split), /f\.txt line 2: label 3 has no sentence/);
  err(() => parseLabeledText('1 fine\n4\t  \n', 'f.txt', split), /f\.txt line 2: label 4 has no sentence/);
  err(() => parseLabeledText('\n  \n', 'empty.txt', split), /empty\.txt has no labelled sentences/);
  err(() => parseLabeledText('', 'empty.txt', split), /empty\.txt has no labelled sentences/);
  const load = (name: string, text: string) => parseLabeledText(text, name, split);
  const train = load('train.txt', '0 a\n1 b\n3 c\n');
  err(() => checkSplits(train, load('dev.txt', '0 a\n3 b\n'), load('test.txt', '0 a\n3 b\n')), /train\.txt has no sentence of class 2/);
  const ok = load('train.txt', '0 a\n1 b\n2 c\n4 d\n3 e\n');
  // A dev or test file missing a class: the same message whichever class and whichever split.
  const all = '0 a\n1 b\n2 c\n3 d\n4 e\n';
  for (let c = 0; c < 5; c++) {
    const without = all.split('\n').filter((l) => l && !l.startsWith(`${c} `)).join('\n');
    err(() => checkSplits(ok, load('dev.txt', without), load('test.txt', all)), new RegExp(`^dev\\.txt has no sentence of class ${c} \\(the classes are 0\\.\\.4, from train\\.txt\\)\\. Every class must appear`));
    err(() => checkSplits(ok, load('dev.txt', all), load('test.txt', without)), new RegExp(`^test\\.txt has no sentence of class ${c} \\(the classes are 0\\.\\.4`));
  }
  err(() => checkSplits(load('train.txt', '0 a\n1 b\n'), load('dev.txt', all), load('test.txt', all)), /dev\.txt has labels up to 4 but train\.txt only up to 1\. Use train, dev and test files of the same task/);
  // Labels numbered from 1 are recognised as such.
  const oneBased = '1 a\n2 b\n3 c\n4 d\n5 e\n';
  err(() => checkSplits(load('train.txt', oneBased), load('dev.txt', oneBased), load('test.txt', oneBased)), /^The labels start at 1 \(train\.txt has labels 1\.\.5 and no 0\): classes must be numbered from 0/);
  err(() => checkSplits(load('t.txt', '0 a\n0 b\n'), load('d', '0 a'), load('e', '0 a')), /t\.txt has only class 0/);
  assert.equal(checkSplits(ok, load('d', all), load('e', all)), 5);
});

test('loadLabeledFile: a missing file is a UserInputError naming it', async () => {
  await assert.rejects(loadLabeledFile('/nonexistent/stsa.fine.train'), (e: unknown) =>
    e instanceof UserInputError && /\/nonexistent\/stsa\.fine\.train: no such sentence file/.test(e.message));
});

/** Runs the CLI command in-process, capturing stdout and stderr. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  try {
    return { code: await runSentiment(argv), stdout, stderr };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

test('CLI: sweep table, chosen reg, test accuracy, confusion matrix and JSON; errors are one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'w2v-sentiment-'));
  const file = (name: string, text: string): string => (writeFileSync(join(dir, name), text), join(dir, name));
  // Words "great"/"awful" carry the class; "film" is shared; the vectors separate them on axis 0.
  const vec = file('v.txt', '4 2\nfilm 0 1\ngreat 1 0\nawful -1 0\nok 0.1 0.2\n');
  const lines = (n: number): string => Array.from({ length: n }, (_, i) => (i % 2 ? '1 a great film' : '0 an awful film')).join('\n');
  const train = file('train.txt', lines(20)), dev = file('dev.txt', lines(6)), test_ = file('test.txt', lines(4));
  const json = join(dir, 'out.json');
  const r = await cli(['--vectors', vec, '--train', train, '--dev', dev, '--test', test_, '--regs', '0,1e-2,1', '--json', json]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /reg\s+train acc\s+dev acc/);
  assert.match(r.stdout, /chosen reg 1: dev accuracy 100\.00%, test accuracy 100\.00%/);
  assert.match(r.stdout, /dev confusion/);
  const saved = JSON.parse(readFileSync(json, 'utf8')) as SentimentResult;
  assert.deepEqual(saved.sweep.map((s) => s.reg), [0, 1e-2, 1]);
  assert.deepEqual(saved.devConfusion, [[3, 0], [0, 3]]);
  assert.equal(saved.testAccuracy, 1);

  const bad = file('bad.txt', '0 awful film\ngood film\n');
  const e1 = await cli(['--vectors', vec, '--train', bad, '--dev', dev, '--test', test_]);
  assert.equal(e1.code, 1);
  assert.equal(e1.stderr.trimEnd().split('\n').length, 1);
  assert.match(e1.stderr, /^w2v sentiment: bad\.txt line 2: "good" is not a class label/);
  const e2 = await cli(['--vectors', vec, '--train', train, '--dev', dev]);
  assert.equal(e2.code, 2);
  assert.match(e2.stderr, /^w2v sentiment: --test FILE is required/);
  const e3 = await cli(['--vectors', vec, '--train', train, '--dev', dev, '--test', test_, '--regs', '0,-1']);
  assert.equal(e3.code, 2);
  assert.match(e3.stderr, /--regs: "-1" is not a number >= 0/);
});

test('a job prepared on the host gives the same result in a worker as in this thread', async () => {
  const root = join(__dirname, '../../..');
  if (!existsSync(join(root, 'dist/sentiment.worker.js'))) {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'worker:sentiment'], { stdio: 'inherit', cwd: root });
  }
  const words = ['great', 'awful', 'film', 'plot'];
  const vectors = Float32Array.from([1, 0.2, -1, 0.1, 0, 1, 0.1, -0.5]);
  const wv = { dim: 2, vectors, indexOf: (w: string) => words.indexOf(w) };
  const text = (n: number): string => Array.from({ length: n }, (_, i) => `${i % 3 === 0 ? 1 : 0} ${i % 3 === 0 ? 'great' : 'awful'} ${i % 2 ? 'film' : 'plot'} unknownword`).join('\n');
  const [train, dev, test_] = [30, 9, 9].map((n, i) => parseLabeledText(text(n), ['train', 'dev', 'test'][i], split));
  const job = prepareSentimentJob(wv, { train, dev, test: test_ }, checkSplits(train, dev, test_), [0, 1e-2, 10]);
  const here = runSentimentJob(job);
  const rows: number[] = [];
  const run = runSentimentInWorker(job, (_row, index) => rows.push(index));
  const there = await run.result;
  const strip = (r: SentimentResult): unknown => ({ ...r, seconds: 0, sweep: r.sweep.map((s) => ({ ...s, seconds: 0 })) });
  assert.deepEqual(strip(there), strip(here));
  assert.deepEqual(rows.sort(), [0, 1, 2]);
  assert.equal(here.splits.train.tokenCoverage, 2 / 3);
  const cancelled = runSentimentInWorker({ ...job, regs: [...DEFAULT_REGS] });
  cancelled.cancel();
  await assert.rejects(cancelled.result, /cancelled/);
});
