import { runWorker } from '../core/util/runWorker';
import { WordVectors, type ReadVectorsOptions, type VectorFormat } from '../core/vectors';
import { packWords } from '../core/vectors/packedWords';
import { transferable } from '../core/util/sharedMemory';
import type { VectorsIoEvent, VectorsIoRequest, VectorsIoResult } from './vectorsIo.worker';

export type ReadOffThreadOptions = Omit<ReadVectorsOptions, 'onProgress'>;

/**
 * Reads a vectors file (any format; detected unless `options.format`) in a worker thread. The words
 * arrive as one UTF-8 block and stay so (no string is made here unless `words` is used: millions of
 * new strings would stall this thread in garbage collection); the block and the matrix are in
 * shared memory, so the model's query worker gets them without a copy. `onProgress` gets the bytes read.
 * Aborting `signal` ends the reading worker (abandoned after 300 ms if its read is blocked, as on a
 * drive that stopped answering) and rejects with a CancelledError.
 */
export async function readVectorsOffThread(path: string, options?: ReadOffThreadOptions, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<WordVectors> {
  const reply = await ask({ op: 'read', path, options }, onProgress, [], signal);
  if (!reply.words || reply.count === undefined || reply.dim === undefined || !reply.vectors) throw new Error('vectors worker replied without vectors');
  // The words stay one block here: the query worker makes the strings (WordVectors.fromPackedWords).
  return WordVectors.fromPackedWords(reply.words, reply.count, reply.dim, reply.vectors, reply.counts);
}

/**
 * Writes `wv` atomically in a worker thread. The words go as one UTF-8 block, packed here a slice
 * at a time; the matrix is shared when it is in shared memory (the current model's is), else
 * copied. `onProgress` gets the rows written. Aborting `signal` ends the writing worker (abandoned
 * after 300 ms if its write is blocked, as on a drive that stopped answering; `path` is left as it
 * was) and rejects with a CancelledError; `wv` is untouched either way.
 */
export async function writeVectorsOffThread(path: string, wv: WordVectors, format: VectorFormat, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<void> {
  const packed = wv.packedWords;
  const words = packed ?? await packWords(wv.words);
  // A block made here is moved; the model's own block is shared (or copied), never taken from it.
  await ask({ op: 'write', path, format, words, count: wv.size, dim: wv.dim, vectors: wv.vectors, counts: wv.counts }, onProgress, packed ? [] : transferable(words), signal);
}

function ask(req: VectorsIoRequest, onProgress?: (done: number, total: number) => void, transfer: ArrayBuffer[] = [], signal?: AbortSignal): Promise<VectorsIoResult> {
  return runWorker<VectorsIoRequest, VectorsIoEvent, VectorsIoResult>('vectorsIo.worker', req, {
    transfer,
    signal,
    what: 'The vectors worker',
    onEvent: onProgress ? (e) => onProgress(e.done, e.total) : undefined,
  });
}
