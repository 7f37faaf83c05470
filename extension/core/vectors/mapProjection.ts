import { UserInputError } from '../errors';
import type { Matrix } from '../math/matrix';
import { pca } from './pca';
import { unitRows } from './snapshots';
import type { WordVectors } from './WordVectors';

/** An axis defined by words, as the Projector's custom projection and parallax: e.g. woman − man. */
export interface WordAxis {
  plus: string[];
  minus: string[];
}

export type MapProjection = { kind: 'pca' } | { kind: 'axes'; x: WordAxis; y: WordAxis };

export interface MapPoints {
  /** The words shown: the first `count` rows, which by word2vec convention are the most frequent. */
  words: string[];
  /** How the words were chosen, for the page to say so. */
  chosen: string;
  /** count x 2 coordinates. */
  coords: Matrix;
  /** For PCA: the fraction of the variance each of the two axes shows. */
  varianceRatio?: [number, number];
  /** The axis labels, e.g. "PC1 (4.1%)" or "woman − man". */
  labels: [string, string];
}

/** The largest map: Chart.js stays interactive up to about this many points. */
export const MAX_MAP_WORDS = 10_000;

/**
 * A linear map from the vector space to the plane, fitted once (on the final vectors) so that other
 * vectors of the same words (training snapshots aligned to the final ones) land on the same map:
 * coordinate a of a unit row r is (r − center) · directions[a].
 */
export interface PlaneProjection {
  /** dim numbers: the PCA's mean, or zeros for word axes. */
  center: Float64Array;
  /** Two unit directions of dim numbers each. */
  directions: [Float64Array, Float64Array];
  labels: [string, string];
  varianceRatio?: [number, number];
}

/**
 * PCA of the unit-length rows onto two components. Unit rows because cosine is what neighbours,
 * analogies and the word axes measure: raw lengths mostly track frequency.
 */
export function fitPcaPlane(unit: Matrix): PlaneProjection {
  if (unit.cols < 2) throw new UserInputError('PCA needs vectors of at least 2 dimensions.');
  const r = pca(unit, 2);
  const d = unit.cols;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  return {
    center: r.mean,
    directions: [r.components.data.slice(0, d), r.components.data.slice(d, 2 * d)],
    varianceRatio: [r.varianceRatio[0], r.varianceRatio[1]],
    labels: [`PC1 (${pct(r.varianceRatio[0])} of the variance)`, `PC2 (${pct(r.varianceRatio[1])})`],
  };
}

/**
 * An axis's unit direction: the sum of its plus words' unit vectors minus its minus words'. Reads
 * only the axis words' rows, so it is cheap on any thread; `rowOf` finds them (by default the
 * vectors' own word index; the extension asks its query worker instead).
 */
export function axisDirection(wv: WordVectors, axis: WordAxis, rowOf: (word: string) => number = (w) => wv.require(w)): Float64Array {
  if (axis.plus.length === 0 && axis.minus.length === 0) throw new UserInputError('An axis needs at least one word, e.g. x = woman − man.');
  const d = wv.dim;
  const v = new Float64Array(d);
  const add = (word: string, sign: number): void => {
    const i = rowOf(word);
    const row = wv.vectors.subarray(i * d, (i + 1) * d);
    const norm = Math.hypot(...row);
    if (norm > 0) for (let j = 0; j < d; j++) v[j] += (sign * row[j]) / norm;
  };
  for (const w of axis.plus) add(w, 1);
  for (const w of axis.minus) add(w, -1);
  const norm = Math.hypot(...v);
  if (norm === 0) throw new UserInputError(`The axis ${axisLabel(axis)} is zero: its words cancel out; choose different words.`);
  return v.map((x) => x / norm);
}

/** Word axes as a plane projection: a unit row's coordinate is its cosine with the axis, -1 to 1. */
export function axesPlane(x: { direction: Float64Array; label: string }, y: { direction: Float64Array; label: string }): PlaneProjection {
  return { center: new Float64Array(x.direction.length), directions: [x.direction, y.direction], labels: [x.label, y.label] };
}

/** n x 2 coordinates of the rows of `unit` (n x dim) on `p`. */
export function projectOnPlane(p: PlaneProjection, unit: Matrix): Matrix {
  const { rows: n, cols: d } = unit;
  const out: Matrix = { rows: n, cols: 2, data: new Float64Array(n * 2) };
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 2; a++) {
      const dir = p.directions[a];
      let s = 0;
      for (let j = 0; j < d; j++) s += (unit.data[i * d + j] - p.center[j]) * dir[j];
      out.data[i * 2 + a] = s;
    }
  }
  return out;
}

/** The first n rows of `wv` scaled to unit length (zero rows stay zero), as float64. */
export function unitRowsOf(wv: WordVectors, n: number): Matrix {
  return { rows: n, cols: wv.dim, data: unitRows(wv.vectors, n, wv.dim) };
}

/**
 * The 2-D coordinates of the `count` most frequent words for the Map: by PCA over their unit
 * vectors, or on axes defined by words, where a word's coordinate is the cosine of its vector with
 * the axis direction (the sum of the plus words' unit vectors minus the minus words'), so -1 to 1.
 */
export function mapPoints(wv: WordVectors, count: number, projection: MapProjection): MapPoints {
  if (!Number.isInteger(count) || count < 2 || count > MAX_MAP_WORDS) throw new UserInputError(`The map shows 2 to ${MAX_MAP_WORDS} words; got ${count}.`);
  const n = Math.min(count, wv.size);
  const words = wv.words.slice(0, n);
  const chosen = `the ${n} most frequent words (the first ${n} of ${wv.size} in the vectors' order)`;
  const unit = unitRowsOf(wv, n);
  const plane = projection.kind === 'pca'
    ? fitPcaPlane(unit)
    : axesPlane(
      { direction: axisDirection(wv, projection.x), label: axisLabel(projection.x) },
      { direction: axisDirection(wv, projection.y), label: axisLabel(projection.y) },
    );
  return { words, chosen, coords: projectOnPlane(plane, unit), labels: plane.labels, ...(plane.varianceRatio ? { varianceRatio: plane.varianceRatio } : {}) };
}

/** "woman − man", "king + woman − man". */
export function axisLabel(a: WordAxis): string {
  return [...a.plus.map((w, i) => (i ? ` + ${w}` : w)), ...a.minus.map((w, i) => (i || a.plus.length ? ` − ${w}` : `− ${w}`))].join('');
}
