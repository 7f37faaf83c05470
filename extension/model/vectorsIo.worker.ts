/**
 * Reads and writes vector files off the extension host's thread: parsing or formatting millions
 * of numbers (shortest round-trip decimals) takes seconds for a large model, and the host must
 * stay responsive. One request per worker; see vectorsIo.ts for the host side. The words go back
 * as one transferred UTF-8 block, not as an array of strings: cloning millions of strings would
 * stall the receiving thread for as long as it takes to rebuild them.
 */
import { parentPort } from 'node:worker_threads';
import { readVectors, writeVectors, WordVectors, type VectorFormat, type ReadVectorsOptions } from '../core/vectors';

export type VectorsIoRequest =
  | { op: 'read'; path: string; options?: Omit<ReadVectorsOptions, 'onProgress'> }
  | { op: 'write'; path: string; format: VectorFormat; words: string[]; dim: number; vectors: Float32Array; counts?: number[] };

export type VectorsIoReply =
  | { ok: true; words?: Uint8Array; count?: number; dim?: number; vectors?: Float32Array; counts?: number[] }
  | { ok: false; message: string; userError: boolean };

const port = parentPort;
if (!port) throw new Error('vectorsIo.worker must run in a worker thread');

port.once('message', (req: VectorsIoRequest) => {
  void handle(req).then(
    (reply) => port.postMessage(reply, reply.ok && reply.vectors && reply.words ? [reply.vectors.buffer as ArrayBuffer, reply.words.buffer as ArrayBuffer] : []),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      const reply: VectorsIoReply = { ok: false, message: err.message, userError: err.name === 'UserInputError' };
      port.postMessage(reply);
    },
  );
});

async function handle(req: VectorsIoRequest): Promise<VectorsIoReply> {
  if (req.op === 'read') {
    const wv = await readVectors(req.path, req.options);
    // No word contains a line break (every format refuses them), so "\n" separates them.
    return { ok: true, words: new TextEncoder().encode(wv.words.join('\n')), count: wv.size, dim: wv.dim, vectors: wv.vectors, counts: wv.counts };
  }
  await writeVectors(req.path, new WordVectors(req.words, req.dim, req.vectors, req.counts), req.format);
  return { ok: true };
}
