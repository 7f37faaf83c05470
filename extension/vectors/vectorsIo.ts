import { runWorker } from '../core/util/runWorker';
import { WordVectors, type VectorFormat } from '../core/vectors';
import type { VectorsIoRequest, VectorsIoResult } from './vectorsIo.worker';

/** Reads a word2vec text or binary file (format detected) in a worker thread. */
export async function readVectorsOffThread(path: string): Promise<WordVectors> {
  const reply = await ask({ op: 'read', path });
  if (!reply.words || reply.dim === undefined || !reply.vectors) throw new Error('vectors worker replied without vectors');
  return new WordVectors(reply.words, reply.dim, reply.vectors, reply.counts);
}

/** Writes `wv` atomically in a worker thread; the model's own arrays are copied, never moved. */
export async function writeVectorsOffThread(path: string, wv: WordVectors, format: VectorFormat): Promise<void> {
  await ask({ op: 'write', path, format, words: wv.words, dim: wv.dim, vectors: wv.vectors, counts: wv.counts });
}

function ask(req: VectorsIoRequest): Promise<VectorsIoResult> {
  return runWorker<VectorsIoRequest, never, VectorsIoResult>('vectorsIo.worker', req, { what: 'The vectors worker' });
}
