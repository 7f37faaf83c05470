/**
 * The Map tab's pure modules and its controller in plain Node (fake `vscode`): the page's axis and
 * search parsing, the colour scale, the protocol's map messages, the CSV/TSV text, the evaluation
 * set's words, and the controller's projection, analogy and export through the real map worker.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fake from './fakeVscode';
import { frequencyScale, parseAxis, selectWords } from '../../webview/mapState';
import { isFromWebview, isWebviewState, LIMITS, type ToWebview } from '../../extension/shared/protocol';
import { mapCoordinatesText } from '../../extension/dashboard/mapExport';
import { evalSetWords, MapController } from '../../extension/dashboard/mapController';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import type { DashboardHost } from '../../extension/dashboard/host';
import type { NamedPath } from '../../extension/core/util/outputGuard';
import { VectorStore } from '../../extension/vectors/vectorStore';

test('axes typed as words: plus and minus, unicode minus, hyphenated words', () => {
  assert.deepEqual(parseAxis('woman - man'), { plus: ['woman'], minus: ['man'] });
  assert.deepEqual(parseAxis('king + woman − man'), { plus: ['king', 'woman'], minus: ['man'] });
  assert.deepEqual(parseAxis('  - bad  well-known '), { plus: ['well-known'], minus: ['bad'] });
  assert.deepEqual(parseAxis(''), { plus: [], minus: [] });
});

test('search: case-insensitive substring or regex; a bad regex says why and selects nothing', () => {
  const words = ['King', 'kingdom', 'queen', 'making', '<b>king</b>'];
  assert.deepEqual(selectWords(words, 'king', false).indices, [0, 1, 3, 4]);
  assert.deepEqual(selectWords(words, '^king', true).indices, [0, 1]);
  assert.deepEqual(selectWords(words, '   ', false).indices, []);
  const bad = selectWords(words, '(king', true);
  assert.deepEqual(bad.indices, []);
  assert.match(bad.error ?? '', /Invalid regular expression|Unterminated group/);
});

test('colour by frequency: log counts from 0 (rarest) to 1 (most frequent), or the rank without counts', () => {
  assert.deepEqual(frequencyScale(3, [100, 10, 1]), [1, 0.5, 0]);
  assert.deepEqual(frequencyScale(3), [1, 0.5, 0]);
  assert.deepEqual(frequencyScale(2, [5, 5]), [1, 1]);
});

test('map messages from the page are validated', () => {
  const good = [
    { type: 'mapRun', requestId: 1, request: { count: 2000, projection: 'pca' } },
    { type: 'mapRun', requestId: 2, request: { count: 10_000, projection: 'axes', x: { plus: ['woman'], minus: ['man'] }, y: { plus: ['good'], minus: ['bad'] } } },
    { type: 'mapRun', requestId: 3, request: { count: 50, projection: 'umap', only: ['king', 'queen'] } },
    { type: 'mapCancel', requestId: 3 },
    { type: 'mapNeighbours', requestId: 4, word: 'king', k: 10 },
    { type: 'mapAnalogy', requestId: 5, query: { a: 'man', b: 'king', c: 'woman', method: '3cosmul' } },
    { type: 'mapExport', format: 'tsv', scope: 'selection', selection: ['king'] },
    { type: 'mapLoadEvalSet' },
  ];
  for (const m of good) assert.ok(isFromWebview(m), JSON.stringify(m));
  const bad = [
    { type: 'mapRun', requestId: 1, request: { count: LIMITS.maxMapWords + 1, projection: 'pca' } },
    { type: 'mapRun', requestId: 1, request: { count: 1, projection: 'pca' } },
    { type: 'mapRun', requestId: 1, request: { count: 100, projection: 'tsne' } },
    { type: 'mapRun', requestId: 1, request: { count: 100, projection: 'axes' } },
    { type: 'mapRun', requestId: 1, request: { count: 100, projection: 'pca', only: ['one'] } },
    { type: 'mapRun', requestId: 1, request: { count: 100, projection: 'pca', extra: true } },
    { type: 'mapRun', requestId: 1, request: { count: 100, projection: 'axes', x: { plus: [''], minus: [] }, y: { plus: ['a'], minus: [] } } },
    { type: 'mapNeighbours', requestId: 1, word: 'x'.repeat(LIMITS.wordLength + 1), k: 10 },
    { type: 'mapAnalogy', requestId: 1, query: { a: 'man', b: 'king', c: 'woman', method: 'cosine' } },
    { type: 'mapExport', format: 'xlsx', scope: 'all', selection: [] },
    { type: 'mapExport', format: 'csv', scope: 'all', selection: Array(LIMITS.maxMapWords + 1).fill('a') },
    { type: 'mapLoadEvalSet', path: '/etc/passwd' },
  ];
  for (const m of bad) assert.ok(!isFromWebview(m), JSON.stringify(m));
  const state = { version: 1, tab: 'map', query: '', k: 10, map: { request: { count: 500, projection: 'umap' }, xText: 'a - b', yText: '', search: 'ki', regex: true, colour: 'eval', focus: 'king' } };
  assert.ok(isWebviewState(state));
  assert.ok(!isWebviewState({ ...state, map: { ...state.map, colour: 'rainbow' } }));
});

test('CSV and TSV: a header, every word or the selection, fields with separators or quotes quoted', () => {
  const view = { words: ['king', 'a,b', 'say "hi"', 'tab\there'], x: [0.5, -1, 2, 3], y: [1, 2, 3, 4], counts: [9, 8, 7, 6], labels: ['PC1', 'PC2'] as [string, string] };
  assert.equal(mapCoordinatesText(view, 'csv', new Set(['king']), 'all'),
    'word,x,y,count,selected\nking,0.5,1,9,1\n"a,b",-1,2,8,0\n"say ""hi""",2,3,7,0\ntab\there,3,4,6,0\n');
  assert.equal(mapCoordinatesText(view, 'tsv', new Set(['tab\there']), 'selection'), 'word\tx\ty\tcount\tselected\n"tab\there"\t3\t4\t6\t1\n');
});

test('an evaluation set\'s words: word pairs or analogies, read by the core readers, lower-cased', () => {
  assert.deepEqual(evalSetWords('# comment\nKing\tqueen\t8.5\nman woman 7\n', 'ws.txt'), ['king', 'queen', 'man', 'woman']);
  assert.deepEqual(evalSetWords(': capital\nAthens Greece Baghdad Iraq\n', 'q.txt'), ['athens', 'greece', 'baghdad', 'iraq']);
  assert.throws(() => evalSetWords('king queen\n', 'bad.txt'), /bad.txt, line 1/);
});

function royal(): WordVectors {
  return new WordVectors(['man', 'woman', 'king', 'queen', 'apple', 'prince'], 4,
    Float32Array.from([1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0.3]), [60, 50, 40, 30, 20, 10]);
}

const stores: VectorStore[] = [];
test.after(() => { for (const s of stores) s.dispose(); });

/** A controller over a real VectorStore (its query worker answers lookups and analogies). */
function controller(wv: WordVectors | undefined, inputFiles: NamedPath[] = []): { c: MapController; posted: ToWebview[] } {
  const posted: ToWebview[] = [];
  const store = new VectorStore();
  stores.push(store);
  if (wv) store.set(wv, { kind: 'loaded', name: 'royal.txt', path: '/x/royal.txt' });
  const host: DashboardHost = {
    neighbours: async (w, k) => (await store.neighbours(w, k)) ?? { error: 'unknown' },
    complete: async () => [],
    vectors: () => store.current,
    inputFiles: () => inputFiles,
  };
  return { c: new MapController(host, (m) => posted.push(JSON.parse(JSON.stringify(m))), () => undefined), posted };
}

test('controller: projects in the worker and sends words and coordinates only; unknown axis words and no model say what to do', async () => {
  const { c, posted } = controller(royal());
  await c.run(1, { count: 5, projection: 'pca' });
  const r = posted.find((m) => m.type === 'mapResult');
  assert.ok(r && r.type === 'mapResult');
  assert.deepEqual(r.result.words, ['man', 'woman', 'king', 'queen', 'apple']);
  assert.equal(r.result.chosen, 'the 5 most frequent words of the vocabulary (6 words)');
  assert.deepEqual(Object.keys(r.result).sort(), ['chosen', 'counts', 'labels', 'note', 'request', 'requestId', 'seconds', 'vocabSize', 'words', 'x', 'y']);
  await c.run(2, { count: 5, projection: 'axes', x: { plus: ['woman'], minus: ['man'] }, y: { plus: ['zebra'], minus: [] } });
  const e = posted.find((m) => m.type === 'mapError');
  assert.ok(e && e.type === 'mapError' && /“zebra” \(y axis\) is not in the vocabulary of 6 words/.test(e.message), JSON.stringify(e));
  await c.run(3, { count: 5, projection: 'pca', only: ['king', 'queen', 'nothing'] });
  const only = posted.filter((m) => m.type === 'mapResult').at(-1);
  assert.ok(only?.type === 'mapResult' && only.result.words.join() === 'king,queen' && /2 selected words/.test(only.result.chosen));
  const none = controller(undefined);
  await none.c.run(1, { count: 5, projection: 'pca' });
  assert.ok(none.posted.some((m) => m.type === 'mapError' && /No word vectors yet/.test(m.message)));
});

test('controller: the analogy is answered by the worker; export goes through the save dialog and the output guards', async () => {
  const { c, posted } = controller(royal());
  await c.analogy(7, { a: 'man', b: 'king', c: 'woman', method: '3cosadd' });
  const a = posted.find((m) => m.type === 'mapAnalogy');
  assert.ok(a?.type === 'mapAnalogy' && a.results[0].word === 'queen' && a.results.length === 3, JSON.stringify(a));
  await c.analogy(8, { a: 'man', b: 'king', c: 'zebra', method: '3cosmul' });
  const unknown = posted.filter((m) => m.type === 'mapAnalogy').at(-1);
  assert.ok(unknown?.type === 'mapAnalogy' && /“zebra” \(c\) is not in the vocabulary/.test(unknown.error ?? ''), JSON.stringify(unknown));
  await c.exportCoordinates('csv', 'all', []);
  assert.ok(posted.some((m) => m.type === 'mapNotice' && m.text === 'Draw a map first.'));
  await c.run(1, { count: 6, projection: 'pca' });
  const dir = mkdtempSync(join(tmpdir(), 'map-test-'));
  const out = join(dir, 'sel.tsv');
  fake.window.showSaveDialog = async () => fake.Uri.file(out) as never;
  await c.exportCoordinates('tsv', 'selection', ['king', 'apple']);
  assert.equal(readFileSync(out, 'utf8').split('\n').filter(Boolean).length, 3);
  // An export onto a file the extension read is refused by the output guard, and the file is left as it was.
  const input = join(dir, 'corpus.txt');
  writeFileSync(input, 'the corpus');
  const guarded = controller(royal(), [{ flag: 'the corpus', path: input }]);
  await guarded.c.run(1, { count: 6, projection: 'pca' });
  fake.window.showSaveDialog = async () => fake.Uri.file(input) as never;
  await guarded.c.exportCoordinates('csv', 'all', []);
  assert.equal(readFileSync(input, 'utf8'), 'the corpus');
  const refused = guarded.posted.find((m) => m.type === 'mapNotice' && m.error);
  assert.ok(refused?.type === 'mapNotice' && /^Could not save the coordinates: the export .*corpus\.txt is the corpus .*corpus\.txt; inputs are never overwritten/.test(refused.text), JSON.stringify(refused));
  fake.window.showSaveDialog = async () => undefined;
});
