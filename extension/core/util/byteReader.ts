import { open, type FileHandle } from 'node:fs/promises';
import { UserInputError } from '../errors';
import { statInputFile } from './inputFile';

/**
 * Bytes read at a time, and the buffer's size until one line (or row) is longer. Small, because the
 * buffer is held beside the matrix a vectors file fills (peak memory); 256 KB reads from the page
 * cache are as fast as 1 MB ones.
 */
export const READ_CHUNK = 256 << 10;

/**
 * Reads a file in chunks with a cursor, so a large file is never held whole in memory: the buffer
 * only grows when one line (or one binary row) is longer than a chunk.
 */
export class ByteReader {
  private buf: Buffer = Buffer.alloc(READ_CHUNK);
  /** Valid bytes are buf[pos, end). */
  private pos = 0;
  private end = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private eof = false;

  private constructor(private readonly handle: FileHandle, /** File size in bytes when opened. */ readonly size: number) {}

  /** Opens `path` for reading, with one-line UserInputErrors for a missing file, a directory, a FIFO or device, or an empty file. */
  static async open(path: string, what = 'file'): Promise<ByteReader> {
    const a = /^[aeiou]/i.test(what) ? 'an' : 'a';
    const st = await statInputFile(path, what);
    if (st.size === 0) throw new UserInputError(`${path} is empty; expected ${a} ${what}.`);
    const handle = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
      throw new UserInputError(`${path}: cannot read it (${e.code ?? e.message}).`);
    });
    return new ByteReader(handle, st.size);
  }

  /** File offset of the cursor. */
  get offset(): number {
    return this.base + this.pos;
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  /** Makes at least `n` bytes available after the cursor unless the file ends first; returns how many are. */
  async ensure(n: number): Promise<number> {
    while (this.end - this.pos < n && !this.eof) {
      if (this.pos > 0) {
        // Slide the unread bytes to the front.
        this.buf.copy(this.buf, 0, this.pos, this.end);
        this.base += this.pos;
        this.end -= this.pos;
        this.pos = 0;
      }
      // Grows only when `n` bytes cannot fit (after the slide above, reads fill what is free).
      // Asking for a whole chunk of free space beside a line's leftover doubled it at the first refill.
      if (this.buf.length < n) {
        const bigger = Buffer.alloc(Math.max(this.buf.length * 2, n));
        this.buf.copy(bigger, 0, 0, this.end);
        this.buf = bigger;
      }
      const { bytesRead } = await this.handle.read(this.buf, this.end, this.buf.length - this.end, this.base + this.end);
      if (bytesRead === 0) this.eof = true;
      this.end += bytesRead;
    }
    return Math.min(n, this.end - this.pos);
  }

  /** The next `n` available bytes without consuming them (fewer at the end of the file). */
  async peek(n: number): Promise<Buffer> {
    const got = await this.ensure(n);
    return this.buf.subarray(this.pos, this.pos + got);
  }

  /** Consumes and returns `n` bytes (fewer at the end of the file). The view is valid until the next call. */
  async take(n: number): Promise<Buffer> {
    const got = await this.ensure(n);
    const out = this.buf.subarray(this.pos, this.pos + got);
    this.pos += got;
    return out;
  }

  /** Consumes bytes while `pred` holds for them. */
  async skipWhile(pred: (byte: number) => boolean): Promise<void> {
    for (;;) {
      while (this.pos < this.end && pred(this.buf[this.pos])) this.pos++;
      if (this.pos < this.end || (await this.ensure(1)) === 0) return;
    }
  }

  /**
   * Consumes bytes up to and including the next `delim` and returns them without it; returns null
   * at the end of the file. The last piece may lack the delimiter. Gives up (returns undefined)
   * when no delimiter appears within `maxBytes`.
   */
  async readUntil(delim: number, maxBytes = Infinity): Promise<Buffer | null | undefined> {
    let scanned = 0;
    for (;;) {
      const at = this.buf.indexOf(delim, this.pos + scanned);
      if (at >= 0 && at < this.end) {
        if (at - this.pos > maxBytes) return undefined;
        const out = this.buf.subarray(this.pos, at);
        this.pos = at + 1;
        return out;
      }
      scanned = this.end - this.pos;
      if (scanned > maxBytes) return undefined;
      if ((await this.ensure(scanned + 1)) <= scanned) {
        if (scanned === 0) return null;
        const out = this.buf.subarray(this.pos, this.end);
        this.pos = this.end;
        return out;
      }
    }
  }
}
