/**
 * The loss curve is recorded in the engine per fixed number of words (extension/core/train/lossCurve.ts),
 * not per progress tick: a run of about a second has hundreds of points, each a real mean loss.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTraining } from '../../extension/core/train/index';
import { lossStep, type LossSample } from '../../extension/core/train/lossCurve';
import type { TrainProgress } from '../../extension/core/train/types';

/** 150,000 words in 8-word sentences, each drawn from one of 20 topics of 25 words. */
function corpus(words: number): string {
  let x = 7;
  const rnd = (n: number): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % n; };
  const lines: string[] = [];
  for (let i = 0; i < words / 8; i++) {
    const topic = rnd(20);
    lines.push(Array.from({ length: 8 }, () => `t${topic}w${rnd(25)}`).join(' '));
  }
  return lines.join('\n');
}

for (const threads of [1, 2]) {
  test(`${threads} thread(s): 150k words x 5 epochs give hundreds of loss points, in order, that track the epoch losses`, async () => {
    const events: TrainProgress[] = [];
    const r = await startTraining({ kind: 'text', text: corpus(150_000), name: 'topics' },
      { dim: 20, window: 3, negative: 5, minCount: 1, sample: 0, epochs: 5, threads, seed: 1 },
      { onProgress: (p) => events.push(p) }).result;
    assert.equal(r.stopReason, 'done');
    const train = events.filter((p) => p.phase === 'train');
    const points: LossSample[] = train.flatMap((p) => p.lossPoints ?? []);
    const total = r.vocab.trainWords * 5;
    const step = lossStep(total);
    assert.equal(train[0].lossStep, step);
    // About one point per `step` words whatever the number of progress events (a handful for this run).
    assert.ok(points.length >= 200, `${points.length} points from ${train.length} progress events`);
    assert.ok(points.length <= Math.floor(total / step) + threads, `${points.length} points for ${total} words at ${step} words a point`);
    assert.ok(points.length >= 0.5 * total / step, `${points.length} points for ${total} words at ${step} words a point`);
    // Each event's points are sorted; the last point is taken when the last words are done.
    for (const p of train) {
      const xs = (p.lossPoints ?? []).map((q) => q.wordsProcessed);
      assert.deepEqual(xs, [...xs].sort((a, b) => a - b));
    }
    assert.equal(Math.max(...points.map((q) => q.wordsProcessed)), r.wordsProcessed);
    for (const q of points) assert.ok(Number.isFinite(q.loss) && q.loss > 0, JSON.stringify(q));
    // The points are the loss: their mean over the last epoch is that epoch's mean loss (the final
    // loss) to within the weighting by pairs rather than by points; and the curve goes down.
    const last = points.filter((q) => q.wordsProcessed > 4 * r.vocab.trainWords).map((q) => q.loss);
    const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
    assert.ok(Math.abs(mean(last) - r.finalLoss) < 0.03 * r.finalLoss, `last epoch points ${mean(last)} against final loss ${r.finalLoss}`);
    const tenth = Math.floor(points.length / 10);
    assert.ok(mean(points.slice(0, tenth).map((q) => q.loss)) > mean(points.slice(-tenth).map((q) => q.loss)) + 0.1);
    // The last progress event's epoch loss is the final loss: one number, one name.
    assert.equal(train.at(-1)!.epochLoss, r.finalLoss);
    assert.deepEqual(r.epochLoss!.at(-1), r.finalLoss);
  });
}

test('words per point: 1,000 for short runs, about 2,000 points for long ones', () => {
  assert.equal(lossStep(750_000), 1000);
  assert.equal(lossStep(85_000_000), 42_500);
});
