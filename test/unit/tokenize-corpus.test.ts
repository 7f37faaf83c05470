import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readCorpusLines } from '../../extension/core/text/corpus';
import { UserInputError } from '../../extension/core/errors';
import type { CorpusSource } from '../../extension/core/train/types';

const dir = mkdtempSync(join(tmpdir(), 'w2v-corpus-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function lines(source: CorpusSource): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of readCorpusLines(source)) out.push(...batch);
  return out;
}

function file(name: string, data: string | Buffer): CorpusSource {
  const path = join(dir, name);
  writeFileSync(path, data);
  return { kind: 'file', path };
}

test('LF, CRLF and CR line ends; no trailing empty line', async () => {
  assert.deepEqual(await lines(file('a.txt', 'one two\r\nthree\nfour\rfive\r\n')), ['one two', 'three', 'four', 'five']);
  assert.deepEqual(await lines({ kind: 'text', name: 'buf', text: 'a b\r\nc' }), ['a b', 'c']);
});

test('lines and multi-byte characters split across 1 MiB chunks come out whole', async () => {
  // 'é' is 2 bytes and '東' 3: a line of them crosses the chunk boundary at every offset parity.
  const parts: string[] = [];
  for (let i = 0; i < 120000; i++) parts.push(`é東${i}`);
  const text = parts.join(' ') + '\r\n' + 'last line';
  const got = await lines(file('big.txt', text));
  assert.equal(got.length, 2);
  assert.equal(got[0], parts.join(' '));
  assert.equal(got[1], 'last line');
});

test('a CRLF split exactly at a chunk boundary ends one line', async () => {
  const first = 'x'.repeat((1 << 20) - 1); // the \r is the last byte of the first chunk
  const got = await lines(file('crlf.txt', first + '\r\nnext'));
  assert.deepEqual(got.map((l) => l.length), [first.length, 4]);
});

test('a line longer than 1 Mi characters is cut at a space, never inside a word', async () => {
  const words = Array.from({ length: 400000 }, (_, i) => `w${i}`);
  const got = await lines(file('long.txt', words.join(' ')));
  assert.ok(got.length >= 2);
  assert.deepEqual(got.join(' ').split(' '), words);
});

test('empty, whitespace-only, binary, UTF-16, missing and directory inputs are user errors', async () => {
  const expectError = async (source: CorpusSource, pattern: RegExp) => {
    await assert.rejects(lines(source), (e: unknown) => e instanceof UserInputError && pattern.test(e.message));
  };
  await expectError(file('empty.txt', ''), /empty/);
  await expectError(file('ws.txt', ' \n\t\r\n  \n'), /empty/);
  await expectError({ kind: 'text', name: 'untitled', text: '   ' }, /empty/);
  const bin = Buffer.alloc(4096);
  for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) & 0xff;
  await expectError(file('bin.dat', bin), /UTF-8/);
  await expectError(file('utf16.txt', Buffer.from('\ufeffhello world', 'utf16le')), /NUL/);
  const latin = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 0xe9 : 0x61)));
  await expectError(file('latin1.txt', latin), /not valid UTF-8/);
  await expectError({ kind: 'file', path: join(dir, 'nope.txt') }, /does not exist/);
  await expectError({ kind: 'file', path: dir }, /directory/);
});
