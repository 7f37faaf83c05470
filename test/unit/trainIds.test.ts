// The corpus held as 16-bit ids (a vocabulary of at most 65,535 words) trains exactly as with
// 32-bit ids: the same kernel, the same memory contents but the ids' width, bit for bit the same
// weights. And a vocabulary too large for 16 bits trains end to end with 32-bit ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordCounter } from '../../extension/core/vocab/counter';
import { buildVocab } from '../../extension/core/vocab/vocab';
import { encodeCorpus, encodedLength } from '../../extension/core/train/encode';
import { idsView, memoryLayout, MAX_U16_VOCAB } from '../../extension/core/train/layout';
import { instantiateKernel, kernelModule, sharedMemory, type KernelConfig } from '../../extension/core/train/kernel';
import { writeTables } from '../../extension/core/train/coordinator';
import { huffmanTree } from '../../extension/core/train/huffman';
import { startTraining } from '../../extension/core/train/index';

/** A Zipf-like corpus of `vocab` words in sentences of 3 to 20 words. */
function zipfLines(lines: number, vocab: number, seed: number): string[] {
  let x = seed;
  const rnd = (): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x / 2 ** 32; };
  const out: string[] = [];
  for (let l = 0; l < lines; l++) {
    const n = 3 + Math.floor(rnd() * 18);
    out.push(Array.from({ length: n }, () => `w${Math.floor(vocab ** rnd()) - 1}`).join(' '));
  }
  return out;
}

/** Trains the corpus for `epochs` passes of trainChunk on one kernel instance; returns V and U as bytes. */
function trainWithIds(lines: string[], idBytes: 2 | 4, config: KernelConfig, sample: number): { v: Buffer; u: Buffer } {
  const counter = new WordCounter(true);
  for (const l of lines) counter.addLine(l);
  const vocab = buildVocab(counter, 1, 0);
  const { length } = encodedLength(counter.streamValues(), vocab.rawToId);
  const tree = config.loss === 'hs' ? huffmanTree(vocab.counts) : undefined;
  const dim = 12;
  const layout = memoryLayout(vocab.words.length, dim, length, 1, 0, tree?.points.length ?? 0, idBytes);
  const memory = sharedMemory(layout);
  const buf = memory.buffer as unknown as SharedArrayBuffer;
  const ids = idsView(buf, layout.ids, length, idBytes);
  const chunks = encodeCorpus(counter.streamValues(), vocab.rawToId, ids);
  writeTables(buf, layout, vocab.counts, sample, vocab.stats.trainWords, tree);
  instantiateKernel(kernelModule(), memory, layout, config, -1, 7).initWeights(dim);
  const k = instantiateKernel(kernelModule(), memory, layout, config, 0, 7);
  let words = 0;
  for (let epoch = 0; epoch < 2; epoch++) {
    for (let c = 0; c + 1 < chunks.length; c++) words += k.trainChunk(layout.ids, chunks[c], chunks[c + 1], 0.05 * (1 - epoch / 2));
  }
  assert.equal(words, 2 * vocab.stats.trainWords, 'every word was read');
  assert.equal(k.diverged(), 0);
  const bytes = layout.vocab * layout.stride * 4;
  return { v: Buffer.from(new Uint8Array(buf, layout.syn0, bytes)), u: Buffer.from(new Uint8Array(buf, layout.syn1, bytes)) };
}

test('16-bit ids train bit for bit as 32-bit ids (skip-gram and CBOW; negative sampling and the hierarchical softmax)', () => {
  const lines = zipfLines(1500, 300, 5);
  const configs: KernelConfig[] = [
    { model: 'skipgram', loss: 'neg', cbowUpdate: 'corrected', window: 4, negative: 5 },
    { model: 'cbow', loss: 'neg', cbowUpdate: 'corrected', window: 4, negative: 5 },
    { model: 'cbow', loss: 'hs', cbowUpdate: 'word2vec', window: 3, negative: 5 },
  ];
  for (const config of configs) {
    const what = `${config.model}, ${config.loss}`;
    const narrow = trainWithIds(lines, 2, config, 1e-2);
    const wide = trainWithIds(lines, 4, config, 1e-2);
    assert.ok(narrow.v.equals(wide.v), `${what}: V`);
    assert.ok(narrow.u.equals(wide.u), `${what}: U`);
    assert.ok(!narrow.u.equals(Buffer.alloc(narrow.u.length)), `${what}: it trained`);
  }
});

test('a vocabulary too large for 16-bit ids trains with 32-bit ids, every word read', async () => {
  const words = MAX_U16_VOCAB + 500;
  // Every word twice, in sentences of 10: ids beyond 65,535 occur all along the corpus.
  const order = Array.from({ length: 2 * words }, (_, i) => `x${(i * 7919) % words}`);
  const lines: string[] = [];
  for (let i = 0; i < order.length; i += 10) lines.push(order.slice(i, i + 10).join(' '));
  const r = await startTraining({ kind: 'text', text: lines.join('\n'), name: 'a generated corpus' }, { dim: 4, window: 2, negative: 2, minCount: 1, sample: 0, epochs: 1, threads: 1, seed: 1 }).result;
  assert.equal(r.stopReason, 'done');
  assert.equal(r.words.length, words);
  assert.equal(r.wordsProcessed, 2 * words);
  assert.ok(r.vectors.every(Number.isFinite));
});
