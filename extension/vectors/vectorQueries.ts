import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { CancelledError, isCancelled } from '../core/errors';
import { deserializeError, runWorker } from '../core/util/runWorker';
import { sharedFloat32Array, transferable } from '../core/util/sharedMemory';
import { WordVectors } from '../core/vectors/WordVectors';
import { packWords } from '../core/vectors/packedWords';
import { yieldToEventLoop } from '../core/util/eventLoop';
import type { QueryOp, QueryReply, QueryRequest, VectorQueriesData, VectorQueriesEvent, VectorQueryOps } from './vectorQueryOps';
import type { DroppedWords } from '../core/train/types';

/** What pending and later questions get once the model they were about is gone. */
export const MODEL_GONE = 'The vector queries';

let running = 0;
/** How many query workers are running now (one at most, in the extension; the lifecycle tests count them). */
export function runningQueryWorkers(): number {
  return running;
}

/**
 * One model's queries, answered by its own long-lived worker (vectorQueries.worker.ts), so that
 * neither the preparation of the unit matrix nor any query runs on this thread. The worker reads
 * the model's matrix in place (it must live in a SharedArrayBuffer: see `shareVectors`) and gets the
 * words as one UTF-8 block, packed here a slice at a time. Questions asked before the worker is
 * ready wait in its port. `dispose()` terminates the worker (the model was replaced or cleared, or
 * the extension deactivates); questions still open then reject with a CancelledError.
 */
export class VectorQueries {
  /** Resolves with the worker's preparation time in ms once it answers; rejects if it failed. */
  readonly ready: Promise<number>;
  /** Resolves once the worker has stopped (after dispose(), or when it failed). */
  readonly stopped: Promise<void>;
  private readonly port: MessagePort;
  private readonly abort = new AbortController();
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private nextId = 1;
  /** Why no more questions are answered, once that is so. */
  private ended: Error | undefined;

  /**
   * `rare`: the words the run dropped, as the engine sends them (one block and its counts, never a
   * string each on this thread); its buffers are moved to the worker, which indexes them.
   */
  constructor(wv: WordVectors, rare?: DroppedWords) {
    if (!(wv.vectors.buffer instanceof SharedArrayBuffer)) throw new Error('VectorQueries needs the vectors in a SharedArrayBuffer (shareVectors)');
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    port1.on('message', (r: QueryReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (r.error) p.reject(deserializeError(r.error));
      else p.resolve(r.result);
    });
    let readyNow: (ms: number) => void = () => undefined;
    this.ready = new Promise<number>((resolve) => { readyNow = resolve; });
    const run = (async (): Promise<void> => {
      // Loaded vectors keep their words as one block already (fromPackedWords); trained ones are packed here, a slice at a time.
      const packed = wv.packedWords;
      const words = packed ?? await packWords(wv.words);
      // The counts go as typed arrays, moved: cloning a million numbers at the worker's start stalls this thread about 25 ms.
      const counts = wv.counts && await float64InSlices(wv.counts);
      if (this.ended) return;
      const data: VectorQueriesData = { port: port2, words, count: wv.size, dim: wv.dim, vectors: wv.vectors, ...(counts ? { counts } : {}), ...(rare ? { rare } : {}) };
      running++;
      // runWorker settles once the thread has stopped (it awaits the termination, at most 300 ms).
      await runWorker<VectorQueriesData, VectorQueriesEvent, never>('vectorQueries.worker', data, {
        // A block made here is moved; the model's own block is shared (or copied), never taken from it.
        transfer: [
          port2, ...(packed ? [] : transferable(words)), ...(counts ? [counts.buffer as ArrayBuffer] : []),
          ...(rare ? transferable(rare.words, rare.counts) : []),
        ],
        signal: this.abort.signal,
        what: MODEL_GONE,
        onEvent: (e) => { if (e.kind === 'ready') readyNow(e.ms); },
      }).finally(() => { running--; });
    })();
    this.stopped = run.then(
      () => this.end(new Error('the vector query worker stopped')),
      (e: unknown) => this.end(isCancelled(e) ? new CancelledError(MODEL_GONE) : e instanceof Error ? e : new Error(String(e))),
    );
    // A worker that fails before it is ready fails `ready` too.
    this.ready = Promise.race([this.ready, this.stopped.then(() => { throw this.ended ?? new CancelledError(MODEL_GONE); })]);
    this.ready.catch(() => undefined);
  }

  /** Asks the worker; rejects with the core's error (a UserInputError for an unknown word) or a CancelledError once disposed. */
  ask<K extends QueryOp>(op: K, args: VectorQueryOps[K]['args']): Promise<VectorQueryOps[K]['result']> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.postMessage({ id, op, args } as QueryRequest);
    });
  }

  /** Terminates the worker; open questions reject with a CancelledError. */
  dispose(): void {
    this.end(new CancelledError(MODEL_GONE));
    this.abort.abort();
  }

  private end(why: Error): void {
    if (!this.ended) this.ended = why;
    this.port.close();
    for (const p of this.pending.values()) p.reject(this.ended);
    this.pending.clear();
  }
}

/** `xs` as a Float64Array, copied a slice at a time with the event loop let run in between. */
async function float64InSlices(xs: readonly number[]): Promise<Float64Array> {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i += COPY_SLICE) {
    const end = Math.min(xs.length, i + COPY_SLICE);
    for (let j = i; j < end; j++) out[j] = xs[j];
    if (end < xs.length) await yieldToEventLoop();
  }
  return out;
}
const COPY_SLICE = 1 << 17;

/**
 * `wv` itself when its matrix is in a SharedArrayBuffer (trained and loaded vectors arrive so),
 * else the same words and counts over a shared copy of the matrix.
 */
export function shareVectors(wv: WordVectors): WordVectors {
  if (wv.vectors.buffer instanceof SharedArrayBuffer) return wv;
  const shared = sharedFloat32Array(wv.vectors.length);
  shared.set(wv.vectors);
  return wv.packedWords ? WordVectors.fromPackedWords(wv.packedWords, wv.size, wv.dim, shared, wv.counts) : new WordVectors(wv.words, wv.dim, shared, wv.counts);
}
