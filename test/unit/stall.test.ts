import { test, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { startTraining, type TrainingRun, type TrainResult } from '../../extension/core/train/index';
import { ReadAhead } from '../../extension/core/vectors/readAhead';
import { topicCorpus } from './topicCorpus';
import { orDeadline } from '../../extension/core/util/deadline';
import { mountStallFs, whyNoFuse, type StallFs } from './stallFsMount';

// Issue 12, "Nothing hangs": a regular file whose read() blocks, as on an NFS or SMB drive whose
// server stopped answering. Simulated for real, not through a seam: test/unit/stallFs.py is a FUSE
// file system (python3-fusepy, installed by .ci/run) whose reads of a file stall from a byte offset
// on, so the real readers (fs.read in libuv's thread pool, readSync in the training workers) block
// in the kernel exactly as they would on a dead server. Like a hard NFS mount, a stalled read ends
// only when its process is killed. Needs root and /dev/fuse; skips with the reason otherwise.
const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'w2v-stall-'));
const src = join(dir, 'src');
const mnt = join(dir, 'mnt');
const rules = join(dir, 'rules');
mkdirSync(src);
mkdirSync(mnt);
let fs: StallFs | undefined;
let skip: string | false = false;
/** Each "stalled NAME at OFFSET" line of the file system, as it comes. */
const stalls: string[] = [];
let stalled: (() => void) | undefined;


/** Makes the reads of `name` stall from byte `offset` on (rules are read again at every read). */
function stallFrom(rulesText: string): void {
  writeFileSync(rules, rulesText);
}

/** Resolves at the next stalled read the file system reports (a read blocked in the kernel). */
function nextStall(): Promise<void> {
  const seen = stalls.length;
  return new Promise((resolve) => {
    if (stalls.length > seen) resolve();
    else stalled = resolve;
  });
}

before(async () => {
  skip = whyNoFuse();
  if (skip) return;
  if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'cli', 'worker'], { stdio: 'inherit', cwd: root });
  writeFileSync(join(src, 'corpus.txt'), topicCorpus(40_000)); // 2.0 MB
  writeFileSync(join(src, 'streamed.txt'), topicCorpus(40_000));
  // In a folder of its own: a lookup that never answers holds its folder's lock in the kernel.
  mkdirSync(join(src, 'gone'));
  writeFileSync(join(src, 'gone/dead.txt'), topicCorpus(100));
  // A word2vec text vectors file of 20,000 rows (2.5 MB), and a copy for the binary reader.
  const rows = ['20000 8'];
  for (let i = 0; i < 20_000; i++) rows.push(`w${i} ${Array.from({ length: 8 }, (_, j) => ((i * 7 + j) % 13 / 13).toFixed(6)).join(' ')}`);
  writeFileSync(join(src, 'vectors.txt'), rows.join('\n') + '\n');
  execFileSync(process.execPath, [cli, 'convert', join(src, 'vectors.txt'), join(src, 'vectors.bin')]);
  writeFileSync(join(src, 'pairs.txt'), Array.from({ length: 2000 }, (_, i) => `w${i} w${i + 1} ${i % 10}`).join('\n') + '\n');
  const sentences = Array.from({ length: 2000 }, (_, i) => `${i % 2} w${i} w${i + 3} w${i + 7}`).join('\n') + '\n';
  writeFileSync(join(src, 'train.txt'), sentences);
  writeFileSync(join(src, 'dev.txt'), sentences);
  stallFrom('');
  const mounted = await mountStallFs(join(root, 'test/unit/stallFs.py'), src, mnt, rules, (line) => { stalls.push(line); stalled?.(); stalled = undefined; });
  if ('failed' in mounted) {
    skip = mounted.failed;
    return;
  }
  fs = mounted;
  assert.deepEqual(readdirSync(mnt).sort(), ['corpus.txt', 'dev.txt', 'gone', 'pairs.txt', 'streamed.txt', 'train.txt', 'vectors.bin', 'vectors.txt']);
});

after(() => {
  // Killing the file system's process aborts its connection: every read still blocked (in this
  // process's abandoned workers) fails with ENOTCONN, so nothing is left hanging.
  fs?.unmount();
  rmSync(dir, { recursive: true, force: true });
});

interface Ended { code: number | null; signal: NodeJS.Signals | null; ms: number; stdout: string; stderr: string }

/**
 * Runs the CLI, sends `sig` at its first stalled read (or, with `signalWhen`, once stderr matches
 * it), and times how long it takes to end after that. With `arm`, the stall rules are written
 * when stderr first matches `arm.when`. With `again`, `sig` is sent a second time once stderr
 * matches it, and the time is counted from then. `env`: the CLI's environment.
 */
function signalAtStall(args: string[], sig: NodeJS.Signals, arm?: { when: RegExp; rules: string }, signalWhen?: RegExp, more: { again?: RegExp; env?: NodeJS.ProcessEnv } = {}): Promise<Ended> {
  const stall = nextStall();
  const child = spawn(process.execPath, [cli, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: more.env ?? process.env });
  let stdout = '', stderr = '';
  let armed = false;
  let sentAt = 0;
  let sentAgain = false;
  if (!signalWhen) void stall.then(() => { sentAt = performance.now(); child.kill(sig); });
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (arm && !armed && arm.when.test(stderr)) { armed = true; stallFrom(arm.rules); }
    if (signalWhen && !sentAt && signalWhen.test(stderr)) { sentAt = performance.now(); child.kill(sig); }
    if (more.again && sentAt && !sentAgain && more.again.test(stderr)) { sentAgain = true; sentAt = performance.now(); child.kill(sig); }
  });
  return new Promise((resolve) => {
    // A CLI that hangs is killed after 20 s, so the test fails rather than waits for ever.
    const limit = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, ms: sentAt ? performance.now() - sentAt : Infinity, stdout, stderr });
    });
  });
}

/** Exit `code` as the shell sees it: the code itself, or the process ended by the matching signal (128 + its number). */
function assertExit(r: Ended, code: number, sig: NodeJS.Signals): void {
  assert.ok(r.code === code || (r.code === null && r.signal === sig), `expected exit ${code} (or ${sig}), got code ${r.code}, signal ${r.signal}; stderr: ${r.stderr}`);
}

/**
 * Starts a run, cancels it at the next stalled read and returns its result, failing unless it came
 * within a second (a run still pending after 10 s fails the test instead of hanging it).
 */
async function cancelAtStall(t: TestContext, start: () => TrainingRun): Promise<TrainResult> {
  const stall = nextStall();
  const run = start();
  await stall;
  const t0 = performance.now();
  run.cancel();
  const r = await orDeadline(run.result, 10_000, undefined);
  const ms = performance.now() - t0;
  assert.ok(r, 'cancel() had not resolved after 10 s');
  t.diagnostic(`ended ${ms.toFixed(0)} ms after the cancel`);
  assert.ok(ms < 1000, `cancel() resolved after ${ms.toFixed(0)} ms`);
  return r;
}

test('cancel() while the corpus read is stalled ends the run within a second with the empty result', async (t) => {
  if (skip) return t.skip(skip);
  stallFrom('corpus.txt=100000');
  const r = await cancelAtStall(t, () => startTraining({ kind: 'file', path: join(mnt, 'corpus.txt') }, { minCount: 1, threads: 1, dim: 8 }));
  assert.deepEqual({ stop: r.stopReason, words: r.words.length, vectors: r.vectors.length }, { stop: 'cancelled', words: 0, vectors: 0 });
});

test('cancel() when the corpus file does not even answer stat() ends the run within a second with the empty result', async (t) => {
  if (skip) return t.skip(skip);
  // The server was gone before the run began: the coordinator's first look at the file blocks its thread.
  stallFrom('gone/dead.txt=stat');
  const r = await cancelAtStall(t, () => startTraining({ kind: 'file', path: join(mnt, 'gone/dead.txt') }, { minCount: 1, threads: 1, dim: 8 }));
  assert.deepEqual({ stop: r.stopReason, words: r.words.length }, { stop: 'cancelled', words: 0 });
  stallFrom('');
});

test('cancel() while a streamed corpus stalls during training ends within a second with the vectors so far', async (t) => {
  if (skip) return t.skip(skip);
  stallFrom('');
  let training = false;
  // maxWordsInMemory 1000: the corpus is re-read from the file every epoch by the training
  // workers (readSync), as a corpus too big to hold is; its reads stall once training has begun.
  const r = await cancelAtStall(t, () => startTraining({ kind: 'file', path: join(mnt, 'streamed.txt') }, { minCount: 1, threads: 2, dim: 8, epochs: 50, maxWordsInMemory: 1000 }, {
    onProgress: (p) => { if (p.phase === 'train' && !training) { training = true; stallFrom('streamed.txt=0'); } },
  }));
  assert.equal(r.stopReason, 'cancelled');
  assert.equal(r.corpusInMemory, false);
  assert.equal(r.words.length, 16);
  assert.equal(r.vectors.length, 16 * 8);
  assert.ok(r.vectors.every(Number.isFinite));
});

for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`w2v train: ${sig} while the corpus read is stalled ends the CLI within a second (exit ${code}, nothing written)`, async (t) => {
    if (skip) return t.skip(skip);
    stallFrom('corpus.txt=100000');
    const out = join(dir, `stalled-${sig}.txt`);
    const r = await signalAtStall(['train', join(mnt, 'corpus.txt'), '--out', out, '--min-count', '1', '--threads', '1'], sig);
    assertExit(r, code, sig);
    assert.match(r.stderr, /cancelled before training started; nothing written\./);
    assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
    assert.equal(existsSync(out), false);
    t.diagnostic(`ended ${r.ms.toFixed(0)} ms after the signal`);
    assert.ok(r.ms < 1000, `ended ${r.ms.toFixed(0)} ms after ${sig}`);
  });
}

for (const file of ['vectors.txt', 'vectors.bin']) {
  test(`w2v neighbours: Ctrl-C while reading a stalled ${file.endsWith('.bin') ? 'binary' : 'text'} vectors file ends the CLI within a second (exit 130)`, async (t) => {
    if (skip) return t.skip(skip);
    stallFrom(`${file}=200000`);
    const r = await signalAtStall(['neighbours', join(mnt, file), 'w1'], 'SIGINT');
    assertExit(r, 130, 'SIGINT');
    t.diagnostic(`ended ${r.ms.toFixed(0)} ms after the signal`);
    assert.ok(r.ms < 1000, `ended ${r.ms.toFixed(0)} ms after SIGINT`);
  });
}

test('cancel() while training from memory, the corpus file no longer answering even stat(), ends within a second with the vectors so far', async (t) => {
  if (skip) return t.skip(skip);
  stallFrom('');
  let training = false;
  // The corpus is held in memory, but the file is still looked at every second for a change on
  // disk: on a dead server that stat() blocks too.
  const r = await cancelAtStall(t, () => startTraining({ kind: 'file', path: join(mnt, 'corpus.txt') }, { minCount: 1, threads: 1, dim: 8, epochs: 500 }, {
    onProgress: (p) => { if (p.phase === 'train' && !training) { training = true; stallFrom('corpus.txt=stat'); } },
  }));
  assert.equal(r.stopReason, 'cancelled');
  assert.equal(r.corpusInMemory, true);
  assert.equal(r.vectors.length, 16 * 8);
  assert.ok(r.wordsProcessed > 0);
  stallFrom('');
});

test('w2v train: Ctrl-C while training, the corpus file no longer answering, writes the vectors trained and ends within a second (exit 130)', async (t) => {
  if (skip) return t.skip(skip);
  stallFrom('');
  const out = join(dir, 'trained.txt');
  const r = await signalAtStall(['train', join(mnt, 'corpus.txt'), '--out', out, '--min-count', '1', '--threads', '1', '--dim', '8', '--epochs', '500'], 'SIGINT',
    { when: /Vocabulary:/, rules: 'corpus.txt=stat' });
  stallFrom('');
  assertExit(r, 130, 'SIGINT');
  assert.match(r.stdout, /^Cancelled: /m);
  assert.equal(readFileSync(out, 'utf8').split('\n')[0], '16 8');
  t.diagnostic(`ended ${r.ms.toFixed(0)} ms after the signal`);
  assert.ok(r.ms < 1000, `ended ${r.ms.toFixed(0)} ms after SIGINT`);
});

test('w2v eval and w2v sentiment: Ctrl-C while reading a stalled word-pair or sentences file ends the CLI within a second', async (t) => {
  if (skip) return t.skip(skip);
  for (const [file, args] of [
    ['pairs.txt', ['eval', join(src, 'vectors.txt'), '--similarity', join(mnt, 'pairs.txt')]],
    ['train.txt', ['sentiment', '--vectors', join(src, 'vectors.txt'), '--train', join(mnt, 'train.txt'), '--dev', join(src, 'dev.txt'), '--test', join(src, 'dev.txt')]],
  ] as const) {
    stallFrom(`${file}=10`);
    const r = await signalAtStall([...args], 'SIGINT');
    assertExit(r, 130, 'SIGINT');
    t.diagnostic(`w2v ${args[0]}: ended ${r.ms.toFixed(0)} ms after SIGINT`);
    assert.ok(r.ms < 1000, `w2v ${args[0]}: ended ${r.ms.toFixed(0)} ms after SIGINT`);
  }
});

test('w2v train: a corpus read that gives nothing for 10 s is told, with what to do', async (t) => {
  if (skip) return t.skip(skip);
  stallFrom('corpus.txt=100000');
  const r = await signalAtStall(['train', join(mnt, 'corpus.txt'), '--out', join(dir, 'told.txt'), '--min-count', '1', '--threads', '1', '--quiet'], 'SIGINT', undefined, /no progress/);
  assertExit(r, 130, 'SIGINT');
  assert.match(r.stderr, /^w2v train: reading \S+corpus\.txt has made no progress for 1\d s; the file may be on a network drive that stopped answering\. Ctrl-C stops \(nothing is trained yet\)\.$/m);
  assert.equal(r.stderr.match(/no progress/g)?.length, 1, 'told once');
});

test('w2v train: writing the vectors to a drive that stops answering is told after 10 s; Ctrl-C then saves them elsewhere, says where, and ends within a second (exit 130)', async (t) => {
  if (skip) return t.skip(skip);
  // Every write of out.txt (its atomic write's temp file) stalls from its first byte.
  stallFrom('stalled-out.txt=write:0');
  const rescueDir = mkdtempSync(join(dir, 'rescue-'));
  const out = join(mnt, 'stalled-out.txt');
  const r = await signalAtStall(['train', join(src, 'corpus.txt'), '--out', out, '--min-count', '1', '--threads', '1', '--dim', '8', '--epochs', '1', '--quiet'], 'SIGINT',
    undefined, /no progress/, { env: { ...process.env, TMPDIR: rescueDir } });
  stallFrom('');
  assertExit(r, 130, 'SIGINT');
  const told = /^w2v: writing (\S+) has made no progress for 1\d s; the drive may have stopped answering\. Ctrl-C writes the vectors to (\S+) instead\.$/m.exec(r.stderr);
  assert.ok(told, `told, naming where Ctrl-C saves them: ${r.stderr}`);
  const [, writing, rescue] = told;
  assert.equal(writing, out);
  assert.equal(rescue.startsWith(rescueDir), true);
  assert.match(r.stderr, /stopped writing \S+stalled-out\.txt, which had made no progress for 1\d s; the vectors were saved to \S+ instead/);
  assert.ok(r.stderr.includes(`the vectors were saved to ${rescue} instead`), 'where the notice said');
  assert.equal(readFileSync(rescue, 'utf8').split('\n')[0], '16 8');
  assert.equal(existsSync(join(src, 'stalled-out.txt')), false, 'nothing at the stalled path');
  t.diagnostic(`ended ${r.ms.toFixed(0)} ms after the signal`);
  assert.ok(r.ms < 1000, `ended ${r.ms.toFixed(0)} ms after SIGINT`);
});

test('w2v train: Ctrl-C twice while writing to a drive that stops answering quits within a second (exit 130), saying the vectors are lost', async (t) => {
  if (skip) return t.skip(skip);
  stallFrom('lost-out.txt=write:0');
  // The first Ctrl-C at the stalled write lets it go on ("Finishing writing"); the second abandons it.
  const r = await signalAtStall(['train', join(src, 'corpus.txt'), '--out', join(mnt, 'lost-out.txt'), '--min-count', '1', '--threads', '1', '--dim', '8', '--epochs', '1', '--quiet'], 'SIGINT',
    undefined, undefined, { again: /Finishing writing/ });
  stallFrom('');
  assertExit(r, 130, 'SIGINT');
  assert.match(r.stderr, /interrupted while writing \S+lost-out\.txt, which is not answering; the vectors are lost\./);
  t.diagnostic(`ended ${r.ms.toFixed(0)} ms after the second signal`);
  assert.ok(r.ms < 1000, `ended ${r.ms.toFixed(0)} ms after the second SIGINT`);
});

test('ReadAhead (the binary vectors reader) takes a short read for what it is, not for the end of the file', async () => {
  // Runs everywhere (no FUSE): a file handle that answers at most 1,000 bytes a read, as a
  // network file system may. Before, the first short read ended the file ("it is truncated").
  const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
  const handle = {
    read: async (buf: Uint8Array, offset: number, length: number, position: number) => {
      const n = Math.max(0, Math.min(length, 1000, data.length - position));
      data.copy(buf, offset, position, position + n);
      return { bytesRead: n, buffer: buf };
    },
  } as unknown as FileHandle;
  const ra = new ReadAhead(handle, 0);
  const got: Buffer[] = [];
  for (;;) {
    const w = await ra.window();
    got.push(Buffer.from(w));
    ra.consume(w.length);
    if (ra.atEof) break;
  }
  assert.ok(Buffer.concat(got).equals(data));
});
