import { UserInputError } from '../errors';
import type { Matrix } from '../math/matrix';
import { orthogonalProcrustes, rotate } from './procrustes';
import { WordVectors, type Neighbour } from './WordVectors';

/** The vectors of the same words (the top N) at one point of training: after an epoch, or every few million words. */
export interface Snapshot {
  /** e.g. "epoch 2" or "12.0M words". */
  label: string;
  /** words.length x dim, row-major, in the order of `words`. */
  vectors: Float32Array;
  /** Taken after this many epochs (end-of-epoch snapshots and the final vectors of a finished run). */
  epoch?: number;
  /** Words processed when it was taken (a training run's snapshots). */
  wordsProcessed?: number;
  /** The final vectors of a run that did not finish: cancelled, or diverged (its last good checkpoint). */
  stop?: 'cancelled' | 'diverged';
}

export interface AlignedSnapshot {
  label: string;
  /** The snapshot's unit-length rows rotated onto the reference's: words.length x dim. */
  aligned: Matrix;
  /** ||X R - Y|| over the unit rows: how far the words still are from where they end up. */
  residual: number;
}

/** The rows of an n x d row-major array scaled to unit length (zero rows stay zero), as float64. */
export function unitRows(v: ArrayLike<number>, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let ss = 0;
    for (let j = 0; j < d; j++) ss += v[i * d + j] ** 2;
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let j = 0; j < d; j++) out[i * d + j] = v[i * d + j] * inv;
  }
  return out;
}

/**
 * "How words move": every snapshot's unit-length rows rotated by orthogonal Procrustes onto the
 * reference (by default the last snapshot, the final vectors), as Hamilton et al. (2016) align
 * embeddings across time. Training rotates the whole space freely (only cosines matter), so without
 * this the map would show the space turning rather than words moving; rotations keep cosines, so
 * neighbours are unchanged. A projection fitted on the reference (e.g. its PCA) then places every
 * snapshot on the same map.
 */
export function alignSnapshots(words: readonly string[], dim: number, snapshots: Snapshot[], reference: Float32Array = snapshots[snapshots.length - 1]?.vectors): AlignedSnapshot[] {
  const n = words.length;
  if (snapshots.length === 0) throw new UserInputError('No snapshots to align.');
  for (const s of [...snapshots.map((x) => x.vectors), reference]) {
    if (s.length !== n * dim) throw new UserInputError(`A snapshot has ${s.length} numbers; ${n} words x ${dim} dimensions need ${n * dim}.`);
  }
  const y = { rows: n, cols: dim, data: unitRows(reference, n, dim) };
  return snapshots.map((s) => {
    const x = { rows: n, cols: dim, data: unitRows(s.vectors, n, dim) };
    const { rotation, residual } = orthogonalProcrustes(x, y);
    return { label: s.label, aligned: rotate(x, rotation), residual };
  });
}

/** A word's k nearest neighbours in each snapshot (among the snapshot's words): the Neighbours tab over time. */
export function neighboursOverTime(words: string[], dim: number, snapshots: Snapshot[], word: string, k: number): { label: string; neighbours: Neighbour[] }[] {
  return snapshots.map((s) => ({ label: s.label, neighbours: new WordVectors(words, dim, s.vectors).neighbours(word, k) }));
}
