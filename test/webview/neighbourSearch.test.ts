/**
 * The Neighbours tab's search and the Map's neighbour focus on the extension side (NeighbourSearch):
 * a shown list is answered again when the model is replaced or cleared, under the page's request
 * id; an answer from a model replaced meanwhile is never posted.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mapFocusSearch, neighboursTabSearch } from '../../extension/dashboard/neighbourSearch';
import type { DashboardHost } from '../../extension/dashboard/host';
import type { Neighbour, ToWebview } from '../../extension/shared/protocol';

type Answer = Neighbour[] | { error: string };

/** A host whose answers the test releases one by one, and whose model the test replaces. */
function fakeHost() {
  const asked: { word: string; k: number; release(a: Answer | Error): void }[] = [];
  const listeners = new Set<() => void>();
  const host: Pick<DashboardHost, 'neighbours' | 'onVectorsChange'> = {
    neighbours: (word, k) => new Promise<Answer>((resolve, reject) => {
      asked.push({ word, k, release: (a) => (a instanceof Error ? reject(a) : resolve(a)) });
    }),
    onVectorsChange: (l) => { listeners.add(l); return { dispose: () => listeners.delete(l) }; },
  };
  return { host, asked, modelChanged: () => { for (const l of [...listeners]) l(); }, listeners };
}

const settle = () => new Promise((r) => setImmediate(r));

function setUp() {
  const f = fakeHost();
  const posted: ToWebview[] = [];
  const overTime: [number, string, number, boolean][] = [];
  const search = neighboursTabSearch(f.host, (m) => posted.push(m), { request: async (...a) => { overTime.push(a); } });
  const answers = () => posted.filter((m): m is Extract<ToWebview, { type: 'neighbours' }> => m.type === 'neighbours');
  return { ...f, search, posted, overTime, answers };
}

const A: Neighbour[] = [{ word: 'queen', similarity: 0.8 }];
const B: Neighbour[] = [{ word: 'monarch', similarity: 0.7 }];

test('a new model answers the shown search again, with the same request id, and its neighbours over time', async () => {
  const s = setUp();
  const done = s.search.ask(7, 'king', 5);
  s.asked[0].release(A);
  await done;
  assert.deepEqual(s.answers().map((m) => [m.requestId, m.word, m.k, m.results]), [[7, 'king', 5, A]]);
  s.modelChanged();
  assert.equal(s.asked.length, 2, 'asked again of the new model');
  assert.deepEqual([s.asked[1].word, s.asked[1].k], ['king', 5]);
  s.asked[1].release(B);
  await settle();
  assert.deepEqual(s.answers().map((m) => [m.requestId, m.results]), [[7, A], [7, B]]);
  assert.deepEqual(s.overTime, [[7, 'king', 5, true], [7, 'king', 5, true]]);
});

test('a cleared model answers with the reason (no vectors), not the old list', async () => {
  const s = setUp();
  const done = s.search.ask(3, 'king', 10);
  s.asked[0].release(A);
  await done;
  s.modelChanged();
  s.asked[1].release({ error: 'No word vectors yet' });
  await settle();
  const last = s.answers().at(-1)!;
  assert.deepEqual([last.requestId, last.results, last.error], [3, [], 'No word vectors yet']);
  assert.deepEqual(s.overTime.at(-1), [3, 'king', 10, false]);
});

test('the old model\'s answer, arriving after the new model\'s (or cancelled with its worker), is dropped', async () => {
  const s = setUp();
  void s.search.ask(4, 'king', 5);
  s.modelChanged(); // replaced while the first question is out
  s.asked[1].release(B);
  await settle();
  s.asked[0].release(new Error('The vector queries was cancelled.'));
  await settle();
  assert.deepEqual(s.answers().map((m) => [m.requestId, m.results, m.error]), [[4, B, undefined]]);
});

test('each search of the same model is answered (the page keeps its newest); nothing is asked before a search, nor after dispose', async () => {
  const s = setUp();
  s.modelChanged();
  assert.equal(s.asked.length, 0, 'no search shown: nothing to answer again');
  void s.search.ask(1, 'king', 5);
  void s.search.ask(2, 'queen', 5);
  s.asked[1].release(B);
  s.asked[0].release(A);
  await settle();
  assert.deepEqual(s.answers().map((m) => [m.requestId, m.word]), [[2, 'queen'], [1, 'king']]);
  // A new model answers the last search asked again.
  s.modelChanged();
  assert.deepEqual([s.asked[2].word, s.asked.length], ['queen', 3]);
  s.search.dispose();
  s.asked[2].release(B);
  await settle();
  assert.equal(s.answers().length, 2, 'nothing posted after dispose');
  assert.equal(s.listeners.size, 0);
  s.modelChanged();
  assert.equal(s.asked.length, 3);
});

test('a host that throws at once answers with its message', async () => {
  const posted: ToWebview[] = [];
  const search = neighboursTabSearch({ neighbours: () => { throw new Error('boom'); } }, (m) => posted.push(m), { request: async () => undefined });
  await search.ask(9, 'x', 3);
  assert.deepEqual(posted, [{ type: 'neighbours', requestId: 9, word: 'x', k: 3, results: [], error: 'boom' }]);
});

test('the Map\'s neighbour focus: asked again of a new model, a word it lacks answered with its message, an answer of a replaced model dropped', async () => {
  const f = fakeHost();
  const posted: ToWebview[] = [];
  const focus = mapFocusSearch(f.host, (m) => posted.push(m));
  const answers = () => posted.filter((m): m is Extract<ToWebview, { type: 'mapNeighbours' }> => m.type === 'mapNeighbours').map((m) => [m.requestId, m.word, m.results, m.error]);
  const done = focus.ask(5, 'king', 3);
  f.asked[0].release(A);
  await done;
  assert.deepEqual(answers(), [[5, 'king', A, undefined]]);
  f.modelChanged();
  assert.deepEqual([f.asked.length, f.asked[1].word, f.asked[1].k], [2, 'king', 3], 'asked again of the new model');
  f.asked[1].release({ error: '"king" is not in the vocabulary of loaded.txt (40 words).' });
  await settle();
  assert.deepEqual(answers().at(-1), [5, 'king', [], '"king" is not in the vocabulary of loaded.txt (40 words).']);
  // Replaced while a question is out: the old model's answer never reaches the page.
  void focus.ask(6, 'queen', 3);
  f.modelChanged();
  f.asked[3].release(B);
  await settle();
  f.asked[2].release(A);
  await settle();
  assert.deepEqual(answers().slice(2), [[6, 'queen', B, undefined]]);
  focus.dispose();
  assert.equal(f.listeners.size, 0);
});
