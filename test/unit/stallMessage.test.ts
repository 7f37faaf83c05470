import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stallMessage } from '../../extension/shared/stallMessage';
import { english, fillPlaceholders, type Translate } from '../../extension/shared/translate';
import { progressLine, runStatusLine } from '../../extension/training/format';
import type { TrainProgress } from '../../extension/core/train/types';

// TrainProgress.stalledSec, as the extension (notification, status bar, dashboard) and `w2v train` tell it.
const progress = (over: Partial<TrainProgress>): TrainProgress => ({
  phase: 'vocab', wordsProcessed: 120_000, totalWords: 0, epoch: 0, epochs: 5, alpha: 0.025, loss: NaN, lossRaw: NaN,
  wordsPerSec: 0, elapsedSec: 14, etaSec: 0, ...over,
});

test('the stall message names the file and the seconds, says why, and what stopping does in each phase and place', () => {
  assert.equal(stallMessage('corpus.txt', 12, false, 'cancel', english),
    'reading corpus.txt has made no progress for 12 s; the file may be on a network drive that stopped answering. Cancel stops (nothing is trained yet).');
  assert.equal(stallMessage('corpus.txt', 31, true, 'cancel', english),
    'reading corpus.txt has made no progress for 31 s; the file may be on a network drive that stopped answering. Cancel stops and keeps the vectors trained so far.');
  // The command line's wording (test/unit/stall.test.ts checks `w2v train` prints exactly this).
  assert.equal(stallMessage('/mnt/nfs/corpus.txt', 10, false, 'ctrl-c', english),
    'reading /mnt/nfs/corpus.txt has made no progress for 10 s; the file may be on a network drive that stopped answering. Ctrl-C stops (nothing is trained yet).');
  assert.equal(stallMessage('c.txt', 10, true, 'ctrl-c', english),
    'reading c.txt has made no progress for 10 s; the file may be on a network drive that stopped answering. Ctrl-C stops and writes the vectors trained so far.');
});

test('each part goes through the translator with its English text as the key', () => {
  const keys: string[] = [];
  const bracket: Translate = (message, ...args) => { keys.push(message); return `[${fillPlaceholders(message, args)}]`; };
  const m = stallMessage('c.txt', 11, true, 'cancel', bracket);
  assert.equal(m, '[reading c.txt has made no progress for 11 s; the file may be on a network drive that stopped answering.] [Cancel stops and keeps the vectors trained so far.]');
  assert.deepEqual(keys, ['reading {0} has made no progress for {1} s; the file may be on a network drive that stopped answering.', 'Cancel stops and keeps the vectors trained so far.']);
});

test('the notification and the status bar say the stall while it lasts, and the progress again once reading moves', () => {
  const reading = progress({});
  assert.equal(runStatusLine(reading, 'corpus.txt', english), progressLine(reading, english));
  assert.match(runStatusLine(reading, 'corpus.txt', english), /^building the vocabulary \(120,000 words read\)$/);
  assert.equal(runStatusLine({ ...reading, stalledSec: 13 }, 'corpus.txt', english), stallMessage('corpus.txt', 13, false, 'cancel', english));
  // A streamed corpus, re-read every epoch, that stops answering while training.
  const training = progress({ phase: 'train', epoch: 2, totalWords: 1_000_000, wordsProcessed: 400_000, stalledSec: 10 });
  assert.match(runStatusLine(training, 'big.txt', english), /^reading big\.txt has made no progress for 10 s; .* Cancel stops and keeps the vectors trained so far\.$/);
});
