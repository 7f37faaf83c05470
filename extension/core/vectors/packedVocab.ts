/**
 * A vocabulary kept as one UTF-8 block (the words joined by "\n", the format of packedWords.ts) with
 * a word -> row index of typed arrays, so that a loaded model of millions of words holds no JS
 * string per word: about 1.1 bytes per byte of word (the block, a position every 16 words) plus
 * 5.2 bytes a word for the index, where one string per word costs 16 to 24 bytes beside its
 * characters and a Map several times more. A word is decoded only when asked for.
 *
 * The index, built on the first lookup, is an open-addressing hash table (linear probing) of
 * 32-bit slots, each holding a row (plus one) in its low bits and a fingerprint of the word's hash
 * in the bits left over, so a probe compares the bytes of a word only when the fingerprints agree.
 */

import { isUtf8 as validUtf8 } from 'node:buffer';
import { unpackWords } from './packedWords';

const NL = 0x0a;
/** A word's byte position is kept for every 2^MARK_BITS words; the others are found by skipping line breaks. */
const MARK_BITS = 4;
/** The table's size is a power of two at least this many slots per word (so at most 80% full). */
const SLOTS_PER_WORD = 1.25;
/** The most words an index can hold (a row plus one must fit in 31 bits). */
const MAX_WORDS = 2 ** 31 - 2;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();
/** Buffer's latin1 slice without toString's argument checks. */
type Latin1 = { latin1Slice?: (start: number, end: number) => string };
const latin1Slice = (Buffer.prototype as unknown as Latin1).latin1Slice;

/** FNV-1a: the hash of no bytes, and one more byte into hash `h` (callers scanning a word anyway hash it as they go). */
export const FNV_START = 0x811c9dc5;
export const fnvStep = (h: number, byte: number): number => Math.imul(h ^ byte, 0x01000193);

/** FNV-1a over bytes[start, end), as an int32 (fnvStep's form, which a word scanned byte by byte has too). */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_START;
  for (let i = start; i < end; i++) h = fnvStep(h, bytes[i]);
  return h | 0;
}

/** Whether bytes[start, end) is valid UTF-8 (ASCII quickly; anything else by Node's validator, which makes no string). */
export function isUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] >= 0x80) return validUtf8(bytes.subarray(start, end));
  return true;
}

export class PackedVocab {
  /** The words joined by "\n" in bytes[0, length); bytes past `length` are room to grow. */
  private bytes: Uint8Array;
  private view: Buffer;
  private length = 0;
  /** `length` before the last append (for pop), or -1. */
  private lastLength = -1;
  private n = 0;
  /** Byte position of word k << MARK_BITS. */
  private marks: Uint32Array | undefined;
  private table: Uint32Array | undefined;
  private rowMask = 0;
  private rowBits = 0;
  /** 32 minus log2 of the table's size: a slot is the top bits of the mixed hash. */
  private slotShift = 32;
  private scratch = new Uint8Array(256);

  /**
   * An empty vocabulary for up to `maxWords` words whose bytes are expected to take about
   * `expectBytes` (it grows past that); `alloc` makes its byte arrays (a SharedArrayBuffer's, for
   * words that threads share).
   */
  constructor(private readonly maxWords: number, expectBytes: number, private readonly alloc: (n: number) => Uint8Array = (n) => new Uint8Array(n)) {
    if (maxWords > MAX_WORDS) throw new RangeError(`a vocabulary holds at most ${MAX_WORDS} words, not ${maxWords}`);
    this.bytes = alloc(Math.max(16, Math.ceil(expectBytes)));
    this.view = bufferOf(this.bytes);
    // The positions and the index are made when first asked for: a thread that only loads and
    // passes the words on (the extension's loading worker) never needs them.
  }

  /** The words of a block made by packWords (no copy); the positions and the index are built on first use, which throws when the block holds another number of words. */
  static fromBlock(block: Uint8Array, count: number): PackedVocab {
    const v = Object.create(PackedVocab.prototype) as PackedVocab;
    Object.assign(v, { maxWords: count, bytes: block, view: bufferOf(block), length: block.length, lastLength: -1, n: count, scratch: new Uint8Array(256), rowMask: 0, rowBits: 0 });
    // marks and table stay undefined until a word or a lookup is asked for.
    return v;
  }

  get size(): number {
    return this.n;
  }

  /** The words joined by "\n" (a view, not a copy). */
  get block(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /**
   * Appends the word in src[start, end) (UTF-8 without a line break) as the next row. Duplicates are
   * not looked for here (see duplicateWords.ts); in the index the first of them wins.
   */
  append(src: Uint8Array, start: number, end: number): void {
    if (this.n >= this.maxWords) throw new RangeError(`the vocabulary was made for ${this.maxWords} words`);
    if (this.table) throw new Error('a word appended after the index was built');
    const len = end - start;
    const at = this.n === 0 ? 0 : this.length + 1;
    if (at + len > this.bytes.length) this.grow(at + len);
    if (this.n > 0) this.bytes[this.length] = NL;
    if (len <= 16) for (let i = 0; i < len; i++) this.bytes[at + i] = src[start + i];
    else this.bytes.set(src.subarray(start, end), at);
    this.lastLength = this.length;
    this.length = at + len;
    this.n++;
    // Positions made before this word (a word decoded for a message) would miss it.
    this.marks = undefined;
  }

  /** Takes the last appended word back (a row dropped after its word was stored), once. */
  pop(): void {
    if (this.lastLength < 0) throw new RangeError('no word to take back');
    this.length = this.lastLength;
    this.lastLength = -1;
    this.n--;
    this.marks = undefined;
  }

  /** The row of `word`, or -1. */
  get(word: string): number {
    this.ensureIndex();
    const n = this.encode(word);
    return Math.max(-1, this.find(this.scratch, 0, n, hashBytes(this.scratch, 0, n)));
  }

  /** Word `row` as a string. */
  word(row: number): string {
    if (!(row >= 0 && row < this.n)) throw new RangeError(`no word ${row} in a vocabulary of ${this.n}`);
    const start = this.startOf(row);
    return decode(this.view, start, this.endOf(start));
  }

  /** Every word, in row order (for callers of WordVectors.words). */
  all(): string[] {
    return unpackWords(this.block, this.n);
  }

  private encode(word: string): number {
    // At most 3 bytes per UTF-16 code unit.
    if (this.scratch.length < 3 * word.length) this.scratch = new Uint8Array(3 * word.length);
    return encoder.encodeInto(word, this.scratch).written;
  }

  private startOf(row: number): number {
    if (!this.marks) this.buildMarks();
    const bytes = this.bytes;
    let p = this.marks![row >>> MARK_BITS];
    // Words are short: a loop here beats a native indexOf call per word.
    for (let k = row & ((1 << MARK_BITS) - 1); k > 0; k--) {
      while (bytes[p] !== NL) p++;
      p++;
    }
    return p;
  }

  private endOf(start: number): number {
    const { bytes, length } = this;
    let e = start;
    while (e < length && bytes[e] !== NL) e++;
    return e;
  }

  /** The row of the word in src[start, end) with hash `h`, or -(the free slot where it would go) - 1. */
  private find(src: Uint8Array, start: number, end: number, h: number): number {
    const table = this.table!;
    const fp = this.fingerprint(h);
    const len = end - start;
    const mask = table.length - 1;
    for (let i = this.slotFor(h); ; i = (i + 1) & mask) {
      const v = table[i];
      if (v === 0) return -i - 1;
      if ((v >>> this.rowBits) !== fp) continue;
      const row = (v & this.rowMask) - 1;
      const s = this.startOf(row);
      if (this.endOf(s) - s !== len) continue;
      let same = true;
      for (let k = 0; k < len; k++) {
        if (this.bytes[s + k] !== src[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return row;
    }
  }

  /** The hash's top bits, as many as a slot has room for beside the row. */
  private fingerprint(h: number): number {
    return h >>> this.rowBits;
  }

  private slotFor(h: number): number {
    // Fibonacci hashing: the top bits of the hash times 2^32 / golden ratio.
    return Math.imul(h, 0x9e3779b1) >>> this.slotShift;
  }

  private makeTable(words: number): void {
    this.rowBits = 32 - Math.clz32(words + 1);
    this.rowMask = 2 ** this.rowBits - 1;
    const bits = Math.max(3, Math.ceil(Math.log2(words * SLOTS_PER_WORD)));
    this.table = new Uint32Array(2 ** bits);
    this.slotShift = 32 - bits;
  }

  private grow(need: number): void {
    const bigger = this.alloc(Math.max(need, Math.ceil(this.bytes.length * 1.5)));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
    this.view = bufferOf(bigger);
  }

  /** The positions of every 16th word of a block (fromBlock), checking the word count. */
  private buildMarks(): void {
    const marks = new Uint32Array((this.n >>> MARK_BITS) + 1);
    // No words and no bytes: nothing (one empty word would be a block of 0 bytes too).
    if (this.n === 0 && this.length === 0) {
      this.marks = marks;
      return;
    }
    let start = 0;
    let i = 0;
    for (; start <= this.length; i++) {
      if (i === this.n) throw new Error(`the word block holds more than ${this.n} words`);
      if ((i & ((1 << MARK_BITS) - 1)) === 0) marks[i >>> MARK_BITS] = start;
      const e = this.view.indexOf(NL, start);
      start = e < 0 ? this.length + 1 : e + 1;
    }
    if (i !== this.n) throw new Error(`the word block holds ${i} words for ${this.n} vectors`);
    this.marks = marks;
  }

  /** The index of a block (fromBlock): the first of duplicate words wins, as gensim's. */
  private ensureIndex(): void {
    if (this.table) return;
    if (!this.marks) this.buildMarks();
    this.makeTable(this.n);
    let start = 0;
    for (let row = 0; row < this.n; row++) {
      const end = this.endOf(start);
      const h = hashBytes(this.bytes, start, end);
      const found = this.find(this.bytes, start, end, h);
      if (found < 0) this.table![-found - 1] = ((this.fingerprint(h) * (this.rowMask + 1)) + row + 1) >>> 0;
      start = end + 1;
    }
  }
}

/** A Buffer over the same memory (for its fast indexOf and latin1 slices). */
function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * UTF-8 bytes as a string, or undefined when invalid. ASCII takes a fast path (Buffer's latin1
 * slice without toString's argument checks: for ASCII bytes it is the UTF-8 text, twice as fast);
 * Buffer's UTF-8 decoder is lenient, so only a suspicious result is re-checked strictly.
 */
export function decodeWord(buf: Buffer, start: number, end: number): string | undefined {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (buf[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return latin1Slice ? latin1Slice.call(buf, start, end) : buf.toString('latin1', start, end);
  const s = buf.toString('utf8', start, end);
  if (!s.includes('\uFFFD')) return s;
  try {
    return utf8.decode(buf.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** A word of the block (valid UTF-8: every word was checked on the way in). */
const decode = (view: Buffer, start: number, end: number): string => decodeWord(view, start, end) ?? '';
