/**
 * The dense float64 matrix every math function takes and returns, plus the input checks they all
 * share. Row-major: entry (i, j) is data[i * cols + j], so row i is data.subarray(i*cols, (i+1)*cols)
 * and a word's vector is one contiguous row (the layout of the assignments' numpy arrays).
 */
import { UserInputError } from '../errors';

export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A rows x cols matrix; `data` (row-major) is copied when given, zeros otherwise. */
export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  assertDim(rows, 'rows');
  assertDim(cols, 'cols');
  const out = new Float64Array(rows * cols);
  if (data !== undefined) {
    if (data.length !== rows * cols) {
      throw new UserInputError(`matrix: ${rows}x${cols} needs ${rows * cols} values, got ${data.length}.`);
    }
    out.set(data);
  }
  return { rows, cols, data: out };
}

export function zeros(rows: number, cols: number): Matrix {
  return matrix(rows, cols);
}

/** A matrix from nested arrays, e.g. fromRows([[1, 2], [3, 4]]); every row must have the same length. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  if (rows.length === 0) throw new UserInputError('fromRows: give at least one row.');
  const cols = rows[0].length;
  const m = matrix(rows.length, cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) {
      throw new UserInputError(`fromRows: row ${i} has ${r.length} values but row 0 has ${cols}; all rows must have the same length.`);
    }
    m.data.set(r, i * cols);
  });
  return m;
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Row i as a view (no copy): writing to it writes the matrix. */
export function row(m: Matrix, i: number): Float64Array {
  assertIndex(i, m.rows, 'row');
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

// ---- checks shared by every math function: bad input must throw a clear error, never give NaN ----

function assertDim(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new UserInputError(`${what} must be a positive integer, got ${n}.`);
}

/** Throws unless `m` is a well-formed matrix (rows*cols == data.length) with only finite entries. */
export function assertMatrix(m: Matrix, name: string): void {
  if (m === null || typeof m !== 'object' || !(m.data instanceof Float64Array)) {
    throw new UserInputError(`${name} must be a Matrix { rows, cols, data: Float64Array }.`);
  }
  if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 1 || m.cols < 1 || m.data.length !== m.rows * m.cols) {
    throw new UserInputError(`${name} is not a valid matrix: rows=${m.rows}, cols=${m.cols}, data.length=${m.data.length} (need rows*cols values, rows and cols >= 1).`);
  }
  assertFinite(m.data, name);
}

/** Throws naming the first non-finite entry (NaN or ±Infinity would otherwise spread silently). */
export function assertFinite(a: ArrayLike<number>, name: string): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new UserInputError(`${name} has a non-finite value ${a[i]} at index ${i}; every input must be a finite number.`);
  }
}

/** Throws unless i is an integer in [0, n). */
export function assertIndex(i: number, n: number, name: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new UserInputError(`${name} index ${i} is out of range; it must be an integer from 0 to ${n - 1}.`);
  }
}

/** Throws unless a vector has the expected length. */
export function assertLength(a: ArrayLike<number>, n: number, name: string): void {
  if (a.length !== n) throw new UserInputError(`${name} has length ${a.length} but must have length ${n} (shapes do not match).`);
}

/** u · v over n entries starting at the given offsets (float64 accumulation). */
export function dot(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += a[aOff + k] * b[bOff + k];
  return s;
}
