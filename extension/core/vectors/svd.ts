import type { Matrix } from '../math/matrix';

/** A matrix whose numbers may be float32 (word vectors) or float64. Row-major, as Matrix. */
export interface MatrixLike {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

export interface Svd {
  /** rows x cols, orthonormal columns (completed to an orthonormal set where a singular value is 0). */
  u: Matrix;
  /** The cols singular values, largest first. */
  s: Float64Array;
  /** cols x cols, orthogonal. */
  v: Matrix;
}

const EPS = 1e-15;
const MAX_SWEEPS = 80;

/**
 * The thin singular value decomposition A = U diag(s) V^T of a rows x cols matrix with rows >= cols,
 * by one-sided Jacobi rotations (Hestenes 1958; Demmel and Veselić 1992): pairs of columns are
 * rotated until all are orthogonal; their norms are then the singular values. It is slower than
 * Golub-Kahan for big matrices, but short, and accurate to a few ulps even for the small singular
 * values, which the PCA and Procrustes tests against numpy rely on (1e-9). The sizes here are at
 * most the vector dimension (a few hundred).
 */
export function svd(a: MatrixLike): Svd {
  const m = a.rows, n = a.cols;
  if (m < n) throw new RangeError(`svd: needs rows >= cols, got ${m}x${n}`);
  // Column-major working copies: the rotations touch whole columns.
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a.data[i * n + j];
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) v[j * n + j] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        const op = p * m, oq = q * m;
        for (let i = 0; i < m; i++) {
          const x = w[op + i], y = w[oq + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const x = w[op + i], y = w[oq + i];
          w[op + i] = c * x - s * y;
          w[oq + i] = s * x + c * y;
        }
        const vp = p * n, vq = q * n;
        for (let i = 0; i < n; i++) {
          const x = v[vp + i], y = v[vq + i];
          v[vp + i] = c * x - s * y;
          v[vq + i] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: n }, (_, j) => {
    let ss = 0;
    for (let i = 0; i < m; i++) ss += w[j * m + i] ** 2;
    return Math.sqrt(ss);
  });
  const order = norms.map((_, j) => j).sort((x, y) => norms[y] - norms[x] || x - y);
  const u: Matrix = { rows: m, cols: n, data: new Float64Array(m * n) };
  const vOut: Matrix = { rows: n, cols: n, data: new Float64Array(n * n) };
  const sOut = new Float64Array(n);
  const tiny = (norms[order[0]] || 1) * 1e-14 * Math.max(m, n);
  const zeroCols: number[] = [];
  order.forEach((j, k) => {
    sOut[k] = norms[j];
    for (let i = 0; i < n; i++) vOut.data[i * n + k] = v[j * n + i];
    if (norms[j] > tiny) for (let i = 0; i < m; i++) u.data[i * n + k] = w[j * m + i] / norms[j];
    else zeroCols.push(k);
  });
  completeColumns(u, zeroCols);
  return { u, s: sOut, v: vOut };
}

/** Fills the columns `cols` of `u` with unit vectors orthogonal to all the others (Gram-Schmidt on the standard basis). */
function completeColumns(u: Matrix, cols: number[]): void {
  const { rows: m, cols: n, data } = u;
  const filled = new Set(Array.from({ length: n }, (_, k) => k).filter((k) => !cols.includes(k)));
  let e = 0;
  for (const k of cols) {
    for (; e < m; e++) {
      const x = new Float64Array(m);
      x[e] = 1;
      // Twice, for numerical orthogonality.
      for (let pass = 0; pass < 2; pass++) {
        for (const j of filled) {
          let d = 0;
          for (let i = 0; i < m; i++) d += data[i * n + j] * x[i];
          for (let i = 0; i < m; i++) x[i] -= d * data[i * n + j];
        }
      }
      const norm = Math.hypot(...x);
      if (norm > 1e-8) {
        for (let i = 0; i < m; i++) data[i * n + k] = x[i] / norm;
        filled.add(k);
        e++;
        break;
      }
    }
  }
}
