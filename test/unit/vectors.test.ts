import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserInputError } from '../../extension/core/errors';
import { atomicWrite } from '../../extension/core/util/atomicWrite';
import { TopK } from '../../extension/core/vectors/topK';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import { royalVectors } from './royalVectors';
import { FLOAT32_TEXT_MAX_BYTES, formatFloat32, parseFloatToken, writeFloat32 } from '../../extension/core/vectors/floatText';
import { detectVectorFormat, readVectors } from '../../extension/core/vectors/readVectors';
import { writeVectors } from '../../extension/core/vectors/writeVectors';

const dir = mkdtempSync(join(tmpdir(), 'w2v-vectors-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content?: string | Uint8Array): string => {
  const p = join(dir, name);
  if (content !== undefined) writeFileSync(p, content);
  return p;
};

/** A deterministic float32 bit pattern generator (xorshift32) covering every exponent. */
function* randomFloat32s(n: number, seed = 12345): Generator<number> {
  let x = seed >>> 0;
  const bits = new Uint32Array(1);
  const f = new Float32Array(bits.buffer);
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    bits[0] = x;
    if (Number.isFinite(f[0])) yield f[0];
  }
}

function randomVectors(words: string[], dim: number, seed: number): WordVectors {
  const v = new Float32Array(words.length * dim);
  let i = 0;
  for (const x of randomFloat32s(words.length * dim * 2, seed)) {
    if (i === v.length) break;
    v[i++] = x;
  }
  return new WordVectors(words, dim, v);
}

test('formatFloat32 gives decimals that read back as the same float32 (random bit patterns, edge values)', () => {
  const edge = [0, -0, 1, -1, 0.1, 1e-45, -1e-45, 1.1754942e-38, 3.4028235e38, -3.4028235e38, 16777217, 0.333333343267]
    .map(Math.fround);
  let n = 0;
  for (const x of [...edge, ...randomFloat32s(200_000)]) {
    const s = formatFloat32(x);
    const back = Math.fround(parseFloatToken(s)!);
    assert.ok(Object.is(back, x), `${x} -> ${s} -> ${back}`);
    const digits = s.replace(/^-|e.*$/g, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    assert.ok(digits.length <= 9, `${s} has more than 9 significant digits`);
    n++;
  }
  assert.ok(n > 190_000);
  assert.equal(formatFloat32(Math.fround(0.1)), '0.1');
  assert.equal(formatFloat32(-0), '-0');
  assert.equal(formatFloat32(NaN), 'nan');
});

test('writeFloat32 writes exactly formatFloat32\'s text: every exponent, trained-vector values, near ties and powers of ten', () => {
  const out = new Uint8Array(FLOAT32_TEXT_MAX_BYTES + 8);
  const check = (x: number): void => {
    const end = writeFloat32(x, out, 3);
    assert.ok(end - 3 <= FLOAT32_TEXT_MAX_BYTES, `${x}: ${end - 3} bytes`);
    const text = Buffer.from(out.subarray(3, end)).toString('latin1');
    if (text !== formatFloat32(x)) assert.equal(text, formatFloat32(x), `bits ${new Uint32Array(Float32Array.of(x).buffer)[0].toString(16)}`);
  };
  for (const x of [0, -0, NaN, Infinity, -Infinity, 1e-45, 3.4028235e38, 1e21, 1e22, 123456789e12, 1e-7, 1.5e-7, 0.000001, 0.5, 0.05, 100, 1e-6, 9.9999999e-7]) check(Math.fround(x));
  for (const x of randomFloat32s(300_000, 99)) check(x);
  // Values as trained vectors have them (mostly within ±10), and every float32 next to 10^j, m / 2^j and decimal ties.
  let seed = 7;
  const rand = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < 300_000; i++) check(Math.fround((rand() - 0.5) * 10 ** (rand() * 8 - 6)));
  const f = new Float32Array(1);
  const bits = new Uint32Array(f.buffer);
  for (let j = -40; j <= 38; j++) {
    for (const m of [1, 1.5, 2.5, 1.25, 9.9999995, 1.0000005, 1.2345675, 5.0000005, 9.999999]) {
      f[0] = m * 10 ** j;
      const b = bits[0];
      for (let d = -3; d <= 3; d++) { bits[0] = b + d; check(f[0]); check(-f[0]); }
    }
  }
});

test('parseFloatToken accepts what Python float() does for vectors and nothing more lenient', () => {
  for (const [s, v] of [['1', 1], ['-2.5', -2.5], ['.5', 0.5], ['5.', 5], ['1e-3', 0.001], ['+3E2', 300], ['-inf', -Infinity], ['Infinity', Infinity]] as const) {
    assert.equal(parseFloatToken(s), v, s);
  }
  assert.ok(Number.isNaN(parseFloatToken('nan')));
  for (const s of ['', '0x10', '1,5', 'abc', '1e', '--1', '1.2.3', ' 1']) assert.equal(parseFloatToken(s), undefined, s);
});

for (const format of ['text', 'binary'] as const) {
  test(`${format} round trip is exact (unicode words, extreme values, -0)`, async () => {
    const words = ['the', 'café', '日本', 'naïve', "don't", 'x'];
    const wv = randomVectors(words, 7, format === 'text' ? 1 : 2);
    wv.vectors[0] = -0;
    wv.vectors[1] = Math.fround(3.4028235e38);
    wv.vectors[2] = Math.fround(1e-45);
    const p = file(`rt.${format === 'text' ? 'txt' : 'bin'}`);
    await writeVectors(p, wv, format);
    assert.equal(await detectVectorFormat(p), format);
    const back = await readVectors(p);
    assert.deepEqual(back.words, words);
    assert.equal(back.dim, 7);
    for (let i = 0; i < wv.vectors.length; i++) assert.ok(Object.is(back.vectors[i], wv.vectors[i]), `number ${i}: ${wv.vectors[i]} vs ${back.vectors[i]}`);
    // Nothing left behind but the file itself.
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), []);
  });
}

test('the text format is the documented one: header, then "word v1 ... vD" per line', async () => {
  const p = file('layout.txt');
  await writeVectors(p, new WordVectors(['a', 'b'], 2, new Float32Array([0.5, -1, 0.25, 2])), 'text');
  assert.equal(readFileSync(p, 'utf8'), '2 2\na 0.5 -1\nb 0.25 2\n');
});

test('the binary format is word2vec.c\'s: header, then word, space, D little-endian float32, newline', async () => {
  const p = file('layout.bin');
  await writeVectors(p, new WordVectors(['ab', 'c'], 1, new Float32Array([1, -2])), 'binary');
  const b = readFileSync(p);
  const expected = Buffer.concat([
    Buffer.from('2 1\nab '), Buffer.from([0, 0, 0x80, 0x3f]), Buffer.from('\nc '), Buffer.from([0, 0, 0, 0xc0]), Buffer.from('\n'),
  ]);
  assert.deepEqual(b, expected);
});

test('reads binary rows without the newline (as gensim writes them), text with \\r\\n and trailing blanks (word2vec.c)', async () => {
  const bin = Buffer.concat([Buffer.from('2 2\nab '), Buffer.from(new Float32Array([1, 2]).buffer), Buffer.from('cd '), Buffer.from(new Float32Array([3, 4]).buffer)]);
  const a = await readVectors(file('gensim-style.bin', bin));
  assert.deepEqual(a.words, ['ab', 'cd']);
  assert.deepEqual(Array.from(a.vectors), [1, 2, 3, 4]);
  const b = await readVectors(file('crlf.txt', '2 2\r\nab 1.000000 2.000000 \r\ncd 3 4 \r\n'));
  assert.deepEqual(b.words, ['ab', 'cd']);
  assert.deepEqual(Array.from(b.vectors), [1, 2, 3, 4]);
});

test('format detection looks at the content, not the name', async () => {
  const wv = randomVectors(['a', 'b', 'c'], 4, 3);
  const binNamedTxt = file('really-binary.txt');
  await writeVectors(binNamedTxt, wv, 'binary');
  assert.equal(await detectVectorFormat(binNamedTxt), 'binary');
  const txtNamedBin = file('really-text.bin');
  await writeVectors(txtNamedBin, wv, 'text');
  assert.equal(await detectVectorFormat(txtNamedBin), 'text');
  assert.deepEqual((await readVectors(txtNamedBin)).vectors, wv.vectors);
});

test('reads a file larger than one read chunk (streaming across chunk boundaries)', async () => {
  const words = Array.from({ length: 3000 }, (_, i) => `w${i}`);
  const wv = randomVectors(words, 100, 4);
  for (const format of ['text', 'binary'] as const) {
    const p = file(`big.${format}`);
    await writeVectors(p, wv, format);
    const back = await readVectors(p);
    assert.deepEqual(back.words, words);
    assert.deepEqual(back.vectors, wv.vectors);
  }
});

async function rejectsWith(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof UserInputError, `expected a UserInputError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

test('malformed text files give a UserInputError naming the file and line', async () => {
  const cases: [string, string, RegExp][] = [
    ['header-words.txt', 'hello world\na 1 2\n', /header-words\.txt, line 1: not a vectors file we know. Expected a header "<words> <dimensions>"/],
    ['header-one.txt', '2\na 1 2\n', /line 1: not a vectors file we know/],
    ['header-zero.txt', '0 2\n', /line 1: .*at least 1/],
    ['short-row.txt', '3 2\na 1 2\nb 1\nc 1 2\n', /short-row\.txt, line 3: expected 2 numbers after the word "b", found 1/],
    ['long-row.txt', '2 2\na 1 2\nb 1 2 3\n', /line 3: expected 2 numbers after the word "b", found 3/],
    ['not-number.txt', '2 2\na 1 2\nb 1 x7\n', /line 3: "x7" \(number 2 of the word "b"\) is not a number/],
    ['truncated.txt', '3 2\na 1 2\nb 1 2\n', /line 4: the file ends after 2 of the 3 words/],
    ['blank-line.txt', '2 2\na 1 2\n\nb 1 2\n', /line 3: .*empty line/],
    ['duplicate.txt', '3 2\na 1 2\nb 1 2\na 3 4\n', /line 4: the word "a" already appeared at line 2/],
    // Repeats are settled after the rows are read: one before a malformed row is still the first error.
    ['duplicate-then-bad.txt', '5 2\na 1 2\nb 1 2\nb 3 4\na 3 4\nc 1\n', /line 4: the word "b" already appeared at line 3/],
    ['bad-then-duplicate.txt', '4 2\na 1 2\nb 1\na 3 4\nc 1 2\n', /line 3: expected 2 numbers after the word "b", found 1/],
    ['extra-rows.txt', '1 2\na 1 2\nb 1 2\n', /line 3: more data after the 1 words/],
    ['huge-header.txt', '1000000 300\na 1 2\n', /line 1: the header promises 1000000 words of 300 dimensions/],
  ];
  for (const [name, content, pattern] of cases) await rejectsWith(readVectors(file(name, content)), pattern);
});

test('malformed binary files give a UserInputError naming the row and byte', async () => {
  const row = (w: string, ...v: number[]): Buffer => Buffer.concat([Buffer.from(w + ' '), Buffer.from(new Float32Array(v).buffer), Buffer.from('\n')]);
  const truncated = Buffer.concat([Buffer.from('2 3\n'), row('ab', 1, 2, 3), Buffer.from('cd '), Buffer.from(new Float32Array([1]).buffer)]);
  await rejectsWith(readVectors(file('truncated.bin', truncated)), /truncated\.bin, row 2 \(byte 20\): the file ends inside the vector of "cd" \(4 of 12 bytes\)/);
  const missing = Buffer.concat([Buffer.from('3 3\n'), row('ab', 1, 2, 3), row('cd', 4, 5, 6), Buffer.alloc(24, 0x0a)]);
  await rejectsWith(readVectors(file('missing.bin', missing)), /row 3 \(byte \d+\): the file ends after 2 of the 3 words/);
  const dup = Buffer.concat([Buffer.from('2 3\n'), row('ab', 1, 2, 3), row('ab', 4, 5, 6)]);
  await rejectsWith(readVectors(file('dup.bin', dup)), /row 2 \(byte 20\): the word "ab" already appeared at row 1/);
});

test('missing, directory and empty vector files give one-line UserInputErrors', async () => {
  await rejectsWith(readVectors(join(dir, 'nope.txt')), /nope\.txt: no such vectors file/);
  mkdirSync(join(dir, 'adir'), { recursive: true });
  await rejectsWith(readVectors(join(dir, 'adir')), /adir is a directory/);
  await rejectsWith(readVectors(file('empty.txt', '')), /empty\.txt is empty/);
});

test('writeVectors refuses words that would break the format, and writes atomically', async () => {
  const p = file('keep.txt', 'original');
  await assert.rejects(writeVectors(p, new WordVectors(['a b'], 1, new Float32Array([1])), 'text'), /words must be non-empty and contain no blanks/);
  assert.equal(readFileSync(p, 'utf8'), 'original');
  // A producer failing mid-way leaves the old file intact and no temp file behind.
  await assert.rejects(atomicWrite(p, async (sink) => {
    await sink.write('partial '.repeat(300_000));
    throw new Error('disk on fire');
  }), /disk on fire/);
  assert.equal(readFileSync(p, 'utf8'), 'original');
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.keep.txt')), []);
  await writeVectors(p, new WordVectors(['a'], 1, new Float32Array([1])), 'text');
  assert.equal(readFileSync(p, 'utf8'), '1 1\na 1\n');
});

test('TopK keeps the k best like a full sort (ties by lower index)', () => {
  let seed = 7;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (const [n, k] of [[1000, 10], [50, 50], [30, 100], [200, 1], [10, 0]]) {
    const scores = Array.from({ length: n }, () => Math.round(rand() * 40) / 40); // many ties
    const top = new TopK(k);
    scores.forEach((s, i) => top.push(s, i));
    const expected = scores.map((score, id) => ({ id, score })).sort((a, b) => b.score - a.score || a.id - b.id).slice(0, k);
    assert.deepEqual(top.sorted(), expected);
  }
});

/** The royalty toy (king - man + woman = queen) with a zero vector, which must score 0, not NaN. */
const toyVectors = (): WordVectors => royalVectors([['zero', [0, 0, 0, 0]]], true);

test('neighbours: cosine order, query excluded, k capped, similarities exact', () => {
  const wv = toyVectors();
  const n = wv.neighbours('king', 3);
  assert.deepEqual(n.map((x) => x.word), ['prince', 'queen', 'man']);
  // cos(king, prince) = (1 + 1.2) / (sqrt 2 * sqrt 2.44); cos(king, queen) = 2 / (sqrt 2 * sqrt 3)
  assert.ok(Math.abs(n[0].similarity - 2.2 / Math.sqrt(2 * 2.44)) < 1e-6);
  assert.ok(Math.abs(n[1].similarity - 2 / Math.sqrt(6)) < 1e-6);
  assert.ok(Math.abs(n[2].similarity - 1 / Math.sqrt(2)) < 1e-6);
  assert.deepEqual(wv.neighbours('apple', 1).map((x) => x.word), ['pear']);
  assert.equal(wv.neighbours('apple', 100).length, 7);
  assert.ok(!wv.neighbours('apple', 100).some((x) => x.word === 'apple'));
  // The zero vector has similarity 0 to everything, not NaN.
  assert.equal(wv.neighbours('apple', 100).find((x) => x.word === 'zero')?.similarity, 0);
  assert.throws(() => wv.neighbours('emperor', 3), (e: unknown) => e instanceof UserInputError && /"emperor" is not in the vocabulary/.test(e.message));
});

test('neighboursOfVector(s) match a brute-force full sort, batched or one by one', () => {
  const words = Array.from({ length: 500 }, (_, i) => `w${i}`);
  const d = 13;
  const v = new Float32Array(500 * d);
  let s = 3;
  for (let i = 0; i < v.length; i++) v[i] = ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
  const wv = new WordVectors(words, d, v);
  const norm = (r: number): number => Math.hypot(...v.subarray(r * d, (r + 1) * d));
  const queries = Array.from({ length: 19 }, (_, q) => Array.from(v.subarray(q * d * 7, q * d * 7 + d)));
  const excludes = queries.map((_, q) => [q * 7, q + 1]);
  const brute = (q: number[], exclude: number[], k: number, restrict: number): { word: string; similarity: number }[] =>
    Array.from({ length: restrict }, (_, r) => r)
      .filter((r) => !exclude.includes(r))
      .map((r) => ({ r, sim: q.reduce((t, x, j) => t + x * v[r * d + j], 0) / (Math.hypot(...q) * norm(r)) }))
      .sort((a, b) => b.sim - a.sim)
      .slice(0, k)
      .map((x) => ({ word: words[x.r], similarity: x.sim }));
  const batched = wv.neighboursOfVectors(queries, 6, excludes, 400);
  queries.forEach((q, i) => {
    const single = wv.neighboursOfVector(q, 6, excludes[i], 400);
    assert.deepEqual(batched[i], single, 'one way of computing: batched and single agree to the bit');
    const expected = brute(q, excludes[i], 6, 400);
    assert.deepEqual(single.map((x) => x.word), expected.map((x) => x.word));
    single.forEach((x, j) => assert.ok(Math.abs(x.similarity - expected[j].similarity) < 1e-6));
  });
});

test('analogy: king - man + woman = queen, inputs excluded, restrict limits the search', () => {
  const wv = toyVectors();
  const a = wv.analogy('man', 'king', 'woman', 2);
  assert.equal(a[0].word, 'queen');
  assert.ok(!a.some((x) => ['man', 'king', 'woman'].includes(x.word)));
  // unit(king) - unit(man) + unit(woman) = (1/√2, 1/√2, 1/√2 + 1/√2 - 1, 0); cosine with queen = its normalised dot.
  const r = Math.SQRT1_2;
  const q = [r, r, 2 * r - 1, 0];
  const cos = (q[0] + q[1] + q[2]) / (Math.hypot(...q) * Math.sqrt(3));
  assert.ok(Math.abs(a[0].similarity - cos) < 1e-6, `${a[0].similarity} vs ${cos}`);
  // queen is row 3: restricted to the 3 most frequent rows, no candidate is left but none of the inputs.
  assert.deepEqual(wv.analogy('man', 'king', 'woman', 5, 3), []);
  assert.equal(wv.analogy('man', 'king', 'woman', 1, 4)[0].word, 'queen');
});

test('fromTrainResult keeps words, counts and vectors', () => {
  const wv = WordVectors.fromTrainResult({
    words: ['a', 'b'], counts: [5, 3], dim: 2, vectors: new Float32Array([1, 2, 3, 4]),
  } as Parameters<typeof WordVectors.fromTrainResult>[0]);
  assert.deepEqual(wv.words, ['a', 'b']);
  assert.deepEqual(wv.counts, [5, 3]);
  assert.equal(wv.indexOf('b'), 1);
  assert.equal(wv.indexOf('c'), -1);
  assert.deepEqual(Array.from(wv.vector('b')!), [3, 4]);
  assert.ok(Math.abs(wv.similarity('a', 'b') - 11 / Math.sqrt(5 * 25)) < 1e-6);
});
