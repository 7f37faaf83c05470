import { Worker } from 'node:worker_threads';
import { UserInputError } from '../core/errors';
import { workerPath } from '../core/util/workerPath';
import { WordVectors, type ReadVectorsOptions, type VectorFormat } from '../core/vectors';
import type { VectorsIoReply, VectorsIoRequest } from './vectorsIo.worker';

/**
 * Reads a vectors file (any format; detected unless `options.format`) in a worker thread. The words
 * arrive as one UTF-8 block and are split here a slice at a time, yielding in between, so this
 * thread never stalls for long, even for millions of words.
 */
export async function readVectorsOffThread(path: string, options?: Omit<ReadVectorsOptions, 'onProgress'>): Promise<WordVectors> {
  const reply = await ask({ op: 'read', path, options });
  if (!reply.words || reply.count === undefined || reply.dim === undefined || !reply.vectors) throw new Error('vectors worker replied without vectors');
  return new WordVectors(await splitWords(reply.words, reply.count), reply.dim, reply.vectors, reply.counts);
}

/** Words joined by "\n" in UTF-8, decoded about 256 KB at a time with a yield to the event loop after each. */
async function splitWords(blob: Uint8Array, count: number): Promise<string[]> {
  const words = new Array<string>(count);
  let n = 0;
  const decoder = new TextDecoder();
  const SLICE = 256 << 10;
  for (let start = 0; start < blob.length; ) {
    let end = Math.min(blob.length, start + SLICE);
    if (end < blob.length) {
      const nl = blob.lastIndexOf(0x0a, end);
      end = nl > start ? nl : blob.indexOf(0x0a, end) < 0 ? blob.length : blob.indexOf(0x0a, end);
    }
    for (const w of decoder.decode(blob.subarray(start, end)).split('\n')) {
      if (n === count) throw new Error(`vectors worker sent more than ${count} words`);
      words[n++] = w;
    }
    start = end + 1;
    if (start < blob.length) await new Promise((r) => setImmediate(r));
  }
  if (n !== count) throw new Error(`vectors worker sent ${n} words for ${count} vectors`);
  return words;
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
