/**
 * The Runs tab's record, on the extension side: the last five runs with decimated curves, kept in
 * the workspace's storage and read back (validated) after a reload; the pair of a mistaken run and
 * its correct twin; the probe neighbours; and the page's "train with a mistake" message validated.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DashboardRecorder } from '../../extension/dashboard/recorder';
import { evaluationScores, probeWords, RUNS_KEY } from '../../extension/dashboard/runs';
import { CURVE_POINTS, decimateCurve, isRunRecords, MAX_RUNS, type RunRecord } from '../../extension/shared/runHistory';
import { isFromWebview, type RunView, type ToWebview } from '../../extension/shared/protocol';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import type { TrainOptions, TrainResult } from '../../extension/core/train/types';
import * as fake from './fakeVscode';
import type { ExtensionContext } from 'vscode';
import { Dashboard } from '../../extension/dashboard/dashboard';
import { trainWithMistake } from '../../extension/dashboard/mistakeRun';
import type { RunManager, RunRequest } from '../../extension/training/runManager';
import type { RunInfo, RunOutcome } from '../../extension/training/events';

const OPTIONS: TrainOptions = {
  model: 'skipgram', loss: 'neg', dim: 4, window: 2, negative: 3, minCount: 1, maxVocab: 0, sample: 0, epochs: 1, alpha: 0.025, threads: 1, seed: 7, output: 'input',
};

/** workspaceState's shape, holding what a real Memento would (a JSON round trip). */
function storage() {
  const data = new Map<string, string>();
  return {
    get: (k: string): unknown => (data.has(k) ? JSON.parse(data.get(k)!) : undefined),
    update: (k: string, v: unknown) => { data.set(k, JSON.stringify(v)); return Promise.resolve(); },
  };
}

function run(recorder: DashboardRecorder, id: number, options: Partial<TrainOptions> = {}, points = 50): void {
  const view: RunView = { runId: String(id), source: `<b>corpus ${id}</b>`, options: { ...OPTIONS, ...options }, startedAt: 1_700_000_000_000 + id };
  recorder.runStarted(view);
  const lossPoints = Array.from({ length: points }, (_, i) => ({ wordsProcessed: (i + 1) * 1000, loss: 5 - i / points }));
  recorder.progress({ phase: 'train', wordsProcessed: points * 1000, totalWords: points * 1000, epoch: 1, epochs: 1, alpha: 0.02, loss: 4, lossRaw: 4, wordsPerSec: 1, elapsedSec: 1, etaSec: 0, lossPoints });
  recorder.gradCheck({ wordsProcessed: 10, centerWord: 'a', contextWords: ['b'], groups: [{ name: 'center vectors', source: 'the training kernel', count: 4, maxRelError: options.mistake ? 0.5 : 1e-9, relErrors: [] }] });
  recorder.runEnded({ stopReason: 'done', seconds: 1.5, wordsProcessed: points * 1000, finalLoss: 4.1 });
}

test('the last five runs are kept in the workspace storage, curves decimated, and read back after a reload', () => {
  const store = storage();
  const posted: ToWebview[] = [];
  const recorder = new DashboardRecorder(() => ({ post: (m) => posted.push(m) }), store);
  for (let i = 1; i <= 7; i++) run(recorder, i, {}, i === 7 ? 5000 : 50);
  const saved = store.get(RUNS_KEY) as RunRecord[];
  assert.ok(isRunRecords(saved));
  assert.equal(saved.length, MAX_RUNS);
  assert.deepEqual(saved.map((r) => r.source), [3, 4, 5, 6, 7].map((i) => `<b>corpus ${i}</b>`));
  assert.equal(saved[4].curve.length, CURVE_POINTS, 'a long curve is decimated');
  assert.equal(saved[0].curve.length, 50);
  assert.deepEqual(saved[4].end, { stopReason: 'done', seconds: 1.5, wordsProcessed: 5_000_000, finalLoss: 4.1 });
  assert.deepEqual(saved[4].check?.groups, [{ name: 'center vectors', source: 'the training kernel', maxRelError: 1e-9 }]);
  assert.ok(posted.some((m) => m.type === 'runs' && m.runs.length === MAX_RUNS), 'the page is told');
  // A reload: a new recorder reads the list back; the snapshot carries it to the page.
  const again = new DashboardRecorder(() => undefined, store);
  const snap = again.snapshotMessage(undefined);
  assert.ok(snap.type === 'snapshot' && snap.runs?.length === MAX_RUNS);
  // A tampered store is ignored, not trusted.
  store.update(RUNS_KEY, [{ runId: 'x', source: 1 }]);
  assert.equal(new DashboardRecorder(() => undefined, store).runs.runs.length, 0);
});

test('a run the window\'s reload interrupted (saved when it started, never ended) reads back as interrupted, not as training', () => {
  const store = storage();
  const recorder = new DashboardRecorder(() => undefined, store);
  run(recorder, 1);
  // Run 2 starts and the window reloads: deactivation stops it without a run-ended event.
  recorder.runStarted({ runId: '2', source: 'corpus 2', options: OPTIONS, startedAt: 1_700_000_000_002 });
  assert.equal((store.get(RUNS_KEY) as RunRecord[])[1].end, undefined, 'stored with no end');
  const [done, interrupted] = new DashboardRecorder(() => undefined, store).runs.runs;
  assert.deepEqual(done.end, { stopReason: 'done', seconds: 1.5, wordsProcessed: 50_000, finalLoss: 4.1 });
  assert.deepEqual(interrupted.end, { stopReason: 'cancelled', seconds: 0, wordsProcessed: 0, finalLoss: null, interrupted: true });
  assert.ok(isRunRecords([interrupted]), 'still valid when saved again');
  assert.ok(!isRunRecords([{ ...interrupted, end: { ...interrupted.end, interrupted: 'yes' } }]));
});

test('decimation: at most CURVE_POINTS means, the ends kept in range; non-finite points dropped', () => {
  const pts = Array.from({ length: 1001 }, (_, i) => ({ x: i, y: i % 2 }));
  const d = decimateCurve(pts);
  assert.equal(d.length, CURVE_POINTS);
  assert.ok(d.every(([x, y]) => x >= 0 && x <= 1000 && y >= 0 && y <= 1));
  assert.deepEqual(decimateCurve([{ x: 1, y: NaN }, { x: 2, y: 3 }]), [[2, 3]]);
});

test('a mistaken run and its correct twin: paired, the twin probed with the same words, the mistake recorded', async () => {
  const recorder = new DashboardRecorder(() => undefined, storage());
  run(recorder, 1, { mistake: 'dropped-one-minus-sigma' });
  const mistakenId = recorder.runs.currentId!;
  const words = Array.from({ length: 600 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
  const vectors = new WordVectors(words, 2, Float32Array.from({ length: 1200 }, (_, i) => Math.sin(i)));
  const lookup = async (word: string, k: number) => ({ row: vectors.indexOf(word), neighbours: vectors.indexOf(word) < 0 ? [] : vectors.neighbours(word, k) });
  await recorder.runs.probe(mistakenId, words, lookup);
  recorder.runs.pairNext(mistakenId, '<b>corpus 2</b>');
  run(recorder, 2, { mistake: '' });
  await recorder.runs.probe(recorder.runs.currentId!, words, lookup);
  const [bad, good] = recorder.runs.runs;
  assert.equal(bad.settings.mistake, 'dropped-one-minus-sigma');
  assert.equal(good.settings.mistake, undefined);
  assert.equal(good.pairedWith, bad.runId);
  assert.deepEqual(good.neighbours?.map((n) => n.word), bad.neighbours?.map((n) => n.word));
  assert.equal(bad.neighbours?.length, 3);
  assert.ok(bad.neighbours!.every((n) => n.neighbours.length === 5));
  assert.ok(bad.check!.groups[0].maxRelError! > 0.1);
});

test('probe words: mid-frequency words of letters only', () => {
  const letters = (i: number): string => `word${[...i.toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')}`;
  const words = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? `${i}` : letters(i)));
  const p = probeWords(words);
  assert.equal(p.length, 3);
  assert.ok(p.every((w) => words.indexOf(w) >= 50 && /^\p{L}{4,}$/u.test(w)));
  assert.deepEqual(probeWords(['a', 'b']), ['a', 'b']);
});

test('the page\'s "train with a mistake" message is validated', () => {
  assert.ok(isFromWebview({ type: 'trainWithMistake', mistake: 'dropped-one-minus-sigma' }));
  assert.ok(!isFromWebview({ type: 'trainWithMistake', mistake: 'rm -rf' }));
  assert.ok(!isFromWebview({ type: 'trainWithMistake', mistake: 'dropped-one-minus-sigma', extra: 1 }));
});

test('the Evaluation tab\'s scores are kept with the run whose vectors they were computed on', () => {
  const store = storage();
  const recorder = new DashboardRecorder(() => undefined, store);
  run(recorder, 1);
  run(recorder, 2);
  recorder.runs.scored('<b>corpus 1</b>', evaluationScores([
    { path: '/d/simlex.txt', name: 'simlex.txt', status: 'done', pairs: { spearman: 0.181, pearson: 0.2, pairs: 999, oov: 3, oovRate: 0.003, worst: [] } },
    { path: '/d/q.txt', name: 'questions-words.txt', status: 'done', analogies: { sections: [], overall: { section: 'total', correct: 66, total: 1000, skipped: 0, accuracy: 0.066 }, mistakes: [] } },
    { path: '/d/bad.txt', name: 'bad.txt', status: 'error', error: 'line 3' },
  ]));
  const [first, second] = recorder.runs.runs;
  assert.deepEqual(first.scores, [{ file: 'simlex.txt', measure: 'Spearman', value: 0.181 }, { file: 'questions-words.txt', measure: 'accuracy', value: 0.066 }]);
  assert.equal(second.scores, undefined);
  assert.ok(isRunRecords(store.get(RUNS_KEY)), 'saved and still valid');
  recorder.runs.scored('no such run', [{ file: 'x', measure: 'Spearman', value: 1 }]);
  assert.equal(recorder.runs.runs.filter((r) => r.scores).length, 1);
});

/**
 * The run manager as trainWithMistake sees it: each start answers as the test says ('done': the run
 * starts and ends; 'keep': the user kept the run that was going, nothing starts; 'other first' or
 * 'other after': a run of another corpus starts and ends before or after this one), reporting to the recorder as
 * dashboardLink does.
 */
function scriptedRuns(recorder: DashboardRecorder, answers: ('done' | 'keep' | 'other first' | 'other after')[]): RunManager {
  let id = 10;
  const corpus = 'file:///c/corpus.txt';
  (fake.workspace as unknown as { textDocuments: { uri: fake.Uri; isDirty: boolean; getText(): string }[] }).textDocuments.push({ uri: fake.Uri.parse(corpus), isDirty: true, getText: () => 'the cat sat on the mat' });
  const go = (name: string, options: Partial<TrainOptions>): RunOutcome => {
    const info: RunInfo = { id: ++id, name, sourceKind: 'text', documentUri: corpus, options: { ...OPTIONS, ...options }, startedAt: 1_700_000_001_000 + id };
    recorder.runStarted({ runId: String(info.id), source: info.name, options: info.options, startedAt: info.startedAt });
    recorder.runEnded({ stopReason: 'done', seconds: 1, wordsProcessed: 6, finalLoss: 3 });
    return { kind: 'result', run: info, result: { stopReason: 'done' } as TrainResult };
  };
  const manager = {
    current: undefined,
    lastOutcome: { kind: 'error', run: { id: 1, name: 'corpus.txt', sourceKind: 'text', documentUri: corpus, options: OPTIONS, startedAt: 0 }, message: '', userError: false } as RunOutcome,
    async start(req: RunRequest): Promise<RunOutcome | undefined> {
      const answer = answers.shift();
      if (answer === 'keep') return undefined;
      if (answer === 'other first') go('other.txt', {});
      const outcome = go(req.name, req.options ?? {});
      if (answer === 'other after') go('other.txt', {});
      return outcome;
    },
  };
  return manager as unknown as RunManager;
}

test('train with a mistake pairs the mistaken run with its own correct twin, and with no later run when the twin did not start', async () => {
  // The user answered "keep" to the twin's "already training" question: a later correct run of the same corpus is no twin.
  const kept = new DashboardRecorder(() => undefined, storage());
  assert.equal(await trainWithMistake('dropped-one-minus-sigma', scriptedRuns(kept, ['done', 'keep']), kept),
    'Trained with “dropped (1 − σ) factor”; the correct run beside it did not start: you kept the run that was going.');
  kept.runStarted({ runId: '99', source: 'corpus.txt', options: OPTIONS, startedAt: 1_700_000_009_000 });
  assert.equal(kept.runs.runs.length, 2);
  assert.equal(kept.runs.runs[1].pairedWith, undefined, 'an unrelated later run is not the mistaken run\'s twin');
  // Other runs started between the mistaken run and its twin: the twin is paired with the mistaken run, the others with none.
  const raced = new DashboardRecorder(() => undefined, storage());
  assert.equal(await trainWithMistake('dropped-one-minus-sigma', scriptedRuns(raced, ['other after', 'other first']), raced),
    'Trained with “dropped (1 − σ) factor” and the correct run beside it: compare them below.');
  const [mistaken, other1, other2, twin] = raced.runs.runs;
  assert.equal(mistaken.settings.mistake, 'dropped-one-minus-sigma');
  assert.deepEqual([other1.source, other2.source, twin.source], ['other.txt', 'other.txt', 'corpus.txt']);
  assert.deepEqual([other1.pairedWith, other2.pairedWith], [undefined, undefined]);
  assert.equal(twin.pairedWith, mistaken.runId);
});

test('once both runs have ended (or one did not start), the Runs tab\'s "Asked to train with…" gives way to what happened', async () => {
  const none = new DashboardRecorder(() => undefined, storage());
  assert.equal(await trainWithMistake('dropped-one-minus-sigma', scriptedRuns(none, ['keep']), none), 'Did not train with “dropped (1 − σ) factor”: you kept the run that was going.');
  assert.equal(none.runs.runs.length, 0);
  // The panel posts the answer (or the refusal) to the page's status line.
  const answers = [async () => 'Trained with “dropped (1 − σ) factor” and the correct run beside it: compare them below.', async (): Promise<string> => { throw new Error('Train on a corpus first'); }];
  const context = { extensionUri: fake.Uri.file('/ext'), subscriptions: [] as { dispose(): void }[] } as unknown as ExtensionContext;
  const dashboard = new Dashboard(context, { neighbours: async () => [], complete: async () => [], neighbourCount: () => 5, log: () => undefined, trainWithMistake: () => answers.shift()!() });
  const d = dashboard.show();
  const p = d.panel as unknown as fake.FakePanel;
  p.webview.received.fire({ type: 'ready' });
  await d.whenReady();
  const notices = () => (p.webview.posted as ToWebview[]).flatMap((m) => (m.type === 'runsNotice' ? [m.text] : []));
  for (let i = 0; i < 2; i++) p.webview.received.fire({ type: 'trainWithMistake', mistake: 'dropped-one-minus-sigma' });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(notices(), ['Trained with “dropped (1 − σ) factor” and the correct run beside it: compare them below.', 'Train on a corpus first']);
  dashboard.dispose();
});
