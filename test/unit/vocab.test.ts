import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordCounter } from '../../extension/core/vocab/counter';
import { buildVocab } from '../../extension/core/vocab/vocab';
import { keepProbability, keepThresholds } from '../../extension/core/vocab/subsample';
import { negativeTable, packNegativeTable, packedProbabilities } from '../../extension/core/vocab/negativeTable';
import { ChunkWriter, encodeCorpus, encodedLength, encodeInPlace, CHUNK_WORDS } from '../../extension/core/train/encode';
import { IDS_OFFSET, idBytesFor, idsView, MAX_SENTENCE, MAX_U16_VOCAB, memoryLayout, wordAt } from '../../extension/core/train/layout';

function count(lines: string[]): WordCounter {
  const c = new WordCounter(true, 8);
  for (const l of lines) c.addLine(l);
  return c;
}

test('counts words and sentences; sorts by count, ties by first appearance', () => {
  const c = count(['the cat sat on the mat', 'The dog, the cat.', '', 'a bird']);
  assert.equal(c.corpusWords, 12);
  assert.equal(c.sentences, 4);
  const v = buildVocab(c, 1, 0);
  assert.deepEqual(v.words, ['the', 'cat', 'sat', 'on', 'mat', 'dog', 'a', 'bird']);
  assert.deepEqual(v.counts, [4, 2, 1, 1, 1, 1, 1, 1]);
  assert.equal(v.stats.distinctWords, 8);
  assert.equal(v.stats.trainWords, 12);
  assert.deepEqual(v.stats.top.slice(0, 2), [{ word: 'the', count: 4 }, { word: 'cat', count: 2 }]);
});

test('min-count and max vocabulary', () => {
  const c = count(['a a a b b c', 'a b d d d d']);
  const v2 = buildVocab(c, 2, 0);
  assert.deepEqual(v2.words, ['a', 'd', 'b']);
  assert.equal(v2.stats.trainWords, 4 + 4 + 3);
  assert.equal(v2.stats.corpusWords, 12);
  const top2 = buildVocab(c, 1, 2);
  assert.deepEqual(top2.words, ['a', 'd']);
  assert.equal(top2.rawToId[c.ids.get('c')!], -1);
  assert.equal(top2.rawToId[c.ids.get('d')!], 1);
});

test('encoding maps to vocabulary ids, drops rare words, ends sentences and chunks at sentence ends', () => {
  const c = count(['a x b', 'x x', 'b a']);
  const v = buildVocab(c, 2, 0); // x:3, a:2, b:2
  const { length: n, trainableSentences } = encodedLength(c.streamValues(), v.rawToId);
  assert.equal(trainableSentences, 3);
  const out = new Int32Array(n);
  const chunks = encodeCorpus(c.streamValues(), v.rawToId, out);
  const id = (w: string) => v.words.indexOf(w);
  assert.deepEqual([...out], [id('a'), id('x'), id('b'), -1, id('x'), id('x'), -1, id('b'), id('a'), -1]);
  assert.deepEqual([...chunks], [0, n]);
});

test('long sentences are split at MAX_SENTENCE words; chunks hold at least CHUNK_WORDS', () => {
  const c = new WordCounter(true);
  const long = Array.from({ length: MAX_SENTENCE * 2 + 5 }, (_, i) => `w${i % 10}`).join(' ');
  c.addLine(long);
  for (let i = 0; i < 3000; i++) c.addLine('w1 w2 w3 w4 w5');
  const v = buildVocab(c, 1, 0);
  const n = encodedLength(c.streamValues(), v.rawToId).length;
  const out = new Int32Array(n);
  const chunks = encodeCorpus(c.streamValues(), v.rawToId, out);
  assert.equal(n, MAX_SENTENCE * 2 + 5 + 3 + 3000 * 6);
  let run = 0;
  for (const x of out) { run = x < 0 ? 0 : run + 1; assert.ok(run <= MAX_SENTENCE); }
  for (let k = 0; k + 1 < chunks.length; k++) {
    assert.equal(chunks[k] === 0 || out[chunks[k] - 1] === -1, true, 'a chunk starts at a sentence');
    const words = out.subarray(chunks[k], chunks[k + 1]).filter((x) => x >= 0).length;
    if (k + 2 < chunks.length) assert.ok(words >= CHUNK_WORDS, `chunk ${k} has ${words} words`);
  }
  assert.equal(chunks[chunks.length - 1], n);
});

test("subsampling keep probability is word2vec's formula", () => {
  const total = 1_000_000, sample = 1e-3;
  // f = count / total; keep = (sqrt(f / sample) + 1) * sample / f
  for (const count of [10, 1000, 5000, 60000]) {
    const f = count / total;
    const expected = Math.min(1, (Math.sqrt(f / sample) + 1) * (sample / f));
    assert.ok(Math.abs(keepProbability(count, sample, total) - expected) < 1e-12);
  }
  assert.equal(keepProbability(1000, 1e-3, total), 1, 'at the threshold the formula exceeds 1: capped');
  assert.ok(keepProbability(60000, 1e-3, total) < 0.2);
  assert.equal(keepProbability(60000, 0, total), 1, 'sample 0 = off');
  const t = keepThresholds([60000, 10], 1e-3, total);
  assert.equal(t[1], 0xffffffff);
  assert.ok(Math.abs((t[0] + 1) / 2 ** 32 - keepProbability(60000, 1e-3, total)) < 1e-9);
});

test('the packed negative table draws words with probability count^0.75 / sum', () => {
  const counts = [1000, 300, 300, 50, 7, 1, 1];
  const z = counts.reduce((s, c) => s + c ** 0.75, 0);
  const p = packedProbabilities(packNegativeTable(negativeTable(counts)));
  counts.forEach((c, i) => assert.ok(Math.abs(p[i] - c ** 0.75 / z) < 1e-8, `word ${i}: ${p[i]} vs ${c ** 0.75 / z}`));
  // Monte Carlo over the kernel's draw rule (bucket, then u32 <= threshold): the same distribution.
  const packed = packNegativeTable(negativeTable(counts));
  const u32 = new Uint32Array(packed.buffer);
  const hits = new Float64Array(counts.length);
  let x = 12345;
  const rnd = () => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x; };
  const N = 200000;
  for (let i = 0; i < N; i++) {
    const b = Math.floor((rnd() / 2 ** 32) * counts.length);
    hits[rnd() <= u32[2 * b] ? b : packed[2 * b + 1]]++;
  }
  counts.forEach((c, i) => {
    const q = c ** 0.75 / z;
    assert.ok(Math.abs(hits[i] / N - q) < 5 * Math.sqrt(q / N) + 1e-4, `word ${i}: ${hits[i] / N} vs ${q}`);
  });
});

test('maxWords bounds the words held while counting (ReduceVocab pruning); frequent words keep exact counts and ids', () => {
  // 5 frequent words on every line, and 3 words seen once per line: 30,000 distinct in all.
  const lines = Array.from({ length: 10_000 }, (_, i) => `the cat sat on mat u${i}a u${i}b u${i}c`);
  const full = new WordCounter(true, 64);
  const pruned = new WordCounter(true, 64, Infinity, 1000);
  let most = 0;
  for (const l of lines) {
    full.addLine(l);
    pruned.addLine(l);
    most = Math.max(most, pruned.words.length);
  }
  assert.ok(most <= 1001, `held ${most} words while counting`);
  assert.ok(pruned.prunedWords > 28_000);
  assert.ok(pruned.distinctWords >= 30_000);
  const a = buildVocab(full, 1, 5);
  const b = buildVocab(pruned, 1, 5);
  assert.deepEqual(b.words, a.words);
  assert.deepEqual(b.counts, a.counts);
  assert.ok(!b.dropped.words.includes(''), 'the pruning placeholder is no word');
  // The recorded corpus encodes to the same ids (the pruned words drop out like any rare word).
  const encode = (c: WordCounter, v: ReturnType<typeof buildVocab>): Int32Array => {
    const len = encodedLength(c.streamValues(), v.rawToId).length;
    const out = new Int32Array(len);
    encodeCorpus(c.streamValues(), v.rawToId, out);
    return out;
  };
  assert.deepEqual(encode(pruned, b), encode(full, a));
});

test('encoding in place over the recorded stream gives the same corpus, in 16- and 32-bit ids, also when sentence splits need room (lead)', () => {
  const cases: [string, string[], number][] = [
    ['rare words dropped', ['a x b', 'x x', 'b a', 'q r s', 'a b x'], 2],
    // One line of 3 * MAX_SENTENCE words, all kept: each split adds a -1 the raw stream does not have.
    ['long lines, nothing dropped', [Array.from({ length: MAX_SENTENCE * 3 }, (_, i) => `w${i % 7}`).join(' '), 'w1 w2'], 1],
  ];
  for (const idBytes of [2, 4] as const) {
    for (const [name, lines, minCount] of cases) {
      const what = `${name}, ${idBytes * 8}-bit ids`;
      const c = new WordCounter(true, 16, Infinity, Infinity, IDS_OFFSET);
      for (const l of lines) c.addLine(l);
      const v = buildVocab(c, minCount, 0);
      const enc = encodedLength(c.streamValues(), v.rawToId);
      const expected = new Int32Array(enc.length);
      const expectedChunks = encodeCorpus(c.streamValues(), v.rawToId, expected);
      const stream = c.takeStream()!;
      const layout = memoryLayout(v.words.length, 8, enc.length, 1, 0, 0, idBytes);
      const chunks = encodeInPlace(stream, enc.lead, v.rawToId, layout);
      const mem = stream.memory.buffer as unknown as SharedArrayBuffer;
      const ids = idsView(mem, layout.ids, enc.length, idBytes);
      assert.equal(ids.BYTES_PER_ELEMENT, idBytes);
      assert.deepEqual(Int32Array.from({ length: enc.length }, (_, p) => wordAt(ids, p)), expected, what);
      assert.deepEqual(chunks, expectedChunks, what);
      assert.ok(new Uint8Array(mem, layout.ids + enc.length * idBytes).every((x) => x === 0), `${what}: the rest of the memory is cleared`);
      assert.ok(mem.byteLength >= layout.bytes, `${what}: grown to the layout`);
      if (name.startsWith('long')) assert.ok(enc.lead > 0, 'splits made the writing get ahead');
    }
  }
});

test('16-bit ids when the vocabulary fits (0xffff ends a sentence), 32-bit beyond', () => {
  assert.equal(idBytesFor(MAX_U16_VOCAB), 2);
  assert.equal(idBytesFor(MAX_U16_VOCAB + 1), 4);
  assert.equal(memoryLayout(MAX_U16_VOCAB, 4, 10, 1).idBytes, 2);
  assert.equal(memoryLayout(MAX_U16_VOCAB + 1, 4, 10, 1).idBytes, 4);
  assert.throws(() => memoryLayout(MAX_U16_VOCAB + 1, 4, 10, 1, 0, 0, 2), /do not fit in 16-bit ids/);
  // The largest id and the sentence end, written by the encoder and read back.
  const out = new Uint16Array(3);
  const w = new ChunkWriter(out, () => undefined);
  w.word(MAX_U16_VOCAB - 1);
  w.word(0);
  w.endSentence();
  assert.deepEqual([0, 1, 2].map((p) => wordAt(out, p)), [MAX_U16_VOCAB - 1, 0, -1]);
});
