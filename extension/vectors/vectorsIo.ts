import { runWorker } from '../core/util/runWorker';
import { WordVectors, type ReadVectorsOptions, type VectorFormat } from '../core/vectors';
import { packWords, unpackWords } from './packedWords';
import type { VectorsIoEvent, VectorsIoRequest, VectorsIoResult } from './vectorsIo.worker';

export type ReadOffThreadOptions = Omit<ReadVectorsOptions, 'onProgress'>;

/**
 * Reads a vectors file (any format; detected unless `options.format`) in a worker thread. The words
 * arrive as one UTF-8 block and are split here a slice at a time, yielding in between, so this
 * thread never stalls for long, even for millions of words; the matrix arrives in shared memory
 * (no copy, and none when the model's query worker gets it). `onProgress` gets the bytes read.
 */
export async function readVectorsOffThread(path: string, options?: ReadOffThreadOptions, onProgress?: (done: number, total: number) => void): Promise<WordVectors> {
  const reply = await ask({ op: 'read', path, options }, onProgress);
  if (!reply.words || reply.count === undefined || reply.dim === undefined || !reply.vectors) throw new Error('vectors worker replied without vectors');
  return new WordVectors(await unpackWords(reply.words, reply.count), reply.dim, reply.vectors, reply.counts);
}

/**
 * Writes `wv` atomically in a worker thread. The words go as one UTF-8 block, packed here a slice
 * at a time; the matrix is shared when it is in shared memory (the current model's is), else
 * copied. `onProgress` gets the rows written.
 */
export async function writeVectorsOffThread(path: string, wv: WordVectors, format: VectorFormat, onProgress?: (done: number, total: number) => void): Promise<void> {
  const words = await packWords(wv.words);
  await ask({ op: 'write', path, format, words, count: wv.size, dim: wv.dim, vectors: wv.vectors, counts: wv.counts }, onProgress, [words.buffer as ArrayBuffer]);
}

function ask(req: VectorsIoRequest, onProgress?: (done: number, total: number) => void, transfer: ArrayBuffer[] = []): Promise<VectorsIoResult> {
  return runWorker<VectorsIoRequest, VectorsIoEvent, VectorsIoResult>('vectorsIo.worker', req, {
    transfer,
    what: 'The vectors worker',
    onEvent: onProgress ? (e) => onProgress(e.done, e.total) : undefined,
  });
}
