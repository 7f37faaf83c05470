import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import scoresBytes from '../../../build/scores.wasm';
import { workerPath } from '../util/workerPath';

const PAGE = 65536;
/** wasm32 addresses 4 GiB; bigger matrices are scored in plain JS. */
const MAX_PAGES = 65536;
/** Matrices of at least this many numbers (about 100,000 x 100) are scored by two threads: below it, waking the second costs more than it saves. */
const PARALLEL_MIN = 10_000_000;

interface ScoresKernel {
  scores(mat: number, rows: number, dim: number, q: number, out: number): void;
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

/**
 * The unit-length rows of a vocabulary, placed in WebAssembly memory so that the SIMD kernel
 * (assembly/scores.ts) can score a query against all of them: memory holds the query, the scores
 * and the matrix, in that order. `rows` is a Float32Array view of the matrix, used as any other.
 * A large matrix is scored by two threads (this one and a helper worker, on the shared memory),
 * as gensim's BLAS uses every core. When the matrix does not fit in 4 GiB, it is a plain
 * Float32Array and scoring runs in JS.
 */
export class UnitMatrix {
  readonly rows: Float32Array;
  private readonly kernel?: ScoresKernel;
  private readonly query: Float32Array;
  private readonly out: Float32Array;
  private readonly matPtr: number;
  private helper?: Helper;

  constructor(readonly n: number, readonly dim: number) {
    const qBytes = Math.ceil((4 * dim) / 16) * 16;
    const outBytes = Math.ceil((4 * n) / 16) * 16;
    const total = qBytes + outBytes + 4 * n * dim;
    const pages = Math.ceil(total / PAGE) || 1;
    if (pages <= MAX_PAGES) {
      // The kernels are built with shared, imported memory (scripts/build-wasm.mjs).
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      this.kernel = instantiateScores(memory);
      this.query = new Float32Array(memory.buffer, 0, dim);
      this.out = new Float32Array(memory.buffer, qBytes, n);
      this.matPtr = qBytes + outBytes;
      this.rows = new Float32Array(memory.buffer, this.matPtr, n * dim);
      if (n * dim >= PARALLEL_MIN && availableParallelism() > 1) this.startHelper(memory);
    } else {
      this.query = new Float32Array(dim);
      this.out = new Float32Array(n);
      this.matPtr = 0;
      this.rows = new Float32Array(n * dim);
    }
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
   * The dot product of `q` (rounded to float32, as gensim's BLAS does) with each of the first `n`
   * rows, as a view that the next call overwrites.
   */
  scores(q: ArrayLike<number>, n = this.n): Float32Array {
    const d = this.dim;
    for (let j = 0; j < d; j++) this.query[j] = q[j];
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

  /** 2 when a helper thread is ready to take half of each query, else 1. */
  get threads(): number {
    const h = this.helper;
    return h && !h.failed && Atomics.load(h.ctrl, CTRL.ready) === 1 ? 2 : 1;
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
