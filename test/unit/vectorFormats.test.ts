import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from './fastCheck';
import { UserInputError } from '../../extension/core/errors';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import { formatFloat32, parseDecimalBytes } from '../../extension/core/vectors/floatText';
import { detectVectorFormat, readVectorFile, readVectors } from '../../extension/core/vectors/readVectors';
import { formatFromPath, metadataPathFor, type VectorFormat } from '../../extension/core/vectors/formats';
import { hasSeparator, writeVectors } from '../../extension/core/vectors/writeVectors';
import { packWords } from '../../extension/core/vectors/packedWords';

const dir = mkdtempSync(join(tmpdir(), 'w2v-formats-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content?: string | Uint8Array): string => {
  const p = join(dir, name);
  if (content !== undefined) writeFileSync(p, content);
  return p;
};
const FORMATS: VectorFormat[] = ['text', 'binary', 'fasttext', 'glove', 'tsv'];
const EXT: Record<VectorFormat, string> = { text: 'txt', binary: 'bin', fasttext: 'vec', glove: 'txt', tsv: 'tsv' };

/** Deterministic awkward float32s: every exponent (xorshift bit patterns), -0, the extremes, subnormals. */
function vectorsOf(words: string[], dim: number, seed: number, counts?: number[]): WordVectors {
  const v = new Float32Array(words.length * dim);
  const bits = new Uint32Array(v.buffer);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < v.length; i++) {
    do {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      bits[i] = x;
    } while (!Number.isFinite(v[i]));
  }
  v[0] = -0;
  if (v.length > 2) { v[1] = Math.fround(3.4028235e38); v[2] = Math.fround(1.4e-45); }
  return new WordVectors(words, dim, v, counts);
}

function assertSameBits(a: Float32Array, b: Float32Array): void {
  assert.equal(a.length, b.length);
  assert.ok(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength)), 'float32 bits differ');
}

async function rejectsWith(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof UserInputError, `expected a UserInputError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

test('parseDecimalBytes gives exactly what Number() gives (fast path and fallback)', () => {
  const cases = ['0', '-0', '1', '-1.5', '0.1', '.5', '5.', '1e-3', '+3E2', '123456789012345', '1234567890123456789', '0.000000000000000000000000001',
    '1e22', '1e23', '9007199254740993', '-0.30000000000000004', '3.4028235e38', '1e39', '1.4e-45', '2.5e-324'];
  let s = 11;
  for (let i = 0; i < 20000; i++) {
    s = (s * 48271) % 2147483647;
    const m = (s / 2147483647 - 0.5) * 10 ** ((s % 13) - 6);
    cases.push(m.toPrecision(1 + (s % 17)), m.toFixed(s % 10), m.toExponential(s % 12));
  }
  for (const c of cases) {
    const bytes = Buffer.from(`x ${c} y`);
    assert.ok(Object.is(parseDecimalBytes(bytes, 2, 2 + c.length), Number(c)), c);
  }
  for (const c of ['', '-', '.', '1e', '1e+', 'nan', 'inf', '0x10', '1.2.3', '1 ']) assert.equal(parseDecimalBytes(Buffer.from(c), 0, c.length), undefined, c);
});

for (const format of FORMATS) {
  test(`${format}: round trip is exact, the format is detected from the content`, async () => {
    const words = ['the', 'café', '日本語', "isn't", '𝔘nicode', 'x'.repeat(300)];
    const wv = vectorsOf(words, 7, FORMATS.indexOf(format) + 1, format === 'tsv' ? [90, 50, 40, 7, 3, 1] : undefined);
    // The name says nothing: detection must come from the bytes.
    const p = file(format === 'tsv' ? 'rt-vectors.tsv' : `rt-${format}.data`);
    await writeVectors(p, wv, format);
    const detected = await detectVectorFormat(p);
    assert.equal(detected, format === 'fasttext' ? 'text' : format, 'fastText .vec is word2vec text, so it is read as that');
    const { vectors: back, info } = await readVectorFile(p);
    assert.deepEqual(back.words, words);
    assert.equal(back.dim, 7);
    assertSameBits(back.vectors, wv.vectors);
    assert.deepEqual(back.counts, wv.counts);
    assert.equal(info.dropped, 0);
    assert.equal(info.limited, false);
  });
}

/** What writeVectors must write, built the plain way (a string per row, TextEncoder's UTF-8): the formats' layouts, for comparing bytes. */
function expectedFiles(wv: WordVectors, format: VectorFormat): { vectors: Buffer; metadata?: Buffer } {
  const { words, dim, vectors } = wv;
  const numbers = (i: number, sep: string): string => Array.from(vectors.subarray(i * dim, (i + 1) * dim), formatFloat32).join(sep);
  const utf8 = (s: string): Buffer => Buffer.from(new TextEncoder().encode(s));
  const head = format === 'glove' || format === 'tsv' ? '' : `${words.length} ${dim}\n`;
  if (format === 'tsv') {
    return {
      vectors: utf8(words.map((_, i) => `${numbers(i, '\t')}\n`).join('')),
      metadata: utf8((wv.counts ? 'word\tcount\n' : '') + words.map((w, i) => (wv.counts ? `${w}\t${wv.counts[i]}\n` : `${w}\n`)).join('')),
    };
  }
  if (format === 'binary') {
    const rows = words.map((w, i) => Buffer.concat([utf8(`${w} `), Buffer.from(vectors.buffer, vectors.byteOffset + 4 * i * dim, 4 * dim), utf8('\n')]));
    return { vectors: Buffer.concat([utf8(head), ...rows]) };
  }
  const end = format === 'fasttext' ? ' \n' : '\n';
  return { vectors: utf8(head + words.map((w, i) => `${w} ${numbers(i, ' ')}${end}`).join('')) };
}

test('every format writes exactly the bytes of its layout: several megabyte chunks, a word longer than a chunk, multi-byte and unpaired UTF-16', async () => {
  // About 3 MB of text: the writer's reused buffer goes to the file several times, and grows once for the long word.
  const words = Array.from({ length: 4000 }, (_, i) => (i % 11 === 0 ? `日本語${i}` : i % 13 === 0 ? `𝔘${i}\ud800` : `w${i}`));
  words[1234] = 'é'.repeat(700_000);
  const wv = vectorsOf(words, 60, 7, words.map((_, i) => 4000 - i));
  for (const format of FORMATS) {
    const p = file(`bytes-${format}.${EXT[format]}`);
    await writeVectors(p, wv, format, { metadata: file(`bytes-${format}.metadata.tsv`) });
    const want = expectedFiles(wv, format);
    assert.ok(readFileSync(p).equals(want.vectors), `${format}: the vectors file's bytes`);
    if (want.metadata) assert.ok(readFileSync(file(`bytes-${format}.metadata.tsv`)).equals(want.metadata), `${format}: the metadata's bytes`);
  }
  const small = new WordVectors(['a', 'b'], 2, new Float32Array([NaN, Infinity, -Infinity, -0]));
  for (const format of FORMATS) {
    const p = file(`special-${format}.${EXT[format]}`);
    await writeVectors(p, small, format, { metadata: file(`special-${format}.metadata.tsv`) });
    assert.ok(readFileSync(p).equals(expectedFiles(small, format).vectors), `${format}: nan, inf, -0`);
  }
});

test('vectors whose words are one UTF-8 block write the same bytes in every format as the same words as strings, without decoding them', async () => {
  const words = Array.from({ length: 3000 }, (_, i) => (i % 11 === 0 ? `日本語${i}` : i % 13 === 0 ? `𝔘${i}\ud800` : `w${i}`));
  words[77] = 'é'.repeat(300_000);
  const strings = vectorsOf(words, 20, 9, words.map((_, i) => 3000 - i));
  const packed = WordVectors.fromPackedWords(await packWords(words), words.length, 20, strings.vectors, strings.counts);
  // No string is made from the block: asking for the words would make them all.
  Object.defineProperty(packed, 'words', { get: () => assert.fail('the writer decoded the block') });
  for (const format of FORMATS) {
    const pa = file(`same-a-${format}.${EXT[format]}`), pb = file(`same-b-${format}.${EXT[format]}`);
    await writeVectors(pa, strings, format, { metadata: file(`same-a-${format}.metadata.tsv`) });
    await writeVectors(pb, packed, format, { metadata: file(`same-b-${format}.metadata.tsv`) });
    assert.ok(readFileSync(pb).equals(readFileSync(pa)), `${format}: the vectors file`);
    assert.ok(readFileSync(pb).equals(expectedFiles(strings, format).vectors), `${format}: the layout's bytes`);
    if (format === 'tsv') assert.ok(readFileSync(file('same-b-tsv.metadata.tsv')).equals(readFileSync(file('same-a-tsv.metadata.tsv'))), 'tsv: the metadata');
  }
  // A word's bytes are written as the block has them: a leading U+FEFF (a blank to JavaScript, so TSV alone takes it) too.
  const bom = WordVectors.fromPackedWords(await packWords(['\ufeffa', 'b']), 2, 1, new Float32Array(2));
  await writeVectors(file('bom.tsv'), bom, 'tsv');
  assert.ok(readFileSync(file('bom.metadata.tsv')).equals(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0x62, 0x0a])));
});

test('a word the format cannot hold is refused from a block as from strings: every blank JavaScript knows, empty words, tabs and carriage returns in TSV', async () => {
  // The byte scan finds exactly the characters of /\s/ (and /[\t\n\r]/ for TSV), over every code point.
  const enc = new TextEncoder();
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    const b = enc.encode(`a${ch}b`);
    if (hasSeparator(b, 0, b.length, 'text') !== /\s/.test(ch)) assert.fail(`U+${cp.toString(16)}: text`);
    if (cp !== 0x0a && hasSeparator(b, 0, b.length, 'tsv') !== /[\t\n\r]/.test(ch)) assert.fail(`U+${cp.toString(16)}: tsv`);
  }
  const cases: [string[], VectorFormat][] = [
    [['ok', 'a\u3000b', 'c'], 'text'], [['ok', 'x\u00a0'], 'binary'], [['ok', '', 'c'], 'glove'], [['a b'], 'fasttext'],
    [['ok', 'a\tb'], 'tsv'], [['ok', 'a\rb'], 'tsv'], [['', 'ok'], 'tsv'], [['ok', ''], 'text'],
  ];
  for (const [ws, format] of cases) {
    const strings = new WordVectors(ws, 1, new Float32Array(ws.length));
    const packed = WordVectors.fromPackedWords(await packWords(ws), ws.length, 1, strings.vectors);
    const p = file(`refused.${EXT[format]}`);
    const message = await writeVectors(p, strings, format).then(() => assert.fail(`${JSON.stringify(ws)} ${format}`), (e: Error) => e.message);
    await rejectsWith(writeVectors(p, packed, format), new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  }
  // Words with spaces are fine in TSV, from a block too.
  const spaced = WordVectors.fromPackedWords(await packWords(['a b', 'c\u3000d']), 2, 1, new Float32Array(2));
  await writeVectors(file('spaced.tsv'), spaced, 'tsv');
  assert.equal(readFileSync(file('spaced.metadata.tsv'), 'utf8'), 'a b\nc\u3000d\n');
});

test('the layouts are the ones the tools write: fastText trailing space, GloVe without header, the Projector pair', async () => {
  const wv = new WordVectors(['a', 'b'], 2, new Float32Array([0.5, -1, 0.25, 2]));
  const vec = file('layout.vec');
  await writeVectors(vec, wv, formatFromPath(vec));
  assert.equal(readFileSync(vec, 'utf8'), '2 2\na 0.5 -1 \nb 0.25 2 \n');
  const glove = file('layout-glove.txt');
  await writeVectors(glove, wv, 'glove');
  assert.equal(readFileSync(glove, 'utf8'), 'a 0.5 -1\nb 0.25 2\n');
  const tsv = file('layout.tsv');
  await writeVectors(tsv, wv, formatFromPath(tsv));
  assert.equal(readFileSync(tsv, 'utf8'), '0.5\t-1\n0.25\t2\n');
  assert.equal(readFileSync(metadataPathFor(tsv), 'utf8'), 'a\nb\n');
  await writeVectors(file('vectors.tsv'), new WordVectors(['a', 'b'], 2, wv.vectors, [5, 3]), 'tsv');
  assert.equal(readFileSync(file('metadata.tsv'), 'utf8'), 'word\tcount\na\t5\nb\t3\n');
  assert.equal(metadataPathFor('/x/run1-vectors.tsv'), '/x/run1-metadata.tsv');
  assert.equal(metadataPathFor('/x/emb.tsv'), '/x/emb.metadata.tsv');
});

test('reads what the other tools write: GloVe lines, fastText .vec, Projector metadata with a label column, \\r\\n', async () => {
  const g = await readVectorFile(file('glove.6B.2d.txt', 'the 0.418 0.24968\n, 0.013441 0.23682\r\n. 0.15164 0.30177\n\n'));
  assert.equal(g.info.format, 'glove');
  assert.deepEqual(g.vectors.words, ['the', ',', '.']);
  assert.deepEqual(Array.from(g.vectors.vectors), [0.418, 0.24968, 0.013441, 0.23682, 0.15164, 0.30177].map(Math.fround));
  const ft = await readVectors(file('wiki.vec', '2 3\n</s> 0.1 0.2 0.3 \nde -0.1 -0.2 -0.3 \n'));
  assert.deepEqual(ft.words, ['</s>', 'de']);
  writeFileSync(file('proj-vectors.tsv'), '1\t2\n3\t4\n');
  writeFileSync(file('proj-metadata.tsv'), 'index\tlabel\tcount\n0\tcat\t10\n1\tdog\t7\n');
  const p = await readVectors(file('proj-vectors.tsv'));
  assert.deepEqual(p.words, ['cat', 'dog']);
  assert.deepEqual(p.counts, [10, 7]);
  const other = file('elsewhere.txt', 'cow\npig\n');
  assert.deepEqual((await readVectors(file('proj-vectors.tsv'), { metadata: other })).words, ['cow', 'pig']);
});

for (const format of FORMATS) {
  test(`${format}: limit reads the first N words only`, async () => {
    const words = Array.from({ length: 50 }, (_, i) => `w${i}`);
    const wv = vectorsOf(words, 3, 7);
    const p = file(`limit-${format}.${EXT[format]}`);
    await writeVectors(p, wv, format);
    const { vectors, info } = await readVectorFile(p, { limit: 20, format });
    assert.deepEqual(vectors.words, words.slice(0, 20));
    assertSameBits(vectors.vectors, wv.vectors.subarray(0, 60));
    assert.equal(info.limited, true);
    const all = await readVectorFile(p, { limit: 50, format });
    assert.equal(all.vectors.size, 50);
    assert.equal(all.info.limited, false);
  });
}

test('NaN and infinite numbers: an error naming the line, or dropped and counted', async () => {
  const cases: [string, string | Buffer, RegExp, string[]][] = [
    ['nan.txt', '3 2\na 1 2\nb nan 2\nc 3 4\n', /nan\.txt, line 3: number 1 of the word "b" is NaN; .*--drop-nonfinite/, ['a', 'c']],
    ['inf.txt', 'a 1 2\nb 1 2\nc 1 -Infinity\n', /line 3: number 2 of the word "c" is infinite/, ['a', 'b']],
    ['overflow.vec', '2 2\na 1 1e39\nb 1 2 \n', /line 2: number 2 of the word "a" is infinite \(or beyond float32's range\)/, ['b']],
    ['nan.bin', Buffer.concat([Buffer.from('2 2\na '), Buffer.from(new Float32Array([1, 2]).buffer), Buffer.from('\nb '), Buffer.from(new Float32Array([NaN, 2]).buffer), Buffer.from('\n')]),
      /nan\.bin, row 2 \(byte 15\): number 1 of the word "b" is NaN/, ['a']],
  ];
  for (const [name, content, pattern, kept] of cases) {
    const p = file(name, content);
    await rejectsWith(readVectors(p), pattern);
    const { vectors, info } = await readVectorFile(p, { nonFinite: 'drop' });
    assert.deepEqual(vectors.words, kept, name);
    assert.equal(info.dropped, 1);
    assert.equal(info.droppedAt.length, 1);
    assert.equal(vectors.vectors.length, kept.length * 2);
    assert.ok(vectors.vectors.every(Number.isFinite));
  }
  writeFileSync(file('nan-vectors.tsv'), '1\t2\nnan\t0\n3\t4\n');
  writeFileSync(file('nan-metadata.tsv'), 'a\nb\nc\n');
  await rejectsWith(readVectors(file('nan-vectors.tsv')), /nan-vectors\.tsv, line 2: number 1 of the word "b" is NaN/);
  // A duplicate after a dropped row still names the right line.
  await rejectsWith(readVectors(file('dup-after-drop.txt', '3 1\na 1\nb nan\na 2\n'), { nonFinite: 'drop' }), /line 4: the word "a" already appeared at line 2/);
  await rejectsWith(readVectors(file('dup-after-drop2.txt', '4 1\nz nan\na 1\nb nan\na 2\n'), { nonFinite: 'drop' }), /line 5: the word "a" already appeared at line 3/);
  await rejectsWith(readVectors(file('all-nan.txt', '1 1\na nan\n'), { nonFinite: 'drop' }), /every row has NaN or infinite numbers \(1 dropped\)/);
});

test('words of any length, also longer than a read chunk, in binary and in text (where the line buffer must grow)', async () => {
  const long = 'ü'.repeat(1_500_000); // 3 MB of UTF-8, many times READ_CHUNK
  const words = ['a', 'x'.repeat(5000), long, 'b'];
  const wv = vectorsOf(words, 4, 9);
  for (const format of ['binary', 'text'] as const) {
    const p = file(`long-words.${format}`);
    await writeVectors(p, wv, format);
    const back = await readVectors(p);
    assert.deepEqual(back.words.map((w) => w.length), words.map((w) => w.length), format);
    assert.equal(back.words[2], long);
    assertSameBits(back.vectors, wv.vectors);
  }
  // A newline inside a word is damage, found at once rather than after reading on.
  const damaged = Buffer.concat([Buffer.from('2 1\nab\ncd '), Buffer.from(new Float32Array([1]).buffer), Buffer.from('e '), Buffer.from(new Float32Array([1]).buffer)]);
  await rejectsWith(readVectors(file('damaged.bin', damaged), { format: 'binary' }), /row 1 \(byte 4\): a newline inside a word/);
});

test('a header whose sizes cannot be allocated is a clear error, not a crash', async () => {
  // Sparse files: big enough that the header is plausible for the file's size, using no disk.
  const sparse = (name: string, header: string, bytes: number): string => {
    const p = file(name);
    const fd = openSync(p, 'w');
    writeSync(fd, header + 'a 1 2 3\n');
    ftruncateSync(fd, bytes);
    closeSync(fd);
    return p;
  };
  await rejectsWith(readVectors(sparse('huge.txt', '3000000000 3\n', 20e9)),
    /huge\.txt, line 1: 3000000000 words of 3 dimensions make 33\.5 GB of numbers, more than one array can hold .*--limit N/);
  await rejectsWith(readVectors(sparse('huge.bin', '1500000000 3\n', 20e9), { format: 'binary' }), /line 1: 1500000000 words of 3 dimensions make 16\.8 GB/);
  // Out of proportion with the file: refused before any allocation.
  await rejectsWith(readVectors(file('liar.txt', '1000000000 300\na 1 2\n')), /line 1: the header promises 1000000000 words of 300 dimensions, more than a \d+-byte text file can hold/);
});

test('malformed GloVe, fastText and Projector files name the line', async () => {
  const cases: [string, string, RegExp][] = [
    ['g-short.txt', 'a 1 2\nb 1\n', /g-short\.txt, line 2: expected 2 numbers after the word "b", found 1/],
    ['g-word.txt', 'a 1 2\nb 1 x\n', /line 2: "x" \(number 2 of the word "b"\) is not a number/],
    ['g-blank.txt', 'a 1 2\n\nb 1 2\n', /line 2: expected a word then 2 numbers, found an empty line/],
    ['g-dup.txt', 'a 1 2\nb 1 2\na 1 2\n', /line 3: the word "a" already appeared at line 1/],
    ['f-short.vec', '2 2\na 1 2 \nb 1 \n', /line 3: expected 2 numbers after the word "b", found 1/],
  ];
  for (const [name, content, pattern] of cases) await rejectsWith(readVectors(file(name, content)), pattern);
  writeFileSync(file('t1-vectors.tsv'), '1\t2\n3\t4\n5\t6\n');
  writeFileSync(file('t1-metadata.tsv'), 'a\nb\n');
  await rejectsWith(readVectors(file('t1-vectors.tsv')), /t1-vectors\.tsv, line 3: more rows than the 2 words of .*t1-metadata\.tsv/);
  writeFileSync(file('t2-vectors.tsv'), '1\t2\n3\t4\n');
  writeFileSync(file('t2-metadata.tsv'), 'a\nb\nc\n');
  await rejectsWith(readVectors(file('t2-vectors.tsv')), /t2-vectors\.tsv, line 3: the file ends after 2 rows but .*t2-metadata\.tsv has 3 words/);
  writeFileSync(file('t3-vectors.tsv'), '1\t2\n3\tz\n');
  writeFileSync(file('t3-metadata.tsv'), 'a\nb\n');
  await rejectsWith(readVectors(file('t3-vectors.tsv')), /t3-vectors\.tsv, line 2: "z" \(number 2\) is not a number/);
  writeFileSync(file('t4-vectors.tsv'), '1\t2\n3\t4\n');
  writeFileSync(file('t4-metadata.tsv'), 'a\n\nb\n');
  await rejectsWith(readVectors(file('t4-vectors.tsv')), /t4-metadata\.tsv, line 2: an empty word/);
  await rejectsWith(readVectors(file('t5-vectors.tsv', '1\t2\n')), /t5-metadata\.tsv: no such metadata file .*--metadata/);
  await rejectsWith(writeVectors(file('bad.tsv'), new WordVectors(['a\tb'], 1, new Float32Array([1])), 'tsv'), /no tabs or line breaks/);
});

test('progress: reading reports bytes, writing reports rows, both reach the end', async () => {
  const words = Array.from({ length: 10_000 }, (_, i) => `w${i}`);
  const wv = vectorsOf(words, 50, 3);
  const p = file('progress.txt');
  const written: number[] = [];
  await writeVectors(p, wv, 'text', { onProgress: (done, total) => { assert.equal(total, 10_000); written.push(done); } });
  assert.ok(written.length >= 3, `${written.length} progress calls`);
  assert.deepEqual(written, [...written].sort((a, b) => a - b));
  assert.equal(written[written.length - 1], 10_000);
  const read: number[] = [];
  let size = 0;
  await readVectors(p, { onProgress: (bytes, total) => { read.push(bytes); size = total; } });
  assert.ok(read.length >= 2, `${read.length} progress calls for ${size} bytes`);
  assert.equal(read[read.length - 1], size);
});

// Property-based: random vocabularies (any Unicode word without blanks, any length) and any float32, in both word2vec formats.
const wordArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .map((w) => w.replace(/\s/g, '_'))
  .filter((w) => w !== '' && !/\uFFFD/.test(w) && Buffer.from(w, 'utf8').toString('utf8') === w);
for (const format of ['text', 'binary'] as const) {
  test(`property: ${format} round trip for random vocabularies and values`, async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(
      fc.uniqueArray(wordArb, { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 1, max: 12 }),
      fc.infiniteStream(fc.float({ noNaN: true, noDefaultInfinity: true })),
      async (words, dim, floats) => {
        const v = new Float32Array(words.length * dim);
        for (let i = 0; i < v.length; i++) v[i] = floats.next().value as number;
        const wv = new WordVectors(words, dim, v);
        const p = file(`prop-${format}-${run++}.${format === 'binary' ? 'bin' : 'txt'}`);
        await writeVectors(p, wv, format);
        assert.equal(await detectVectorFormat(p), format);
        const back = await readVectors(p);
        assert.deepEqual(back.words, words);
        assertSameBits(back.vectors, v);
        rmSync(p);
      },
    ), { numRuns: 150, seed: 42 });
  });
}

test('GloVe words with blanks (glove.840B has ". . ."): the last D fields are the numbers, the rest the word', async () => {
  const wv = await readVectors(file('spaced.txt', ', 0.1 0.2\n. . . 0.3 0.4\nat a@b .com 0.5 0.6\n'));
  assert.deepEqual(wv.words, [',', '. . .', 'at a@b .com']);
  assert.deepEqual(Array.from(wv.vectors), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map(Math.fround));
  // Extra numbers are still an error, not part of a word.
  await rejectsWith(readVectors(file('extra.txt', 'a 1 2\nb 7 1 2\n')), /line 2: expected 2 numbers after the word "b", found 3/);
  // Such words can go to the Projector's TSV, not back to a blank-separated format.
  await writeVectors(file('spaced-vectors.tsv'), wv, 'tsv');
  assert.deepEqual((await readVectors(file('spaced-vectors.tsv'))).words, wv.words);
  await rejectsWith(writeVectors(file('spaced-out.txt'), wv, 'glove'), /Cannot write the word "\. \. \."/);
});

test('a format named by the caller that does not fit the file is a clear error', async () => {
  await rejectsWith(readVectors(file('words-only.txt', 'cat\ndog\n'), { format: 'glove' }), /words-only\.txt, line 1: no numbers after the first word/);
  await rejectsWith(readVectors(file('w2v-as-glove.txt', '2 2\na 1 2\nb 3 4\n'), { format: 'glove' }), /line 2: expected 1 number after the word "a", found 2\. The first line looks like a word2vec header: read the file as text \(--format text\)/);
});
