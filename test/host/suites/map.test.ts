// The Map tab in the real extension host, at the level of its messages: a model trained through
// the command, the dashboard opened on its Map tab, then the page's own requests (PCA, word axes
// with an unknown word, a neighbour focus, analogies, exports) handed to the panel as validated
// webview messages, and what the extension posts back checked against sums done here from the
// trained vectors. The export goes through the extension's real save path (the Ui's save dialog,
// answered, the output guard, the atomic write). test/e2e/tests.ts drives the same tab through the
// UI with the mouse; this suite checks the numbers and the refusals it cannot see.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MapView, Neighbour, ToWebview } from '../../../extension/shared/protocol';
import { extensionApi, FAST, fixture, resetSettings, setSettings, train, waitFor } from './support';

type Posted<T extends ToWebview['type']> = Extract<ToWebview, { type: T }>;

suite('map tab', function () {
  this.timeout(180_000);
  let dir: string;
  let corpus: string;
  let original: Buffer;
  let nextId = 7_000_001;

  suiteSetup(async () => {
    await extensionApi();
    await resetSettings();
    await setSettings(FAST);
    // A corpus of its own (outside the workspace) whose path the export guard must refuse.
    dir = mkdtempSync(join(tmpdir(), 'w2v-host-map-'));
    corpus = join(dir, 'corpus.txt');
    original = readFileSync(fixture('corpus.txt').fsPath);
    writeFileSync(corpus, original);
  });
  suiteTeardown(async () => {
    const api = await extensionApi();
    api.ui.answers.length = 0;
    api.dashboard.current?.dispose();
    await resetSettings();
  });

  /** The trained model's words and unit rows, read here (not through the code under test). */
  async function model(): Promise<{ words: string[]; dim: number; unit: Float64Array; row: (w: string) => number }> {
    const api = await extensionApi();
    const wv = api.store.current!.vectors;
    const { dim } = wv;
    const words = [...wv.words];
    const unit = new Float64Array(words.length * dim);
    for (let r = 0; r < words.length; r++) {
      let ss = 0;
      for (let j = 0; j < dim; j++) ss += wv.vectors[r * dim + j] ** 2;
      const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
      for (let j = 0; j < dim; j++) unit[r * dim + j] = wv.vectors[r * dim + j] * inv;
    }
    return { words, dim, unit, row: (w) => words.indexOf(w) };
  }

  /** The top k rows by cosine with `q` (any length), skipping `exclude`: a plain sort of every row. */
  function nearest(m: Awaited<ReturnType<typeof model>>, q: Float64Array, k: number, exclude: number[]): Neighbour[] {
    const norm = Math.hypot(...q);
    const scored = m.words.map((word, r) => {
      let s = 0;
      for (let j = 0; j < m.dim; j++) s += m.unit[r * m.dim + j] * q[j];
      return { word, similarity: s / norm, r };
    }).filter((x) => !exclude.includes(x.r));
    scored.sort((a, b) => b.similarity - a.similarity);
    return scored.slice(0, k).map(({ word, similarity }) => ({ word, similarity }));
  }

  function unitOf(m: Awaited<ReturnType<typeof model>>, w: string): Float64Array {
    const r = m.row(w);
    assert.ok(r >= 0, `"${w}" is in the trained vocabulary`);
    return m.unit.slice(r * m.dim, (r + 1) * m.dim);
  }

  function assertSameNeighbours(got: Neighbour[], want: Neighbour[], what: string): void {
    assert.deepEqual(got.map((n) => n.word), want.map((n) => n.word), what);
    got.forEach((n, i) => assert.ok(Math.abs(n.similarity - want[i].similarity) < 1e-5, `${what}: ${n.word} ${n.similarity} vs ${want[i].similarity}`));
  }

  /**
   * Hands `message` to the panel as from the page; resolves with the newest post of one of `types`
   * that `match` accepts, once one more of them was posted (the log keeps the last 500 posts only).
   */
  async function ask<T extends ToWebview['type']>(message: object, types: T[], match: (m: Posted<T>) => boolean, what: string): Promise<Posted<T>> {
    const api = await extensionApi();
    const dash = api.dashboard.current!;
    const count = (): number => types.reduce((s, t) => s + (dash.postedCounts()[t] ?? 0), 0);
    const before = count();
    dash.receiveForTests(message);
    let found: Posted<T> | undefined;
    await waitFor(() => {
      if (count() <= before) return false;
      found = [...dash.postedMessages()].reverse().find((m): m is Posted<T> => (types as string[]).includes(m.type) && match(m as Posted<T>));
      return found !== undefined;
    }, 60_000, () => `${what} (last posted: ${dash.postedMessages().slice(-5).map((m) => m.type).join(', ')}; invalid messages ${dash.invalidMessages()})`);
    return found!;
  }

  async function project(request: object): Promise<Posted<'mapResult' | 'mapError'>> {
    const requestId = nextId++;
    return ask({ type: 'mapRun', requestId, request }, ['mapResult', 'mapError'],
      (m) => (m.type === 'mapResult' ? m.result.requestId : m.requestId) === requestId, `the map of request ${requestId}`);
  }

  const asResult = (m: Posted<'mapResult' | 'mapError'>): MapView => {
    assert.equal(m.type, 'mapResult', `a map, not ${JSON.stringify(m).slice(0, 300)}`);
    return (m as Posted<'mapResult'>).result;
  };

  test('trained through the command, the Map tab opens and projects the most frequent words by PCA', async () => {
    const api = await extensionApi();
    const outcome = await train(vscode.Uri.file(corpus));
    assert.equal(outcome?.kind, 'result');
    await vscode.commands.executeCommand('word2vec.openDashboard');
    const dash = api.dashboard.current!;
    await dash.whenReady();
    dash.showTab('map');
    await waitFor(() => dash.webviewStatus()?.tab === 'map', 30_000, () => `the Map tab to show (status ${JSON.stringify(dash.webviewStatus())})`);

    const m = await model();
    const n = 40;
    const view = asResult(await project({ count: n, projection: 'pca' }));
    assert.deepEqual(view.words, m.words.slice(0, n), 'the most frequent words, in the vocabulary\'s order');
    assert.equal(view.vocabSize, m.words.length);
    assert.match(view.chosen, new RegExp(`the ${n} most frequent words of the vocabulary`));
    assert.equal(view.x.length, n);
    // The coordinates are the centred unit rows on the first two principal components: centred,
    // uncorrelated, PC1 the larger, and the note's share of variance is var(x) over the total.
    const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
    const mx = mean(view.x), my = mean(view.y);
    assert.ok(Math.abs(mx) < 1e-9 && Math.abs(my) < 1e-9, `centred: ${mx}, ${my}`);
    const vx = mean(view.x.map((v) => v * v)), vy = mean(view.y.map((v) => v * v));
    const cxy = mean(view.x.map((v, i) => v * view.y[i]));
    assert.ok(vx >= vy, `PC1 ${vx} >= PC2 ${vy}`);
    assert.ok(Math.abs(cxy) < 1e-9 * Math.max(1, vx), `uncorrelated: ${cxy}`);
    let total = 0;
    for (let j = 0; j < m.dim; j++) {
      const col = Array.from({ length: n }, (_, r) => m.unit[r * m.dim + j]);
      const c = mean(col);
      total += mean(col.map((v) => (v - c) ** 2));
    }
    const shown = /PC1 shows ([\d.]+)% of the variance, PC2 ([\d.]+)%/.exec(view.note);
    assert.ok(shown, view.note);
    assert.equal(shown[1], (100 * vx / total).toFixed(1));
    assert.equal(shown[2], (100 * vy / total).toFixed(1));
    assert.equal(dash.invalidMessages(), 0);
  });

  test('word axes: an unknown word is named with its axis; known words give each word\'s cosine with the axis', async () => {
    const m = await model();
    const unknown = await project({ count: 30, projection: 'axes', x: { plus: ['animal'], minus: ['food'] }, y: { plus: ['virus'], minus: ['zzqxw'] } });
    assert.equal(unknown.type, 'mapError');
    assert.match((unknown as Posted<'mapError'>).message, new RegExp(`“zzqxw” \\(y axis\\) is not in the vocabulary of ${m.words.length.toLocaleString('en-US')} words`));
    const empty = await project({ count: 30, projection: 'axes', x: { plus: ['animal'], minus: [] }, y: { plus: [], minus: [] } });
    assert.match((empty as Posted<'mapError'>).message ?? '', /Give the y axis at least one word/);

    const view = asResult(await project({ count: 30, projection: 'axes', x: { plus: ['animal'], minus: ['food'] }, y: { plus: ['meat'], minus: ['organism'] } }));
    assert.deepEqual(view.labels, ['animal − food', 'meat − organism']);
    const direction = (plus: string, minus: string): Float64Array => {
      const a = unitOf(m, plus), b = unitOf(m, minus);
      const d = a.map((v, j) => v - b[j]);
      const len = Math.hypot(...d);
      return d.map((v) => v / len);
    };
    const dx = direction('animal', 'food'), dy = direction('meat', 'organism');
    view.words.forEach((w, i) => {
      const u = unitOf(m, w);
      const cx = u.reduce((s, v, j) => s + v * dx[j], 0), cy = u.reduce((s, v, j) => s + v * dy[j], 0);
      assert.ok(Math.abs(view.x[i] - cx) < 1e-5 && Math.abs(view.y[i] - cy) < 1e-5, `${w}: (${view.x[i]}, ${view.y[i]}) vs (${cx}, ${cy})`);
    });
  });

  test('a neighbour focus and analogies are answered over the whole vocabulary, unknown words named', async () => {
    const m = await model();
    const requestId = nextId++;
    const focus = await ask({ type: 'mapNeighbours', requestId, word: 'animal', k: 5 }, ['mapNeighbours'], (x) => x.requestId === requestId, 'the neighbours of "animal"');
    assert.equal(focus.error, undefined);
    assertSameNeighbours(focus.results, nearest(m, unitOf(m, 'animal'), 5, [m.row('animal')]), 'the neighbours of "animal"');

    const unknownFocus = nextId++;
    const none = await ask({ type: 'mapNeighbours', requestId: unknownFocus, word: 'zzqxw', k: 5 }, ['mapNeighbours'], (x) => x.requestId === unknownFocus, 'the neighbours of an unknown word');
    assert.deepEqual(none.results, []);
    assert.match(none.error ?? '', /"zzqxw" is not in the vocabulary/);

    const query = { a: 'meat', b: 'meal', c: 'virus', method: '3cosadd' };
    const analogyId = nextId++;
    const analogy = await ask({ type: 'mapAnalogy', requestId: analogyId, query }, ['mapAnalogy'], (x) => x.requestId === analogyId, 'the analogy');
    assert.equal(analogy.error, undefined);
    assert.deepEqual(analogy.query, query);
    const ua = unitOf(m, 'meat'), ub = unitOf(m, 'meal'), uc = unitOf(m, 'virus');
    const q = ub.map((v, j) => v - ua[j] + uc[j]);
    assertSameNeighbours(analogy.results, nearest(m, q, 5, ['meat', 'meal', 'virus'].map(m.row)), 'meat : meal :: virus : ?');

    const badId = nextId++;
    const bad = await ask({ type: 'mapAnalogy', requestId: badId, query: { ...query, b: 'zzqxw' } }, ['mapAnalogy'], (x) => x.requestId === badId, 'the analogy with an unknown word');
    assert.deepEqual(bad.results, []);
    assert.match(bad.error ?? '', /“zzqxw” \(b\) is not in the vocabulary/);
  });

  test('an export over the corpus is refused (the corpus unchanged); to a new file it saves the map shown, all or the selection', async () => {
    const api = await extensionApi();
    const dash = api.dashboard.current!;
    const view = asResult(await project({ count: 25, projection: 'pca' }));
    const exportTo = async (path: string, scope: 'all' | 'selection', format: 'csv' | 'tsv', selection: string[]): Promise<Posted<'mapNotice'>> => {
      api.ui.answers.push(vscode.Uri.file(path));
      const notice = await ask({ type: 'mapExport', format, scope, selection }, ['mapNotice'], () => true, `the export to ${path}`);
      assert.equal(api.ui.answers.length, 0, 'the export asked the extension\'s save dialog');
      return notice;
    };

    const refused = await exportTo(corpus, 'all', 'csv', []);
    assert.equal(refused.error, true);
    assert.match(refused.text, /Could not save the coordinates: .*is the corpus .*corpus\.txt.*inputs are never overwritten/);
    assert.deepEqual(readFileSync(corpus), original, 'the corpus is unchanged');

    const csv = join(dir, 'map.csv');
    const saved = await exportTo(csv, 'all', 'csv', ['animal']);
    assert.notEqual(saved.error, true, saved.text);
    assert.equal(saved.text, `Saved ${view.words.length} words to ${csv}.`);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], 'word,x,y,count,selected');
    assert.equal(lines.length, view.words.length + 1);
    lines.slice(1).forEach((line, i) => {
      const [w, x, y, count, selected] = line.split(',');
      assert.equal(w, view.words[i]);
      assert.equal(Number(x), view.x[i]);
      assert.equal(Number(y), view.y[i]);
      assert.equal(count, view.counts ? String(view.counts[i]) : '');
      assert.equal(selected, w === 'animal' ? '1' : '0');
    });

    const tsv = join(dir, 'selection.tsv');
    const chosen = [view.words[3], view.words[7]];
    const part = await exportTo(tsv, 'selection', 'tsv', chosen);
    assert.equal(part.text, `Saved 2 words to ${tsv}.`);
    const rows = readFileSync(tsv, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split('\t'));
    assert.deepEqual(rows.map((r) => r[0]), chosen);
    assert.ok(rows.every((r) => r[4] === '1'));

    // A message the page could not have sent is counted and ignored: no export, nothing written.
    const invalid = dash.invalidMessages();
    dash.receiveForTests({ type: 'mapExport', format: 'xlsx', scope: 'all', selection: [] });
    assert.equal(dash.invalidMessages(), invalid + 1);
    assert.ok(!existsSync(join(dir, 'map.xlsx')));
  });
  test('the neighbour focus shown is asked again when a run ends or vectors are loaded: the new model\'s list, or why it has none', async () => {
    const api = await extensionApi();
    const dash = api.dashboard.current!;
    const requestId = nextId++;
    const first = await ask({ type: 'mapNeighbours', requestId, word: 'animal', k: 5 }, ['mapNeighbours'], (x) => x.requestId === requestId, 'the neighbours of "animal"');
    assert.equal(first.error, undefined);
    /** The next answer to the focus posted after `action`, unasked by the page. */
    const nextAnswer = async (action: () => Thenable<unknown>, what: string): Promise<Posted<'mapNeighbours'>> => {
      const before = dash.postedCounts().mapNeighbours ?? 0;
      await action();
      let found: Posted<'mapNeighbours'> | undefined;
      await waitFor(() => {
        if ((dash.postedCounts().mapNeighbours ?? 0) <= before) return false;
        found = [...dash.postedMessages()].reverse().find((m): m is Posted<'mapNeighbours'> => m.type === 'mapNeighbours' && m.requestId === requestId);
        return found !== undefined;
      }, 60_000, what);
      return found!;
    };

    // Another run (another seed): the list is the new vectors' neighbours, under the page's request id.
    await setSettings({ seed: 11 });
    const retrained = await nextAnswer(() => train(vscode.Uri.file(corpus)), 'the focus answered again after the run');
    const m = await model();
    assert.equal(retrained.error, undefined);
    assertSameNeighbours(retrained.results, nearest(m, unitOf(m, 'animal'), 5, [m.row('animal')]), 'the new model\'s neighbours of "animal"');
    assert.notDeepEqual(retrained.results, first.results, 'not the old model\'s list');

    // Vectors without the word: the list gives way to the reason.
    const file = join(dir, 'small.txt');
    writeFileSync(file, '3 2\nking 1 0\nqueen 0.9 0.1\nman 0 1\n');
    api.ui.answers.push('Detect from the content', vscode.Uri.file(file));
    const loaded = await nextAnswer(() => vscode.commands.executeCommand('word2vec.loadVectors'), 'the focus answered again after loading vectors');
    assert.deepEqual(loaded.results, []);
    assert.match(loaded.error ?? '', /"animal" is not in the vocabulary of small\.txt/);
  });
});
