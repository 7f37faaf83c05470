import { Worker } from 'node:worker_threads';
import { UserInputError } from '../core/errors';
import { workerPath } from '../core/util/workerPath';
import { WordVectors, type VectorFormat } from '../core/vectors';
import type { VectorsIoReply, VectorsIoRequest } from './vectorsIo.worker';

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

function ask(req: VectorsIoRequest): Promise<Extract<VectorsIoReply, { ok: true }>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerPath('vectorsIo.worker'));
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      f();
    };
    worker.once('message', (reply: VectorsIoReply) =>
      settle(() => (reply.ok ? resolve(reply) : reject(reply.userError ? new UserInputError(reply.message) : new Error(reply.message)))));
    worker.once('error', (e) => settle(() => reject(e)));
    worker.once('exit', (code) => settle(() => reject(new Error(`vectors worker exited with code ${code}`))));
    worker.postMessage(req);
  });
}
