import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { readVectors } from '../../extension/core/vectors/readVectors';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startTraining } from '../../extension/core/train/index';
import { UserInputError } from '../../extension/core/errors';
import { snapshotPlan, oneEpochInterval, snapshotLabel, snapshotsToJson } from '../../extension/core/train/snapshots';
import { neighboursOverTime } from '../../extension/core/vectors/snapshots';
import type { TrainOptions, TrainResult } from '../../extension/core/train/types';

const dir = mkdtempSync(join(tmpdir(), 'w2v-snapshots-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** 60 words in 6 topics, Zipf-like within a topic so the vocabulary has a frequency order. */
function corpus(sentences: number): string {
  let x = 7;
  const rnd = (n: number): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % n; };
  const lines: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const topic = rnd(6);
    lines.push(Array.from({ length: 10 }, () => `w${topic}x${Math.min(rnd(10), rnd(10))}`).join(' '));
  }
  return lines.join('\n');
}

const OPTS: Partial<TrainOptions> = { dim: 16, window: 3, negative: 5, minCount: 1, sample: 0, threads: 1, seed: 2 };
const text = { kind: 'text' as const, text: corpus(3000), name: 'snapshots.txt' };

function assertLastIsFinal(r: TrainResult, n: number): void {
  const s = r.snapshots!;
  assert.deepEqual(s.words, r.words.slice(0, n));
  assert.equal(s.dim, r.dim);
  const last = s.snapshots[s.snapshots.length - 1];
  assert.deepEqual([...last.vectors], [...r.vectors.subarray(0, n * r.dim)], 'the last snapshot is the final vectors of those words');
  for (const x of s.snapshots) assert.equal(x.vectors.length, n * r.dim);
}

test('snapshotWords: one snapshot per epoch, labelled "epoch k", the last equal to the final vectors (1 and 2 threads)', async () => {
  for (const threads of [1, 2]) {
    const r = await startTraining(text, { ...OPTS, threads, epochs: 4, snapshotWords: 25 }).result;
    assert.equal(r.stopReason, 'done');
    const s = r.snapshots!;
    assert.deepEqual(s.snapshots.map((x) => x.label), ['epoch 1', 'epoch 2', 'epoch 3', 'epoch 4'], `threads ${threads}`);
    assert.deepEqual(s.snapshots.map((x) => x.epoch), [1, 2, 3, 4]);
    const words = s.snapshots.map((x) => x.wordsProcessed!);
    for (let i = 1; i < words.length; i++) assert.ok(words[i] >= words[i - 1], 'in the order they were taken');
    if (threads === 1) {
      // One worker takes the snapshot exactly between epochs: k epochs of words done.
      assert.deepEqual(words.slice(0, 3), [1, 2, 3].map((k) => k * r.vocab.trainWords));
    }
    assertLastIsFinal(r, 25);
    // The words move: the first snapshot is not the final vectors.
    assert.notDeepEqual([...s.snapshots[0].vectors], [...s.snapshots[3].vectors]);
  }
});

test('snapshotWords beyond the vocabulary keeps every word; input+output snapshots are (V + U) / 2 like the result', async () => {
  const r = await startTraining(text, { ...OPTS, epochs: 2, snapshotWords: 10_000, output: 'input+output' }).result;
  assert.equal(r.snapshots!.words.length, r.words.length);
  assertLastIsFinal(r, r.words.length);
  assert.equal(r.snapshots!.snapshots.length, 2);
});

test('no snapshots unless asked; a bad snapshotWords is a UserInputError naming the option', async () => {
  const r = await startTraining(text, { ...OPTS, epochs: 1 }).result;
  assert.equal(r.snapshots, undefined);
  for (const bad of [-1, 1.5, 10_001]) {
    await assert.rejects(startTraining(text, { ...OPTS, snapshotWords: bad }).result,
      (e: unknown) => e instanceof UserInputError && e.option === 'snapshotWords' && /snapshotWords is .*from 0 to 10000/.test(e.message));
  }
});

test('the plan: every epoch up to 20, every ceil(epochs / 20)-th beyond; one epoch every few million words', () => {
  assert.deepEqual(snapshotPlan(3, 100).map((p) => p.epoch), [1, 2]);
  const fifty = snapshotPlan(50, 10);
  assert.deepEqual(fifty.map((p) => p.epoch), [3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48]);
  assert.deepEqual(fifty.map((p) => p.atWords), fifty.map((p) => p.epoch! * 10));
  assert.equal(oneEpochInterval(500_000), 1_000_000);
  assert.equal(oneEpochInterval(17_000_000), 2_000_000);
  assert.deepEqual(snapshotPlan(1, 2_500_000).map((p) => p.atWords), [1_000_000, 2_000_000]);
  assert.deepEqual(snapshotPlan(1, 17_000_000).map((p) => p.atWords), [2, 4, 6, 8, 10, 12, 14, 16].map((m) => m * 1e6));
  assert.deepEqual(snapshotPlan(1, 900_000), []);
  assert.equal(snapshotLabel({ wordsProcessed: 2_000_512 }), '2.0M words');
  assert.equal(snapshotLabel({ epoch: 3, wordsProcessed: 9 }), 'epoch 3');
});

test('a 50-epoch run keeps 17 snapshots (16 planned and the final vectors)', async () => {
  const r = await startTraining({ kind: 'text', text: corpus(200), name: 'small.txt' }, { ...OPTS, epochs: 50, snapshotWords: 5 }).result;
  const s = r.snapshots!;
  assert.deepEqual(s.snapshots.map((x) => x.epoch), [3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 50]);
  assertLastIsFinal(r, 5);
});

test('a file re-read every epoch (snapshots by the coordinator) and a one-epoch run: the last is the final vectors', async () => {
  const path = join(dir, 'corpus.txt');
  writeFileSync(path, corpus(3000));
  const streamed = await startTraining({ kind: 'file', path }, { ...OPTS, epochs: 3, snapshotWords: 20, maxWordsInMemory: 1000 }).result;
  assert.equal(streamed.corpusInMemory, false);
  const labels = streamed.snapshots!.snapshots.map((x) => x.label);
  assert.equal(labels[labels.length - 1], 'epoch 3');
  assert.ok(labels.length >= 1 && labels.length <= 3, labels.join());
  assertLastIsFinal(streamed, 20);
  const one = await startTraining(text, { ...OPTS, epochs: 1, snapshotWords: 20 }).result;
  assert.deepEqual(one.snapshots!.snapshots.map((x) => x.label), ['epoch 1'], 'a run of 30,000 words is shorter than the 1M-word interval');
  assertLastIsFinal(one, 20);
});

test('a cancelled run ends with the vectors it stopped at, labelled so', async () => {
  let run!: ReturnType<typeof startTraining>;
  let cancelled = false;
  // 40 epochs: a snapshot every second epoch; 200,000 words an epoch, so the cancel comes first.
  run = startTraining({ kind: 'text', text: corpus(20000), name: 'big.txt' }, { ...OPTS, epochs: 40, snapshotWords: 10 }, {
    onProgress: (p) => { if (p.phase === 'train' && p.epoch > 5 && !cancelled) { cancelled = true; run.cancel(); } },
  });
  const r = await run.result;
  assert.equal(r.stopReason, 'cancelled');
  const s = r.snapshots!.snapshots;
  assert.match(s[s.length - 1].label, /^stopped after [\d,.]+M? words$/);
  assert.ok(s.length >= 2, 'at least one epoch snapshot before the cancel');
  assertLastIsFinal(r, 10);
});

test('neighboursOverTime over a run\'s snapshots: the last row equals the neighbours among those words in the final vectors', async () => {
  const r = await startTraining(text, { ...OPTS, epochs: 3, snapshotWords: 30 }).result;
  const s = r.snapshots!;
  const rows = neighboursOverTime(s.words, s.dim, s.snapshots, s.words[0], 5);
  assert.deepEqual(rows.map((x) => x.label), ['epoch 1', 'epoch 2', 'epoch 3']);
  for (const row of rows) assert.equal(row.neighbours.length, 5);
  // By hand: cosine over the final vectors of the 30 words.
  const v = (i: number): Float32Array => r.vectors.subarray(i * r.dim, (i + 1) * r.dim);
  const cos = (a: Float32Array, b: Float32Array): number => {
    let ab = 0, aa = 0, bb = 0;
    for (let k = 0; k < a.length; k++) { ab += a[k] * b[k]; aa += a[k] ** 2; bb += b[k] ** 2; }
    return ab / Math.sqrt(aa * bb);
  };
  const expected = s.words.slice(1).map((w, i) => ({ w, c: cos(v(0), v(i + 1)) })).sort((a, b) => b.c - a.c).slice(0, 5).map((x) => x.w);
  assert.deepEqual(rows[2].neighbours.map((n) => n.word), expected);
});

test('w2v train --snapshots N writes vectors.snapshots.json beside the vectors; its last snapshot is the written vectors\' first rows', async () => {
  const root = join(__dirname, '../../..');
  const cli = join(root, 'dist/cli.js');
  if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'cli', 'worker'], { stdio: 'inherit', cwd: root });
  const path = join(dir, 'cli-corpus.txt');
  writeFileSync(path, corpus(2000));
  const out = join(dir, 'vectors.txt');
  const r = spawnSync(process.execPath, [cli, 'train', path, '--out', out, '--dim', '8', '--min-count', '1', '--epochs', '3', '--threads', '1', '--snapshots', '12', '-q'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /snapshots +.*vectors\.snapshots\.json \(3 of the top 12 words: epoch 1, epoch 2, epoch 3\)/);
  const json = JSON.parse(readFileSync(join(dir, 'vectors.snapshots.json'), 'utf8')) as { words: string[]; dim: number; snapshots: { label: string; epoch: number; vectors: number[][] }[] };
  const wv = await readVectors(out);
  assert.deepEqual(json.words, wv.words.slice(0, 12));
  assert.deepEqual(json.snapshots.map((x) => x.label), ['epoch 1', 'epoch 2', 'epoch 3']);
  assert.deepEqual(json.snapshots[2].vectors.flat().map(Math.fround), [...wv.vectors.subarray(0, 12 * 8)], 'exact float32 values, as the vectors file has them');
  const bad = spawnSync(process.execPath, [cli, 'train', path, '--out', out, '--snapshots', '0'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--snapshots 0 is out of range/);
});

test('a diverged run: the last snapshot is the last good checkpoint, labelled by its words (not where it diverged), with its stop reason', async () => {
  // alpha 4: NaN within the first words; the run keeps the vectors of its last good checkpoint.
  const r = await startTraining(text, { ...OPTS, epochs: 3, alpha: 4, snapshotWords: 10 }).result;
  assert.equal(r.stopReason, 'diverged');
  const s = r.snapshots!;
  const last = s.snapshots[s.snapshots.length - 1];
  assertLastIsFinal(r, 10);
  assert.equal(last.stop, 'diverged');
  assert.equal(last.epoch, undefined);
  assert.ok(last.wordsProcessed! < r.wordsProcessed, `labelled by the checkpoint's words (${last.wordsProcessed}), not where it diverged (${r.wordsProcessed})`);
  assert.equal(last.label, `the last good vectors (${snapshotLabel({ wordsProcessed: last.wordsProcessed })})`);
  const words = s.snapshots.map((x) => x.wordsProcessed!);
  for (let i = 1; i < words.length; i++) assert.ok(words[i] > words[i - 1], `in the order of training (${words.join(', ')})`);  // The JSON that `w2v train --snapshots` writes says it too, on the last snapshot only.
  const json = JSON.parse(snapshotsToJson(s)) as { snapshots: { stop?: string }[] };
  assert.deepEqual(json.snapshots.map((x) => x.stop), [...Array(s.snapshots.length - 1).fill(undefined), 'diverged']);
});
