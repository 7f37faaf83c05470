/**
 * Reads and writes vector files off the extension host's thread: parsing or formatting millions
 * of numbers (shortest round-trip decimals) takes seconds for a large model, and the host must
 * stay responsive. One request per worker (its workerData); see vectorsIo.ts for the host side.
 * The words cross as one UTF-8 block (both ways), not as an array of strings: cloning millions of
 * strings would stall the receiving thread for as long as it takes to rebuild them.
 */
import { workerData } from 'node:worker_threads';
import { readVectors, writeVectors, WordVectors, type ReadVectorsOptions, type VectorFormat } from '../core/vectors';
import { workerReplies } from '../core/util/runWorker';
import { transferable } from '../core/util/sharedMemory';

export type VectorsIoRequest =
  | { op: 'read'; path: string; options?: Omit<ReadVectorsOptions, 'onProgress'> }
  | { op: 'write'; path: string; format: VectorFormat; words: Uint8Array; count: number; dim: number; vectors: Float32Array; counts?: number[] };

/** Progress: bytes read of the file's size, or rows written of all rows. */
export interface VectorsIoEvent { done: number; total: number }

/** The vectors read (nothing for a write); `words` is the words joined by "\n", in UTF-8 (packedWords.ts); both in SharedArrayBuffers. */
export interface VectorsIoResult { words?: Uint8Array; count?: number; dim?: number; vectors?: Float32Array; counts?: number[] }

const reply = workerReplies<VectorsIoEvent, VectorsIoResult>();
/** Progress events at most this often. */
const EVERY_MS = 200;
let last = 0;
/** The latest progress held back by the rate limit, posted when its turn comes: a read that then blocks (a drive that stopped answering) leaves the notification at how far it really got. */
let held: VectorsIoEvent | undefined;
let heldTimer: NodeJS.Timeout | undefined;
const post = (e: VectorsIoEvent): void => {
  last = Date.now();
  held = undefined;
  clearTimeout(heldTimer);
  heldTimer = undefined;
  reply.event(e);
};
const progress = (done: number, total: number): void => {
  const wait = EVERY_MS - (Date.now() - last);
  if (done >= total || wait <= 0) return post({ done, total });
  held = { done, total };
  heldTimer ??= setTimeout(() => { if (held) post(held); }, wait);
};

async function handle(req: VectorsIoRequest): Promise<VectorsIoResult> {
  if (req.op === 'read') {
    // The matrix in shared memory: the host posts it on to the model's query worker without a copy.
    const wv = await readVectors(req.path, { ...req.options, onProgress: progress, shared: true });
    // The words in shared memory too (the reader keeps them as one block, shared when asked): the
    // host keeps them as this block and posts it on to the query worker.
    const words = wv.packedWords;
    if (!(words?.buffer instanceof SharedArrayBuffer)) throw new Error('readVectors with shared: true returned words outside shared memory');
    return { words: words as Uint8Array<SharedArrayBuffer>, count: wv.size, dim: wv.dim, vectors: wv.vectors, counts: wv.counts };
  }
  // The block as it came: the writer decodes the words as it needs them.
  await writeVectors(req.path, WordVectors.fromPackedWords(req.words, req.count, req.dim, req.vectors, req.counts), req.format, { onProgress: progress });
  return {};
}

handle(workerData as VectorsIoRequest).then(
  (r) => { clearTimeout(heldTimer); reply.result(r, transferable(r.vectors, r.words)); },
  (e: unknown) => { clearTimeout(heldTimer); reply.error(e); },
);
