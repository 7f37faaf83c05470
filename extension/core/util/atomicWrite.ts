import { open, rename, unlink, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserInputError } from '../errors';

/** Receives the bytes of a file being written; buffers them so callers can write small pieces. */
export interface ChunkSink {
  write(chunk: string | Uint8Array): Promise<void>;
}

/** Bytes collected before one write to the temp file: large enough that syscalls don't dominate. */
const FLUSH_BYTES = 1 << 20;

/**
 * Writes `path` atomically: the content goes to a temp file in the same folder (same filesystem,
 * so the rename cannot turn into a copy), which is synced and then renamed over `path`. A reader
 * (or a crash) sees either the old file or the complete new one, never a half-written file.
 * `produce` streams the content through the sink, so a large file is never held in one string.
 */
export async function atomicWrite(path: string, produce: (sink: ChunkSink) => Promise<void>): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UserInputError(`${path} is a directory; give a file name to write to.`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle;
  try {
    handle = await open(tmp, 'wx');
  } catch (e) {
    throw new UserInputError(`Cannot write ${path}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}. Check that its folder exists and is writable.`);
  }
  const encoder = new TextEncoder();
  let parts: Uint8Array[] = [];
  let pending = 0;
  const flush = async (): Promise<void> => {
    if (pending === 0) return;
    const buf = parts.length === 1 ? parts[0] : Buffer.concat(parts, pending);
    parts = [];
    pending = 0;
    let off = 0;
    while (off < buf.length) off += (await handle.write(buf, off, buf.length - off)).bytesWritten;
  };
  const sink: ChunkSink = {
    async write(chunk) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      parts.push(bytes);
      pending += bytes.length;
      if (pending >= FLUSH_BYTES) await flush();
    },
  };
  try {
    await produce(sink);
    await flush();
    await handle.sync();
    await handle.close();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new UserInputError(`Cannot write ${path}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}.`);
  }
}

/** Writes a whole string or byte array atomically (see atomicWrite). */
export function atomicWriteFile(path: string, data: string | Uint8Array): Promise<void> {
  return atomicWrite(path, (sink) => sink.write(data));
}
