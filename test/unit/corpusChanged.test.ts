/**
 * A corpus file changed or deleted on disk while training (the library, on real files):
 * - held in memory (the usual case), the run goes on with the text it read and says so;
 * - streamed (bigger than maxWordsInMemory, re-read every epoch), it stops with the vectors so far;
 * - changed while it is still being read, it is an error: the counts could mix two versions.
 * And the extension's notification for each (outcomeMessage.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTraining } from '../../extension/core/train/index';
import type { TrainOptions, TrainResult } from '../../extension/core/train/types';
import { UserInputError } from '../../extension/core/errors';
import { resultMessage, type Translate } from '../../extension/training/outcomeMessage';

const t: Translate = (m, ...args) => m.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

/** `lines` lines of 20 words over 500 (a Zipf-like mix), deterministic. */
function corpus(lines: number): string {
  let s = 7;
  const out: string[] = [];
  for (let l = 0; l < lines; l++) {
    const line: string[] = [];
    for (let k = 0; k < 20; k++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      line.push(`w${Math.floor(500 * (s / 2 ** 32) ** 2)}`);
    }
    out.push(line.join(' '));
  }
  return out.join('\n') + '\n';
}

const OPTIONS: Partial<TrainOptions> = { dim: 8, window: 2, negative: 3, minCount: 1, threads: 1, seed: 3, epochs: 40 };

/** Trains `path`, calling `change` once at the first progress of `phase`; resolves with the result. */
function trainChanging(path: string, options: Partial<TrainOptions>, phase: 'vocab' | 'train', change: () => void): Promise<TrainResult> {
  let changed = false;
  const run = startTraining({ kind: 'file', path }, options, {
    onProgress: (p) => {
      if (p.phase === phase && !changed) { changed = true; change(); }
    },
  });
  return run.result.finally(() => assert.ok(changed, `no ${phase} progress came: the change was never made`));
}

const dir = mkdtempSync(join(tmpdir(), 'w2v-changed-'));

test('held in memory: changed during training, the run goes on with the text read and says so', async () => {
  const path = join(dir, 'memory.txt');
  writeFileSync(path, corpus(5000));
  const r = await trainChanging(path, OPTIONS, 'train', () => appendFileSync(path, 'an edit saved while training\n'));
  assert.equal(r.stopReason, 'done');
  assert.equal(r.corpusInMemory, true);
  assert.equal(r.corpusChanged, 'changed');
  assert.equal(r.wordsProcessed, r.vocab.trainWords * 40, 'every epoch trained');
  assert.match(r.message ?? '', /memory\.txt was changed on disk during training\. It had been read into memory at the start, so the run went on/);
  const m = resultMessage('memory.txt', r, t);
  assert.equal(m.level, 'warning');
  assert.match(m.text, /^The corpus memory\.txt was changed on disk during training\. .*the vectors loaded are of the corpus as it was then/);
});

test('held in memory: deleted during training, the run goes on and says it was deleted', async () => {
  const path = join(dir, 'deleted.txt');
  writeFileSync(path, corpus(5000));
  const r = await trainChanging(path, OPTIONS, 'train', () => unlinkSync(path));
  assert.equal(r.stopReason, 'done');
  assert.equal(r.corpusChanged, 'deleted');
  assert.ok(r.words.length > 100);
  assert.match(resultMessage('deleted.txt', r, t).text, /^The corpus deleted\.txt was deleted on disk during training/);
});

test('streamed (re-read every epoch): changed during training, the run stops with the vectors so far', async () => {
  const path = join(dir, 'stream.txt');
  writeFileSync(path, corpus(5000));
  const r = await trainChanging(path, { ...OPTIONS, epochs: 200, maxWordsInMemory: 1000 }, 'train', () => appendFileSync(path, 'w1 w2 w3\n'));
  assert.equal(r.corpusInMemory, false);
  assert.equal(r.stopReason, 'cancelled');
  assert.equal(r.corpusChanged, 'changed');
  assert.ok(r.wordsProcessed > 0 && r.wordsProcessed < r.vocab.trainWords * 200, `words ${r.wordsProcessed}`);
  assert.ok(r.vectors.length === r.words.length * 8 && r.vectors.every(Number.isFinite), 'the vectors so far are kept');
  const m = resultMessage('stream.txt', r, t);
  assert.equal(m.level, 'warning');
  assert.match(m.text, /re-read every epoch, so the run stopped after [\d,]+ of [\d,]+ words rather than train on a mix of two texts/);
});

test('changed while still being read: an error saying so, nothing trained', async () => {
  const path = join(dir, 'reading.txt');
  // Large enough that reading it takes several progress ticks (250 ms each).
  const block = corpus(20_000);
  writeFileSync(path, block.repeat(12));
  await assert.rejects(
    trainChanging(path, OPTIONS, 'vocab', () => appendFileSync(path, 'more\n')),
    (e: unknown) => e instanceof UserInputError && /reading\.txt was changed on disk while it was being read, so the words counted may mix two versions of it; nothing was trained/.test(e.message),
  );
});

test('unchanged: no change reported', async () => {
  const path = join(dir, 'same.txt');
  writeFileSync(path, corpus(2000));
  const r = await startTraining({ kind: 'file', path }, { ...OPTIONS, epochs: 2 }).result;
  assert.equal(r.corpusChanged, undefined);
  assert.equal(r.message, undefined);
  assert.equal(resultMessage('same.txt', r, t).level, 'info');
});
