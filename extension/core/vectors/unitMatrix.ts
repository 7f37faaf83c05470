import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import scoresBytes from '../../../build/scores.wasm';
import { workerPath } from '../util/workerPath';
import { MAX_WASM_PAGES, WASM_PAGE } from '../train/layout';
import { TopK } from './topK';

/**
 * Smaller matrices (a toy model, a test) are scored in plain JS: fast enough at that size, and each
 * WebAssembly memory reserves gigabytes of address space until it is collected.
 */
const WASM_MIN = 1 << 16;
/** Matrices of at least this many numbers (about 50,000 x 100) get the int16 first pass; smaller ones are scored exactly at once. */
const QUANTIZE_MIN = 5_000_000;
/** Matrices of at least this many numbers without the int16 copy are scored by two threads. */
const PARALLEL_MIN = 10_000_000;
/** int16 scale: unit-vector entries in [-1, 1] become integers in [-32767, 32767]. */
const SCALE = 32767;
/** The most candidates the exact second pass takes; beyond it (vectors with many near-ties), the exact full pass runs. */
const MAX_CANDIDATES = 1 << 16;

interface ScoresKernel {
  scores(mat: number, rows: number, dim: number, q: number, out: number): void;
  scoresAt(mat: number, ids: number, count: number, dim: number, q: number, out: number): void;
  scoresI16(mat: number, rows: number, dim: number, q: number, out: number): void;
}

let compiled: WebAssembly.Module | undefined;

/** The SIMD scoring kernel (assembly/scores.ts) over `memory`. */
export function instantiateScores(memory: WebAssembly.Memory): ScoresKernel {
  compiled ??= new WebAssembly.Module(scoresBytes);
  const instance = new WebAssembly.Instance(compiled, { env: { memory, abort: () => { throw new Error('scores kernel aborted'); } } });
  return instance.exports as unknown as ScoresKernel;
}

/** The slots of the control array shared with scores.worker.ts. */
export const CTRL = { request: 0, done: 1, mat: 2, rows: 3, dim: 4, query: 5, out: 6, ready: 7 } as const;

interface Helper {
  worker: Worker;
  ctrl: Int32Array;
  gen: number;
  failed: boolean;
}

/** A helper whose matrix was garbage-collected is stopped: told to leave its loop, then terminated. */
const helpers = new FinalizationRegistry<Helper>((h) => stopHelper(h));
function stopHelper(h: Helper): void {
  Atomics.store(h.ctrl, CTRL.request, -1);
  Atomics.notify(h.ctrl, CTRL.request);
  void h.worker.terminate();
}

const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** The k best of scores[0, n) outside `skip` (the threshold check first: most rows fail it, and it is cheaper than the set). */
function best(scores: ArrayLike<number>, n: number, k: number, skip: Set<number>): TopK {
  const top = new TopK(k);
  let threshold = -Infinity;
  for (let r = 0; r < n; r++) {
    const s = scores[r];
    if (s >= threshold && !skip.has(r)) {
      top.push(s, r);
      threshold = top.threshold;
    }
  }
  return top;
}

/**
 * The unit-length rows of a vocabulary, in WebAssembly memory for the SIMD kernels
 * (assembly/scores.ts), and the top-k search over them. `rows` is a Float32Array view of the
 * matrix, used as any other. Call `finish()` once `rows` is filled.
 *
 * A query's exact scores are float32 dot products (as gensim's BLAS computes them). For a large
 * matrix, reading 4 bytes a number is what a query costs, so a first pass scores an int16 copy
 * (2 bytes a number) and a second pass scores exactly only the rows whose int16 score is close
 * enough to the k-th best that they could be in the top k (the bound is in `top`): the answer is
 * the exact one, found reading half the bytes. Without room for the int16 copy (over 4 GiB), large
 * matrices are scored exactly by two threads (this one and a helper worker on the shared memory).
 * Over 4 GiB even without it, or under 65,536 numbers, `rows` is a plain Float32Array and scoring
 * runs in JS.
 */
export class UnitMatrix {
  readonly rows: Float32Array;
  private readonly kernel?: ScoresKernel;
  private readonly query: Float32Array;
  private readonly out: Float32Array;
  private readonly matPtr: number;
  private readonly q16?: Int16Array;
  private readonly out32?: Int32Array;
  private readonly ids?: Int32Array;
  private readonly exact?: Float32Array;
  private readonly mat16?: Int16Array;
  private memory?: WebAssembly.Memory;
  private helper?: Helper;

  /** `quantize: false` leaves out the int16 copy (to check the other path). */
  constructor(readonly n: number, readonly dim: number, options: { quantize?: boolean } = {}) {
    const d = dim;
    const f32Bytes = align(4 * d) + align(4 * n) + 4 * n * d;
    const quantized = n * d >= QUANTIZE_MIN && options.quantize !== false;
    const extraBytes = quantized ? align(2 * d) + 2 * align(4 * MAX_CANDIDATES) + align(2 * n * d) : 0;
    const withQ = Math.ceil((f32Bytes + extraBytes) / WASM_PAGE);
    const useQ = quantized && withQ <= MAX_WASM_PAGES;
    const pages = useQ ? withQ : Math.ceil(f32Bytes / WASM_PAGE) || 1;
    // wasm32 addresses 4 GiB: bigger matrices are scored in plain JS.
    if (pages > MAX_WASM_PAGES || n * d < WASM_MIN) {
      this.query = new Float32Array(d);
      this.out = new Float32Array(n);
      this.matPtr = 0;
      this.rows = new Float32Array(n * d);
      return;
    }
    // The kernels are built with shared, imported memory (scripts/build-wasm.mjs).
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    this.memory = memory;
    this.kernel = instantiateScores(memory);
    let at = 0;
    const take = (bytes: number): number => { const p = at; at += align(bytes); return p; };
    this.query = new Float32Array(memory.buffer, take(4 * d), d);
    this.out = new Float32Array(memory.buffer, take(4 * n), n);
    if (useQ) {
      this.q16 = new Int16Array(memory.buffer, take(2 * d), d);
      this.ids = new Int32Array(memory.buffer, take(4 * MAX_CANDIDATES), MAX_CANDIDATES);
      this.exact = new Float32Array(memory.buffer, take(4 * MAX_CANDIDATES), MAX_CANDIDATES);
      this.out32 = new Int32Array(memory.buffer, this.out.byteOffset, n);
    }
    this.matPtr = take(4 * n * d);
    this.rows = new Float32Array(memory.buffer, this.matPtr, n * d);
    if (useQ) this.mat16 = new Int16Array(memory.buffer, take(2 * n * d), n * d);
  }

  /** Call once `rows` holds the unit vectors: makes the int16 copy, or starts the helper thread. */
  finish(): void {
    const { rows, mat16 } = this;
    if (mat16) for (let i = 0; i < rows.length; i++) mat16[i] = Math.round(rows[i] * SCALE);
    else if (this.memory && this.n * this.dim >= PARALLEL_MIN && availableParallelism() > 1) this.startHelper(this.memory);
  }

  private startHelper(memory: WebAssembly.Memory): void {
    try {
      const control = new SharedArrayBuffer(8 * 4);
      const worker = new Worker(workerPath('scores.worker'), { workerData: { memory, control } });
      // It never keeps a process alive, and a failed helper only means one thread.
      worker.unref();
      const helper: Helper = { worker, ctrl: new Int32Array(control), gen: 0, failed: false };
      // The listener must not hold this matrix, or the live worker would keep it from being collected.
      worker.on('error', () => { helper.failed = true; });
      this.helper = helper;
      helpers.register(this, helper, this);
    } catch {
      this.helper = undefined;
    }
  }

  /**
   * The k best of the first `n` rows for the unit query `q` (float64, rounded to float32 here),
   * skipping the rows in `skip`, best first, ties by lower row.
   */
  top(q: ArrayLike<number>, n: number, k: number, skip: Set<number>): { id: number; score: number }[] {
    const d = this.dim;
    if (k <= 0 || n <= 0) return [];
    for (let j = 0; j < d; j++) this.query[j] = q[j];
    const { kernel, q16, mat16, out32, ids, exact } = this;
    if (kernel && q16 && mat16 && out32 && ids && exact) {
      for (let j = 0; j < d; j++) q16[j] = Math.round(q[j] * SCALE);
      kernel.scoresI16(mat16.byteOffset, n, d, q16.byteOffset, out32.byteOffset);
      // The k-th best int16 score T. Every true top-k row r has an int16 score of at least T - 2E,
      // where E bounds |int16 score - exact score|: k rows score at least T in int16, so at least
      // T - E exactly; the k-th best exact score is then >= T - E, and a row scoring that exactly
      // scores >= T - 2E in int16. E: rounding q and u to int16 moves each product by at most
      // 0.5/32767 (|u_j| + |q~_j|), at most sqrt(d)/32767 (1 + sqrt(d)/65534) over a row (Cauchy-
      // Schwarz, unit vectors); float32's sum adds at most (d + 2) 2^-24 of sum |q_j u_j| <= 1.
      const first = best(out32, n, k, skip);
      const rootD = Math.sqrt(d);
      const e = (rootD / SCALE) * (1 + rootD / (2 * SCALE)) + (d + 2) * 2 ** -24;
      const cut = first.threshold - Math.ceil(2 * e * SCALE * SCALE) - 1;
      let count = 0;
      for (let r = 0; r < n && count <= MAX_CANDIDATES; r++) {
        if (out32[r] >= cut && !skip.has(r)) {
          if (count < MAX_CANDIDATES) ids[count] = r;
          count++;
        }
      }
      if (count <= MAX_CANDIDATES) {
        kernel.scoresAt(this.matPtr, ids.byteOffset, count, d, this.query.byteOffset, exact.byteOffset);
        const top = new TopK(k);
        for (let i = 0; i < count; i++) top.push(exact[i], ids[i]);
        return top.sorted();
      }
    }
    return best(this.scoresAll(n), n, k, skip).sorted();
  }

  /** The float32 dot product of the query (already in `this.query`) with each of the first `n` rows. */
  private scoresAll(n: number): Float32Array {
    const d = this.dim;
    const k = this.kernel;
    const h = this.helper;
    if (k && h && !h.failed && n * d >= PARALLEL_MIN && Atomics.load(h.ctrl, CTRL.ready) === 1) {
      // The helper takes the second half; this thread the first; then wait for the helper.
      const half = n >> 1;
      const c = h.ctrl;
      c[CTRL.mat] = this.matPtr + half * d * 4;
      c[CTRL.rows] = n - half;
      c[CTRL.dim] = d;
      c[CTRL.query] = this.query.byteOffset;
      c[CTRL.out] = this.out.byteOffset + half * 4;
      const gen = ++h.gen;
      Atomics.store(c, CTRL.request, gen);
      Atomics.notify(c, CTRL.request);
      k.scores(this.matPtr, half, d, this.query.byteOffset, this.out.byteOffset);
      let done = Atomics.load(c, CTRL.done);
      const started = Date.now();
      while (done !== gen) {
        if (Date.now() - started > 2000) {
          // The helper is gone (terminated, crashed): do its half here and stop using it.
          this.helper = undefined;
          k.scores(c[CTRL.mat], n - half, d, this.query.byteOffset, c[CTRL.out]);
          break;
        }
        Atomics.wait(c, CTRL.done, done, 100);
        done = Atomics.load(c, CTRL.done);
      }
    } else if (k) k.scores(this.matPtr, n, d, this.query.byteOffset, this.out.byteOffset);
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

  /** The exact float32 scores of `q` against the first `n` rows (every row; for tests and full rankings), as a view the next call overwrites. */
  scores(q: ArrayLike<number>, n = this.n): Float32Array {
    for (let j = 0; j < this.dim; j++) this.query[j] = q[j];
    return this.scoresAll(n);
  }

  /** 2 when a helper thread is ready to take half of each exact pass, else 1. */
  get threads(): number {
    const h = this.helper;
    return h && !h.failed && Atomics.load(h.ctrl, CTRL.ready) === 1 ? 2 : 1;
  }

  /** Whether queries take the int16 first pass. */
  get quantized(): boolean {
    return this.mat16 !== undefined;
  }

  /** Stops the helper thread now (it also stops when this matrix is garbage-collected). */
  dispose(): void {
    if (this.helper) {
      helpers.unregister(this);
      stopHelper(this.helper);
      this.helper = undefined;
    }
  }
}
