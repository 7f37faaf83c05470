// The gradient explorer's core: the worker runner end to end, broken variants, cancellation, the
// model left untouched, the Markdown/JSON exports.
//   node scripts/build.mjs tests:unit/explorer worker:explorer && node --test dist/tests/unit/explorer.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeExplorerResult, runExplorerCheck, isExplorerCancelled, type ExplorerRequest, type ExplorerResult,
  type ExplorerTarget, HISTOGRAM_EDGES, LOG10_FLOOR, PASS_THRESHOLD,
} from '../../extension/core/gradcheck/explorer';
import { explorerResultToJson, explorerResultToMarkdown } from '../../extension/core/gradcheck/report';
import { pickCorpusWindow, pickCorpusWindowFromFile } from '../../extension/core/gradcheck/corpusWindow';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tokenizeLine } from '../../extension/core/text/tokenize';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROKEN_GRADIENTS, type BrokenTarget } from '../../extension/core/gradcheck/broken';
import { UserInputError } from '../../extension/core/errors';
import { Rng } from '../../extension/core/math/random';

const W2V: { model: 'skipgram' | 'cbow'; loss: 'neg' | 'softmax' }[] = [
  { model: 'skipgram', loss: 'neg' }, { model: 'skipgram', loss: 'softmax' },
  { model: 'cbow', loss: 'neg' }, { model: 'cbow', loss: 'softmax' },
];
const w2v = (model: 'skipgram' | 'cbow', loss: 'neg' | 'softmax', dim = 10): ExplorerTarget =>
  ({ kind: 'word2vec', model, loss, negatives: 5, dim, window: 3 });
const NETWORK: ExplorerTarget = { kind: 'network', dims: [6, 5, 4], rows: 10 };

/** Checks that hold for every result, whatever the target. */
function assertWellFormed(r: ExplorerResult): void {
  assert.equal(r.threshold, PASS_THRESHOLD);
  assert.deepEqual(r.histogramEdges, [...HISTOGRAM_EDGES]);
  for (const g of r.groups) {
    assert.equal(g.count, g.shape[0] * g.shape[1], g.name);
    assert.equal(g.log10RelErrors.length, g.count);
    assert.ok(g.relErrors instanceof Float64Array && g.analytic instanceof Float64Array && g.numeric instanceof Float64Array);
    assert.deepEqual([g.relErrors.length, g.analytic.length, g.numeric.length], [g.count, g.count, g.count]);
    for (const w of g.worst) {
      const i = g.rowIndices.indexOf(w.rowIndex) * g.shape[1] + w.column;
      assert.deepEqual([g.relErrors[i], g.analytic[i], g.numeric[i]], [w.relError, w.analytic, w.numeric]);
    }
    assert.equal(g.rowLabels.length, g.shape[0]);
    assert.equal(g.histogram.counts.reduce((a, b) => a + b, 0) + g.histogram.nonFinite, g.count, `${g.name}: histogram covers every parameter`);
    assert.equal(g.passed, g.maxRelError <= PASS_THRESHOLD);
    assert.ok(g.worst.length > 0 && g.worst.length <= 10);
    assert.equal(g.worst[0].relError, g.maxRelError, `${g.name}: first worst entry is the max`);
    for (let i = 1; i < g.worst.length; i++) assert.ok(g.worst[i - 1].relError >= g.worst[i].relError, 'worst entries sorted');
    // The heatmap agrees with the listed worst entry.
    const w = g.worst[0];
    const row = g.rowIndices.indexOf(w.rowIndex);
    const cell = g.log10RelErrors[row * g.shape[1] + w.column];
    if (Number.isFinite(w.relError)) assert.ok(Math.abs(cell - Math.max(LOG10_FLOOR, Math.log10(w.relError))) < 1e-5);
    else assert.equal(cell, Infinity);
  }
  const total = r.groups.reduce((s, g) => s + g.count, 0);
  assert.equal(r.histogram.counts.reduce((a, b) => a + b, 0) + r.histogram.nonFinite, total);
  assert.equal(r.passed, r.groups.every((g) => g.passed));
}

test('worker end to end: every model x loss, the network and the classifier pass below 1e-7 on seeded random parameters', async () => {
  const targets: ExplorerTarget[] = [...W2V.map((c) => w2v(c.model, c.loss)), NETWORK, { kind: 'sentiment', dim: 8, classes: 3, rows: 12 }];
  for (const target of targets) {
    const req: ExplorerRequest = { target, seed: 7, parameters: target.kind === 'word2vec' ? { kind: 'random', vocabSize: 40, seed: 3 } : undefined };
    const r = await runExplorerCheck(req);
    const name = JSON.stringify(target);
    assertWellFormed(r);
    assert.ok(r.passed, name);
    for (const g of r.groups) assert.ok(g.maxRelError < 1e-7, `${name} ${g.name}: ${g.maxRelError}`);
    assert.ok(r.timing.totalMs! >= r.timing.computeMs && r.timing.computeMs >= r.timing.checkMs && r.timing.workerStartMs! > 0, JSON.stringify(r.timing));
    // The worker computes exactly what the synchronous path computes.
    const s = computeExplorerResult(req);
    assert.equal(r.loss, s.loss);
    assert.deepEqual(r.groups.map((g) => [g.name, g.maxRelError, g.worst]), s.groups.map((g) => [g.name, g.maxRelError, g.worst]));
    assert.ok(r.formulas.some((f) => f.group === 'relative error'));
    if (target.kind === 'word2vec') {
      assert.deepEqual(r.groups.map((g) => g.name), ['center vectors', 'outside vectors']);
      assert.ok(r.window && r.window.text.includes(`[${r.window.center}]`));
      assert.equal(r.window.context.length, 6);
      // Its own formulas: the loss and both groups, for this model and loss.
      const own = r.formulas.filter((f) => f.model !== 'any');
      assert.deepEqual(own.map((f) => f.group), ['loss', 'center vectors', 'outside vectors']);
      assert.ok(own.every((f) => f.model === target.model && f.loss === target.loss));
      if (target.loss === 'neg') assert.equal(r.negatives?.length, target.model === 'skipgram' ? 6 : 1);
    } else if (target.kind === 'network') {
      assert.deepEqual(r.groups.map((g) => g.name), ['W1', 'b1', 'W2', 'b2']);
      assert.deepEqual(r.groups.map((g) => g.shape), [[6, 5], [1, 5], [5, 4], [1, 4]]);
      assert.deepEqual(r.formulas.filter((f) => f.model !== 'any').map((f) => f.group).sort(), ['W1', 'W2', 'b1', 'b2', 'loss']);
    } else {
      assert.deepEqual(r.groups.map((g) => [g.name, g.shape]), [['W', [3, 8]], ['b', [1, 3]]]);
    }
  }
});

test('naive softmax over a large vocabulary checks the window rows plus a sample, and says how many of how many', async () => {
  const r = await runExplorerCheck({ target: w2v('skipgram', 'softmax', 8), parameters: { kind: 'random', vocabSize: 3000, seed: 1 }, maxOutsideRows: 60, seed: 2 });
  const out = r.groups.find((g) => g.name === 'outside vectors')!;
  assert.equal(out.rowsChecked, 60);
  assert.equal(out.rowsTotal, 3000);
  assert.equal(out.totalInGroup, 3000 * 8);
  for (const c of r.window!.contextIdxs) assert.ok(out.rowIndices.includes(c), 'window rows always checked');
  assert.match(explorerResultToMarkdown(r), /\| outside vectors \| 480 of 24000 \| 60 of 3000 \|/);
});

test('each broken variant, run through the worker, lights up the groups its term feeds and only those', async () => {
  const targetsOf = (t: BrokenTarget): ExplorerTarget[] => (t === 'network' ? [NETWORK] : [w2v('skipgram', t), w2v('cbow', t)]);
  let runs = 0;
  for (const b of BROKEN_GRADIENTS) {
    for (const bt of Object.keys(b.wrong) as BrokenTarget[]) {
      for (const target of targetsOf(bt)) {
        const r = await runExplorerCheck({ target, broken: b.id, seed: 5, parameters: target.kind === 'word2vec' ? { kind: 'random', vocabSize: 30, seed: 9 } : undefined });
        runs++;
        const name = `${b.id} on ${JSON.stringify(target)}`;
        const feeds = b.feeds[bt]!;
        assertWellFormed(r);
        assert.equal(r.broken?.id, b.id);
        assert.equal(r.passed, false, name);
        const worst = r.groups.reduce((a, g) => (g.maxRelError > a.maxRelError ? g : a));
        assert.ok(feeds.includes(worst.name), `${name}: worst entry in ${worst.name}, expected one of ${feeds}`);
        for (const g of r.groups) {
          assert.equal(g.brokenFeeds, feeds.includes(g.name));
          if (!feeds.includes(g.name)) assert.ok(g.maxRelError < 1e-7, `${name}: ${g.name} is not fed by the mistake but has ${g.maxRelError}`);
        }
      }
    }
  }
  assert.equal(runs, 16);
});

test('an inapplicable or unknown broken id, or a bad request, rejects with UserInputError from the worker', async () => {
  await assert.rejects(runExplorerCheck({ target: w2v('skipgram', 'softmax'), broken: 'missing-one-minus-sigma' }), (e) => e instanceof UserInputError && /does not apply/.test(e.message));
  await assert.rejects(runExplorerCheck({ target: NETWORK, broken: 'nope' }), (e) => e instanceof UserInputError && /Unknown broken gradient/.test(e.message));
  await assert.rejects(runExplorerCheck({ target: { kind: 'sentiment', dim: 4 }, broken: 'sign-flip' }), UserInputError);
  await assert.rejects(runExplorerCheck({ target: { ...w2v('cbow', 'neg'), negatives: 0 } as ExplorerTarget }), /negatives \(K\)/);
  const words = ['a', 'b', 'c'];
  await assert.rejects(runExplorerCheck({ target: w2v('skipgram', 'neg', 2), parameters: { kind: 'trained', words, inputVectors: new Float32Array(6) } }),
    (e) => e instanceof UserInputError && /needs a window/.test(e.message));
  await assert.rejects(runExplorerCheck({ target: w2v('skipgram', 'neg', 4), parameters: { kind: 'trained', words, inputVectors: new Float32Array(6) } }),
    (e) => e instanceof UserInputError && /3 words x dim 4/.test(e.message));
});

test('cancel: a big naive-softmax check cancelled right after start rejects quickly with an AbortError', async () => {
  // 30000 words x dim 100, every outside row: 3 million parameters, seconds of work.
  const req: ExplorerRequest = { target: w2v('skipgram', 'softmax', 100), parameters: { kind: 'random', vocabSize: 30000, seed: 1 }, maxOutsideRows: 30000 };
  const abort = new AbortController();
  const started = performance.now();
  const run = runExplorerCheck(req, { signal: abort.signal });
  setTimeout(() => abort.abort(), 30);
  let abortedAt = 0;
  abort.signal.addEventListener('abort', () => { abortedAt = performance.now(); });
  await assert.rejects(run, (e) => isExplorerCancelled(e) && e instanceof Error && e.name === 'AbortError' && /cancelled/.test(e.message));
  const latency = performance.now() - abortedAt;
  assert.ok(latency < 500, `rejected ${latency.toFixed(0)} ms after the abort`);
  assert.ok(performance.now() - started < 2000);
  // An already aborted signal never starts a worker.
  await assert.rejects(runExplorerCheck(req, { signal: AbortSignal.abort() }), isExplorerCancelled);
  // Aborted while a big trained model is being copied for the worker (the copy yields between slices).
  const words = Array.from({ length: 30000 }, (_, i) => `w${i}`);
  const inputVectors = new Float32Array(30000 * 100).fill(0.01);
  const during = new AbortController();
  const copying = runExplorerCheck({ ...req, parameters: { kind: 'trained', words, inputVectors }, window: { centerIdx: 0, contextIdxs: [1, 2] } }, { signal: during.signal });
  await new Promise((r) => setImmediate(r));
  during.abort();
  await assert.rejects(copying, isExplorerCancelled);
  // The same check does take far longer than the cancellation did (so the test above can fail).
  const small = await runExplorerCheck({ ...req, parameters: { kind: 'random', vocabSize: 3000, seed: 1 }, maxOutsideRows: 3000 });
  assert.ok(small.timing.checkMs > 0);
  assert.ok(small.timing.checkMs * 10 > latency, `the full 30000-word check costs ~10x the 3000-word one (${small.timing.checkMs.toFixed(0)} ms); the cancel took ${latency.toFixed(0)} ms`);
});

// ---- a trained-looking model and a real corpus window ------------------------------------------

function makeCorpus(seed: number) {
  const rng = new Rng(seed);
  const words = Array.from({ length: 120 }, (_, i) => `w${i}`);
  const lines = Array.from({ length: 200 }, () => Array.from({ length: 4 + rng.int(20) }, () => words[Math.min(119, Math.floor(Math.abs(rng.normal()) * 40))]).join(' '));
  return { words, text: lines.join('\n') };
}

function trainedModel(words: string[], dim: number, seed: number) {
  const rng = new Rng(seed);
  const mk = () => Float32Array.from({ length: words.length * dim }, () => 0.3 * rng.normal());
  return { words, inputVectors: mk(), outputVectors: mk(), counts: words.map((_, i) => 1000 - 5 * i) };
}

test('a check never changes the trained model: arrays byte-identical after normal and every broken mode, worker and in-thread', async () => {
  const { words, text } = makeCorpus(1);
  const model = trainedModel(words, 12, 2);
  const before = [Buffer.from(model.inputVectors.buffer).toString('base64'), Buffer.from(model.outputVectors.buffer).toString('base64')];
  const countsBefore = [...model.counts];
  const window = pickCorpusWindow(text, words, 3, 4);
  const cases: { target: ExplorerTarget; broken?: string }[] = [];
  for (const c of W2V) {
    cases.push({ target: w2v(c.model, c.loss, 12) });
    for (const b of BROKEN_GRADIENTS) if (b.wrong[c.loss]) cases.push({ target: w2v(c.model, c.loss, 12), broken: b.id });
  }
  cases.push({ target: { kind: 'sentiment', dim: 12 } });
  for (const c of cases) {
    const req: ExplorerRequest = { ...c, parameters: { kind: 'trained', label: 'test model', ...model }, window, seed: 3 };
    const viaWorker = await runExplorerCheck(req);
    const inThread = computeExplorerResult(req); // no cloning protects the arrays here
    assert.equal(viaWorker.loss, inThread.loss);
    assert.equal(Buffer.from(model.inputVectors.buffer).toString('base64'), before[0], `input vectors changed by ${JSON.stringify(c)}`);
    assert.equal(Buffer.from(model.outputVectors.buffer).toString('base64'), before[1], `output vectors changed by ${JSON.stringify(c)}`);
    assert.deepEqual(model.counts, countsBefore);
    if (c.target.kind === 'word2vec') {
      assert.equal(viaWorker.window?.text, window.text);
      assert.equal(viaWorker.parameters.outsideVectors, 'model');
      if (!c.broken) assert.ok(viaWorker.passed, `${JSON.stringify(c)} passes at the trained model`);
    }
  }
});

test('without output vectors the check uses a copy of the input vectors and says so', async () => {
  const { words, text } = makeCorpus(3);
  const { inputVectors } = trainedModel(words, 6, 4);
  const window = pickCorpusWindow(text, new Map(words.map((w, i) => [w, i])), 2, 1);
  const r = await runExplorerCheck({ target: w2v('cbow', 'neg', 6), parameters: { kind: 'trained', words, inputVectors }, window });
  assert.equal(r.parameters.outsideVectors, 'copy of the input vectors');
  assert.ok(r.passed);
  assert.match(explorerResultToMarkdown(r), /a copy of the input vectors/);
});

// ---- exports --------------------------------------------------------------------------------------

/** The rows of the first Markdown table (the per-group summary). */
function summaryRows(md: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| Group | Parameters checked'));
  assert.ok(start >= 0, 'summary table present');
  const rows: string[] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
  return rows;
}
/** Cells of a Markdown table row, honouring escaped pipes. */
const cells = (row: string): string[] => row.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());

test('Markdown: one summary row per group with pass/fail and the worst entry; corpus words cannot break the table', async () => {
  for (const target of [w2v('skipgram', 'neg'), NETWORK]) {
    const r = computeExplorerResult({ target, seed: 2 });
    const rows = summaryRows(explorerResultToMarkdown(r));
    assert.equal(rows.length, r.groups.length);
    rows.forEach((row, i) => {
      const c = cells(row);
      assert.equal(c.length, 8);
      assert.equal(c[0], r.groups[i].name);
      assert.equal(c[4], r.groups[i].passed ? 'pass' : '**FAIL**');
    });
  }
  const broken = computeExplorerResult({ target: w2v('skipgram', 'neg'), broken: 'sign-flip', seed: 2 });
  assert.deepEqual(summaryRows(explorerResultToMarkdown(broken)).map((row) => cells(row)[4]), ['**FAIL**', 'pass']);
  // Words with Markdown/HTML specials (a loaded vectors file can hold any string).
  const words = ['a|b', '<img src=x>', '*x*', 'c', 'd', 'e'];
  const model = trainedModel(words, 4, 1);
  const r = computeExplorerResult({ target: w2v('skipgram', 'neg', 4), parameters: { kind: 'trained', ...model }, window: { centerIdx: 0, contextIdxs: [1, 2] } });
  const md = explorerResultToMarkdown(r);
  assert.ok(md.includes('\\<img') && !/(?<!\\)<img/.test(md), 'HTML escaped');
  for (const row of summaryRows(md)) assert.equal(cells(row).length, 8);
  assert.ok(md.includes('a\\|b'));
});

test('JSON: typed arrays become arrays, non-finite numbers null, everything else round-trips', () => {
  const r = computeExplorerResult({ target: w2v('skipgram', 'softmax'), broken: 'softmax-no-shift', seed: 2, parameters: { kind: 'random', vocabSize: 20, seed: 5 } });
  const back = JSON.parse(explorerResultToJson(r));
  assert.equal(back.groups.length, r.groups.length);
  r.groups.forEach((g, i) => {
    const bg = back.groups[i];
    assert.ok(Array.isArray(bg.log10RelErrors));
    assert.equal(bg.log10RelErrors.length, g.count);
    g.log10RelErrors.forEach((x, j) => {
      if (Number.isFinite(x)) assert.ok(Math.abs(bg.log10RelErrors[j] - x) <= 5e-4);
      else assert.equal(bg.log10RelErrors[j], null);
    });
    assert.equal(bg.maxRelError, Number.isFinite(g.maxRelError) ? g.maxRelError : null);
  });
  assert.ok(r.groups.some((g) => g.histogram.nonFinite > 0), 'the no-shift softmax overflows to NaN');
  assert.deepEqual(back.window, r.window);
  assert.deepEqual(back.formulas, r.formulas);
  assert.equal(back.inputScale, r.inputScale);
});

// ---- corpus windows -----------------------------------------------------------------------------

/** Lines of unique tokens t0 t1 ..., so a token's position identifies it. */
function uniqueText(lineLengths: number[]): { text: string; lines: string[][] } {
  let k = 0;
  const lines = lineLengths.map((n) => Array.from({ length: n }, () => `t${k++}`));
  return { text: lines.map((l) => l.join(' ')).join('\n'), lines };
}

function expectedContext(lines: string[][], center: string, window: number): string[] {
  for (const l of lines) {
    const i = l.indexOf(center);
    if (i >= 0) return [...l.slice(Math.max(0, i - window), i), ...l.slice(i + 1, i + 1 + window)];
  }
  throw new Error(`${center} not in the text`);
}

test('corpusWindow: an in-vocabulary window of exactly the words within the window size, on one line', () => {
  const rng = new Rng(1);
  const { text, lines } = uniqueText(Array.from({ length: 300 }, () => 1 + rng.int(30)));
  const all = lines.flat();
  // Every 7th token is out of the vocabulary.
  const vocab = new Map<string, number>();
  all.forEach((w, i) => { if (i % 7 !== 3) vocab.set(w, vocab.size); });
  const seen = new Set<string>();
  for (const window of [1, 2, 5]) {
    for (let seed = 1; seed <= 20; seed++) {
      const w = pickCorpusWindow(text, vocab, window, seed);
      assert.ok(w.allInVocabulary, `seed ${seed}`);
      assert.deepEqual(w.outOfVocabulary, []);
      assert.deepEqual(w.context, expectedContext(lines, w.center, window));
      assert.ok(w.context.length >= 1 && w.context.length <= 2 * window);
      assert.equal(w.centerIdx, vocab.get(w.center));
      assert.deepEqual(w.contextIdxs, w.context.map((c) => vocab.get(c)));
      assert.equal(text.slice(w.offset!, w.offset! + w.center.length), w.center);
      assert.ok(w.text.includes(`[${w.center}]`));
      assert.deepEqual(pickCorpusWindow(text, vocab, window, seed), w, 'seeded: same seed, same window');
      seen.add(w.center);
    }
  }
  assert.ok(seen.size > 30, `different seeds pick different windows (${seen.size} centers)`);
});

test('corpusWindow: falls back to the in-vocabulary words when no window is all in vocabulary; errors when none is', () => {
  const { text, lines } = uniqueText([40, 40]);
  const all = lines.flat();
  const words = all.filter((_, i) => i % 2 === 0); // every other word known
  const w = pickCorpusWindow(text, words, 2, 3);
  assert.equal(w.allInVocabulary, false);
  assert.equal(w.context.length, 2);
  assert.equal(w.outOfVocabulary.length, 2);
  assert.deepEqual([...w.context, ...w.outOfVocabulary].sort(), expectedContext(lines, w.center, 2).sort());
  assert.throws(() => pickCorpusWindow(text, ['nothing'], 2, 1), (e) => e instanceof UserInputError && /vocabulary/.test(e.message));
  assert.throws(() => pickCorpusWindow('', ['a'], 2, 1), UserInputError);
  assert.throws(() => pickCorpusWindow(text, words, 0, 1), UserInputError);
});

test('corpusWindow: a text8-like single long line and a token array', () => {
  const n = 60000;
  const tokens = Array.from({ length: n }, (_, i) => `t${i}`);
  const text = tokens.join(' '); // ~470 KB on one line, like text8
  const vocab = new Map(tokens.map((t, i) => [t, i]));
  const t0 = performance.now();
  for (let seed = 1; seed <= 10; seed++) {
    const w = pickCorpusWindow(text, vocab, 5, seed);
    const i = vocab.get(w.center)!;
    assert.deepEqual(w.context, [...tokens.slice(Math.max(0, i - 5), i), ...tokens.slice(i + 1, i + 6)]);
    assert.equal(text.slice(w.offset!, w.offset! + w.center.length), w.center);
    const a = pickCorpusWindow(tokens, vocab, 5, seed);
    const j = vocab.get(a.center)!;
    assert.deepEqual(a.context, [...tokens.slice(Math.max(0, j - 5), j), ...tokens.slice(j + 1, j + 6)]);
    assert.equal(a.offset, undefined);
  }
  assert.ok(performance.now() - t0 < 1000, 'reads chunks, not the whole text');
  // Lines shorter than the window: the context stays on the center's line.
  const short = uniqueText(Array.from({ length: 50 }, () => 3));
  const s = pickCorpusWindow(short.text, short.lines.flat(), 5, 2);
  assert.equal(s.context.length, 2);
  assert.deepEqual(s.context, expectedContext(short.lines, s.center, 5));
});

test('corpusWindow from a file: random pieces of a multi-line UTF-8 file and of one long line; the file is only read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'explorer-test-'));
  try {
    // Multi-byte words, so pieces start inside UTF-8 sequences and words.
    const rng = new Rng(4);
    let k = 0;
    const lines = Array.from({ length: 400 }, () => Array.from({ length: 1 + rng.int(25) }, () => `été${k++}жук`));
    const multi = join(dir, 'multi.txt');
    writeFileSync(multi, lines.map((l) => l.join(' ')).join('\r\n') + '\r\n');
    const all = lines.flat();
    const vocab = new Map<string, number>();
    all.forEach((w, i) => { if (i % 5 !== 2) vocab.set(w, vocab.size); });
    const before = readFileSync(multi);
    const mtime = statSync(multi).mtimeMs;
    const centers = new Set<string>();
    for (let seed = 1; seed <= 15; seed++) {
      const w = await pickCorpusWindowFromFile(multi, vocab, 3, seed);
      assert.ok(w.allInVocabulary);
      assert.deepEqual(w.context, expectedContext(lines, w.center, 3), `seed ${seed}: ${w.text}`);
      assert.equal(w.offset, undefined);
      assert.deepEqual(await pickCorpusWindowFromFile(multi, vocab, 3, seed), w);
      centers.add(w.center);
    }
    assert.ok(centers.size > 8);
    assert.deepEqual(readFileSync(multi), before);
    assert.equal(statSync(multi).mtimeMs, mtime);
    // One long line (text8): every window is a full 2 x window.
    const tokens = Array.from({ length: 30000 }, (_, i) => `ü${i}`);
    const long = join(dir, 'long.txt');
    writeFileSync(long, tokens.join(' '));
    const index = new Map(tokens.map((t, i) => [t, i]));
    for (let seed = 1; seed <= 5; seed++) {
      const w = await pickCorpusWindowFromFile(long, index, 4, seed);
      const i = index.get(w.center)!;
      assert.deepEqual(w.context, [...tokens.slice(Math.max(0, i - 4), i), ...tokens.slice(i + 1, i + 5)]);
    }
    await assert.rejects(pickCorpusWindowFromFile(join(dir, 'missing.txt'), index, 4, 1), (e) => e instanceof UserInputError && /does not exist/.test(e.message));
    await assert.rejects(pickCorpusWindowFromFile(long, ['nothing'], 4, 1), UserInputError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const TEXT8 = join(__dirname, '../../../../shared/data/corpus/text8-head.txt');

test('corpusWindow on real data (text8-head): in-vocabulary windows of contiguous tokens of one line, from the text and from the file', {
  skip: existsSync(TEXT8) ? false : `${TEXT8} is absent; skipping the real-data window test`,
}, async () => {
  const text = readFileSync(TEXT8, 'utf8');
  const lines = text.split('\n');
  const counts = new Map<string, number>();
  for (const l of lines.slice(0, 200)) for (const w of tokenizeLine(l)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts].filter(([, c]) => c >= 5).map(([w]) => w); // min-count 5 over the first 200 lines
  const vocab = new Set(words);
  const tokenized = lines.map((l) => ` ${tokenizeLine(l).join(' ')} `).join('\n');
  for (let seed = 1; seed <= 8; seed++) {
    const fromText = pickCorpusWindow(text, words, 5, seed);
    const fromFile = await pickCorpusWindowFromFile(TEXT8, words, 5, seed);
    for (const w of [fromText, fromFile]) {
      assert.ok(w.allInVocabulary, w.text);
      assert.ok([w.center, ...w.context].every((x) => vocab.has(x)));
      assert.ok(w.context.length <= 10);
      // The window's words, in order, are consecutive tokens of one line.
      assert.ok(tokenized.includes(` ${w.text.replace(/[[\]]/g, '')} `), w.text);
    }
    // From the text, the offset points at the center word and the context is exactly its neighbours.
    const lineStart = text.lastIndexOf('\n', fromText.offset! - 1) + 1;
    let lineEnd = text.indexOf('\n', fromText.offset!);
    if (lineEnd < 0) lineEnd = text.length;
    const line = tokenizeLine(text.slice(lineStart, lineEnd));
    const i = tokenizeLine(text.slice(lineStart, fromText.offset!)).length;
    assert.equal(line[i], fromText.center);
    assert.deepEqual(fromText.context, [...line.slice(Math.max(0, i - 5), i), ...line.slice(i + 1, i + 6)]);
  }
});

test('the training kernel is checked beside CS224n\'s formulas, on the same window: it passes, its sources are named, and the notes say where the two differ', () => {
  for (const { model, loss } of W2V) {
    const r = computeExplorerResult({ target: w2v(model, loss), seed: 4 });
    assert.ok(r.kernel, `${model}/${loss}: no kernel check`);
    assert.deepEqual(r.kernel.groups.map((g) => g.name), ['center vectors', 'outside vectors']);
    assert.ok(r.kernel.groups.every((g) => g.source === 'the training kernel' && g.count > 0 && g.maxRelError < 1e-6), `${model}/${loss}: ${r.kernel.groups.map((g) => g.maxRelError)}`);
    assert.ok(r.groups.every((g) => g.source === "CS224n's formulas"));
    assert.ok(r.kernel.passed);
    assert.match(r.kernel.notes.join(' '), model === 'cbow' ? /Sum against mean/ : /Pair direction/);
    const st = r.kernel.steps;
    assert.ok(st.terms.length > 0 && st.lossAfter < st.loss, `${model}/${loss}: step by step ${st.loss} -> ${st.lossAfter}`);
    assert.ok(Math.abs(st.terms.reduce((a, x) => a + x.loss, 0) - st.loss) < 1e-9);
    const md = explorerResultToMarkdown(r);
    assert.match(md, /#### One update, step by step/);
    assert.match(md, /#### The training kernel/);
    assert.match(md, /#### CS224n's formulas/);
  }
  // word2vec's CBOW update: the kernel's context rows fail, by the number of context words, and the page says why.
  const r = computeExplorerResult({ target: { kind: 'word2vec', model: 'cbow', loss: 'neg', negatives: 5, dim: 10, window: 3, cbowUpdate: 'word2vec' }, seed: 4 });
  const center = r.kernel!.groups.find((g) => g.name === 'center vectors')!;
  assert.ok(!center.passed && r.kernel!.groups.find((g) => g.name === 'outside vectors')!.passed);
  const n = r.window!.contextIdxs.length;
  const w = center.worst[0];
  assert.ok(Math.abs(w.analytic / w.numeric - n) < 1e-6, `ratio ${w.analytic / w.numeric}, want ${n}`);
  assert.match(r.kernel!.notes.join(' '), new RegExp(`off by a factor of ${n}`));
});

test('a run trained with a planted mistake: the explorer\'s kernel check checks that kernel, fails, and names the mistake', () => {
  const r = computeExplorerResult({ target: { kind: 'word2vec', model: 'skipgram', loss: 'neg', negatives: 5, dim: 10, window: 3, mistake: 'negative-sign-flip' }, seed: 4 });
  assert.ok(!r.kernel!.passed);
  assert.ok(r.passed, 'CS224n\'s formulas are not mistaken');
  assert.match(r.kernel!.notes.join(' '), /planted mistake, negatives' error with the wrong sign/);
  assert.throws(() => computeExplorerResult({ target: { kind: 'word2vec', model: 'skipgram', loss: 'neg', negatives: 5, dim: 10, window: 3, mistake: 'nope' as never }, seed: 4 }), /Unknown mistake "nope"/);
});

test('the hierarchical softmax in the explorer: the training kernel alone, the path\'s inner nodes as their own group, its formulas; broken gradients refused', () => {
  for (const model of ['skipgram', 'cbow'] as const) {
    const r = computeExplorerResult({ target: { kind: 'word2vec', model, loss: 'hs', dim: 10, window: 3 }, seed: 4 });
    assertWellFormed(r);
    assert.deepEqual(r.groups.map((g) => g.name), ['center vectors', 'inner nodes']);
    assert.ok(r.groups.every((g) => g.source === 'the training kernel' && g.passed), `${model}: ${r.groups.map((g) => g.maxRelError)}`);
    const inner = r.groups[1];
    assert.ok(inner.rowLabels.every((l) => /^node \d+$/.test(l)), 'inner nodes are named as nodes, not words');
    assert.ok(inner.rowIndices.every((i) => i >= 0 && i < 49), 'a 50-word vocabulary has 49 inner nodes');
    assert.equal(r.negatives, undefined);
    assert.deepEqual(r.formulas.filter((f) => f.model === model).map((f) => f.group).sort(), ['center vectors', 'inner nodes', 'loss']);
    assert.ok(r.kernel!.steps.terms.every((x) => /^node \d+$/.test(x.row) && (x.label === 0 || x.label === 1)));
    assert.match(r.kernel!.notes.join(' '), /Hierarchical softmax/);
    assert.match(explorerResultToMarkdown(r), /hierarchical softmax/);
  }
  assert.throws(() => computeExplorerResult({ target: { kind: 'word2vec', model: 'skipgram', loss: 'hs', dim: 10, window: 3 }, broken: 'sign-flip', seed: 4 }),
    /no hierarchical softmax; train with a planted mistake/);
});

test('one update, step by step: every touched row with its values before, its gradient and after = before − α·gradient', () => {
  for (const { model, loss } of [...W2V, { model: 'skipgram' as const, loss: 'hs' as const }, { model: 'cbow' as const, loss: 'hs' as const }]) {
    const r = computeExplorerResult({ target: { kind: 'word2vec', model, loss, negatives: 5, dim: 10, window: 3 }, seed: 4 });
    const st = r.kernel!.steps;
    const groups = r.kernel!.groups;
    // The rows are exactly the kernel check's touched rows, and each gradient is the check's analytic one.
    const input = st.rows.filter((x) => x.group === 'center vectors');
    assert.deepEqual(input.map((x) => x.rowIndex), groups[0].rowIndices);
    for (const x of st.rows) {
      assert.equal(x.before.length, 10);
      for (let c = 0; c < 10; c++) assert.ok(Math.abs(x.after[c] - (x.before[c] - st.alpha * x.grad[c])) < 1e-12, `${model}/${loss} ${x.row}[${c}]`);
    }
    const out = groups[1];
    for (const [i, rowIndex] of out.rowIndices.entries()) {
      const x = st.rows.find((y) => y.group === out.name && y.rowIndex === rowIndex)!;
      assert.ok(x, `${model}/${loss}: checked output row ${rowIndex} is among the step's rows`);
      for (let c = 0; c < 10; c++) assert.equal(x.grad[c], out.analytic[i * 10 + c]);
    }
  }
});
