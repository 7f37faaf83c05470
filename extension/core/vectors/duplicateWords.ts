import { FNV_START, fnvStep } from './packedVocab';

const NL = 0x0a;
/** Filter bits per word: with two bits a word in 32-bit blocks, 1.4% of GoogleNews-size generated words (all different) are noted. */
const BITS_PER_WORD = 8;
/** Words put in the filter at a time. */
const BATCH = 4096;

/** A word seen twice: its stored row, the row where it first appeared, and how its row is named (`at`, as given to add). */
export interface Repeat {
  row: number;
  first: number;
  at: number;
}

/**
 * Finds a word that appears twice while a file loads, in about one byte a word where an index of
 * every word takes five (16 MB at GoogleNews's 3,000,000 words, on the loading thread, which then
 * hands the words to a thread that builds its own index for its lookups).
 *
 * Each word's hash sets two bits of a bitset (a Bloom filter, blocked: both bits in one 32-bit
 * word, for one cache miss a word). A word whose two bits were both set already may be a repeat,
 * and is noted with its hash. `first()` then settles the notes exactly, in one pass over the words:
 * only words whose whole hash equals a noted one are compared byte by byte.
 *
 * The filter may be lent memory that is needed later (the loader lends the matrix's last rows, so
 * that the filter adds nothing to the load's peak): `retire()` gives it back, and every word added
 * after that is noted, so that `first()` still compares it with every earlier word of its hash.
 */
export class DuplicateWords {
  /** The filter: 32-bit blocks, each word setting two bits of one block (one cache miss a word). */
  private blocks: Int32Array;
  /** 32 minus log2 of the number of blocks: a word's block is the top bits of its mixed hash. */
  private readonly shift: number;
  /**
   * Words given to add() and not yet put in the filter: a batch of independent filter updates lets
   * the processor wait for several cache misses at once (one at a time, beside each row's other
   * work, they took a quarter of a binary load's parsing thread).
   */
  private readonly batch = { hashes: new Int32Array(BATCH), rows: new Int32Array(BATCH), ats: new Float64Array(BATCH), size: 0 };
  /** Words that may be repeats (their two bits were set already): rows, hashes and `at`s. */
  private rows: Uint32Array = new Uint32Array(64);
  private hashes: Int32Array = new Int32Array(64);
  private ats: Float64Array = new Float64Array(64);
  private noted = 0;
  /** After retire(): the filter's memory is given back, and each word is noted. */
  private retired = false;

  /**
   * A filter for `maxWords` words, in `memory` when given (zeroed, `DuplicateWords.bytesFor(maxWords)`
   * bytes, used until retire()), else in its own.
   */
  constructor(maxWords: number, memory?: Int32Array) {
    const log = blocksLog(maxWords);
    if (memory && memory.length !== 2 ** log) throw new Error(`DuplicateWords: lent ${memory.length} blocks, needs ${2 ** log}`);
    this.blocks = memory ?? new Int32Array(2 ** log);
    this.shift = 32 - log;
  }

  /** Bytes of the filter for `maxWords` words: one or two a word. */
  static bytesFor(maxWords: number): number {
    return 4 * 2 ** blocksLog(maxWords);
  }

  /** Stops using the filter's memory (which may then be overwritten); the words added from now on are all noted. */
  retire(): void {
    if (this.retired) return;
    this.flush();
    this.blocks = new Int32Array(0);
    this.retired = true;
  }

  /** Row `row`'s word has FNV-1a hash `h` (see packedVocab.ts, as an int32); `at` names the row in messages. Rows come in increasing order. */
  add(h: number, row: number, at: number): void {
    if (this.retired) return this.note(h, row, at);
    const b = this.batch;
    b.hashes[b.size] = h;
    b.rows[b.size] = row;
    b.ats[b.size] = at;
    if (++b.size === BATCH) this.flush();
  }

  /** Puts the batch in the filter, noting the words whose two bits were set already. */
  private flush(): void {
    const { hashes, rows, ats, size } = this.batch;
    const { blocks, shift } = this;
    for (let i = 0; i < size; i++) {
      const h = hashes[i];
      const k = Math.imul(h, 0x9e3779b1) >>> shift;
      const two = (1 << (h >>> 27)) | (1 << ((h >>> 22) & 31));
      const old = blocks[k];
      blocks[k] = old | two;
      if ((old & two) === two) this.note(h, rows[i], ats[i]);
    }
    this.batch.size = 0;
  }

  private note(h: number, row: number, at: number): void {
    if (this.noted === this.rows.length) {
      this.rows = grown(this.rows);
      this.hashes = grown(this.hashes);
      this.ats = grown(this.ats);
    }
    this.rows[this.noted] = row;
    this.hashes[this.noted] = h;
    this.ats[this.noted] = at;
    this.noted++;
  }

  /**
   * The repeat with the lowest row among the first `count` words of `block` (the words joined by
   * "\n", as PackedVocab keeps them, in the rows given to add), or undefined when every word is
   * different.
   */
  first(block: Uint8Array, count: number): Repeat | undefined {
    this.flush();
    const n = this.noted;
    if (n === 0) return undefined;
    const noted = this.hashes.slice(0, n).sort();
    // A small bitset of the noted hashes (about 32 bits each, so it stays in the cache): most words
    // are passed over on one bit test.
    const log = Math.max(5, Math.ceil(Math.log2(32 * n)));
    const bits = new Int32Array(2 ** (log - 5));
    const shift = 32 - log;
    for (let k = 0; k < n; k++) {
      const i = Math.imul(noted[k], 0x9e3779b1) >>> shift;
      bits[i >>> 5] |= 1 << (i & 31);
    }
    // The words whose hash was noted, in row order, chained by hash (noted's index of it): the
    // first one equal to an earlier word of its chain is the repeat with the lowest row. A chain
    // holds different words only (those whose 32-bit hashes collide).
    const head = new Int32Array(n).fill(-1);
    let seen: Record<'row' | 'start' | 'end' | 'next', Int32Array> = { row: new Int32Array(256), start: new Int32Array(256), end: new Int32Array(256), next: new Int32Array(256) };
    let size = 0;
    const len = block.length;
    let start = 0;
    for (let row = 0; row < count; row++) {
      let end = start;
      let h = FNV_START;
      for (let c; end < len && (c = block[end]) !== NL; end++) h = fnvStep(h, c);
      h |= 0;
      const i = Math.imul(h, 0x9e3779b1) >>> shift;
      if ((bits[i >>> 5] & (1 << (i & 31))) !== 0) {
        const g = lowerBound(noted, n, h);
        if (g < n && noted[g] === h) {
          for (let w = head[g]; w >= 0; w = seen.next[w]) {
            if (sameBytes(block, start, end, seen.start[w], seen.end[w])) return { row, first: seen.row[w], at: this.ats[lowerBound(this.rows, n, row)] };
          }
          if (size === seen.row.length) seen = { row: grown(seen.row), start: grown(seen.start), end: grown(seen.end), next: grown(seen.next) };
          seen.row[size] = row;
          seen.start[size] = start;
          seen.end[size] = end;
          seen.next[size] = head[g];
          head[g] = size++;
        }
      }
      start = end + 1;
    }
    return undefined;
  }
}

/** log2 of the filter's 32-bit blocks for `maxWords` words (BITS_PER_WORD a word, rounded up to a power of two). */
function blocksLog(maxWords: number): number {
  return Math.min(32, Math.max(5, Math.ceil(Math.log2(Math.max(1, maxWords) * BITS_PER_WORD / 32))));
}

/** A copy of `a` twice as long. */
function grown<T extends Int32Array | Uint32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(2 * a.length);
  b.set(a as never);
  return b;
}

/** The first index of sorted a[0, n) whose value is at least `v`. */
function lowerBound(a: Uint32Array | Int32Array, n: number, v: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameBytes(b: Uint8Array, s1: number, e1: number, s2: number, e2: number): boolean {
  if (e1 - s1 !== e2 - s2) return false;
  for (let k = 0; k < e1 - s1; k++) if (b[s1 + k] !== b[s2 + k]) return false;
  return true;
}
