import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserInputError } from '../../extension/core/errors';
import { readVectors } from '../../extension/core/vectors/readVectors';
import { writeVectors } from '../../extension/core/vectors/writeVectors';
import { WordVectors } from '../../extension/core/vectors/WordVectors';

const dir = mkdtempSync(join(tmpdir(), 'w2v-read-ahead-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The binary reader reads 8 MB chunks ahead, carrying a row cut by a chunk's end into the next
 * window: rows across every boundary, a word longer than the 64 KB carry room, and a row longer
 * than a whole window must all come back exactly.
 */
test('binary files over several read-ahead chunks: rows cut at every boundary, huge words, exact round trip', async () => {
  const dim = 50;
  const n = 120_000; // about 25 MB: three chunks and a bit
  const words = Array.from({ length: n }, (_, i) => (i === 40_000 ? 'x'.repeat(100_000) : i === 90_000 ? 'y'.repeat(9 << 20) : i % 3 ? `w${i}` : `wört${i}`));
  const v = Float32Array.from({ length: n * dim }, (_, i) => Math.fround(Math.sin(i) * 3));
  for (const [name, newline] of [['gensim', false], ['word2vec.c', true]] as const) {
    const p = join(dir, `${name}.bin`);
    await writeVectors(p, new WordVectors(words, dim, v), 'binary');
    if (!newline) {
      // gensim writes no "\n" after a row: build that file by hand.
      const parts: Buffer[] = [Buffer.from(`${n} ${dim}\n`)];
      for (let i = 0; i < n; i++) parts.push(Buffer.from(words[i] + ' '), Buffer.from(v.buffer, i * dim * 4, dim * 4));
      writeFileSync(p, Buffer.concat(parts));
    }
    const got = await readVectors(p);
    assert.equal(got.size, n, name);
    assert.ok(got.words.every((w, i) => w === words[i]), `${name}: every word back`);
    assert.deepEqual(got.vectors, v, `${name}: every number back`);
    const limited = await readVectors(p, { limit: 95_000 });
    assert.equal(limited.words[90_000], words[90_000]);
    assert.deepEqual(limited.vectors, v.subarray(0, 95_000 * dim));
  }
  // Data after the rows the header announces is named by its byte offset, even chunks later.
  const p = join(dir, 'extra.bin');
  const parts: Buffer[] = [Buffer.from(`2 ${dim}\n`)];
  for (let i = 0; i < 2; i++) parts.push(Buffer.from(words[i] + ' '), Buffer.from(v.buffer, i * dim * 4, dim * 4), Buffer.from('\n'));
  const head = Buffer.concat(parts);
  writeFileSync(p, Buffer.concat([head, Buffer.alloc(20 << 20, 0x0a), Buffer.from('junk')]));
  await assert.rejects(readVectors(p), (e: unknown) => e instanceof UserInputError && e.message.includes(`byte ${head.length + (20 << 20)}: more data after the 2 words`));
});
