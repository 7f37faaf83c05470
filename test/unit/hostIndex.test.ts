/**
 * No word index on the calling thread (the extension host's): the sentiment classifier's job and
 * the gradient explorer's corpus window are prepared with the model's words looked up by its query
 * worker. The models here are "tripwired": on this thread their `indexOf` (hence has, vector,
 * require) and, for a loaded model kept as one UTF-8 block, `words` throw, so any lookup or
 * decoding of the vocabulary here fails the test; the same preparation done the old way, on this
 * thread, trips them (checked below, so the tripwire is known to work).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import { UserInputError } from '../../extension/core/errors';
import { packWords } from '../../extension/core/vectors/packedWords';
import { sharedBytes } from '../../extension/core/util/sharedMemory';
import { checkSplits, loadLabeledFile, prepareSentimentJob } from '../../extension/core/sentiment';
import { pickCorpusWindow, pickCorpusWindowFromFile } from '../../extension/core/gradcheck/corpusWindow';
import { VectorStore } from '../../extension/vectors/vectorStore';
import { sentimentJobFor } from '../../extension/training/sentimentJob';
import { explorerInputsAt } from '../../extension/dashboard/explorerInputs';
import type { TrainOptions } from '../../extension/core/train/types';
import { hoverAt } from '../../extension/vectors/hoverText';
import { computeExplorerResult, runExplorerCheck, type ExplorerRequest } from '../../extension/core/gradcheck/explorer';
import { english } from '../../extension/shared/translate';

const dir = mkdtempSync(join(tmpdir(), 'w2v-host-index-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const TRIPPED = /on the calling thread/;

/** Makes `wv`'s word lookups (and, when `words` is set, its decoding of the words) throw on this thread. */
function tripwire(wv: WordVectors, opts: { words: boolean }): WordVectors {
  wv.indexOf = () => { throw new Error('a word index was built on the calling thread'); };
  if (opts.words) Object.defineProperty(wv, 'words', { get() { throw new Error('every word was decoded on the calling thread'); } });
  return wv;
}

function seededVectors(n: number, dim: number, seed: number): Float32Array {
  let x = seed >>> 0;
  const out = new Float32Array(new SharedArrayBuffer(n * dim * 4));
  for (let i = 0; i < out.length; i++) out[i] = ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  return out;
}

const vocabulary = ['good', 'bad', 'film', 'plot', 'great', 'awful', 'the', 'a', ...Array.from({ length: 5000 }, (_, i) => `w${i}`)];

test('the sentiment job of a loaded model (words kept as one block) is prepared without decoding or indexing its words here, and equals the in-thread one', async () => {
  const dim = 8;
  const vectors = seededVectors(vocabulary.length, dim, 3);
  const counts = vocabulary.map((_, i) => vocabulary.length - i);
  const packed = sharedBytes(await packWords(vocabulary));
  const loaded = tripwire(WordVectors.fromPackedWords(packed, vocabulary.length, dim, vectors, counts), { words: true });
  const store = new VectorStore();
  try {
    const model = store.set(loaded, { kind: 'loaded', name: 'big.bin', path: '/tmp/big.bin' });
    assert.equal(model.vectors, loaded, 'the store keeps the (already shared) model itself');
    const text = (n: number): string => Array.from({ length: n }, (_, i) =>
      `${i % 2} ${i % 2 ? 'good great' : 'bad awful'} the ${i % 3 ? 'film' : 'plot'} w${i * 37 % 5000} unknownword${i % 4}`).join('\n');
    const paths = (['train', 'dev', 'test'] as const).map((name, i) => {
      const path = join(dir, `sentiment.${name}`);
      writeFileSync(path, text([40, 12, 12][i]));
      return path;
    }) as [string, string, string];
    const [train, dev, test_] = await Promise.all(paths.map((p) => loadLabeledFile(p)));
    const splits = { train, dev, test: test_ };
    const k = checkSplits(train, dev, test_);
    const regs = [0, 1e-2];

    const job = await sentimentJobFor(model, paths, regs, { classNames: (n) => (n === k ? ['neg', 'pos'] : undefined) });

    // The old preparation, on this thread, trips the wires...
    assert.throws(() => prepareSentimentJob(model.vectors, splits, k, regs), TRIPPED);
    // ...and the same job prepared on a plain copy of the model in this thread is the one we got.
    const plain = new WordVectors(vocabulary, dim, vectors, counts);
    const expected = prepareSentimentJob(plain, splits, k, regs, { classNames: ['neg', 'pos'] });
    assert.deepEqual(job, expected);
    // A bad file: the worker's reader says what is wrong, as the command shows it.
    writeFileSync(paths[2], '7 a label out of range\n');
    await assert.rejects(sentimentJobFor(model, paths, regs), (e: Error) => e instanceof UserInputError && /sentiment\.test/.test(e.message));
    assert.ok(job.train.ids.includes(-1), 'unknown words are -1');
    assert.equal(job.vectors, vectors, 'the job reads the model\'s shared matrix');
  } finally {
    store.dispose();
  }
});

test('the gradient explorer\'s window of a trained model is picked by its query worker, from the text or the file, as the core picks it in-thread', async () => {
  const dim = 6;
  const vectors = seededVectors(vocabulary.length, dim, 5);
  const outside = seededVectors(vocabulary.length, dim, 9);
  const counts = vocabulary.map((_, i) => vocabulary.length - i);
  const trained = tripwire(new WordVectors(vocabulary, dim, vectors, counts), { words: false });
  const corpus = Array.from({ length: 400 }, (_, i) => `the good film w${i} and a bad plot w${i + 1} oov${i}`).join('\n');
  const path = join(dir, 'corpus.txt');
  writeFileSync(path, corpus);
  const options = { window: 2, model: 'skipgram', loss: 'neg', cbowUpdate: 'mean' } as unknown as TrainOptions;
  const store = new VectorStore();
  try {
    const model = store.set(trained, {
      kind: 'trained', name: 'corpus.txt', documentUri: `file://${path}`, options, vocab: {} as never, stopReason: 'done', wordsProcessed: 1,
    }, { outside });
    assert.throws(() => pickCorpusWindow(corpus, model.vectors, 2, 7), TRIPPED);
    const plain = new WordVectors(vocabulary, dim, vectors, counts);
    for (const seed of [1, 7]) {
      const fromText = await explorerInputsAt(model, { text: corpus }, seed);
      const want = pickCorpusWindow(corpus, plain, 2, seed);
      assert.ok(fromText);
      assert.deepEqual(fromText.window, { centerIdx: want.centerIdx, contextIdxs: want.contextIdxs });
      assert.equal(fromText.label, `the vectors trained on corpus.txt, at "${want.text}"`);
      assert.equal(fromText.centerVectors, vectors);
      assert.equal(fromText.outsideVectors, outside);
      const fromFile = await explorerInputsAt(model, { path }, seed);
      const wantFile = await pickCorpusWindowFromFile(path, plain, 2, seed);
      assert.deepEqual(fromFile?.window, { centerIdx: wantFile.centerIdx, contextIdxs: wantFile.contextIdxs });
    }
    // A corpus the vocabulary does not cover: the worker's message, as the core words it.
    await assert.rejects(explorerInputsAt(model, { text: 'zzz yyy xxx' }, 1), /No window of the corpus/);
    // A loaded model has no U: seeded random parameters (undefined), no question asked.
    assert.equal(await explorerInputsAt({ ...model, outside: undefined }, { text: corpus }, 1), undefined);
  } finally {
    store.dispose();
  }
});

test('a trained model\'s dropped words are indexed by its query worker: the hover says how often a dropped word occurs', async () => {
  const dim = 4;
  const words = ['the', 'cat', 'sat'];
  const trained = tripwire(new WordVectors(words, dim, seededVectors(words.length, dim, 2), [9, 5, 4]), { words: false });
  const options = { window: 2, minCount: 3, maxVocab: 3 } as unknown as TrainOptions;
  // As the engine sends them: one UTF-8 block and the counts (TrainResult.rare).
  const rareWords = ['mat', 'hat', 'café', ...Array.from({ length: 50_000 }, (_, i) => `r${i}`)];
  const rare = { words: await packWords(rareWords), count: rareWords.length, counts: Float64Array.from([2, 4, 3, ...Array.from({ length: 50_000 }, () => 1)]) };
  const store = new VectorStore();
  try {
    const model = store.set(trained, {
      kind: 'trained', name: 'corpus.txt', options, vocab: { vocabSize: 3 } as never, stopReason: 'done', wordsProcessed: 1,
    }, { rare });
    assert.deepEqual(await model.queries.ask('lookup', { word: 'mat', k: 3 }), { row: -1, neighbours: [], rareCount: 2 });
    assert.deepEqual(await model.queries.ask('lookup', { word: 'r49999', k: 3 }), { row: -1, neighbours: [], rareCount: 1 });
    // Looked up in the block's UTF-8 bytes (PackedVocab), not among decoded strings.
    assert.deepEqual(await model.queries.ask('lookup', { word: 'café', k: 3 }), { row: -1, neighbours: [], rareCount: 3 });
    assert.deepEqual(await model.queries.ask('lookup', { word: 'caf', k: 3 }), { row: -1, neighbours: [] });
    assert.deepEqual(await model.queries.ask('lookup', { word: 'dog', k: 3 }), { row: -1, neighbours: [] });
    const hover = async (line: string) => (await hoverAt(model, line, 1, 3, english))?.markdown ?? '';
    assert.match(await hover('mat'), /occurs 2 times in \*corpus\\\.txt\*, fewer than the min-count of 3/);
    assert.match(await hover('hat'), /occurs 4 times in \*corpus\\\.txt\*, but only the 3 most frequent words were kept/);
    assert.match(await hover('dog'), /does not occur in \*corpus\\\.txt\*/);
  } finally {
    store.dispose();
  }
});

test('a gradient check at a trained model sends its words to the explorer\'s worker as one block: the same labels and negatives as in-thread', async () => {
  const dim = 6;
  for (const words of [
    Array.from({ length: 40_000 }, (_, i) => (i % 3 ? `wört${i}` : `w${i}`)),
    ['a\nb', ...Array.from({ length: 99 }, (_, i) => `w${i}`)], // a line break: sent as a list instead
  ]) {
    const before = [...words];
    const req: ExplorerRequest = {
      target: { kind: 'word2vec', model: 'skipgram', loss: 'neg', negatives: 8, dim, window: 2 },
      parameters: { kind: 'trained', words, inputVectors: seededVectors(words.length, dim, 4), outputVectors: seededVectors(words.length, dim, 8), counts: words.map((_, i) => words.length - i) },
      window: { centerIdx: 1, contextIdxs: [0, 2, 5] },
      seed: 11,
    };
    const viaWorker = await runExplorerCheck(req);
    const inThread = computeExplorerResult(req);
    assert.deepEqual(viaWorker.groups.map((g) => g.rowLabels), inThread.groups.map((g) => g.rowLabels));
    assert.deepEqual(viaWorker.negatives, inThread.negatives);
    assert.ok(viaWorker.negatives?.flat().some((w) => w !== words[0] && w !== words[1]), 'negatives are labelled with the model\'s words');
    assert.equal(viaWorker.loss, inThread.loss);
    assert.deepEqual(words, before, 'the caller\'s words are untouched');
  }
});
