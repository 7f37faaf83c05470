// Dot products of a query with the rows of a matrix, in WebAssembly with SIMD: the inner loop of
// every nearest-neighbour query (hovers, the Neighbours tab, analogies, the CLI). Plain JS does
// about one multiply-add per nanosecond here; SIMD lanes with independent sums reach the memory
// bandwidth, which is the real limit for a 400,000 x 300 matrix (480 MB of float32 a query), so
// large matrices are first scored from an int16 copy (half the bytes) and only the rows that can
// be in the top k are scored again exactly (see UnitMatrix).

// The float32 dot product of the row at `row` with the query at `q`, summed in one fixed order, so
// that scores() and scoresAt() give the same bits for the same row.
// @ts-ignore: decorator
@inline
function dot(row: usize, q: usize, dim: i32): f32 {
  const wide = dim & ~15;
  const quad = dim & ~3;
  // Four independent sums, so the adds of one step do not wait for the previous step's.
  let a = f32x4.splat(0);
  let b = f32x4.splat(0);
  let c = f32x4.splat(0);
  let d = f32x4.splat(0);
  let j = 0;
  for (; j < wide; j += 16) {
    const o = <usize>j << 2;
    a = f32x4.add(a, f32x4.mul(v128.load(row + o), v128.load(q + o)));
    b = f32x4.add(b, f32x4.mul(v128.load(row + o + 16), v128.load(q + o + 16)));
    c = f32x4.add(c, f32x4.mul(v128.load(row + o + 32), v128.load(q + o + 32)));
    d = f32x4.add(d, f32x4.mul(v128.load(row + o + 48), v128.load(q + o + 48)));
  }
  for (; j < quad; j += 4) {
    const o = <usize>j << 2;
    a = f32x4.add(a, f32x4.mul(v128.load(row + o), v128.load(q + o)));
  }
  const s4 = f32x4.add(f32x4.add(a, b), f32x4.add(c, d));
  let s = f32x4.extract_lane(s4, 0) + f32x4.extract_lane(s4, 1) + f32x4.extract_lane(s4, 2) + f32x4.extract_lane(s4, 3);
  for (; j < dim; j++) s += load<f32>(row + (<usize>j << 2)) * load<f32>(q + (<usize>j << 2));
  return s;
}

// out[r] = the float32 dot of row r of `mat` (rows x dim float32) with the query, for r in [0, rows).
export function scores(mat: usize, rows: i32, dim: i32, q: usize, out: usize): void {
  const rowBytes = <usize>dim << 2;
  for (let r = 0; r < rows; r++) store<f32>(out + (<usize>r << 2), dot(mat + <usize>r * rowBytes, q, dim));
}

// out[i] = the float32 dot of row ids[i] with the query, for i in [0, count): the exact second pass.
export function scoresAt(mat: usize, ids: usize, count: i32, dim: i32, q: usize, out: usize): void {
  const rowBytes = <usize>dim << 2;
  for (let i = 0; i < count; i++) {
    const r = load<i32>(ids + (<usize>i << 2));
    store<f32>(out + (<usize>i << 2), dot(mat + <usize>r * rowBytes, q, dim));
  }
}

// out[r] = the exact int32 dot of row r of `mat` (rows x dim int16) with the int16 query. With both
// scaled by 32767 from unit vectors, |sum| <= 32767^2 (Cauchy-Schwarz), so int32 cannot overflow.
export function scoresI16(mat: usize, rows: i32, dim: i32, q: usize, out: usize): void {
  const rowBytes = <usize>dim << 1;
  const wide = dim & ~15;
  for (let r = 0; r < rows; r++) {
    const row = mat + <usize>r * rowBytes;
    let a = i32x4.splat(0);
    let b = i32x4.splat(0);
    let j = 0;
    for (; j < wide; j += 16) {
      const o = <usize>j << 1;
      a = i32x4.add(a, i32x4.dot_i16x8_s(v128.load(row + o), v128.load(q + o)));
      b = i32x4.add(b, i32x4.dot_i16x8_s(v128.load(row + o + 16), v128.load(q + o + 16)));
    }
    const s4 = i32x4.add(a, b);
    let s = i32x4.extract_lane(s4, 0) + i32x4.extract_lane(s4, 1) + i32x4.extract_lane(s4, 2) + i32x4.extract_lane(s4, 3);
    for (; j < dim; j++) s += <i32>load<i16>(row + (<usize>j << 1)) * <i32>load<i16>(q + (<usize>j << 1));
    store<i32>(out + (<usize>r << 2), s);
  }
}
