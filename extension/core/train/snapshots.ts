/**
 * "How words move": copies of the top-N words' vectors taken while a run trains (the engine's
 * `snapshotWords` option). At the end of each epoch, or, for a one-epoch run, every few million
 * words; the last snapshot is the run's final vectors of those words.
 *
 * End-of-epoch snapshots of a corpus held in memory are taken by the trainer that takes the first
 * chunk of the next epoch (Trainer.jobs calls takeEpochSnapshot; trainer 0 is the coordinator's own
 * thread), so a short epoch is never missed between two of the coordinator's progress ticks; with
 * one thread that is exactly between the epochs, with several (Hogwild) the other trainers may
 * still be on the epoch's last chunks.
 * Every other snapshot (one epoch; a corpus re-read from disk) is taken by the coordinator at its
 * first progress tick past the point (every quarter second), labelled by the words actually done.
 */
import type { Snapshot } from '../vectors/snapshots';
import { formatFloat32 } from '../vectors/floatText';
import type { MemoryLayout } from './layout';
import type { TrainOptions } from './types';

/** The snapshots of a run: the top `words` (most frequent first), each snapshot words.length x dim. */
export interface TrainSnapshots {
  words: string[];
  dim: number;
  snapshots: Snapshot[];
}

/** The extension's snapshotWords (the CLI keeps none unless asked): 1,000 words x dim 100 is 400 kB a snapshot. */
export const EXTENSION_SNAPSHOT_WORDS = 1000;
/** At most this many snapshots are taken while training (the final vectors make one more). */
export const MAX_TRAINING_SNAPSHOTS = 20;
/** The largest snapshotWords (the map shows at most 10,000 words). */
export const MAX_SNAPSHOT_WORDS = 10_000;
/** One-epoch runs: a snapshot at least every this many words (and about 10 over the run). */
export const MIN_SNAPSHOT_INTERVAL = 1_000_000;

/** A point of the run where a snapshot is taken: after `epoch` epochs, or after `atWords` words. */
export interface SnapshotPoint {
  atWords: number;
  epoch?: number;
}

/**
 * Where the snapshots are taken. Several epochs: at the end of each (every ceil(epochs / 20)-th
 * when there are more than 20), the last epoch's being the final vectors. One epoch: every
 * max(1M, trainWords / 10 rounded up to millions) words.
 */
export function snapshotPlan(epochs: number, trainWords: number): SnapshotPoint[] {
  const points: SnapshotPoint[] = [];
  if (epochs > 1) {
    const every = Math.ceil(epochs / MAX_TRAINING_SNAPSHOTS);
    for (let e = every; e < epochs; e += every) points.push({ epoch: e, atWords: e * trainWords });
    return points;
  }
  const interval = oneEpochInterval(trainWords);
  for (let w = interval; w < trainWords; w += interval) points.push({ atWords: w });
  return points;
}

/** The words between snapshots of a one-epoch run: max(1M, a tenth of the run rounded up to millions). */
export function oneEpochInterval(trainWords: number): number {
  return Math.max(MIN_SNAPSHOT_INTERVAL, Math.ceil(trainWords / 10 / 1e6) * 1e6);
}

/** An English label (the dashboard builds its own, translated, from epoch and wordsProcessed). */
export function snapshotLabel(s: Pick<Snapshot, 'epoch' | 'wordsProcessed'>): string {
  if (s.epoch !== undefined) return `epoch ${s.epoch}`;
  const w = s.wordsProcessed ?? 0;
  return w >= 1e6 ? `${(w / 1e6).toFixed(1)}M words` : `${w.toLocaleString('en-US')} words`;
}

/**
 * The end-of-epoch snapshots the training workers write, shared with the coordinator: slot i holds
 * the vectors after epoch epochs[i], and words[i] the words done when it was taken (NaN until then).
 */
export interface SnapshotSlots {
  epochs: number[];
  rows: number;
  /** 'input+output': the snapshot is (V + U) / 2, as the result's vectors. */
  combine: boolean;
  vectors: SharedArrayBuffer;
  words: SharedArrayBuffer;
}

/** Copies the first `rows` rows of V (or of (V + U) / 2) from the training memory, without padding. */
export function copyTopRows(mem: ArrayBufferLike, layout: Pick<MemoryLayout, 'syn0' | 'syn1' | 'dim' | 'stride'>, rows: number, combine: boolean, out: Float32Array): void {
  const { dim, stride } = layout;
  const v = new Float32Array(mem, layout.syn0, rows * stride);
  const u = combine ? new Float32Array(mem, layout.syn1, rows * stride) : undefined;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < dim; j++) out[r * dim + j] = u ? (v[r * stride + j] + u[r * stride + j]) / 2 : v[r * stride + j];
  }
}

/** Training worker: the first chunk of epoch `epoch` is about to be trained, so epochs 1..epoch are done. */
export function takeEpochSnapshot(slots: SnapshotSlots, mem: ArrayBufferLike, layout: MemoryLayout, epoch: number, wordsDone: number): void {
  const i = slots.epochs.indexOf(epoch);
  if (i < 0) return;
  const size = slots.rows * layout.dim;
  copyTopRows(mem, layout, slots.rows, slots.combine, new Float32Array(slots.vectors, i * size * 4, size));
  new Float64Array(slots.words)[i] = wordsDone;
}

/** The coordinator's side: plans the snapshots, takes those by words, and gathers them all at the end. */
export class SnapshotTaker {
  /** For the training workers, when they take the end-of-epoch snapshots (a corpus in memory, several epochs). */
  readonly slots: SnapshotSlots | undefined;
  private readonly pending: SnapshotPoint[];
  private readonly taken: Snapshot[] = [];
  private readonly rows: number;

  constructor(options: Pick<TrainOptions, 'epochs' | 'output' | 'snapshotWords'>, private readonly words: string[], private readonly dim: number,
    trainWords: number, workersTakeEpochs: boolean) {
    this.rows = Math.min(options.snapshotWords ?? 0, words.length);
    const plan = snapshotPlan(options.epochs, trainWords);
    const byWorkers = workersTakeEpochs ? plan.filter((p) => p.epoch !== undefined) : [];
    this.pending = plan.filter((p) => !byWorkers.includes(p));
    if (byWorkers.length > 0) {
      const words64 = new SharedArrayBuffer(byWorkers.length * 8);
      new Float64Array(words64).fill(NaN);
      this.slots = {
        epochs: byWorkers.map((p) => p.epoch!), rows: this.rows, combine: options.output === 'input+output',
        vectors: new SharedArrayBuffer(byWorkers.length * this.rows * dim * 4), words: words64,
      };
    }
  }

  /** At a progress tick: takes every snapshot whose point the run has passed (one copy, labelled by the words done). */
  poll(wordsDone: number, mem: ArrayBufferLike, layout: MemoryLayout, combine: boolean): void {
    let due: SnapshotPoint | undefined;
    while (this.pending.length > 0 && this.pending[0].atWords <= wordsDone) due = this.pending.shift();
    if (!due) return;
    const vectors = new Float32Array(this.rows * this.dim);
    copyTopRows(mem, layout, this.rows, combine, vectors);
    const s = { epoch: due.epoch, wordsProcessed: wordsDone };
    this.taken.push({ label: snapshotLabel(s), vectors, ...s });
  }

  /**
   * The run's snapshots in order, the last being the final vectors' first rows (`final` is the
   * result's vectors). Snapshots with a non-finite number (taken as a run diverged) are left out.
   * `wordsDone`: the words behind `final`; for a diverged run, those of its last good checkpoint
   * (later snapshots are dropped, so the rows stay in the order of training).
   */
  finish(final: Float32Array, wordsDone: number, stopReason: 'done' | 'cancelled' | 'diverged', epochs: number): TrainSnapshots | undefined {
    if (this.rows === 0) return undefined;
    const all = [...this.taken];
    if (this.slots) {
      const words = new Float64Array(this.slots.words);
      const size = this.rows * this.dim;
      this.slots.epochs.forEach((epoch, i) => {
        if (Number.isNaN(words[i])) return; // the run stopped before this epoch ended
        const s = { epoch, wordsProcessed: words[i] };
        all.push({ label: snapshotLabel(s), vectors: new Float32Array(this.slots!.vectors, i * size * 4, size).slice(), ...s });
      });
    }
    all.sort((a, b) => (a.wordsProcessed ?? 0) - (b.wordsProcessed ?? 0));
    const words = snapshotLabel({ wordsProcessed: wordsDone });
    const last: Snapshot = {
      label: stopReason === 'done' ? snapshotLabel({ epoch: epochs }) : stopReason === 'cancelled' ? `stopped after ${words}` : `the last good vectors (${words})`,
      vectors: final.slice(0, this.rows * this.dim),
      ...(stopReason === 'done' ? { epoch: epochs } : { stop: stopReason }),
      wordsProcessed: wordsDone,
    };
    const kept = all.filter((s) => s.vectors.every(Number.isFinite) && (stopReason !== 'diverged' || (s.wordsProcessed ?? 0) < wordsDone));
    const snapshots = [...kept, last];
    return { words: this.words.slice(0, this.rows), dim: this.dim, snapshots };
  }
}

/**
 * The snapshots as JSON (`w2v train --snapshots N`): the words, then per snapshot its label, epoch,
 * words processed, "stop" ("cancelled" or "diverged") on the last one of a run that did not finish,
 * and its rows as arrays of shortest round-trip decimals (exact float32 values).
 */
export function snapshotsToJson(s: TrainSnapshots): string {
  const rows = (v: Float32Array): string =>
    `[${s.words.map((_, i) => `[${Array.from(v.subarray(i * s.dim, (i + 1) * s.dim), formatFloat32).join(',')}]`).join(',\n    ')}]`;
  const snaps = s.snapshots.map((x) =>
    `  {"label":${JSON.stringify(x.label)},"epoch":${x.epoch ?? null},"wordsProcessed":${x.wordsProcessed ?? null},${x.stop ? `"stop":${JSON.stringify(x.stop)},` : ''}"vectors":\n    ${rows(x.vectors)}}`);
  return `{"words":${JSON.stringify(s.words)},"dim":${s.dim},"snapshots":[\n${snaps.join(',\n')}\n]}\n`;
}
