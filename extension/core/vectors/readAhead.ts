import type { FileHandle } from 'node:fs/promises';

/** Bytes read at a time, by default. */
const CHUNK = 8 << 20;
/** Room before each chunk for the unparsed end of the previous one (a row cut by the chunk's end). */
const CARRY = 64 << 10;

/**
 * A file read sequentially in large chunks, the next chunk always being read (by libuv's thread
 * pool) while this thread parses the current one, so the parser never waits for the disk or the
 * page cache. The caller sees one window at a time: the unconsumed end of the previous window
 * followed by a new chunk. Two buffers alternate, so a window stays valid until the next call to
 * `window()`; only the carried end (usually part of one row) is copied, never the chunk.
 */
export class ReadAhead {
  private bufs: Buffer[];
  private cur = 0;
  /** The current window is bufs[cur][from, to), at file offset `base`. */
  private from = CARRY;
  private to = CARRY;
  private base: number;
  /** Bytes of the window already consumed. */
  private used = 0;
  private fresh = false;
  /** The read of the next chunk into bufs[1 - cur] at CARRY, from file offset `ahead`. */
  private pending: Promise<number> | undefined;
  private ahead: number;
  private ended = false;

  constructor(private readonly handle: FileHandle, start: number, private readonly chunk = CHUNK) {
    this.bufs = [Buffer.allocUnsafe(CARRY + chunk), Buffer.allocUnsafe(CARRY + chunk)];
    this.base = start;
    this.ahead = start;
    this.pending = this.readInto(1 - this.cur);
  }

  private readInto(i: number): Promise<number> {
    const at = this.ahead;
    return this.handle.read(this.bufs[i], CARRY, this.chunk, at).then(({ bytesRead }) => bytesRead);
  }

  /** File offset of the window's first byte. */
  get offset(): number {
    return this.base;
  }

  /** True when the window reaches the end of the file (nothing more will come). */
  get atEof(): boolean {
    return this.ended;
  }

  /**
   * The next window: what was not consumed of the last one, then the next chunk of the file (the
   * same window again if nothing was consumed and `more` is false). With `more`, the window grows
   * by a chunk even though nothing was consumed (one row longer than a window).
   */
  async window(more = false): Promise<Buffer> {
    if (this.fresh && !more) return this.bufs[this.cur].subarray(this.from, this.to);
    const rest = this.bufs[this.cur].subarray(this.from + this.used, this.to);
    const bytes = this.ended ? 0 : await this.pending!;
    const next = 1 - this.cur;
    this.ahead += bytes;
    if (bytes < this.chunk) this.ended = true;
    this.base += this.used;
    if (rest.length <= CARRY) {
      rest.copy(this.bufs[next], CARRY - rest.length);
      this.cur = next;
      this.from = CARRY - rest.length;
      this.to = CARRY + bytes;
    } else {
      // A row longer than the carry room (a very long word): one bigger buffer, once.
      const joined = Buffer.allocUnsafe(CARRY + rest.length + bytes + this.chunk);
      rest.copy(joined, CARRY);
      this.bufs[next].copy(joined, CARRY + rest.length, CARRY, CARRY + bytes);
      this.bufs[next] = joined;
      this.cur = next;
      this.from = CARRY;
      this.to = CARRY + rest.length + bytes;
    }
    this.used = 0;
    this.fresh = true;
    // The buffer just left is free (its rest was copied out): read the chunk after into it.
    if (!this.ended) this.pending = this.readInto(1 - this.cur);
    return this.bufs[this.cur].subarray(this.from, this.to);
  }

  /** Marks the window's first `n` bytes as consumed. */
  consume(n: number): void {
    this.used = n;
    this.fresh = false;
  }

  /** Waits for the read in flight, if any (before the file is closed). */
  async settle(): Promise<void> {
    if (!this.ended) await this.pending?.catch(() => undefined);
  }
}
