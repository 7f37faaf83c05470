import { UserInputError } from '../errors';
import type { Matrix } from '../math/matrix';
import { pca } from './pca';
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
 * The 2-D coordinates of the `count` most frequent words for the Map: by PCA over their vectors, or
 * on axes defined by words, where a word's coordinate is the cosine of its vector with the axis
 * direction (the sum of the plus words' unit vectors minus the minus words'), so -1 to 1.
 */
export function mapPoints(wv: WordVectors, count: number, projection: MapProjection): MapPoints {
  if (!Number.isInteger(count) || count < 2 || count > MAX_MAP_WORDS) throw new UserInputError(`The map shows 2 to ${MAX_MAP_WORDS} words; got ${count}.`);
  const n = Math.min(count, wv.size);
  const d = wv.dim;
  const words = wv.words.slice(0, n);
  const chosen = `the ${n} most frequent words (the first ${n} of ${wv.size} in the vectors' order)`;
  if (projection.kind === 'pca') {
    if (d < 2) throw new UserInputError('PCA needs vectors of at least 2 dimensions.');
    const r = pca({ rows: n, cols: d, data: wv.vectors.subarray(0, n * d) }, 2);
    const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
    return {
      words, chosen, coords: r.coords,
      varianceRatio: [r.varianceRatio[0], r.varianceRatio[1]],
      labels: [`PC1 (${pct(r.varianceRatio[0])} of the variance)`, `PC2 (${pct(r.varianceRatio[1])})`],
    };
  }
  const dirs = [projection.x, projection.y].map((axis) => {
    if (axis.plus.length === 0 && axis.minus.length === 0) throw new UserInputError('An axis needs at least one word, e.g. x = woman − man.');
    const v = wv.combination(axis.plus.map((w) => wv.require(w)), axis.minus.map((w) => wv.require(w)));
    const norm = Math.hypot(...v);
    if (norm === 0) throw new UserInputError(`The axis ${axisLabel(axis)} is zero: its words cancel out; choose different words.`);
    return v.map((x) => x / norm);
  });
  const u = wv.normalized();
  const coords: Matrix = { rows: n, cols: 2, data: new Float64Array(n * 2) };
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 2; a++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += u[i * d + j] * dirs[a][j];
      coords.data[i * 2 + a] = s;
    }
  }
  return { words, chosen, coords, labels: [axisLabel(projection.x), axisLabel(projection.y)] };
}

function axisLabel(a: WordAxis): string {
  return [...a.plus.map((w, i) => (i ? ` + ${w}` : w)), ...a.minus.map((w) => ` − ${w}`)].join('');
}
