import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isDashboardSnapshot, isFromWebview, isWebviewState, describeInvalid, LIMITS } from '../../extension/shared/protocol';
import { LossHistory } from '../../extension/shared/lossHistory';
import { GradHistory } from '../../extension/shared/gradHistory';

test('valid webview messages pass', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'neighbours', requestId: 3, word: 'king', k: 10 },
    { type: 'complete', requestId: 0, prefix: '', limit: 12 },
    { type: 'status', tab: 'gradients', lossPoints: 10, gradReports: 2, neighbours: 0, explorerResults: 1 },
    { type: 'explorerRun', requestId: 1, request: { target: 'cbow', loss: 'softmax', negatives: 10, broken: 'sign-flip' } },
    { type: 'explorerRun', requestId: 2, request: { target: 'network', loss: 'neg', negatives: 1, broken: '' } },
    { type: 'explorerCancel', requestId: 1 },
    { type: 'explorerCopyMarkdown' },
    { type: 'explorerExportJson' },
    { type: 'openDerivations' },
    { type: 'error', message: 'boom' },
  ]) assert.ok(isFromWebview(m), JSON.stringify(m));
});

test('invalid webview messages are rejected', () => {
  const bad: unknown[] = [
    null, 'ready', 42, [], {}, { type: 'nope' },
    { type: 'ready', extra: 1 },
    { type: 'neighbours', requestId: 1, word: '', k: 10 },
    { type: 'neighbours', requestId: 1, word: 'x'.repeat(LIMITS.wordLength + 1), k: 10 },
    { type: 'neighbours', requestId: 1, word: 'king', k: 0 },
    { type: 'neighbours', requestId: 1, word: 'king', k: 1.5 },
    { type: 'neighbours', requestId: 1, word: 'king', k: LIMITS.maxK + 1 },
    { type: 'neighbours', requestId: -1, word: 'king', k: 10 },
    { type: 'neighbours', requestId: 1, word: 7, k: 10 },
    { type: 'complete', requestId: 1, prefix: 'a', limit: 0 },
    { type: 'complete', requestId: 1, prefix: 'a', limit: LIMITS.maxCompletions + 1 },
    { type: 'status', tab: 'other', lossPoints: 1, gradReports: 1, neighbours: 0, explorerResults: 0 },
    { type: 'status', tab: 'training', lossPoints: -1, gradReports: 1, neighbours: 0, explorerResults: 0 },
    { type: 'status', tab: 'training', lossPoints: 1, gradReports: 1, neighbours: 0 },
    { type: 'explorerRun', requestId: 1, request: { target: 'glove', loss: 'neg', negatives: 10, broken: '' } },
    { type: 'explorerRun', requestId: 1, request: { target: 'cbow', loss: 'neg', negatives: 0, broken: '' } },
    { type: 'explorerRun', requestId: 1, request: { target: 'cbow', loss: 'neg', negatives: 51, broken: '' } },
    { type: 'explorerRun', requestId: 1, request: { target: 'cbow', loss: 'neg', negatives: 5, broken: '<b>' } },
    { type: 'explorerRun', requestId: 1, request: { target: 'cbow', loss: 'neg', negatives: 5, broken: '', extra: 1 } },
    { type: 'explorerRun', requestId: 1 },
    { type: 'explorerExportJson', path: '/etc/passwd' },
    // The page names no file: the extension opens its own docs/derivations.md, nothing else.
    { type: 'openDerivations', path: '/etc/passwd' },
    { type: 'openDerivations', uri: 'https://example.com/x.md' },
    { type: 'error', message: 'x'.repeat(LIMITS.messageLength + 1) },
    { type: 'error', message: { toString: 'no' } },
  ];
  for (const m of bad) assert.ok(!isFromWebview(m), `accepted ${JSON.stringify(m)}`);
  assert.match(describeInvalid({ type: 'nope', a: 1 }), /"nope".*a/);
  assert.match(describeInvalid(null), /null/);
});

function snapshot() {
  const loss = new LossHistory(8);
  loss.add({ x: 10, raw: 3 });
  const grad = new GradHistory(8);
  grad.add({ wordsProcessed: 10, centerWord: 'c', contextWords: ['a', 'b'], groups: [{ name: 'center vectors', count: 2, maxRelError: 1e-9, relErrors: [1e-9, 0] }] });
  return {
    run: { runId: '1', source: 'a.txt', startedAt: 1, options: { model: 'cbow', loss: 'softmax', dim: 10, window: 2, negative: 5, minCount: 1, maxVocab: 0, sample: 0, epochs: 1, alpha: 0.05, threads: 1, seed: 1, output: 'input' } },
    vocab: { corpusWords: 10, distinctWords: 5, vocabSize: 5, trainWords: 10, sentences: 1, top: [{ word: 'a', count: 4 }] },
    progress: { phase: 'train', wordsProcessed: 10, totalWords: 10, epoch: 1, epochs: 1, alpha: 0.05, loss: null, lossRaw: null, wordsPerSec: 1, elapsedSec: 1, etaSec: 0 },
    ended: { stopReason: 'diverged', message: 'NaN', seconds: 1, wordsProcessed: 10, finalLoss: null },
    model: { words: 5, dim: 10, source: 'a.txt' },
    loss: loss.state(),
    grad: grad.state(),
  };
}

test('a saved state with a snapshot (as JSON brings it back) is accepted', () => {
  const s = JSON.parse(JSON.stringify({ version: 1, tab: 'neighbours', query: 'king', k: 10, snapshot: snapshot() }));
  assert.ok(isDashboardSnapshot(s.snapshot));
  assert.ok(isWebviewState(s));
  assert.ok(isWebviewState({ version: 1, tab: 'training', query: '', k: 10 }));
  assert.ok(isWebviewState({ version: 1, tab: 'training', query: '', k: 10, explorer: { target: 'skipgram', loss: 'neg', negatives: 10, broken: '' } }));
  assert.ok(!isWebviewState({ version: 1, tab: 'training', query: '', k: 10, explorer: { target: 'skipgram' } }));
});

test('runs of the kernel check: the hierarchical softmax, a CBOW update, a planted mistake, both sources and the notes are accepted', () => {
  const s = JSON.parse(JSON.stringify({ version: 1, tab: 'gradients', query: '', k: 10, snapshot: snapshot() }));
  Object.assign(s.snapshot.run.options, { loss: 'hs', cbowUpdate: 'word2vec', mistake: 'dropped-one-minus-sigma' });
  Object.assign(s.snapshot.grad.latest, {
    formulaGroups: [{ name: 'center vectors', source: "CS224n's formulas", count: 2, maxRelError: 1e-9, relErrors: [1e-9, 0] }],
    notes: ['Sum against mean: ...'],
  });
  s.snapshot.grad.latest.groups[0].source = 'the training kernel';
  assert.ok(isWebviewState(s));
});

test('a tampered saved state is rejected', () => {
  const base = () => JSON.parse(JSON.stringify({ version: 1, tab: 'training', query: '', k: 10, snapshot: snapshot() }));
  const cases: ((s: any) => void)[] = [
    (s) => { s.version = 2; },
    (s) => { s.k = 0; },
    (s) => { s.tab = 'x'; },
    (s) => { s.snapshot.loss.buckets.push(1); },
    (s) => { s.snapshot.run.options.model = 'glove'; },
    (s) => { s.snapshot.vocab.top = [{ word: 1, count: 1 }]; },
    (s) => { s.snapshot.grad.latest.groups[0].relErrors = ['x']; },
    (s) => { s.snapshot.ended.stopReason = 'exploded'; },
    (s) => { s.snapshot.model = { words: '5', dim: 10, source: 'a' }; },
    (s) => { s.snapshot.grad.points = 'none'; },
    (s) => { s.snapshot.run.options.mistake = 'rm -rf'; },
    (s) => { s.snapshot.run.options.cbowUpdate = 'sum'; },
    (s) => { s.snapshot.grad.latest.notes = [7]; },
    (s) => { s.snapshot.grad.latest.formulaGroups = [{ name: 'x', count: 1, maxRelError: 'big', relErrors: [] }]; },
  ];
  for (const [i, mutate] of cases.entries()) {
    const s = base();
    mutate(s);
    assert.ok(!isWebviewState(s), `case ${i} accepted`);
  }
});
