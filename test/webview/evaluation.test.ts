/**
 * The Evaluation tab and the neighbours over training, on the extension side, in plain Node with
 * a fake `vscode`: the worker's numbers are the core's and `w2v eval`'s; files opened through the
 * dialog are evaluated, again for a new model and a new preset; a bad file's error names its line;
 * the page's messages are checked; a searched word's neighbours per snapshot.
 */
import { test, after, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import * as fake from './fakeVscode';
import { Dashboard, type DashboardHost } from '../../extension/dashboard/dashboard';
import { evaluateFiles, presetOptions } from '../../extension/dashboard/evaluationQueries';
import { shareVectors, VectorQueries } from '../../extension/vectors/vectorQueries';
import { evaluateWordPairsFile } from '../../extension/core/eval/wordPairs';
import { evaluateAnalogiesFile } from '../../extension/core/eval/analogies';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import { UserInputError } from '../../extension/core/errors';
import { writeVectors } from '../../extension/core/vectors/writeVectors';
import { neighboursOverTime, type Snapshot } from '../../extension/core/vectors/snapshots';
import type { CurrentVectors } from '../../extension/vectors/vectorStore';
import type { EvaluationView, ToWebview } from '../../extension/shared/protocol';

const root = join(__dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'w2v-evaluation-tab-'));
after(() => rmSync(dir, { recursive: true, force: true }));
before(() => {
  if (!existsSync(join(root, 'dist/neighboursOverTime.worker.js')) || !existsSync(join(root, 'dist/vectorQueries.worker.js')) || !existsSync(join(root, 'dist/cli.js'))) {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'cli', 'worker'], { stdio: 'inherit', cwd: root });
  }
});

/** Seeded vectors for 60 words: w0..w59, a few upper-case duplicates for the case rule. */
function model(seed: number): WordVectors {
  let s = seed;
  const r = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 8) / 2 ** 24 - 0.5; };
  const words = Array.from({ length: 60 }, (_, i) => (i === 50 ? 'W3' : `w${i}`));
  return new WordVectors(words, 8, Float32Array.from({ length: 60 * 8 }, r));
}
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
let x = 11;
const rnd = (n: number): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % n; };
const PAIRS = file('pairs.tsv', `# Word 1\tWord 2\tHuman\n${Array.from({ length: 40 }, () => `w${rnd(50)}\tW${rnd(50)}\t${(rnd(100) / 10).toFixed(1)}`).join('\n')}\nw1\tunknown\t5\n`);
const ANALOGIES = file('questions.txt', `: capital\n${Array.from({ length: 30 }, () => `w${rnd(50)} w${rnd(50)} w${rnd(50)} w${rnd(50)}`).join('\n')}\n: family\n${Array.from({ length: 10 }, () => `W${rnd(50)} w${rnd(50)} w${rnd(50)} zzz`).join('\n')}\n`);
const BAD = file('bad.tsv', 'w1 w2 3.5\nw3 w4 high\n');
const EMPTY = file('empty.txt', '');

/** The model's query worker, as the vector store starts it (disposed when the tests end). */
const workers: VectorQueries[] = [];
after(() => { for (const q of workers) q.dispose(); });
function queriesOf(wv: WordVectors): { vectors: WordVectors; queries: VectorQueries } {
  const shared = shareVectors(wv);
  const queries = new VectorQueries(shared);
  workers.push(queries);
  return { vectors: shared, queries };
}

test('the tab evaluates with the core\'s code (the same numbers as evaluateWordPairsFile / evaluateAnalogiesFile) for both presets', async () => {
  const wv = model(1);
  const { queries } = queriesOf(wv);
  for (const preset of ['gensim', 'compute-accuracy'] as const) {
    const [pairs, analogies, bad, empty] = await evaluateFiles(queries, [PAIRS, ANALOGIES, BAD, EMPTY], preset);
    assert.ok('pairs' in pairs && 'analogies' in analogies && 'error' in bad && 'error' in empty);
    assert.ok(empty.error instanceof UserInputError && /empty\.txt is empty; expected a word-pair or analogy file/.test(empty.error.message), String(empty.error));
    assert.deepEqual(pairs.pairs, await evaluateWordPairsFile(wv, PAIRS, presetOptions(preset)));
    assert.deepEqual(analogies.analogies, await evaluateAnalogiesFile(wv, ANALOGIES, presetOptions(preset)));
    assert.equal(pairs.pairs.oov, 1);
    assert.ok(bad.error instanceof UserInputError && /bad\.tsv, line 2: expected "word1 word2 score"/.test(bad.error.message), String(bad.error));
  }
});

test('the same numbers as `w2v eval --json` on the same vectors file', async () => {
  const wv = model(2);
  const { queries } = queriesOf(wv);
  const vectorsFile = join(dir, 'v.txt');
  await writeVectors(vectorsFile, wv, 'text');
  for (const preset of ['gensim', 'compute-accuracy'] as const) {
    const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'eval', vectorsFile, '--similarity', PAIRS, '--analogy', ANALOGIES, '--preset', preset, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const cli = JSON.parse(r.stdout) as { similarity: { spearman: number; pearson: number; oov: number; pairs: number }[]; analogy: { overall: unknown }[] };
    const [pairs, analogies] = await evaluateFiles(queries, [PAIRS, ANALOGIES], preset);
    assert.ok('pairs' in pairs && 'analogies' in analogies);
    const { spearman, pearson, oov, pairs: n } = pairs.pairs;
    assert.deepEqual({ spearman, pearson, oov, pairs: n }, { spearman: cli.similarity[0].spearman, pearson: cli.similarity[0].pearson, oov: cli.similarity[0].oov, pairs: cli.similarity[0].pairs });
    assert.deepEqual(analogies.analogies.overall, cli.analogy[0].overall);
  }
});

// ---- through the dashboard's panel ----

function memento(): vscode.Memento & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, keys: () => [...data.keys()], get: <T>(k: string, d?: T) => (data.has(k) ? data.get(k) as T : d), update: async (k: string, v: unknown) => { data.set(k, v); } } as never;
}

function setup(current: () => CurrentVectors | undefined, state = { global: memento(), workspace: memento() }) {
  const listeners = new Set<() => void>();
  const logged: string[] = [];
  const host: DashboardHost = {
    neighbours: async (word) => (word === 'zzz' ? { error: '"zzz" is not in the vocabulary.' } : []), complete: async () => [], log: (l) => logged.push(l),
    vectors: current,
    onVectorsChange: (l) => { listeners.add(l); return { dispose: () => listeners.delete(l) }; },
  };
  const context = { extensionUri: fake.Uri.file('/ext'), subscriptions: [], globalState: state.global, workspaceState: state.workspace } as unknown as vscode.ExtensionContext;
  const dashboard = new Dashboard(context, host);
  const d = dashboard.show();
  const p = d.panel as unknown as fake.FakePanel;
  return { dashboard, d, p, logged, state, changed: () => { for (const l of listeners) l(); } };
}
const posted = (p: fake.FakePanel): ToWebview[] => p.webview.posted as ToWebview[];
const send = (p: fake.FakePanel, m: unknown): void => p.webview.received.fire(m);
const lastEvaluation = (p: fake.FakePanel): EvaluationView | undefined =>
  posted(p).map((m) => (m.type === 'evaluation' || m.type === 'snapshot' ? m.evaluation : undefined)).filter((e) => e !== undefined).pop();
async function until<T>(f: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
/** A current model as the vector store keeps it: the vectors, their query worker, where they came from. */
const models = new Map<WordVectors, CurrentVectors>();
const current = (wv: WordVectors, snapshots?: CurrentVectors['snapshots']): CurrentVectors => {
  let m = models.get(wv);
  if (!m) models.set(wv, m = { ...queriesOf(wv), origin: { kind: 'loaded', name: 'model.txt', path: '/m.txt' } });
  return { ...m, snapshots };
};

test('open dialog -> evaluated; preset -> again with 30,000; a new model -> again; a bad file shows its line; only recent files load again', async () => {
  let wv = model(3);
  const { dashboard, d, p, changed, state } = setup(() => current(wv));
  send(p, { type: 'ready' });
  await d.whenReady();
  assert.deepEqual(lastEvaluation(p), { preset: 'gensim', files: [], recent: [] }, 'the tab\'s state comes with the page');
  fake.openDialog.answer = [fake.Uri.file(PAIRS), fake.Uri.file(BAD)];
  send(p, { type: 'evalOpen' });
  let v = await until(() => { const e = lastEvaluation(p); return e?.files.every((f) => f.status === 'done' || f.status === 'error') && e.files.length === 2 ? e : undefined; }, 'the first evaluation');
  const expected = await evaluateWordPairsFile(wv, PAIRS, presetOptions('gensim'));
  assert.equal(v.files[0].pairs?.spearman, expected.spearman);
  assert.equal(v.files[0].pairs?.oov, 1);
  assert.equal(v.files[0].restrict, 300_000);
  assert.equal(v.files[1].status, 'error');
  assert.match(v.files[1].error!, /bad\.tsv, line 2: expected "word1 word2 score"/);
  assert.doesNotMatch(v.files[1].error!, /\n\s+at /, 'no stack');
  assert.deepEqual(v.recent, [PAIRS, BAD]);
  assert.deepEqual(state.workspace.data.get('word2vec.evaluation.files'), [PAIRS, BAD]);

  send(p, { type: 'evalPreset', preset: 'compute-accuracy' });
  v = await until(() => { const e = lastEvaluation(p); return e?.files[0].restrict === 30_000 && e.files[0].status === 'done' ? e : undefined; }, 'the compute-accuracy run');
  assert.equal(v.preset, 'compute-accuracy');

  wv = model(4);
  changed();
  const again = await evaluateWordPairsFile(wv, PAIRS, presetOptions('compute-accuracy'));
  v = await until(() => { const e = lastEvaluation(p); return e?.files[0].pairs?.spearman === again.spearman ? e : undefined; }, 'the run on the new model');
  assert.notEqual(again.spearman, expected.spearman);

  const before = posted(p).length;
  send(p, { type: 'evalLoad', path: '/etc/passwd' });
  send(p, { type: 'evalLoad', path: 'x'.repeat(5000) });
  // The controller refuses these before its first await: nothing would be posted later.
  assert.equal(posted(p).length, before, 'a path that is not a recent file is ignored');
  send(p, { type: 'evalPreset', preset: 'word2vec' });
  send(p, { type: 'evalOpen', path: '/etc/passwd' });
  assert.equal(posted(p).length, before, 'a path that is not a recent file is ignored');
  assert.equal(d.invalidMessages(), 3, 'an over-long path, an unknown preset and extra keys are refused by the validator');

  send(p, { type: 'evalRemove', path: BAD });
  v = await until(() => { const e = lastEvaluation(p); return e?.files.length === 1 ? e : undefined; }, 'the removal');
  send(p, { type: 'evalLoad', path: BAD });
  await until(() => { const e = lastEvaluation(p); return e?.files.length === 2 && e.files[1].status === 'error' ? e : undefined; }, 'a recent file loaded again');
  dashboard.dispose();

  // A new window: the files and the preset come back from the workspace's state, evaluated on the vectors there are.
  const next = setup(() => current(wv), state);
  send(next.p, { type: 'ready' });
  await next.d.whenReady();
  const restored = await until(() => { const e = lastEvaluation(next.p); return e?.files.length === 2 && e.files[0].status === 'done' ? e : undefined; }, 'the restored files');
  assert.equal(restored.preset, 'compute-accuracy');
  next.dashboard.dispose();
});

test('a file removed while the files are being evaluated does not come back when the evaluation ends', async () => {
  const m = current(model(6));
  // The model's queries held until the file is removed: the evaluation is in flight meanwhile.
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const ask = m.queries.ask.bind(m.queries) as (...a: unknown[]) => Promise<unknown>;
  const held: CurrentVectors = { ...m, queries: { ask: async (...a: unknown[]) => { await gate; return ask(...a); } } as unknown as VectorQueries };
  const { dashboard, d, p, state } = setup(() => held);
  send(p, { type: 'ready' });
  await d.whenReady();
  fake.openDialog.answer = [fake.Uri.file(PAIRS), fake.Uri.file(ANALOGIES)];
  send(p, { type: 'evalOpen' });
  await until(() => { const e = lastEvaluation(p); return e?.files.length === 2 && e.files.every((f) => f.status === 'running') ? e : undefined; }, 'the evaluation in flight');
  send(p, { type: 'evalRemove', path: ANALOGIES });
  assert.deepEqual(lastEvaluation(p)?.files.map((f) => f.path), [PAIRS], 'removed at once');
  release();
  const v = await until(() => { const e = lastEvaluation(p); return e?.files.every((f) => f.status === 'done') ? e : undefined; }, 'the evaluation\'s end');
  assert.deepEqual(v.files.map((f) => f.path), [PAIRS], 'the removed file stays removed');
  assert.ok(v.files[0].pairs, 'the file still loaded has its result');
  assert.deepEqual(state.workspace.data.get('word2vec.evaluation.files'), [PAIRS]);
  dashboard.dispose();
});

test('without vectors the files wait; a cancelled dialog changes nothing', async () => {
  const { dashboard, d, p } = setup(() => undefined);
  send(p, { type: 'ready' });
  await d.whenReady();
  fake.openDialog.answer = undefined;
  const asked = fake.openDialog.asked.length;
  const before = posted(p).length;
  send(p, { type: 'evalOpen' });
  assert.equal(fake.openDialog.asked.length, asked + 1, 'the dialog was shown');
  // The fake dialog answers at once: after the pending promise callbacks the controller is done with it.
  await new Promise((r) => setImmediate(r));
  assert.equal(posted(p).length, before, 'nothing posted for a cancelled dialog');
  assert.deepEqual(lastEvaluation(p)?.files, []);
  fake.openDialog.answer = [fake.Uri.file(PAIRS)];
  send(p, { type: 'evalOpen' });
  const v = await until(() => lastEvaluation(p)?.files.length === 1 ? lastEvaluation(p) : undefined, 'the waiting file');
  assert.equal(v.files[0].status, 'waiting');
  dashboard.dispose();
});

test('a search also answers with the word\'s neighbours at each snapshot, computed in the worker as the core does', async () => {
  const wv = model(5);
  const words = wv.words.slice(0, 20);
  const snaps: Snapshot[] = [1, 2, 3].map((e) => ({ label: `epoch ${e}`, epoch: e, wordsProcessed: e * 1000, vectors: model(10 + e).vectors.slice(0, 20 * 8) }));
  let withSnapshots = true;
  const { dashboard, d, p } = setup(() => current(wv, withSnapshots ? { words, dim: 8, snapshots: snaps } : undefined));
  send(p, { type: 'ready' });
  await d.whenReady();
  send(p, { type: 'neighbours', requestId: 7, word: 'w4', k: 5 });
  const m = await until(() => posted(p).find((x): x is Extract<ToWebview, { type: 'neighboursOverTime' }> => x.type === 'neighboursOverTime' && x.requestId === 7), 'the over-time answer');
  const expected = neighboursOverTime(words, 8, snaps, 'w4', 5);
  assert.deepEqual(m.rows.map((r) => r.label), ['epoch 1', 'epoch 2', 'epoch 3']);
  assert.deepEqual(m.rows.map((r) => r.neighbours.map((n) => n.word)), expected.map((r) => r.neighbours.map((n) => n.word)));
  assert.deepEqual(m.rows.map((r) => r.epoch), [1, 2, 3]);
  assert.equal(m.words, 20);
  send(p, { type: 'neighbours', requestId: 8, word: 'w40', k: 5 });
  const out = await until(() => posted(p).find((x): x is Extract<ToWebview, { type: 'neighboursOverTime' }> => x.type === 'neighboursOverTime' && x.requestId === 8), 'the answer for a word outside the snapshots');
  assert.deepEqual(out.rows, []);
  assert.match(out.error!, /“w40” is not among the 20 most frequent words/);
  send(p, { type: 'neighbours', requestId: 10, word: 'w4', k: 50 });
  const capped = await until(() => posted(p).find((x): x is Extract<ToWebview, { type: 'neighboursOverTime' }> => x.type === 'neighboursOverTime' && x.requestId === 10), 'the answer for k = 50');
  assert.ok(capped.rows.every((r) => r.neighbours.length === 10), 'at most 10 columns');
  send(p, { type: 'neighbours', requestId: 11, word: 'zzz', k: 5 });
  const unknown = await until(() => posted(p).find((x): x is Extract<ToWebview, { type: 'neighboursOverTime' }> => x.type === 'neighboursOverTime' && x.requestId === 11), 'the answer for an unknown word');
  assert.deepEqual([unknown.rows, unknown.error], [[], undefined], 'no second message: the list says why');
  withSnapshots = false;
  send(p, { type: 'neighbours', requestId: 9, word: 'w4', k: 5 });
  const none = await until(() => posted(p).find((x): x is Extract<ToWebview, { type: 'neighboursOverTime' }> => x.type === 'neighboursOverTime' && x.requestId === 9), 'the answer without snapshots');
  assert.deepEqual([none.rows, none.error], [[], undefined]);
  dashboard.dispose();
});
