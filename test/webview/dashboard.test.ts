/**
 * The dashboard's extension side in plain Node, with a fake `vscode` (test/webview/fakeVscode.ts):
 * restore after reload, recording with no panel, the snapshot on 'ready', batching, validation of
 * webview messages, queued showWord, hidden panels, the explorer round trip, a failed run. Each
 * test makes its own Dashboard (as activate() does), so they run in any order.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import * as fake from './fakeVscode';
import { Dashboard, type DashboardHost } from '../../extension/dashboard/dashboard';
import { linkDashboard } from '../../extension/training/dashboardLink';
import type { RunListener } from '../../extension/training/events';
import type { RunManager } from '../../extension/training/runManager';
import { VectorStore, type CurrentVectors } from '../../extension/vectors/vectorStore';
import { liveWorkerCount } from '../../extension/core/util/runWorker';
import type { ToWebview, WebviewState } from '../../extension/shared/protocol';
import { LossHistory } from '../../extension/shared/lossHistory';
import { GradHistory } from '../../extension/shared/gradHistory';
import type { TrainOptions, TrainProgress } from '../../extension/core/train/types';

const context = { extensionUri: fake.Uri.file('/ext'), subscriptions: [] as { dispose(): void }[] } as unknown as vscode.ExtensionContext;
const logged: string[] = [];
const host: DashboardHost = {
  neighbours: async (word, k) => (word === 'boom' ? (() => { throw new Error('index broken'); })() : word === 'zzz' ? { error: '"zzz" is not in the vocabulary.' } : Array.from({ length: k }, (_, i) => ({ word: `${word}${i}`, similarity: 1 - i / 10 }))),
  complete: async (prefix, limit) => ['king', 'kings', 'kingdom'].filter((w) => w.startsWith(prefix)).slice(0, limit),
  neighbourCount: () => 7,
  log: (line) => logged.push(line),
};
const options: TrainOptions = { model: 'skipgram', loss: 'neg', dim: 8, window: 2, negative: 3, minCount: 1, maxVocab: 0, sample: 0, epochs: 1, alpha: 0.025, threads: 1, seed: 1, output: 'input' };
const progress = (i: number): TrainProgress => ({ phase: 'train', wordsProcessed: (i + 1) * 100, totalWords: 100_000, epoch: 1, epochs: 1, alpha: 0.02, loss: 3 - i / 1000, lossRaw: 3 - i / 900, wordsPerSec: 1e5, elapsedSec: i, etaSec: 10,
  epochLoss: 3 - i / 1000, lossStep: 100, lossPoints: [{ wordsProcessed: (i + 1) * 100, loss: 3 - i / 900 }] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const posted = (p: fake.FakePanel) => p.webview.posted as ToWebview[];
const send = (p: fake.FakePanel, m: unknown) => p.webview.received.fire(m);
const run = (runId: string, source: string) => ({ runId, source, options, startedAt: Date.now() });

/** A dashboard whose panel is open and whose page has loaded. */
async function readyDashboard(): Promise<{ dashboard: Dashboard; d: ReturnType<Dashboard['show']>; p: fake.FakePanel }> {
  const dashboard = new Dashboard(context, host);
  dashboard.recorder.runStarted(run('1', 'corpus.txt'));
  const d = dashboard.show();
  const p = d.panel as unknown as fake.FakePanel;
  send(p, { type: 'ready' });
  await d.whenReady();
  return { dashboard, d, p };
}

test('a panel restored after a reload takes the run its page saved, when the extension has none', async () => {
  const dashboard = new Dashboard(context, host);
  dashboard.registerSerializer();
  const serializer = fake.serializers.get('word2vec.dashboard');
  assert.ok(serializer, 'serializer registered for the view type');
  const loss = new LossHistory();
  loss.add({ x: 10, raw: 2 });
  const state: WebviewState = { version: 1, tab: 'neighbours', query: 'king', k: 5, snapshot: { loss: loss.state(), grad: new GradHistory().state(), run: { runId: '9', source: 'saved.txt', options, startedAt: 1 } } };
  const panel = new fake.FakePanel('word2vec.dashboard', 'restored');
  await serializer.deserializeWebviewPanel(panel, JSON.parse(JSON.stringify(state)));
  assert.equal(dashboard.recorder.snapshot().run?.source, 'saved.txt');
  assert.equal(dashboard.recorder.snapshot().loss.added, 1);
  // The restored panel gets the full page with a strict CSP.
  assert.match(panel.webview.html, /default-src 'none'/);
  dashboard.current?.dispose();
  assert.equal(dashboard.current, undefined);
});

test('a tampered saved state is ignored and logged', async () => {
  const dashboard = new Dashboard(context, host);
  dashboard.registerSerializer();
  const serializer = fake.serializers.get('word2vec.dashboard')!;
  const before = dashboard.recorder.snapshot();
  const panel = new fake.FakePanel('word2vec.dashboard', 'restored');
  await serializer.deserializeWebviewPanel(panel, { version: 1, tab: 'training', query: '', k: 5, snapshot: { loss: { capacity: 3 }, grad: {} } });
  assert.deepEqual(dashboard.recorder.snapshot(), before);
  assert.ok(logged.some((l) => l.includes('restored dashboard state ignored')));
  dashboard.current?.dispose();
});

test('the page: strict CSP with a nonce, local resources only, no inline styles', () => {
  const dashboard = new Dashboard(context, host);
  const created = fake.created.length;
  const d = dashboard.show();
  const p = fake.created.at(-1)!;
  assert.equal(d.panel as unknown, p);
  const html = p.webview.html;
  const nonce = /script-src 'nonce-([0-9a-f]+)'/.exec(html)?.[1];
  assert.ok(nonce && nonce.length >= 32, 'a long nonce');
  assert.match(html, new RegExp(`<script nonce="${nonce}" src="https://fake.vscode-cdn.net/ext/dist/webview.js"></script>`));
  // One script runs; the other tag is the translations' JSON data block, which never runs.
  assert.equal((html.match(/<script(?! type="application\/json")/g) ?? []).length, 1, 'one script tag');
  assert.equal((html.match(/<script type="application\/json" id="l10n-bundle">/g) ?? []).length, 1, 'the translations as a JSON data block');
  assert.ok(!/\sstyle="/.test(html), 'no inline style attributes');
  assert.match(html, /style-src https:\/\/fake\.vscode-cdn\.net;/);
  const roots = (p.webview.options as { localResourceRoots: fake.Uri[] }).localResourceRoots.map((u) => u.fsPath);
  assert.deepEqual(roots, ['/ext/dist', '/ext/media']);
  // A second show reveals the same panel.
  assert.equal(dashboard.show(), d);
  assert.equal(fake.created.length, created + 1);
  d.dispose();
});

test('recorded with no panel open, the whole run reaches a panel opened later in one snapshot', async () => {
  const dashboard = new Dashboard(context, host);
  dashboard.recorder.runStarted(run('1', 'corpus.txt'));
  for (let i = 0; i < 50; i++) dashboard.recorder.progress(progress(i));
  dashboard.recorder.gradCheck({ wordsProcessed: 5000, centerWord: 'c', contextWords: ['a'], groups: [{ name: 'center vectors', count: 2, maxRelError: Infinity, relErrors: [1e-9, Infinity] }] });
  await sleep(250);
  const d = dashboard.show();
  const p = fake.created.at(-1)!;
  assert.equal(posted(p).length, 0, 'nothing posted before the page is ready');
  send(p, { type: 'ready' });
  await d.whenReady();
  const snap = posted(p)[0];
  assert.equal(snap.type, 'snapshot');
  if (snap.type !== 'snapshot') return;
  assert.equal(snap.snapshot.run?.source, 'corpus.txt');
  assert.equal(snap.snapshot.loss.added, 50);
  assert.equal(snap.snapshot.grad.reports, 1);
  assert.equal(snap.neighbourCount, 7);
  // Infinity crosses as null and the page treats it as the worst error.
  assert.equal(snap.snapshot.grad.latest?.groups[0].maxRelError, null);
  d.dispose();
});

test('progress is batched: at most ~5 posts a second, every point delivered once, in order', async () => {
  const { dashboard, d, p } = await readyDashboard();
  const start = posted(p).length;
  const t0 = Date.now();
  for (let i = 50; i < 150; i++) {
    dashboard.recorder.progress(progress(i));
    await sleep(10);
  }
  dashboard.recorder.runEnded({ stopReason: 'done', seconds: 1.5, wordsProcessed: 15000, finalLoss: 2.9 });
  const seconds = (Date.now() - t0) / 1000;
  const msgs = posted(p).slice(start);
  const progressMsgs = msgs.filter((m) => m.type === 'progress');
  assert.ok(progressMsgs.length <= Math.ceil(seconds * 5) + 1, `${progressMsgs.length} progress posts in ${seconds.toFixed(2)} s`);
  assert.ok(progressMsgs.length >= 2, 'updates flow while training');
  const xs = progressMsgs.flatMap((m) => (m.type === 'progress' ? m.points.map((q) => q.x) : []));
  assert.deepEqual(xs, Array.from({ length: 100 }, (_, i) => (i + 51) * 100));
  assert.equal(msgs.at(-1)?.type, 'runEnded', 'the end comes after the last points');
  assert.equal(d.postedCounts().runEnded, 1);
  d.dispose();
});

test('invalid webview messages are ignored and logged; valid requests are answered', async () => {
  const { d, p } = await readyDashboard();
  const n = logged.length;
  for (const bad of [null, 'ready', { type: 'neighbours', requestId: 1, word: 'x', k: 100000 }, { type: 'explorerExportJson', path: '/etc/passwd' }]) send(p, bad);
  assert.equal(d.invalidMessages(), 4);
  assert.equal(logged.length - n, 4);
  send(p, { type: 'neighbours', requestId: 3, word: 'king', k: 3 });
  send(p, { type: 'neighbours', requestId: 4, word: 'zzz', k: 3 });
  send(p, { type: 'neighbours', requestId: 5, word: 'boom', k: 3 });
  send(p, { type: 'complete', requestId: 6, prefix: 'kin', limit: 2 });
  await new Promise(setImmediate); // the host's answers are promises: they settle in the microtasks before this
  const answers = posted(p).filter((m) => m.type === 'neighbours' || m.type === 'completions');
  assert.deepEqual(answers.slice(-4), [
    { type: 'neighbours', requestId: 3, word: 'king', k: 3, results: [{ word: 'king0', similarity: 1 }, { word: 'king1', similarity: 0.9 }, { word: 'king2', similarity: 0.8 }] },
    { type: 'neighbours', requestId: 4, word: 'zzz', k: 3, results: [], error: '"zzz" is not in the vocabulary.' },
    { type: 'neighbours', requestId: 5, word: 'boom', k: 3, results: [], error: 'index broken' },
    { type: 'completions', requestId: 6, prefix: 'kin', words: ['king', 'kings'] },
  ]);
  send(p, { type: 'status', tab: 'neighbours', lossPoints: 150, gradReports: 1, neighbours: 3, explorerResults: 0 });
  assert.equal(d.webviewStatus()?.lossPoints, 150);
  d.dispose();
});

test('a hidden page gets nothing; shown again it reloads and gets a fresh snapshot', async () => {
  const { dashboard, d, p } = await readyDashboard();
  dashboard.recorder.runEnded({ stopReason: 'done', seconds: 1.5, wordsProcessed: 15000, finalLoss: 2.9 });
  p.setVisible(false);
  const before = posted(p).length;
  dashboard.recorder.runStarted(run('2', 'second.txt'));
  dashboard.recorder.progress(progress(0));
  await sleep(250);
  assert.equal(posted(p).length, before);
  p.setVisible(true);
  send(p, { type: 'ready' });
  const snap = posted(p).at(-1)!;
  assert.ok(snap.type === 'snapshot' && snap.snapshot.run?.runId === '2' && snap.snapshot.loss.added === 1);
  assert.equal(snap.type === 'snapshot' && snap.snapshot.ended, undefined, 'a new run clears the previous end');
  d.dispose();
});

test('showWord and showExplorer before the page loads are delivered after the snapshot', async () => {
  const d = new Dashboard(context, host).show();
  const p = fake.created.at(-1)!;
  d.showWord('queen');
  d.showExplorer({ target: 'cbow' });
  send(p, { type: 'ready' });
  assert.deepEqual(posted(p).map((m) => m.type), ['snapshot', 'showWord', 'showExplorer']);
  assert.deepEqual(posted(p)[2], { type: 'showExplorer', request: { target: 'cbow', loss: 'neg', negatives: 10, broken: '' } });
  d.dispose();
});

test('the explorer runs in its worker, answers with every group, and copies as Markdown', async () => {
  const { dashboard, d, p } = await readyDashboard();
  send(p, { type: 'explorerRun', requestId: 1, request: { target: 'skipgram', loss: 'softmax', negatives: 10, broken: 'sign-flip' } });
  for (let i = 0; i < 100 && !posted(p).some((m) => m.type === 'explorerResult' || m.type === 'explorerError'); i++) await sleep(50);
  const r = posted(p).find((m) => m.type === 'explorerResult');
  assert.ok(r && r.type === 'explorerResult', JSON.stringify(posted(p).filter((m) => m.type === 'explorerError')));
  assert.deepEqual(r.result.groups.map((g) => g.name), ['center vectors', 'outside vectors']);
  assert.ok(r.result.groups[0].maxRelError! > 1e-5, 'the sign flip shows in the center vectors');
  assert.equal(dashboard.recorder.explorer?.view?.request.broken, 'sign-flip');
  send(p, { type: 'explorerCopyMarkdown' });
  await sleep(10);
  // The core's Markdown table (extension/core/gradcheck/report.ts): the failing group is marked.
  assert.match(fake.clipboardWrites.at(-1) ?? '', /\| center vectors \|[^\n]*FAIL/);
  // A broken variant that does not apply: a clear error, not a crash.
  send(p, { type: 'explorerRun', requestId: 2, request: { target: 'skipgram', loss: 'softmax', negatives: 10, broken: 'neg-grad-on-outside' } });
  for (let i = 0; i < 100 && !posted(p).some((m) => m.type === 'explorerError'); i++) await sleep(50);
  const e = posted(p).find((m) => m.type === 'explorerError');
  assert.ok(e && e.type === 'explorerError' && /does not apply/.test(e.message) && !e.cancelled);
  d.dispose();
});

test('the derivations link opens docs/derivations.md from the extension package in the Markdown preview', async () => {
  const { d, p } = await readyDashboard();
  const before = fake.executed.length;
  send(p, { type: 'openDerivations' });
  send(p, { type: 'openDerivations', path: '/etc/passwd' }); // rejected by the validator: no second command
  await sleep(10);
  const calls = fake.executed.slice(before);
  assert.equal(calls.length, 1, JSON.stringify(calls));
  assert.equal(calls[0][0], 'markdown.showPreview');
  assert.equal((calls[0][1] as fake.Uri).fsPath, '/ext/docs/derivations.md');
  d.dispose();
});

test('a run that fails after it starts reaches the page as failed, with its message', async () => {
  const { dashboard, p } = await readyDashboard();
  let listener: RunListener | undefined;
  const runs = { listen: (l: RunListener) => { listener = l; return { dispose: () => undefined }; } } as unknown as RunManager;
  const link = linkDashboard(dashboard, new VectorStore(), runs, () => false);
  const info = { id: 3, name: 'binary.bin', sourceKind: 'file' as const, options, startedAt: Date.now() - 1500 };
  listener!.runStarted!(info);
  listener!.runEnded!({ kind: 'error', run: info, message: 'binary.bin looks like a binary file: open a text file.', userError: true });
  const end = posted(p).at(-1)!;
  assert.ok(end.type === 'runEnded', JSON.stringify(end));
  assert.equal(end.end.stopReason, 'failed');
  assert.equal(end.end.message, 'binary.bin looks like a binary file: open a text file.');
  assert.ok(end.end.seconds >= 1.5);
  assert.equal(dashboard.recorder.snapshot().ended?.stopReason, 'failed');
  link.disposable.dispose();
  dashboard.current?.dispose();
});

/** A fake RunManager whose listener the test calls, as the real one does when a run starts and ends. */
function fakeRuns(): { runs: RunManager; listener: () => RunListener } {
  let listener: RunListener | undefined;
  const runs = { listen: (l: RunListener) => { listener = l; return { dispose: () => undefined }; } } as unknown as RunManager;
  return { runs, listener: () => listener! };
}

test('a run that starts opens the dashboard beside the editor, keeping the focus, or reveals the open one', () => {
  const dashboard = new Dashboard(context, host);
  let open = true;
  const { runs, listener } = fakeRuns();
  const link = linkDashboard(dashboard, new VectorStore(), runs, () => open);
  const before = fake.created.length;
  const info = (id: number) => ({ id, name: 'corpus.txt', sourceKind: 'file' as const, options, startedAt: Date.now() });
  listener().runStarted!(info(1));
  assert.equal(fake.created.length, before + 1, 'one panel created');
  const p = fake.created.at(-1)!;
  assert.deepEqual(p.showOptions, { viewColumn: fake.ViewColumn.Beside, preserveFocus: true });
  // A second run reveals the same panel where it is, still leaving the focus in the editor.
  listener().runStarted!(info(2));
  assert.equal(fake.created.length, before + 1, 'no second panel');
  assert.deepEqual(p.reveals.at(-1), { viewColumn: undefined, preserveFocus: true });
  // With word2vec.openDashboardOnTrain off, a run opens nothing.
  p.dispose();
  open = false;
  listener().runStarted!(info(3));
  assert.equal(fake.created.length, before + 1, 'the setting turned it off');
  assert.equal(dashboard.current, undefined);
  link.disposable.dispose();
});

test('closing the dashboard mid-run and opening it again shows the whole run, then live updates', async () => {
  const dashboard = new Dashboard(context, host);
  const { runs, listener } = fakeRuns();
  const link = linkDashboard(dashboard, new VectorStore(), runs, () => true);
  const info = { id: 4, name: 'corpus.txt', sourceKind: 'file' as const, options, startedAt: Date.now() };
  listener().runStarted!(info);
  const first = fake.created.at(-1)!;
  send(first, { type: 'ready' });
  for (let i = 0; i < 3; i++) listener().progress!(info, progress(i));
  dashboard.recorder.flush();
  first.dispose(); // the user closes the dashboard mid-run
  for (let i = 3; i < 6; i++) listener().progress!(info, progress(i));
  dashboard.recorder.flush();
  // Reopened: the page's snapshot carries every point, those posted while it was closed included.
  const second = dashboard.show().panel as unknown as fake.FakePanel;
  assert.notEqual(second, first);
  send(second, { type: 'ready' });
  const snap = posted(second)[0];
  assert.ok(snap.type === 'snapshot');
  assert.equal(snap.snapshot.run?.runId, '4');
  assert.equal(snap.snapshot.loss.added, 6);
  assert.equal(snap.snapshot.progress?.wordsProcessed, 600);
  // And the run goes on live in the reopened page.
  listener().progress!(info, progress(6));
  dashboard.recorder.flush();
  const live = posted(second).at(-1)!;
  assert.ok(live.type === 'progress' && live.progress.wordsProcessed === 700, JSON.stringify(live));
  link.disposable.dispose();
  second.dispose();
});

test('stopWork() (deactivation) ends a neighbours-over-time worker in progress and leaves the panel open', async () => {
  // Snapshots large enough that the worker is still running when stopWork() comes.
  const words = Array.from({ length: 4000 }, (_, i) => `w${i}`);
  const dim = 100;
  let x = 7;
  const rand = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  const snapshots = Array.from({ length: 12 }, (_, e) => ({ label: `epoch ${e + 1}`, epoch: e + 1, wordsProcessed: (e + 1) * 1000, vectors: Float32Array.from({ length: words.length * dim }, rand) }));
  const withSnapshots: DashboardHost = { ...host, vectors: () => ({ snapshots: { words, dim, snapshots } }) as unknown as CurrentVectors };
  const dashboard = new Dashboard(context, withSnapshots);
  const d = dashboard.show();
  const p = d.panel as unknown as fake.FakePanel;
  send(p, { type: 'ready' });
  await d.whenReady();
  const before = liveWorkerCount();
  send(p, { type: 'neighbours', requestId: 3, word: 'w1', k: 5 });
  for (let i = 0; i < 2000 && liveWorkerCount() === before; i++) await sleep(1);
  assert.equal(liveWorkerCount(), before + 1, 'the over-time worker started');
  dashboard.stopWork();
  for (let i = 0; i < 400 && liveWorkerCount() > before; i++) await sleep(10);
  assert.equal(liveWorkerCount(), before, 'the worker ended');
  assert.equal(dashboard.current, d, 'the panel stays open');
  assert.ok(!posted(p).some((m) => m.type === 'neighboursOverTime' && m.rows.length > 0), 'the cancelled request posted no rows');
  dashboard.dispose();
});
