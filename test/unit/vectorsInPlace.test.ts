/**
 * The binary reader's in-place path (rows read straight into the matrix, then moved back over their
 * words) against the buffered path, at chunk sizes small enough that runs, run ends, rows cut by a
 * chunk and the hand-over to the buffered loop all happen in small files; and the packed
 * vocabulary (one UTF-8 block and a typed-array index) against a Map.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from './fastCheck';
import { UserInputError } from '../../extension/core/errors';
import { readVectorFile, type ReadVectorsOptions } from '../../extension/core/vectors/readVectors';
import { DuplicateWords, type Repeat } from '../../extension/core/vectors/duplicateWords';
import { hashBytes, PackedVocab } from '../../extension/core/vectors/packedVocab';
import { packWords } from '../../extension/core/vectors/packedWords';

const dir = mkdtempSync(join(tmpdir(), 'w2v-inplace-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: Uint8Array): string => {
  const p = join(dir, `f${n++}.bin`);
  writeFileSync(p, content);
  return p;
};

/** Any Unicode word without blanks (as every format requires). */
const wordArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
  .map((w) => w.replace(/\s/g, '_'))
  .filter((w) => w !== '' && !/\uFFFD/.test(w) && Buffer.from(w, 'utf8').toString('utf8') === w);

/** A word2vec binary file: word2vec.c's rows end in "\n", gensim's do not. */
function binary(words: string[], dim: number, v: Float32Array, newline: boolean): Buffer {
  const parts: Buffer[] = [Buffer.from(`${words.length} ${dim}\n`)];
  words.forEach((w, i) => {
    parts.push(Buffer.from(w + ' '), Buffer.from(v.buffer, v.byteOffset + 4 * i * dim, 4 * dim));
    if (newline) parts.push(Buffer.from('\n'));
  });
  return Buffer.concat(parts);
}

const bitsOf = (v: Float32Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

async function both(p: string, options: ReadVectorsOptions, sizes: { chunk: number; run: number }) {
  const a = await readVectorFile(p, { ...options, inPlace: sizes });
  const b = await readVectorFile(p, { ...options, inPlace: false });
  return { inPlace: a, buffered: b };
}

async function messageOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof UserInputError, `expected a UserInputError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('expected an error');
}

test('property: binary rows read in place give the same words and float32 bits as the buffered reader and the original', async () => {
  await fc.assert(fc.asyncProperty(
    fc.uniqueArray(wordArb, { minLength: 1, maxLength: 60 }),
    fc.integer({ min: 1, max: 9 }),
    fc.boolean(),
    fc.integer({ min: 8, max: 400 }),
    fc.integer({ min: 1, max: 6 }),
    fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    fc.infiniteStream(fc.float({ noNaN: true, noDefaultInfinity: true })),
    async (words, dim, newline, chunk, runChunks, limit, floats) => {
      const v = new Float32Array(words.length * dim);
      for (let i = 0; i < v.length; i++) v[i] = floats.next().value as number;
      const p = file(binary(words, dim, v, newline));
      const { inPlace, buffered } = await both(p, { limit }, { chunk, run: chunk * runChunks });
      const rows = Math.min(words.length, limit ?? Infinity);
      assert.deepEqual(inPlace.vectors.words, words.slice(0, rows));
      assert.deepEqual(buffered.vectors.words, words.slice(0, rows));
      assert.ok(bitsOf(inPlace.vectors.vectors).equals(bitsOf(v.subarray(0, rows * dim))), 'in place: float32 bits differ');
      assert.ok(bitsOf(buffered.vectors.vectors).equals(bitsOf(v.subarray(0, rows * dim))), 'buffered: float32 bits differ');
      assert.equal(inPlace.info.limited, buffered.info.limited);
      rmSync(p);
    },
  ), { numRuns: 200 });
});

test('in place: a large file with small chunks (many runs, rows cut by chunks) equals the buffered read', async () => {
  const dim = 7;
  const words = Array.from({ length: 3000 }, (_, i) => `w${i}${'é'.repeat(i % 5)}${i % 97 === 0 ? 'x'.repeat(300) : ''}`);
  const v = Float32Array.from({ length: words.length * dim }, (_, i) => Math.sin(i) * 1e3);
  for (const newline of [true, false]) {
    const p = file(binary(words, dim, v, newline));
    const { inPlace } = await both(p, {}, { chunk: 4096, run: 5 * 4096 });
    assert.deepEqual(inPlace.vectors.words, words);
    assert.ok(bitsOf(inPlace.vectors.vectors).equals(bitsOf(v)));
    assert.equal(inPlace.vectors.indexOf(words[2999]), 2999);
  }
});

test('the duplicate filter lent the matrix\'s last rows: those rows load exactly, and repeats before and in them are found, in place, buffered, in text and TSV', async () => {
  // 5,000 words of 16 numbers (more than one batch of the filter's updates): the filter (8 KB)
  // lies in the last 128 rows until the rows reach them.
  const dim = 16;
  const words = Array.from({ length: 5000 }, (_, i) => `w${i}`);
  const filterRows = DuplicateWords.bytesFor(words.length) / (4 * dim);
  assert.equal(filterRows, 128);
  const v = Float32Array.from({ length: words.length * dim }, (_, i) => Math.cos(i) * 1e3);
  const numbers = (i: number, sep: string): string => Array.from(v.subarray(i * dim, (i + 1) * dim)).join(sep);
  const text = (w: string[]): Buffer => Buffer.from(`${w.length} ${dim}\n` + w.map((x, i) => `${x} ${numbers(i, ' ')}\n`).join(''));
  /** The Projector's pair: vectors.tsv's path (its metadata.tsv beside it). */
  const tsv = (w: string[]): string => {
    const p = file(Buffer.from(w.map((_, i) => numbers(i, '\t') + '\n').join('')));
    writeFileSync(p + '.metadata.tsv', w.join('\n') + '\n');
    return p;
  };
  const tsvOptions = (p: string): ReadVectorsOptions => ({ format: 'tsv', metadata: p + '.metadata.tsv' });
  const exact = file(binary(words, dim, v, true));
  const { inPlace, buffered } = await both(exact, {}, { chunk: 4096, run: 5 * 4096 });
  const t = tsv(words);
  for (const r of [inPlace, buffered, await readVectorFile(file(text(words))), await readVectorFile(t, tsvOptions(t))]) {
    assert.deepEqual(r.vectors.words, words);
    assert.ok(bitsOf(r.vectors.vectors).equals(bitsOf(v)));
  }
  // Both before the filter's rows (also both in the batch of updates pending when the filter
  // leaves, rows 4,096 to 4,871); the first before and the second in them; both in them.
  const cases: [number, number][] = [[3, 500], [3, 4500], [4200, 4600], [3, 4999], [4900, 4950], [100, 4872]];
  for (const [first, again] of cases) {
    const d = words.slice();
    d[again] = d[first];
    const rowPattern = new RegExp(`row ${again + 1} \\(byte \\d+\\): the word "w${first}" already appeared at row ${first + 1}`);
    assert.match(await messageOf(readVectorFile(file(binary(d, dim, v, true)), { inPlace: { chunk: 4096, run: 5 * 4096 } })), rowPattern);
    assert.match(await messageOf(readVectorFile(file(binary(d, dim, v, false)), { inPlace: false })), rowPattern);
    assert.match(await messageOf(readVectorFile(file(text(d)))), new RegExp(`line ${again + 2}: the word "w${first}" already appeared at line ${first + 2}`));
    const p = tsv(d);
    assert.match(await messageOf(readVectorFile(p, tsvOptions(p))), new RegExp(`line ${again + 1}: the word "w${first}" already appeared at line ${first + 1}`));
  }
});

test('in place: errors name the same row and byte as the buffered reader; dropped rows are the same', async () => {
  const dim = 3;
  const words = Array.from({ length: 400 }, (_, i) => `word${i}`);
  const v = Float32Array.from({ length: words.length * dim }, (_, i) => i / 7);
  const sizes = { chunk: 256, run: 1024 };
  const cases: [string, (w: string[], v: Float32Array) => Buffer, RegExp][] = [
    ['NaN', (w, x) => { const y = x.slice(); y[250 * dim + 1] = NaN; return binary(w, dim, y, true); }, /row 251 \(byte \d+\): number 2 of the word "word250" is NaN/],
    ['infinity', (w, x) => { const y = x.slice(); y[120 * dim] = -Infinity; return binary(w, dim, y, false); }, /row 121 \(byte \d+\): number 1 of the word "word120" is infinite/],
    ['duplicate', (w, x) => { const d = w.slice(); d[300] = 'word17'; return binary(d, dim, x, true); }, /row 301 \(byte \d+\): the word "word17" already appeared at row 18/],
    ['newline in a word', (w, x) => { const d = w.slice(); d[200] = 'bro\nken'; return binary(d, dim, x, true); }, /row 201 \(byte \d+\): a newline inside a word/],
    ['truncated', (w, x) => binary(w, dim, x, true).subarray(0, 5000), /the file ends (inside|after)/],
  ];
  for (const [name, make, pattern] of cases) {
    const p = file(make(words, v));
    const a = await messageOf(readVectorFile(p, { inPlace: sizes }));
    const b = await messageOf(readVectorFile(p, { inPlace: false }));
    assert.match(a, pattern, name);
    assert.equal(a, b, name);
  }
  const y = v.slice();
  for (const r of [5, 150, 151, 399]) y[r * dim] = NaN;
  const p = file(binary(words, dim, y, true));
  const { inPlace, buffered } = await both(p, { nonFinite: 'drop' }, sizes);
  assert.equal(inPlace.info.dropped, 4);
  assert.deepEqual(inPlace.info.droppedAt, buffered.info.droppedAt);
  assert.deepEqual(inPlace.vectors.words, buffered.vectors.words);
  assert.ok(bitsOf(inPlace.vectors.vectors).equals(bitsOf(buffered.vectors.vectors)));
});

test('property: the packed vocabulary finds and decodes words as a Map does (the first of repeated words wins), and DuplicateWords names the first repeat', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(wordArb, { minLength: 0, maxLength: 300 }),
    fc.array(wordArb, { maxLength: 20 }),
    fc.integer({ min: 1, max: 4 }),
    fc.option(fc.integer({ min: 0, max: 300 })),
    async (words, probes, filterWords, retireAt) => {
      const map = new Map<string, number>();
      let repeat: Repeat | undefined;
      const vocab = new PackedVocab(words.length, 4);
      // A filter made for fewer words than it gets: more words are noted, and all must be settled
      // exactly. In lent memory, given back at row retireAt (and then overwritten, as the loader's
      // rows overwrite it), or in its own.
      const lent = retireAt === null ? undefined : new Int32Array(DuplicateWords.bytesFor(filterWords) / 4);
      const repeats = new DuplicateWords(filterWords, lent);
      words.forEach((w, row) => {
        if (row === retireAt) {
          repeats.retire();
          lent!.fill(-1);
        }
        const bytes = Buffer.from(w);
        vocab.append(bytes, 0, bytes.length);
        repeats.add(hashBytes(bytes, 0, bytes.length), row, 1000 + row);
        if (map.has(w)) repeat ??= { row, first: map.get(w)!, at: 1000 + row };
        else map.set(w, row);
      });
      assert.deepEqual(repeats.first(vocab.block, words.length), repeat);
      assert.equal(vocab.size, words.length);
      assert.deepEqual(vocab.all(), words);
      words.forEach((w, i) => assert.equal(vocab.word(i), w));
      assert.ok(Buffer.from(vocab.block).equals(Buffer.from(words.join('\n'))));
      for (const w of [...words, ...probes, '', 'absent\u{1F600}']) assert.equal(vocab.get(w), map.get(w) ?? -1, w);
      // The same block handed over as packWords makes it (the extension's threads): the index is rebuilt from it.
      const again = PackedVocab.fromBlock(await packWords(words, async () => undefined), words.length);
      for (const w of [...words, ...probes]) assert.equal(again.get(w), map.get(w) ?? -1, w);
      assert.deepEqual(again.all(), words);
    },
  ), { numRuns: 200 });
});

test('pop takes the last appended word back (once); words decoded between appends stay right', () => {
  const v = new PackedVocab(4, 4);
  v.append(Buffer.from('alpha'), 0, 5);
  v.pop();
  assert.equal(v.block.length, 0);
  for (const w of ['alpha', 'b', 'gamma']) v.append(Buffer.from(w), 0, w.length);
  assert.equal(v.word(2), 'gamma');
  v.pop();
  assert.throws(() => v.pop(), /no word to take back/);
  v.append(Buffer.from('c'), 0, 1);
  assert.equal(v.word(2), 'c');
  v.append(Buffer.from('delta'), 0, 5);
  assert.deepEqual(v.all(), ['alpha', 'b', 'c', 'delta']);
  assert.equal(v.word(3), 'delta');
  assert.equal(v.get('c'), 2);
});

test('a block with duplicate words: the first wins (as gensim); a block of another word count is refused', async () => {
  const v = PackedVocab.fromBlock(Buffer.from('a\nb\na\nc'), 4);
  assert.equal(v.get('a'), 0);
  assert.equal(v.get('c'), 3);
  assert.equal(v.word(2), 'a');
  assert.throws(() => PackedVocab.fromBlock(Buffer.from('a\nb'), 3).all(), /holds 2 words for 3/);
  assert.throws(() => PackedVocab.fromBlock(Buffer.from('a\nb\nc'), 2).all(), /more than 2 words/);
  assert.throws(() => PackedVocab.fromBlock(Buffer.from('a\nb\nc'), 2).get('a'), /more than 2 words/);
});
