/**
 * The Map's computation, run in a worker (map.worker.ts), never on the extension host's thread:
 * the projection of the shown words' vectors to the plane (PCA, word axes or UMAP), the training
 * snapshots placed on that plane. No `vscode` import:
 * the unit tests call it directly.
 */
import { UMAP } from 'umap-js';
import { UserInputError } from '../core/errors';
import type { Matrix } from '../core/math/matrix';
import { pca } from '../core/vectors/pca';
import { axesPlane, fitPcaPlane, projectOnPlane, type PlaneProjection } from '../core/vectors/mapProjection';
import { alignSnapshots, unitRows, type Snapshot } from '../core/vectors/snapshots';
import type { MapProjectionKind, MapView } from '../shared/protocol';

/** UMAP runs on this many principal components of the unit vectors (its k-NN search is then cheap). */
export const UMAP_INPUT_DIMS = 50;
export const UMAP_NEIGHBOURS = 15;

/**
 * UMAP's epochs, set here rather than by umap-js (500 below 10,000 points, slow at 5k to 10k):
 * enough for the layout to settle at these sizes.
 */
export function umapEpochs(points: number): number {
  return points <= 1000 ? 300 : points <= 4000 ? 200 : 120;
}

/** The training snapshots of the model: the top words' vectors at points of training (see core/vectors/snapshots.ts). */
export interface MapSnapshots {
  words: string[];
  dim: number;
  snapshots: Snapshot[];
  /** The final vectors of the same words (words.length x dim): what the snapshots are aligned to. */
  final: Float32Array;
}

/** What the map worker is asked: one projection of the shown words. */
export interface MapJob {
  /** The words shown and their raw vectors (words.length x dim). */
  words: string[];
  dim: number;
  vectors: Float32Array;
  projection: MapProjectionKind;
  /** For 'axes': unit directions in the vector space and their labels (the host reads the axis words' rows). */
  axes?: { x: { direction: Float64Array; label: string }; y: { direction: Float64Array; label: string } };
  /** For 'umap': the random seed, so the same map comes back. */
  seed?: number;
  snapshots?: MapSnapshots;
}

/** The worker's answer: the words' coordinates on the plane, and the snapshots placed on it. */
export interface MapJobResult {
  x: Float64Array;
  y: Float64Array;
  labels: [string, string];
  varianceRatio?: [number, number];
  /** For UMAP: its settings. */
  umap?: { epochs: number; neighbours: number; inputDims: number; inputVariance: number };
  frames?: MapView['frames'];
  /** Why snapshots could not be placed, as a code the controller turns into a translated message. */
  framesNote?: 'umapNotLinear';
}

export interface MapProgress {
  stage: 'pca' | 'neighbours' | 'epochs' | 'snapshots';
  done: number;
  total: number;
}

/** A seeded generator (mulberry32): UMAP's layout is the same for the same words and seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Projects the job's words to the plane (PCA, word axes or UMAP) and places the snapshots on it. */
export function runMapJob(job: MapJob, onProgress: (p: MapProgress) => void = () => undefined): MapJobResult {
  const n = job.words.length;
  const d = job.dim;
  if (n < 2) throw new UserInputError('The map needs at least 2 words.');
  const unit: Matrix = { rows: n, cols: d, data: unitRows(job.vectors, n, d) };
  if (job.projection === 'umap') return { ...umap(unit, job.seed ?? 1, onProgress), ...(job.snapshots ? { framesNote: 'umapNotLinear' as const } : {}) };
  onProgress({ stage: 'pca', done: 0, total: 1 });
  let plane: PlaneProjection;
  if (job.projection === 'pca') plane = fitPcaPlane(unit);
  else if (job.axes) plane = axesPlane(job.axes.x, job.axes.y);
  else throw new UserInputError('Word axes need an x and a y axis.');
  const coords = projectOnPlane(plane, unit);
  const out: MapJobResult = { ...split(coords), labels: plane.labels, ...(plane.varianceRatio ? { varianceRatio: plane.varianceRatio } : {}) };
  if (job.snapshots) out.frames = snapshotFrames(job.words, job.snapshots, plane, onProgress);
  return out;
}

function split(coords: Matrix): { x: Float64Array; y: Float64Array } {
  const n = coords.rows;
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = coords.data[2 * i];
    y[i] = coords.data[2 * i + 1];
  }
  return { x, y };
}

/**
 * Every snapshot aligned to the final vectors (orthogonal Procrustes) and projected by `plane`,
 * which was fitted on the final vectors: the same map, at an earlier point of training. Words of
 * the map without a snapshot vector get null.
 */
export function snapshotFrames(words: string[], s: MapSnapshots, plane: PlaneProjection, onProgress: (p: MapProgress) => void = () => undefined): NonNullable<MapJobResult['frames']> {
  const row = new Map<string, number>();
  s.words.forEach((w, i) => { if (!row.has(w)) row.set(w, i); });
  const total = s.snapshots.length;
  onProgress({ stage: 'snapshots', done: 0, total });
  const aligned = alignSnapshots(s.words, s.dim, s.snapshots, s.final);
  return aligned.map((a, k) => {
    const coords = projectOnPlane(plane, a.aligned);
    onProgress({ stage: 'snapshots', done: k + 1, total });
    const x: (number | null)[] = [], y: (number | null)[] = [];
    for (const w of words) {
      const r = row.get(w);
      x.push(r === undefined ? null : coords.data[2 * r]);
      y.push(r === undefined ? null : coords.data[2 * r + 1]);
    }
    return { label: a.label, x, y };
  });
}

function umap(unit: Matrix, seed: number, onProgress: (p: MapProgress) => void): MapJobResult {
  const n = unit.rows;
  const dims = Math.min(UMAP_INPUT_DIMS, unit.cols, n);
  onProgress({ stage: 'pca', done: 0, total: 1 });
  const reduced = pca(unit, dims);
  let inputVariance = 0;
  for (const r of reduced.varianceRatio) inputVariance += r;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(reduced.coords.data.subarray(i * dims, (i + 1) * dims)));
  const epochs = umapEpochs(n);
  const neighbours = Math.min(UMAP_NEIGHBOURS, n - 1);
  const u = new UMAP({ nComponents: 2, nNeighbors: neighbours, nEpochs: epochs, minDist: 0.1, random: seededRandom(seed) });
  onProgress({ stage: 'neighbours', done: 0, total: 1 });
  const total = u.initializeFit(rows);
  for (let e = 0; e < total; e++) {
    u.step();
    if (e % 10 === 9 || e === total - 1) onProgress({ stage: 'epochs', done: e + 1, total });
  }
  const emb = u.getEmbedding();
  const x = Float64Array.from(emb, (p) => p[0]);
  const y = Float64Array.from(emb, (p) => p[1]);
  return { x, y, labels: ['UMAP 1', 'UMAP 2'], umap: { epochs: total, neighbours, inputDims: dims, inputVariance } };
}
