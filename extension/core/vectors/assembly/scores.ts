// Dot products of a query with every row of a float32 matrix, in WebAssembly with f32x4 SIMD: the
// inner loop of every nearest-neighbour query (hovers, the Neighbours tab, analogies, the CLI).
// Plain JS does about one multiply-add per nanosecond here; four lanes and two accumulators come
// close to the memory bandwidth, which is the real limit for a 400,000 x 300 matrix (480 MB a query).

// out[r] = sum_j mat[r * dim + j] * q[j] for r in [0, rows). Pointers are byte offsets.
export function scores(mat: usize, rows: i32, dim: i32, q: usize, out: usize): void {
  const rowBytes = <usize>dim << 2;
  const wide = dim & ~15;
  const quad = dim & ~3;
  for (let r = 0; r < rows; r++) {
    const row = mat + <usize>r * rowBytes;
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
    store<f32>(out + (<usize>r << 2), s);
  }
}
