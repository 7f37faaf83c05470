/**
 * Reads and writes word2vec vector files off the extension host's thread: parsing or formatting
 * millions of numbers (shortest round-trip decimals) takes seconds for a large model, and the
 * host must stay responsive. One request per worker (its workerData); see vectorsIo.ts for the host side.
 */
import { workerData } from 'node:worker_threads';
import { readVectors, writeVectors, WordVectors, type VectorFormat } from '../core/vectors';
import { workerReplies } from '../core/util/runWorker';

export type VectorsIoRequest =
  | { op: 'read'; path: string }
  | { op: 'write'; path: string; format: VectorFormat; words: string[]; dim: number; vectors: Float32Array; counts?: number[] };

/** The vectors read (nothing for a write). */
export interface VectorsIoResult { words?: string[]; dim?: number; vectors?: Float32Array; counts?: number[] }

const reply = workerReplies<never, VectorsIoResult>();

async function handle(req: VectorsIoRequest): Promise<VectorsIoResult> {
  if (req.op === 'read') {
    const wv = await readVectors(req.path);
    return { words: wv.words, dim: wv.dim, vectors: wv.vectors, counts: wv.counts };
  }
  await writeVectors(req.path, new WordVectors(req.words, req.dim, req.vectors, req.counts), req.format);
  return {};
}

handle(workerData as VectorsIoRequest).then(
  (r) => reply.result(r, r.vectors ? [r.vectors.buffer as ArrayBuffer] : []),
  (e: unknown) => reply.error(e),
);
