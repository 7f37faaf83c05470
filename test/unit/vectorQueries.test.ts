import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, UserInputError } from '../../extension/core/errors';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import { doesntMatch, mostSimilar } from '../../extension/core/vectors/queries';
import { evaluateAnalogies, evaluateWordPairs } from '../../extension/core/eval';
import { VectorStore, type VectorsOrigin } from '../../extension/vectors/vectorStore';
import { runningQueryWorkers, VectorQueries, shareVectors } from '../../extension/vectors/vectorQueries';
import { packWords, unpackWords } from '../../extension/core/vectors/packedWords';
import { hoverAt } from '../../extension/vectors/hoverText';
import { english } from '../../extension/shared/translate';
import { sharedBytes } from '../../extension/core/util/sharedMemory';
import { evaluateFiles } from '../../extension/dashboard/evaluationQueries';
import { readVectorsOffThread, writeVectorsOffThread } from '../../extension/vectors/vectorsIo';
import { readVectors } from '../../extension/core/vectors/readVectors';
import { writeVectors } from '../../extension/core/vectors/writeVectors';
import { royalVectors } from './royalVectors';

const dir = mkdtempSync(join(tmpdir(), 'w2v-vector-queries-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const loaded = (name: string): VectorsOrigin => ({ kind: 'loaded', name, path: `/tmp/${name}` });

/** A random model large enough for the WebAssembly kernels and the int16 first pass (over 5M numbers). */
function randomModel(n: number, dim: number, seed: number): WordVectors {
  let x = seed >>> 0;
  const rand = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  const words = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? `wört${i}` : `w${i}`));
  return new WordVectors(words, dim, Float32Array.from({ length: n * dim }, rand), words.map((_, i) => n - i));
}

test('the words cross threads as one UTF-8 block: any word, any count, slices across multi-byte characters', async () => {
  const words = Array.from({ length: 70_000 }, (_, i) => (i % 3 === 0 ? `日本語${i}` : i % 7 === 0 ? `a b ${i}` : `w${i}`));
  for (const ws of [words, ['one'], ['ü'.repeat(300_000), 'x']]) {
    const packed = await packWords(ws);
    assert.deepEqual(unpackWords(packed, ws.length), ws);
  }
  assert.deepEqual(unpackWords(await packWords([]), 0), []);
  const two = await packWords(['a', 'b']);
  assert.throws(() => unpackWords(two, 3), /holds 2 words for 3/);
  assert.throws(() => unpackWords(two, 1), /holds more than 1 words/);
});

test('the store answers in its worker exactly as the core does in-thread: neighbours, most-similar, doesnt-match, completion, evaluation', async () => {
  const wv = randomModel(20_000, 300, 7);
  const store = new VectorStore();
  const model = store.set(wv, loaded('random.bin'));
  try {
    assert.ok(model.vectors.vectors.buffer instanceof SharedArrayBuffer, 'the model keeps a shared matrix');
    assert.deepEqual(model.vectors.vectors, wv.vectors);
    assert.ok((await model.queries.ready) >= 0);
    for (const w of ['w1', 'wört5', 'w19999']) assert.deepEqual(await store.neighbours(w, 10), wv.neighbours(w, 10));
    assert.equal(await store.neighbours('nope', 10), undefined);
    const q = { positive: ['w1', 'w2'], negative: ['w3'], k: 5 };
    assert.deepEqual(await store.mostSimilar(q), mostSimilar(wv, q));
    assert.deepEqual(await store.mostSimilar({ ...q, method: '3cosmul' }), mostSimilar(wv, { ...q, method: '3cosmul' }));
    assert.deepEqual(await store.doesntMatch(['w1', 'w2', 'w3', 'zz']), doesntMatch(wv, ['w1', 'w2', 'w3', 'zz']));
    assert.deepEqual(await store.neighboursOfVector(wv.vector('w4')!, 3, [4]), wv.neighboursOfVector(wv.vector('w4')!, 3, [4]));
    assert.deepEqual(await store.complete('wört1', 4), ['wört10', 'wört15', 'wört100', 'wört105']);
    assert.deepEqual(await store.wordsAt(19_998, 5), ['w19998', 'w19999']);
    // The core's errors cross the thread as they are: a UserInputError naming the word.
    await assert.rejects(store.mostSimilar({ positive: ['missing'] }), (e: unknown) => e instanceof UserInputError && /"missing" is not in the vocabulary/.test(e.message));
    const pairs = [{ a: 'w1', b: 'w2', score: 3, line: 1 }, { a: 'w3', b: 'w4', score: 1, line: 2 }, { a: 'w5', b: 'w9', score: 2, line: 3 }, { a: 'w5', b: 'none', score: 2, line: 4 }];
    assert.deepEqual(await store.evaluateWordPairs(pairs), evaluateWordPairs(wv, pairs));
    const pairFile = join(dir, 'pairs.tsv');
    writeFileSync(pairFile, 'w1\tw2\t3\nw3\tw4\t1\nw5\tw9\t2\n');
    assert.deepEqual(await model.queries.ask('evaluateFile', { path: pairFile }), { pairs: evaluateWordPairs(wv, pairs.slice(0, 3)) });
    const sections = [{ name: 'capital', questions: [{ a: 'w1', b: 'w2', c: 'w3', d: 'w4', line: 2 }, { a: 'w5', b: 'w6', c: 'w7', d: 'w8', line: 3 }] }];
    assert.deepEqual(await store.evaluateAnalogies(sections, { restrict: 10_000 }), evaluateAnalogies(wv, sections, { restrict: 10_000 }));
  } finally {
    store.dispose();
    await model.queries.stopped;
  }
});

test('hovers ask the model\'s worker: known words get the core\'s neighbours, unknown ones say why', async () => {
  const store = new VectorStore();
  const model = store.set(royalVectors([], true), loaded('royal.txt'));
  try {
    const a = await hoverAt(model, 'the king said', 5, 3, english);
    assert.ok(a?.known);
    for (const n of royalVectors().neighbours('king', 3)) assert.ok(a.markdown.includes(`| ${n.word} | ${n.similarity.toFixed(3)} |`), n.word);
    assert.match(a.markdown, /seen 98 times/);
    const b = await hoverAt(model, 'the emperor', 6, 3, english);
    assert.equal(b?.known, false);
    assert.match(b!.markdown, /has no vector in \*royal\\\.txt\* \(7 words\)/);
  } finally {
    store.dispose();
    await model.queries.stopped;
  }
});

test('one worker per model: replacing or clearing the model terminates its worker; a question outlives a replacement', async () => {
  const before = runningQueryWorkers();
  assert.equal(before, 0, 'the tests before stopped their workers');
  const store = new VectorStore();
  try {
    const first = store.set(royalVectors(), loaded('a.txt'));
    await first.queries.ready;
    assert.equal(runningQueryWorkers(), before + 1);
    // Asked of the first model, answered by the second: the store asks again after the replacement.
    const asked = store.neighbours('king', 2);
    const second = store.set(royalVectors([['emperor', [1, 0, 1.1, 0]]]), loaded('b.txt'));
    assert.deepEqual((await asked)?.map((n) => n.word), ['emperor', 'prince']);
    await first.queries.stopped;
    await assert.rejects(first.queries.ask('lookup', { word: 'king', k: 1 }), (e: unknown) => e instanceof CancelledError);
    await second.queries.ready;
    assert.equal(runningQueryWorkers(), before + 1);
    store.clear();
    await second.queries.stopped;
    assert.equal(runningQueryWorkers(), before);
    assert.equal(await store.neighbours('king', 2), undefined, 'no model: no answer');
    await assert.rejects(store.mostSimilar({ positive: ['king'] }), /No word vectors yet/);
    // dispose() (the extension deactivating) stops a worker that is still starting.
    const third = store.set(royalVectors(), loaded('c.txt'));
    store.dispose();
    await third.queries.stopped;
    assert.equal(runningQueryWorkers(), before);
    // A model set after the deactivation (a run it cancelled ends later) starts no worker.
    const late = store.set(royalVectors(), loaded('d.txt'));
    await late.queries.stopped;
    assert.equal(store.current, undefined);
    assert.equal(runningQueryWorkers(), before);
  } finally {
    store.dispose();
  }
});

test('a question about rows or a vector is not asked again of a replacing model: it rejects as cancelled', async () => {
  const store = new VectorStore();
  try {
    const first = store.set(royalVectors(), loaded('a.txt'));
    await first.queries.ready;
    const rows = store.wordsAt(0, 2);
    const near = store.neighboursOfVector([1, 0, 1, 0], 2);
    const words = store.neighbours('king', 2);
    store.set(royalVectors([['emperor', [1, 0, 1.1, 0]]]), loaded('b.txt'));
    await assert.rejects(rows, (e: unknown) => e instanceof CancelledError);
    await assert.rejects(near, (e: unknown) => e instanceof CancelledError);
    // A question about words still gets the new model's answer.
    assert.deepEqual((await words)?.map((n) => n.word), ['emperor', 'prince']);
  } finally {
    store.dispose();
  }
});

test('a matrix already in shared memory is used in place, not copied', () => {
  const wv = royalVectors();
  const shared = shareVectors(wv);
  assert.notEqual(shared.vectors.buffer, wv.vectors.buffer);
  assert.equal(shareVectors(shared), shared);
  assert.throws(() => new VectorQueries(wv), /SharedArrayBuffer/);
});

test('a loaded model reaches its query worker and an export as shared memory: no word string is made on the calling thread', async () => {
  const wv = randomModel(30_000, 20, 3);
  const p = join(dir, 'loaded.bin');
  await writeVectors(p, wv, 'binary');
  const loadedWv = await readVectorsOffThread(p);
  assert.ok(loadedWv.packedWords?.buffer instanceof SharedArrayBuffer, 'the words stay one shared block');
  assert.ok(loadedWv.vectors.buffer instanceof SharedArrayBuffer, 'the matrix is shared');
  const store = new VectorStore();
  const model = store.set(loadedWv, loaded('loaded.bin'));
  try {
    assert.equal(model.vectors, loadedWv, 'used in place, not copied');
    assert.deepEqual(await store.neighbours('wört10', 5), wv.neighbours('wört10', 5));
    const out = join(dir, 'exported.txt');
    await writeVectorsOffThread(out, model.vectors, 'text');
    const back = await readVectors(out);
    assert.deepEqual(back.words, wv.words);
    assert.deepEqual(back.vectors, wv.vectors);
    // Only now, asked for its words, does the host's model decode them.
    assert.deepEqual(loadedWv.words, wv.words);
  } finally {
    store.dispose();
    await model.queries.stopped;
  }
});

test('the Evaluation tab asks a loaded model\'s query worker, which holds its shared matrix and word block as they are', async () => {
  const wv = randomModel(5_000, 20, 5);
  const shared = WordVectors.fromPackedWords(sharedBytes(await packWords(wv.words)), wv.size, wv.dim, shareVectors(wv).vectors);
  const file = join(dir, 'pairs-eval.tsv');
  writeFileSync(file, 'w1\tw2\t3\nw3\tw4\t1\nw5\tw9\t2\nw10\tw11\t4\n');
  const queries = new VectorQueries(shared);
  try {
    const [outcome] = await evaluateFiles(queries, [file], 'gensim');
    assert.ok('pairs' in outcome, JSON.stringify(outcome));
    assert.deepEqual(outcome.pairs, evaluateWordPairs(wv, [{ a: 'w1', b: 'w2', score: 3, line: 1 }, { a: 'w3', b: 'w4', score: 1, line: 2 }, { a: 'w5', b: 'w9', score: 2, line: 3 }, { a: 'w10', b: 'w11', score: 4, line: 4 }], { restrict: 300_000, caseInsensitive: true, worst: 10 }));
  } finally {
    queries.dispose();
    await queries.stopped;
  }
});
