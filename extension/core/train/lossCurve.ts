/**
 * The loss curve, recorded by the training workers per fixed number of words rather than per
 * progress tick: a 2-second run gets hundreds of points, not eight. Each worker trains its chunk
 * in pieces of about `step` words (ending at a sentence end, so the kernel sees the same sentences
 * and the learning rate still changes once per chunk, as in word2vec.c), and after each piece that
 * completes `step` words appends (words processed by all workers, mean loss per pair over its words)
 * to its own log in the shared control buffer. The coordinator drains the logs at each progress tick.
 */
import type { Control } from './control';
import { sentenceEnd, type EncodedIds } from './layout';

/** Points a run's curve aims at; fewer for runs shorter than MIN_STEP × this. */
const TARGET_POINTS = 2000;
/** Never a point per fewer words: a point's mean loss is over a few thousand pairs at least. */
const MIN_STEP = 1000;

/** Words per loss point for a run of `totalWords` words (all epochs). */
export function lossStep(totalWords: number): number {
  return Math.max(MIN_STEP, Math.ceil(totalWords / TARGET_POINTS));
}

/** Log entries a worker may need: every entry but its last covers `step` words or more. */
export function lossLogCapacity(totalWords: number, step: number): number {
  return Math.floor(totalWords / step) + 2;
}

/** One point of the curve: the words processed when it was taken, and the mean loss per pair since the worker's previous point. */
export interface LossSample {
  wordsProcessed: number;
  loss: number;
}

/** A training worker's side: trains a chunk in pieces and logs a point every `step` words. */
export class LossRecorder {
  private words = 0;
  private loss = 0;
  private pairs = 0;
  private count = 0;

  constructor(
    private readonly control: Control,
    private readonly worker: number,
    private readonly step: number,
    /** The ids of the corpus or chunk at a byte offset, at their width, to find sentence ends. */
    private readonly idsAt: (base: number, length: number) => EncodedIds,
    private readonly totals: { loss(): number; pairs(): number },
    private readonly cancelled: () => boolean,
  ) {}

  /** Trains ids [start, end) at byte offset `base` through `train` (the kernel), piece by piece; returns the words trained. */
  train(base: number, start: number, end: number, train: (start: number, end: number) => number): number {
    const ids = this.idsAt(base, end);
    const stop = sentenceEnd(ids);
    let trained = 0;
    for (let s = start; s < end;) {
      // The first sentence end after the words this point still needs.
      let need = this.step - this.words;
      let e = s;
      while (e < end && need > 0) if (ids[e++] !== stop) need--;
      while (e < end && ids[e] !== stop) e++;
      if (e < end) e++; // past the sentence end
      const lossBefore = this.totals.loss(), pairsBefore = this.totals.pairs();
      const words = train(s, e);
      const done = Number(Atomics.add(this.control.wordsDone, 0, BigInt(words))) + words;
      trained += words;
      this.words += words;
      this.loss += this.totals.loss() - lossBefore;
      this.pairs += this.totals.pairs() - pairsBefore;
      if (this.words >= this.step) this.record(done);
      if (this.cancelled()) break;
      s = e;
    }
    return trained;
  }

  /** Logs what is left since the last point (the worker's last words). */
  flush(): void {
    if (this.words > 0) this.record(Number(Atomics.load(this.control.wordsDone, 0)));
  }

  private record(wordsProcessed: number): void {
    const c = this.control;
    if (this.pairs > 0 && this.count < c.lossLogCapacity) {
      const o = (this.worker * c.lossLogCapacity + this.count) * 2;
      c.lossLog[o] = wordsProcessed;
      c.lossLog[o + 1] = this.loss / this.pairs;
      this.count++;
      // Published after the entry is written: the coordinator reads up to this count.
      Atomics.store(c.lossLogCount, this.worker, this.count);
    }
    this.words = this.loss = this.pairs = 0;
  }
}

/** The coordinator's side: the points logged since the last call, in the order of words processed. */
export function drainLossLogs(c: Control, read: Int32Array): LossSample[] {
  const out: LossSample[] = [];
  for (let w = 0; w < read.length; w++) {
    const n = Atomics.load(c.lossLogCount, w);
    for (let i = read[w]; i < n; i++) {
      const o = (w * c.lossLogCapacity + i) * 2;
      out.push({ wordsProcessed: c.lossLog[o], loss: c.lossLog[o + 1] });
    }
    read[w] = n;
  }
  return out.sort((a, b) => a.wordsProcessed - b.wordsProcessed);
}
