import { open, type FileHandle } from 'node:fs/promises';

/**
 * Reads `length` bytes at file offset `position` into `buf` at `offset`, reading again after a
 * short read; returns the bytes read, fewer than `length` only at the end of the file. One read
 * may return fewer bytes than asked before the end of a regular file on a network or FUSE file
 * system (a server that answers in pieces, or stops answering), so a short read must not be taken
 * for the end of the file: that would report a whole file as truncated.
 */
export async function readFully(handle: FileHandle, buf: Uint8Array, offset: number, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, offset + done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/**
 * A whole file's bytes (its size when opened), read with readFully: node's readFile takes the
 * first short read for the end of the file, which cut a word-pair file on a network drive short.
 */
export async function readWholeFile(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buf = Buffer.allocUnsafe(size);
    return buf.subarray(0, await readFully(handle, buf, 0, size, 0));
  } finally {
    await handle.close();
  }
}
