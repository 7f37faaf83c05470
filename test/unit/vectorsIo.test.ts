import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import { writeVectors } from '../../extension/core/vectors/writeVectors';
import { readVectorsOffThread } from '../../extension/vectors/vectorsIo';

const dir = mkdtempSync(join(tmpdir(), 'w2v-vectors-io-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the extension reads vector files in a worker: words (sent as one block, split in slices) and numbers arrive intact', async () => {
  // Enough words for several 256 KB slices, with non-ASCII ones and a word with blanks (GloVe).
  const words = Array.from({ length: 60_000 }, (_, i) => (i % 7 === 0 ? `wört${i}` : i % 11 === 0 ? `日本${i}` : `w${i}`));
  const v = Float32Array.from({ length: words.length * 3 }, (_, i) => Math.fround(Math.sin(i)));
  const p = join(dir, 'v.bin');
  await writeVectors(p, new WordVectors(words, 3, v), 'binary');
  const wv = await readVectorsOffThread(p);
  assert.deepEqual(wv.words, words);
  assert.deepEqual(wv.vectors, v);
  const limited = await readVectorsOffThread(p, { limit: 10 });
  assert.deepEqual(limited.words, words.slice(0, 10));
  const tsv = join(dir, 'vectors.tsv');
  await writeVectors(tsv, new WordVectors(['a b', 'c'], 3, v.subarray(0, 6), [4, 2]), 'tsv');
  const t = await readVectorsOffThread(tsv);
  assert.deepEqual([t.words, t.counts], [['a b', 'c'], [4, 2]]);
  await assert.rejects(readVectorsOffThread(join(dir, 'none.txt')), /no such vectors file/);
});
