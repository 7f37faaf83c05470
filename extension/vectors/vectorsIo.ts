import { runWorker } from '../core/util/runWorker';
import { WordVectors, type ReadVectorsOptions, type VectorFormat } from '../core/vectors';
import type { VectorsIoEvent, VectorsIoRequest, VectorsIoResult } from './vectorsIo.worker';

export type ReadOffThreadOptions = Omit<ReadVectorsOptions, 'onProgress'>;

/**
 * Reads a vectors file (any format; detected unless `options.format`) in a worker thread. The words
 * arrive as one UTF-8 block and are split here a slice at a time, yielding in between, so this
 * thread never stalls for long, even for millions of words. `onProgress` gets the bytes read.
 */
export async function readVectorsOffThread(path: string, options?: ReadOffThreadOptions, onProgress?: (done: number, total: number) => void): Promise<WordVectors> {
  const reply = await ask({ op: 'read', path, options }, onProgress);
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

/** Writes `wv` atomically in a worker thread; the model's own arrays are copied, never moved. `onProgress` gets the rows written. */
export async function writeVectorsOffThread(path: string, wv: WordVectors, format: VectorFormat, onProgress?: (done: number, total: number) => void): Promise<void> {
  await ask({ op: 'write', path, format, words: wv.words, dim: wv.dim, vectors: wv.vectors, counts: wv.counts }, onProgress);
}

function ask(req: VectorsIoRequest, onProgress?: (done: number, total: number) => void): Promise<VectorsIoResult> {
  return runWorker<VectorsIoRequest, VectorsIoEvent, VectorsIoResult>('vectorsIo.worker', req, {
    what: 'The vectors worker',
    onEvent: onProgress ? (e) => onProgress(e.done, e.total) : undefined,
  });
}
