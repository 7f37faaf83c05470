import scoresBytes from '../../../build/scores.wasm';

const PAGE = 65536;
/** wasm32 addresses 4 GiB; bigger matrices are scored in plain JS. */
const MAX_PAGES = 65536;

let compiled: WebAssembly.Module | undefined;

/**
 * The unit-length rows of a vocabulary, placed in WebAssembly memory so that the SIMD kernel
 * (assembly/scores.ts) can score a query against all of them: memory holds the query, the scores
 * and the matrix, in that order. `rows` is a Float32Array view of the matrix, used as any other.
 * When the matrix does not fit in 4 GiB, it is a plain Float32Array and scoring runs in JS.
 */
export class UnitMatrix {
  readonly rows: Float32Array;
  private readonly kernel?: { scores(mat: number, rows: number, dim: number, q: number, out: number): void };
  private readonly query: Float32Array;
  private readonly out: Float32Array;
  private readonly matPtr: number;

  constructor(readonly n: number, readonly dim: number) {
    const qBytes = Math.ceil((4 * dim) / 16) * 16;
    const outBytes = Math.ceil((4 * n) / 16) * 16;
    const total = qBytes + outBytes + 4 * n * dim;
    const pages = Math.ceil(total / PAGE) || 1;
    if (pages <= MAX_PAGES) {
      compiled ??= new WebAssembly.Module(scoresBytes);
      // The kernels are built with shared, imported memory (scripts/build-wasm.mjs).
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      const instance = new WebAssembly.Instance(compiled, { env: { memory, abort: () => { throw new Error('scores kernel aborted'); } } });
      this.kernel = instance.exports as unknown as UnitMatrix['kernel'];
      this.query = new Float32Array(memory.buffer, 0, dim);
      this.out = new Float32Array(memory.buffer, qBytes, n);
      this.matPtr = qBytes + outBytes;
      this.rows = new Float32Array(memory.buffer, this.matPtr, n * dim);
    } else {
      this.query = new Float32Array(dim);
      this.out = new Float32Array(n);
      this.matPtr = 0;
      this.rows = new Float32Array(n * dim);
    }
  }

  /**
   * The dot product of `q` (rounded to float32, as gensim's BLAS does) with each of the first `n`
   * rows, as a view that the next call overwrites.
   */
  scores(q: ArrayLike<number>, n = this.n): Float32Array {
    const d = this.dim;
    for (let j = 0; j < d; j++) this.query[j] = q[j];
    if (this.kernel) this.kernel.scores(this.matPtr, n, d, this.query.byteOffset, this.out.byteOffset);
    else {
      const { rows, query, out } = this;
      for (let r = 0, off = 0; r < n; r++, off += d) {
        let s = 0;
        for (let j = 0; j < d; j++) s += rows[off + j] * query[j];
        out[r] = s;
      }
    }
    return this.out.subarray(0, n);
  }
}
