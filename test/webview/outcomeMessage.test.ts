/** The notification at the end of a run (extension/training/outcomeMessage.ts): every kind of ending says what happened and what to do. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { failureMessage, formatLoss, resultMessage, type Translate } from '../../extension/training/outcomeMessage';
import type { TrainOptions, TrainResult } from '../../extension/core/train/types';

/** vscode.l10n.t without a bundle: the English message with {n} replaced. */
const t: Translate = (m, ...args) => m.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

const options: TrainOptions = { model: 'skipgram', loss: 'neg', dim: 50, window: 5, negative: 5, minCount: 5, maxVocab: 0, sample: 1e-3, epochs: 5, alpha: 0.025, threads: 2, seed: 1, output: 'input' };
function result(over: Partial<TrainResult>): TrainResult {
  const words = Array.from({ length: 3540 }, (_, i) => `w${i}`);
  return {
    words, counts: words.map(() => 5), dim: 50, vectors: new Float32Array(0), options,
    vocab: { corpusWords: 150_000, distinctWords: 9000, vocabSize: 3540, trainWords: 128_791, sentences: 900, top: [] },
    wordsProcessed: 643_955, seconds: 2.31, finalLoss: 2.6163, stopReason: 'done', ...over,
  };
}

test('a finished run says how many words, how long, the vocabulary and the final loss, with its two buttons', () => {
  const m = resultMessage('reviews.txt', result({}), t);
  assert.equal(m.text, 'Trained 643,955 words in 2.3 s: 3,540 words in the vocabulary, final loss 2.62 (mean over the last epoch).');
  assert.equal(m.level, 'info');
  assert.deepEqual(m.actions, ['openDashboard', 'exportVectors']);
});

test('a stopped run says how far it got and that its vectors are kept', () => {
  const m = resultMessage('reviews.txt', result({ stopReason: 'cancelled', wordsProcessed: 200_000 }), t);
  assert.equal(m.text, 'Training on reviews.txt stopped after 200,000 of 643,955 words. The vectors trained so far (3,540 words) are loaded for hovers and neighbours; train again for a finished model.');
  assert.deepEqual(m.actions, ['openDashboard', 'exportVectors']);
  const early = resultMessage('reviews.txt', result({ stopReason: 'cancelled', words: [], wordsProcessed: 0 }), t);
  assert.match(early.text, /before any training: no vectors were kept\. Run "Word2Vec: Train word2vec on file" again/);
  assert.deepEqual(early.actions, [], 'nothing to open or export');
});

test('a diverged run says why, which setting to lower and to what, as an error with a settings button', () => {
  const m = resultMessage('reviews.txt', result({ stopReason: 'diverged', wordsProcessed: 10_000, options: { ...options, alpha: 5 } }), t);
  assert.equal(m.level, 'error');
  assert.match(m.text, /^Training on reviews\.txt diverged after 10,000 words: the loss became infinite or NaN at learning rate 5\. Lower the setting word2vec\.learningRate \(to 0\.5, say\)/);
  assert.deepEqual(m.actions, ['openSettings', 'openDashboard']);
});

test('a run with a planted mistake that diverges blames the mistake, not the learning rate', () => {
  const m = resultMessage('reviews.txt (planted mistake: dropped (1 − σ) factor)', result({ stopReason: 'diverged', wordsProcessed: 10_000, options: { ...options, mistake: 'dropped-one-minus-sigma' } }), t);
  assert.equal(m.level, 'warning');
  assert.match(m.text, /This run trains with a planted mistake \(dropped \(1 − σ\) factor\) on purpose; compare it with a correct run in the dashboard's Runs tab/);
  assert.doesNotMatch(m.text, /learningRate/);
  assert.deepEqual(m.actions, ['openDashboard']);
});

test('a failed run: a user error is shown as it is, anything else is called a bug', () => {
  assert.equal(failureMessage('The corpus x.txt has no words. Give a file with text in it.', true, t).text, 'The corpus x.txt has no words. Give a file with text in it.');
  assert.match(failureMessage('boom', false, t).text, /^Word2Vec training failed: boom\. This is a bug/);
});

test('losses print with three significant digits', () => {
  assert.equal(formatLoss(2.6163), '2.62');
  assert.equal(formatLoss(0.012345), '0.0123');
  assert.equal(formatLoss(NaN), 'NaN');
});
