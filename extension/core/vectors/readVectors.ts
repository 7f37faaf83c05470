import { open, type FileHandle } from 'node:fs/promises';
import { UserInputError } from '../errors';
import { ByteReader, READ_CHUNK } from '../util/byteReader';
import { readFully } from '../util/readFully';
import { sharedFloat32Array } from '../util/sharedMemory';
import { DuplicateWords } from './duplicateWords';
import { decodeWord, FNV_START, fnvStep, hashBytes, isUtf8, PackedVocab } from './packedVocab';
import { parseDecimalBytes, parseFloatToken } from './floatText';
import { detectFormat, hasHeader, metadataPathFor, parseHeader, VECTOR_FORMATS, type VectorFormat } from './formats';
import { ReadAhead } from './readAhead';
import { WordVectors } from './WordVectors';

export interface ReadVectorsOptions {
  /** The file's format; detected from its content when absent. */
  format?: VectorFormat;
  /** Read only the first `limit` rows (words), as gensim's `limit`. */
  limit?: number;
  /**
   * Rows with NaN or an infinite number are an error naming the line (default); 'drop' skips them
   * and counts them in `dropped`.
   */
  nonFinite?: 'error' | 'drop';
  /** For 'tsv': the metadata file with the words; by default metadataPathFor(path). */
  metadata?: string;
  /** Called after each chunk read (256 KB to 4 MB) with the bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Put the matrix and the words' block in SharedArrayBuffers, for threads that read them in place (the extension's query worker). */
  shared?: boolean;
  /**
   * For tests: binary rows are read straight into the matrix by chunks of 4 MB in runs of 256 MB
   * (see inPlaceRows), or with other sizes, or (false) all through a buffer, as the last few MB are.
   */
  inPlace?: false | { chunk: number; run: number };
}

export interface VectorFileInfo {
  format: VectorFormat;
  /** Rows skipped for NaN or infinite numbers (only with nonFinite: 'drop'), and where the first few were. */
  dropped: number;
  droppedAt: string[];
  /** True when `limit` stopped the reading before the end of the file. */
  limited: boolean;
  /** For 'tsv': the metadata file read. */
  metadata?: string;
}

const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
/** Binary rows read straight into the matrix: bytes a read, and at most this many bytes read one after the other before starting again at the next row's place. */
const IN_PLACE_CHUNK = 4 << 20;
const IN_PLACE_RUN = 256 << 20;
/**
 * Reads at once (libuv has four threads): the reads do most of the work, mapping the fresh matrix
 * page by page, so more than one keeps going on a busy machine while this thread parses.
 */
const READS_IN_FLIGHT = 3;
/** The buffered reader's chunk, for the rows the in-place reading leaves (the last few MB of a file). */
const TAIL_CHUNK = 256 << 10;
/** The most numbers one Float32Array can hold in Node 20. */
const MAX_FLOATS = 2 ** 32;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Exact powers of ten as doubles (10^22 is the largest exact one). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

const quote = (s: string): string => JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
const isBlank = (b: number): boolean => b === SPACE || b === TAB || b === CR;

/**
 * Reads a vectors file in any of our formats (detected from the content unless given), streaming:
 * the file is never held whole, only one chunk at a time, and the vectors go straight into one
 * Float32Array sized from the header (or, without a header, from a first pass counting lines).
 * Malformed files give a UserInputError naming the file and the line (text) or row and byte
 * offset (binary).
 */
export async function readVectorFile(path: string, options: ReadVectorsOptions = {}): Promise<{ vectors: WordVectors; info: VectorFileInfo }> {
  const limit = options.limit ?? Infinity;
  if (!(limit >= 1) || (limit !== Infinity && !Number.isInteger(limit))) throw new UserInputError(`limit must be a whole number of words, at least 1, got ${options.limit}.`);
  if (options.format !== undefined && !VECTOR_FORMATS.includes(options.format)) throw new UserInputError(`format must be one of ${VECTOR_FORMATS.join(', ')}, got ${JSON.stringify(options.format)}.`);
  const r = await ByteReader.open(path, 'vectors file');
  try {
    const format = options.format ?? detectFormat(await r.peek(64 << 10), path);
    const load = new Loader(path, r, format, options);
    try {
      if (format === 'tsv') await load.tsv(options.metadata ?? metadataPathFor(path), limit);
      else if (format === 'glove') await load.headerless(limit);
      else await load.withHeader(limit);
    } catch (e) {
      // A word repeated before the row at fault is the file's first error.
      if (e instanceof UserInputError) load.refuseRepeats();
      throw e;
    }
    load.refuseRepeats();
    return load.result();
  } finally {
    await r.close();
  }
}

/** readVectorFile's vectors alone. */
export async function readVectors(path: string, options: ReadVectorsOptions = {}): Promise<WordVectors> {
  return (await readVectorFile(path, options)).vectors;
}

/** Detects a vectors file's format from its first bytes (see detectFormat). */
export async function detectVectorFormat(path: string): Promise<VectorFormat> {
  const r = await ByteReader.open(path, 'vectors file');
  try {
    return detectFormat(await r.peek(64 << 10), path);
  } finally {
    await r.close();
  }
}

/** One read of one file: the rows so far, and the checks every format shares. */
class Loader {
  counts: number[] | undefined;
  vectors: Float32Array<ArrayBufferLike> = new Float32Array(0);
  /** The same memory as 32-bit integers, for the finiteness check. */
  private bits: Int32Array<ArrayBufferLike> = new Int32Array(0);
  dim = 0;
  /** Rows stored so far. */
  rows = 0;
  /** The words as one block; handed to WordVectors. */
  vocab = new PackedVocab(0, 0);
  /** Words seen so far, to refuse a word that appears twice (refuseRepeats). */
  private repeats = new DuplicateWords(0);
  /**
   * The first row whose place in the matrix holds the filter of `repeats` (the matrix's last
   * bytes); Infinity when the filter has its own memory or has left. See allocate.
   */
  private filterRow = Infinity;
  /**
   * Added to the `at` given to commit: the file offset of the window a binary reader parses, whose
   * offsets it passes (small numbers, which V8 keeps unboxed); 0 for line numbers.
   */
  private atBase = 0;
  /** The file rows (0-based, counting dropped ones) that were dropped, for naming where a stored row came from. */
  private readonly droppedRows: number[] = [];
  /** How a file row (0-based) is named in messages: "line 7" or "row 6". */
  private readonly rowName: (fileRow: number) => string;
  readonly info: VectorFileInfo;
  private readonly dropNonFinite: boolean;

  constructor(readonly path: string, readonly r: ByteReader, format: VectorFormat, private readonly options: ReadVectorsOptions) {
    this.info = { format, dropped: 0, droppedAt: [], limited: false };
    this.dropNonFinite = options.nonFinite === 'drop';
    const firstLine = hasHeader(format) ? 2 : 1;
    this.rowName = format === 'binary' ? (i) => `row ${i + 1}` : (i) => `line ${i + firstLine}`;
  }

  result(): { vectors: WordVectors; info: VectorFileInfo } {
    const n = this.rows;
    if (n === 0) {
      throw new UserInputError(this.info.dropped > 0
        ? `${this.path}: every row has NaN or infinite numbers (${this.info.dropped} dropped); no vectors left.`
        : `${this.path}: no vectors in the file.`);
    }
    // Fewer rows than allocated (dropped rows, trailing blank lines): a view, not a copy, so the
    // peak memory stays one matrix.
    const vectors = n * this.dim === this.vectors.length ? this.vectors : this.vectors.subarray(0, n * this.dim);
    if (this.counts && this.counts.length !== n) this.counts.length = n;
    return { vectors: new WordVectors(this.vocab, this.dim, vectors, this.counts), info: this.info };
  }

  /**
   * The matrix for `rows` words of `dim` numbers, or a UserInputError saying why it cannot be had,
   * and the words' block, expected to take about `wordBytes`.
   */
  allocate(rows: number, dim: number, where: string, wordBytes: number): void {
    if (dim < 1) throw new UserInputError(`${this.path}, line 1: no numbers after the first word; expected "word v1 v2 ..." or tab-separated numbers.`);
    const n = rows * dim;
    const gb = ((4 * n) / 2 ** 30).toFixed(1);
    if (n > MAX_FLOATS) {
      throw new UserInputError(
        `${this.path}, ${where}: ${rows} words of ${dim} dimensions make ${gb} GB of numbers, more than one array can hold (${MAX_FLOATS / 2 ** 30}G numbers); read the first words only (limit, --limit N).`,
      );
    }
    try {
      this.vectors = this.options.shared ? sharedFloat32Array(n) : new Float32Array(n);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      throw new UserInputError(
        `${this.path}, ${where}: cannot allocate ${gb} GB for ${rows} words of ${dim} dimensions (not enough memory); read the first words only (limit, --limit N).`,
      );
    }
    this.dim = dim;
    this.bits = new Int32Array(this.vectors.buffer, this.vectors.byteOffset, n);
    const shared = this.options.shared;
    this.vocab = new PackedVocab(rows, wordBytes, shared ? (k) => new Uint8Array(new SharedArrayBuffer(k)) : undefined);
    // The filter lives in the matrix's last rows until the rows reach them (beforeRow): in memory
    // of its own, beside the full matrix, it would add a byte or two a word to the load's peak.
    // Not for short rows: the rows over it are each noted once it leaves (16 bytes a row, and as
    // much again while settling), which for rows of a few numbers would take more than the filter.
    const filterInts = DuplicateWords.bytesFor(rows) / 4;
    const inMatrix = dim >= 16 && filterInts <= n / 2;
    this.repeats = new DuplicateWords(rows, inMatrix ? this.bits.subarray(n - filterInts) : undefined);
    this.filterRow = inMatrix ? Math.floor((n - filterInts) / dim) : Infinity;
  }

  /** Called before row `this.rows`'s numbers are written into the matrix: the filter leaves the matrix before a row reaches it. */
  private beforeRow(): void {
    if (this.rows < this.filterRow) return;
    this.repeats.retire();
    this.filterRow = Infinity;
  }

  /** How messages name the row about to be committed, found at `at`: see nameRow. */
  where(at: number): string {
    return this.nameRow(this.rows + this.droppedRows.length, at);
  }

  /** How messages name file row `fileRow` (0-based, counting dropped rows), found at `at`: its line number (text), or its byte offset (binary). */
  private nameRow(fileRow: number, at: number): string {
    return this.info.format === 'binary' ? `row ${fileRow + 1} (byte ${at})` : `line ${at}`;
  }

  /** The file row (0-based, counting dropped rows) of stored row `row`. */
  private fileRowOf(row: number): number {
    let fileRow = row;
    for (const d of this.droppedRows) if (d <= fileRow) fileRow++;
    return fileRow;
  }

  /**
   * Keeps row `this.rows` (its numbers already written) under the word in src[start, end) (valid
   * UTF-8), or drops it for a NaN/infinite number. `at` names it in messages (see `where`),
   * formatted only when needed: a message for every row would cost more than the rest of a binary
   * row's work.
   */
  commit(src: Uint8Array, start: number, end: number, at: number): void {
    this.vocab.append(src, start, end);
    this.commitAppended(hashBytes(src, start, end), at);
  }

  /**
   * commit() for a word already appended to the vocabulary (the in-place reader appends it before
   * its numbers' move overwrites it). `at` is relative to `atBase`.
   */
  commitAppended(hash: number, at: number): void {
    if (!allFinite(this.bits, this.rows * this.dim, this.dim)) return this.nonFinite(this.atBase + at);
    this.repeats.add(hash, this.rows, this.atBase + at);
    this.rows++;
  }

  /** The row just appended has NaN or ±Infinity (also a finite decimal beyond float32's range, which rounds to infinity): dropped, or an error. */
  private nonFinite(at: number): void {
    const where = this.where(at);
    if (this.dropNonFinite) {
      this.vocab.pop();
      this.info.dropped++;
      this.droppedRows.push(this.rows + this.droppedRows.length);
      if (this.info.droppedAt.length < 5) this.info.droppedAt.push(where);
      return;
    }
    const off = this.rows * this.dim;
    let j = 0;
    while (Number.isFinite(this.vectors[off + j])) j++;
    const v = this.vectors[off + j];
    throw new UserInputError(
      `${this.path}, ${where}: number ${j + 1} of the word ${quote(this.vocab.word(this.rows))} is ${Number.isNaN(v) ? 'NaN' : 'infinite (or beyond float32\'s range)'}; fix the file, or skip such rows (--drop-nonfinite, or nonFinite: 'drop').`,
    );
  }

  /** Throws for the first word stored twice, naming both rows (as gensim keeps only the first, a repeat would silently lose a vector). */
  refuseRepeats(): void {
    const r = this.repeats.first(this.vocab.block, this.rows);
    if (!r) return;
    throw new UserInputError(`${this.path}, ${this.nameRow(this.fileRowOf(r.row), r.at)}: the word ${quote(this.vocab.word(r.row))} already appeared at ${this.rowName(this.fileRowOf(r.first))}; each word must appear once.`);
  }

  /** commit() for a word given as a string. */
  commitString(word: string, at: number): void {
    const bytes = encoder.encode(word);
    this.commit(bytes, 0, bytes.length, at);
  }

  progress(): void {
    this.options.onProgress?.(this.r.offset, this.r.size);
  }

  /** Reads the "V D" header line and checks that the sizes are possible for this file. */
  async header(): Promise<{ count: number; dim: number }> {
    const line = await this.r.readUntil(NL, 200);
    const text = line ? decodeWord(line, 0, line.length) : undefined;
    const h = text === undefined ? undefined : parseHeader(text);
    if (!h) throw new UserInputError(`${this.path}, line 1: expected the word2vec header "<words> <dimensions>" (e.g. "10000 100"); is this a word2vec vectors file?`);
    if (h.count < 1 || h.dim < 1) throw new UserInputError(`${this.path}, line 1: the header says ${h.count} words of ${h.dim} dimensions; both must be at least 1.`);
    // Each number takes at least 2 bytes of text or 4 of binary: refuse a header that would make us
    // allocate far more memory than the file could fill.
    const binary = this.info.format === 'binary';
    if (h.count * h.dim * (binary ? 4 : 2) > this.r.size) {
      throw new UserInputError(
        `${this.path}, line 1: the header promises ${h.count} words of ${h.dim} dimensions, more than a ${this.r.size}-byte ${binary ? 'binary' : 'text'} file can hold; the header or the file is wrong.`,
      );
    }
    return h;
  }

  async withHeader(limit: number): Promise<void> {
    const { count, dim } = await this.header();
    const rows = Math.min(count, limit);
    const binary = this.info.format === 'binary';
    // Binary: what the file holds beside the numbers is the words and a separator or two each.
    const wordBytes = binary ? ((this.r.size - this.r.offset - count * 4 * dim) * rows) / count : rows * 16;
    this.allocate(rows, dim, 'line 1', wordBytes);
    this.info.limited = rows < count;
    if (this.info.format === 'binary') return this.binaryRows(rows, count, this.info.limited);
    await this.textRows(rows, count, 2);
    if (this.info.limited) return;
    // Only blank space may follow the last row.
    await this.r.skipWhile((b) => b === NL || isBlank(b));
    if ((await this.r.peek(1)).length > 0) {
      throw new UserInputError(`${this.path}, line ${count + 2}: more data after the ${count} words the header announces; the header's word count is wrong.`);
    }
  }

  /** GloVe: no header, so the dimension comes from the first line and the word count from a first pass over the file. */
  async headerless(limit: number): Promise<void> {
    const dim = fieldsOf(await this.r.peek(64 << 10), SPACE) - 1;
    const lines = await countLines(this.path, limit);
    this.allocate(lines, dim, 'line 1', lines * 16);
    await this.textRows(lines, Infinity, 1);
    this.info.limited = lines === limit && (await this.r.peek(1)).length > 0;
  }

  /**
   * `rows` lines of "word v1 ... vD" from the cursor (line numbers from `firstLine`). `announced`
   * is the header's word count (Infinity without a header: then the file may end sooner).
   */
  async textRows(rows: number, announced: number, firstLine: number): Promise<void> {
    const { path, dim } = this;
    let lineNo = firstLine;
    let read = 0;
    let blankAt = 0;
    await eachLine(this.r, (buf, start, end) => {
      if (read === rows) return false;
      if (blankAt) throw new UserInputError(`${path}, line ${blankAt}: expected a word then ${dim} numbers, found an empty line.`);
      let w = start;
      while (w < end && buf[w] !== SPACE && buf[w] !== TAB) w++;
      this.beforeRow();
      const ok = w > start && parseNumbers(buf, w, end, this.vectors, this.rows * dim, dim, SPACE) && isUtf8(buf, start, w);
      if (ok) this.commit(buf, start, w, lineNo);
      else {
        // Blank lines may end a file without a header (an error if a row follows).
        if (announced === Infinity && isBlankLine(buf, start, end)) {
          blankAt = lineNo++;
          return true;
        }
        const word = spacedWord(buf, start, end, dim, this.vectors, this.rows * dim);
        if (word === undefined) {
          const header = announced === Infinity && lineNo === 2 && parseHeader(this.vocab.word(0) + ' ' + this.vectors[0]) !== undefined;
          throw new UserInputError(`${path}, line ${lineNo}: ${explainTextRow(buf.subarray(start, end), dim)}${header ? ' The first line looks like a word2vec header: read the file as text (--format text).' : ''}`);
        }
        this.commitString(word, lineNo);
      }
      read++;
      lineNo++;
      return true;
    }, () => this.progress());
    if (read < rows && announced !== Infinity) {
      throw new UserInputError(`${path}, line ${lineNo}: the file ends after ${read} of the ${announced} words its header announces; it is truncated or the header is wrong.`);
    }
  }

  /**
   * `rows` rows of "word<space><dim float32s>" from the cursor (gensim's rows; word2vec.c's end in
   * "\n" too). The file is read ahead in large chunks (ReadAhead) by its own handle, and each row's
   * numbers are copied straight into the matrix. Unless `limited`, only blank space may follow.
   */
  async binaryRows(rows: number, announced: number, limited: boolean): Promise<void> {
    const { path, dim } = this;
    const rowBytes = 4 * dim;
    const bytes = new Uint8Array(this.vectors.buffer, this.vectors.byteOffset, this.vectors.byteLength);
    const handle = await open(path, 'r');
    let ra: ReadAhead | undefined;
    try {
      let read = 0;
      let start = this.r.offset;
      const sizes = this.options.inPlace ?? { chunk: IN_PLACE_CHUNK, run: IN_PLACE_RUN };
      if (LITTLE_ENDIAN && sizes) ({ read, at: start } = await this.inPlaceRows(handle, rows, start, sizes.chunk, sizes.run));
      ra = new ReadAhead(handle, start, TAIL_CHUNK);
      let more = false;
      while (read < rows) {
        const buf = await ra.window(more);
        // Plain views of it for the row copies: a Buffer's subarray costs more to make.
        const u8 = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
        const atEof = ra.atEof;
        const base = ra.offset;
        let p = 0;
        for (;;) {
          if (read === rows) break;
          // word2vec.c ends rows with "\n", gensim does not: skip newlines before the word.
          let s = p;
          while (s < buf.length && (buf[s] === NL || buf[s] === CR)) s++;
          // The word runs to the next space; a newline before it means damage (words have no blanks).
          let sp = s;
          while (sp < buf.length && buf[sp] !== SPACE && buf[sp] !== NL) sp++;
          if (sp < buf.length && buf[sp] === NL) throw new UserInputError(`${path}, ${this.where(base + s)}: a newline inside a word; the file is damaged or the header's dimensions are wrong.`);
          if (sp === buf.length || sp + 1 + rowBytes > buf.length) {
            if (!atEof) break; // the row continues past this window
            const where = this.where(base + s);
            if (s === buf.length) throw new UserInputError(`${path}, ${where}: the file ends after ${read} of the ${announced} words its header announces; it is truncated or the header is wrong.`);
            if (sp === buf.length) throw new UserInputError(`${path}, ${where}: the file ends inside a word (no space after it); it is truncated or damaged.`);
            const w = decodeWord(buf, s, sp) ?? '?';
            throw new UserInputError(`${path}, ${where}: the file ends inside the vector of ${quote(w)} (${buf.length - sp - 1} of ${rowBytes} bytes); it is truncated or the header is wrong.`);
          }
          if (sp === s) throw new UserInputError(`${path}, ${this.where(base + s)}: empty word; the file is damaged or the header's dimensions are wrong.`);
          if (!isUtf8(buf, s, sp)) throw new UserInputError(`${path}, ${this.where(base + s)}: the word is not valid UTF-8; the file is damaged or the header's dimensions are wrong.`);
          this.beforeRow();
          const off = this.rows * rowBytes;
          if (LITTLE_ENDIAN) bytes.set(u8.subarray(sp + 1, sp + 1 + rowBytes), off);
          else for (let j = 0; j < dim; j++) this.vectors[this.rows * dim + j] = buf.readFloatLE(sp + 1 + 4 * j);
          this.commit(buf, s, sp, base + s);
          read++;
          p = sp + 1 + rowBytes;
        }
        // Nothing consumed: one row is longer than the window, which must grow.
        more = p === 0 && read < rows;
        ra.consume(p);
        this.options.onProgress?.(base + p, this.r.size);
      }
      if (limited) return;
      // Only blank space may follow the last row.
      for (let buf = await ra.window(); ; buf = await ra.window()) {
        let i = 0;
        while (i < buf.length && (buf[i] === NL || isBlank(buf[i]))) i++;
        if (i < buf.length) {
          throw new UserInputError(`${path}, byte ${ra.offset + i}: more data after the ${announced} words the header announces; the header's word count is wrong.`);
        }
        ra.consume(buf.length);
        if (ra.atEof) break;
      }
    } finally {
      await ra?.settle();
      await handle.close();
    }
  }

  /**
   * Binary rows read straight into the matrix, from file offset `at`: each chunk of the file is
   * read (by libuv's threads, the next one while this thread parses) into the matrix itself, from
   * the place of the first row not yet parsed on, and each row's numbers are then moved back over
   * the words before them, in memory the read has just touched. The kernel's work of mapping the
   * fresh matrix, page by page (the largest cost), is then done by the reading thread, beside this
   * one's parsing, and no buffer is copied from. The chunks of a run follow each other in the
   * matrix as in the file; a run ends every 256 MB (as the rows' words add up, the chunks drift
   * ahead of the rows' places) and before the matrix's end. Anything unusual (damage, a very long
   * word, the file's end, the last few MB) is left to the buffered loop in binaryRows: returns the
   * file rows read and the file offset where it should go on.
   */
  private async inPlaceRows(handle: FileHandle, rows: number, at: number, chunk: number, run: number): Promise<{ read: number; at: number }> {
    const rowBytes = 4 * this.dim;
    const { buffer, byteOffset } = this.vectors;
    // Reads stop before the filter's rows (see allocate): the buffered loop goes on from there.
    const byteLength = Math.min(this.vectors.byteLength, this.filterRow * rowBytes);
    let read = 0;
    for (;;) {
      // A run: m[0, filled) holds the file's bytes from `at` on. Its positions are relative to the
      // run's start (all below 2^30, so V8 keeps them as small integers, not boxed doubles).
      const land = this.rows * rowBytes;
      if (read >= rows || byteLength - land < chunk) return { read, at };
      const m = new Uint8Array(buffer, byteOffset + land, Math.min(byteLength - land, run + chunk));
      const firstRow = this.rows;
      this.atBase = at;
      let filled = 0;
      let p = 0;
      // Reads in flight, in file order, each into the matrix right after the one before.
      const pending: Promise<number>[] = [];
      let issued = 0;
      let leave = false;
      const readAhead = (): void => {
        while (!leave && pending.length < READS_IN_FLIGHT && issued + chunk <= m.length && issued < run) {
          pending.push(readFully(handle, m, issued, chunk, at + issued));
          issued += chunk;
        }
      };
      readAhead();
      while (pending.length > 0 && !leave) {
        const got: number = await pending.shift()!;
        filled += got;
        // Fewer bytes than asked only at the file's end: the buffered loop explains what is wrong, if anything.
        if (got < chunk) leave = true;
        readAhead();
        while (read < rows) {
          let s = p;
          while (s < filled && (m[s] === NL || m[s] === CR)) s++;
          // One pass over the word: its end, its hash, whether it is ASCII.
          let sp = s;
          let h = FNV_START;
          let high = 0;
          for (let b; sp < filled && (b = m[sp]) !== SPACE && b !== NL; sp++) {
            h = fnvStep(h, b);
            high |= b;
          }
          if (sp + 1 + rowBytes > filled) break;
          if (m[sp] === NL || sp === s || (high >= 0x80 && !isUtf8(m, s, sp))) {
            leave = true;
            break;
          }
          // The word first: the numbers' move overwrites it.
          this.vocab.append(m, s, sp);
          m.copyWithin((this.rows - firstRow) * rowBytes, sp + 1, sp + 1 + rowBytes);
          this.commitAppended(h, s);
          read++;
          p = sp + 1 + rowBytes;
        }
        if (read === rows) leave = true;
        this.options.onProgress?.(at + p, this.r.size);
      }
      // Nothing may still be written into the matrix when the run ends.
      await Promise.all(pending);
      this.atBase = 0;
      const next = at + p;
      if (leave || next === at) return { read, at: next };
      at = next;
    }
  }

  /** The Projector's pair: the words (and counts) from the metadata file, then the numbers from vectors.tsv. */
  async tsv(metadataPath: string, limit: number): Promise<void> {
    this.info.metadata = metadataPath;
    const meta = await readMetadata(metadataPath, limit);
    const dim = fieldsOf(await this.r.peek(64 << 10), TAB);
    this.allocate(meta.words.length, dim, 'line 1', meta.bytes);
    if (meta.counts) this.counts = new Array<number>(meta.words.length);
    const { path } = this;
    let lineNo = 1;
    await eachLine(this.r, (buf, start, end) => {
      const i = lineNo - 1;
      if (i === meta.words.length) {
        if (isBlankLine(buf, start, end)) return true;
        if (meta.limited) return false;
        throw new UserInputError(`${path}, line ${lineNo}: more rows than the ${meta.words.length} words of ${metadataPath}; the two files do not belong together.`);
      }
      this.beforeRow();
      if (!parseNumbers(buf, start, end, this.vectors, this.rows * dim, dim, TAB)) {
        throw new UserInputError(`${path}, line ${lineNo}: ${explainNumbers(buf.subarray(start, end), dim, '\t')}`);
      }
      const before = this.rows;
      this.commitString(meta.words[i], lineNo);
      if (this.counts && this.rows > before) this.counts[before] = meta.counts![i];
      lineNo++;
      return true;
    }, () => this.progress());
    if (lineNo - 1 < meta.words.length) {
      throw new UserInputError(`${path}, line ${lineNo}: the file ends after ${lineNo - 1} rows but ${metadataPath} has ${meta.words.length} words; the two files do not belong together.`);
    }
    this.info.limited = meta.limited;
  }
}

/**
 * Whether the float32s whose bits are v[off, off + n) hold no NaN or infinity: those alone have
 * every exponent bit set, and adding 1 to an exponent of all ones (and only to it) carries into
 * the sign bit. Integer operations, no branch: faster than testing the floats.
 */
function allFinite(v: Int32Array, off: number, n: number): boolean {
  // Two accumulators, four numbers a step: twice as fast as one number a step.
  let a = 0, b = 0;
  let j = off;
  const end = off + n;
  for (; j + 4 <= end; j += 4) {
    a |= ((v[j] & 0x7f800000) + 0x00800000) | ((v[j + 1] & 0x7f800000) + 0x00800000);
    b |= ((v[j + 2] & 0x7f800000) + 0x00800000) | ((v[j + 3] & 0x7f800000) + 0x00800000);
  }
  for (; j < end; j++) a |= (v[j] & 0x7f800000) + 0x00800000;
  return (a | b) >= 0;
}

const encoder = new TextEncoder();

const isBlankLine = (buf: Buffer, start: number, end: number): boolean => {
  for (let i = start; i < end; i++) if (!isBlank(buf[i])) return false;
  return true;
};

/** The number of `sep`-separated fields on the first line of `head`. */
function fieldsOf(head: Buffer, sep: number): number {
  const nl = head.indexOf(NL);
  const line = head.subarray(0, nl >= 0 ? nl : head.length).toString('latin1').trim();
  return line === '' ? 0 : line.split(sep === TAB ? '\t' : /[ \t]+/).length;
}

/**
 * Parses exactly `dim` numbers from buf[from, end) into out[off...]. Fields are separated by
 * blanks (spaces, tabs, \r) for `SPACE`, by single tabs for `TAB`. Returns false when the count
 * is wrong or a field is not a number (the caller then explains the line, slowly).
 */
function parseNumbers(buf: Buffer, from: number, end: number, out: Float32Array, off: number, dim: number, sep: number): boolean {
  let i = from;
  let j = 0;
  if (sep === TAB) {
    while (end > from && buf[end - 1] === CR) end--;
    for (;;) {
      let t = i;
      while (t < end && buf[t] !== TAB) t++;
      if (j === dim) return false;
      let v = parseDecimalBytes(buf, i, t);
      if (v === undefined) v = parseFloatToken(buf.toString('latin1', i, t).trim());
      if (v === undefined) return false;
      out[off + j++] = v;
      if (t >= end) break;
      i = t + 1;
    }
    return j === dim;
  }
  for (;;) {
    while (i < end && isBlank(buf[i])) i++;
    if (i >= end) break;
    if (j === dim) return false;
    // The common case inline (a plain decimal such as -0.123456): digits into an exact integer
    // mantissa, one division by an exact power of ten (see parseDecimalBytes). Anything else
    // (exponents, many digits, nan, inf, junk) goes to the general parsers from the token's start.
    const t0 = i;
    let neg = false;
    if (buf[i] === 0x2d) { neg = true; i++; }
    let m = 0, digits = 0, scale = 0, c = 0;
    while (i < end && (c = buf[i] - 0x30) >= 0 && c <= 9) { m = m * 10 + c; digits++; i++; }
    if (i < end && buf[i] === 0x2e) {
      i++;
      while (i < end && (c = buf[i] - 0x30) >= 0 && c <= 9) { m = m * 10 + c; digits++; scale++; i++; }
    }
    if (digits > 0 && digits <= 15 && scale <= 22 && (i === end || isBlank(buf[i]))) {
      const v = scale === 0 ? m : m / POW10[scale];
      out[off + j++] = neg ? -v : v;
      continue;
    }
    let t = i;
    while (t < end && !isBlank(buf[t])) t++;
    let v = parseDecimalBytes(buf, t0, t);
    if (v === undefined) v = parseFloatToken(buf.toString('latin1', t0, t));
    if (v === undefined) return false;
    out[off + j++] = v;
    i = t;
  }
  return j === dim;
}

/**
 * A word with spaces in it, as some crawled vocabularies have (glove.840B.300d has ". . ." and
 * e-mail addresses with blanks, which gensim cannot read): the line's last `dim` fields are its
 * numbers and everything before them, none of it a number, is the word. Undefined when the line
 * is not like that; then it is simply malformed.
 */
function spacedWord(buf: Buffer, start: number, end: number, dim: number, out: Float32Array, off: number): string | undefined {
  let line: string;
  try {
    line = utf8.decode(buf.subarray(start, end));
  } catch {
    return undefined;
  }
  const fields = line.trim().split(/[ \t]+/);
  if (fields.length <= dim + 1) return undefined;
  const wordFields = fields.slice(0, fields.length - dim);
  const numbers = fields.slice(fields.length - dim).map(parseFloatToken);
  if (wordFields.some((f) => parseFloatToken(f) !== undefined) || numbers.some((x) => x === undefined)) return undefined;
  numbers.forEach((x, j) => { out[off + j] = x!; });
  return wordFields.join(' ');
}

/** Why a "word v1 ... vD" line does not parse (the slow path, for the error message). */
function explainTextRow(bytes: Uint8Array, dim: number): string {
  let line: string;
  try {
    line = utf8.decode(bytes);
  } catch {
    return 'not valid UTF-8 text; is this a binary vectors file?';
  }
  const fields = line.trimEnd().split(/[ \t]+/);
  const word = fields[0];
  if (word === '') return `expected a word then ${dim} numbers, found ${line.trim() === '' ? 'an empty line' : 'a line starting with a blank'}.`;
  if (fields.length - 1 !== dim) return `expected ${dim} number${dim === 1 ? '' : 's'} after the word ${quote(word)}, found ${fields.length - 1}.`;
  const bad = fields.slice(1).findIndex((f) => parseFloatToken(f) === undefined);
  return `${quote(fields[bad + 1])} (number ${bad + 1} of the word ${quote(word)}) is not a number.`;
}

/** Why a line of numbers (vectors.tsv) does not parse. */
function explainNumbers(bytes: Uint8Array, dim: number, sep: string): string {
  const fields = Buffer.from(bytes).toString('utf8').replace(/\r+$/, '').split(sep);
  if (fields.length !== dim) return `expected ${dim} tab-separated numbers (as on the first line), found ${fields.length}.`;
  const bad = fields.findIndex((f) => parseFloatToken(f.trim()) === undefined);
  return `${quote(fields[bad])} (number ${bad + 1}) is not a number.`;
}

/**
 * Calls onLine(buf, start, end) for each line from the reader's cursor, without its "\n" (the last
 * line may lack one), chunk by chunk, synchronously within a chunk; stops when onLine returns
 * false (the cursor is then before that line). `afterChunk` runs after each chunk.
 */
async function eachLine(r: ByteReader, onLine: (buf: Buffer, start: number, end: number) => boolean, afterChunk: () => void): Promise<void> {
  let want = READ_CHUNK;
  for (;;) {
    const buf = await r.peek(want);
    if (buf.length === 0) return;
    let p = 0;
    let nl: number;
    while ((nl = buf.indexOf(NL, p)) >= 0) {
      if (!onLine(buf, p, nl)) {
        // Leave the cursor before the refused line: the caller may look at it.
        await r.take(p);
        return;
      }
      p = nl + 1;
    }
    if (buf.length < want) {
      // The end of the file: the last line has no "\n".
      if (p < buf.length) onLine(buf, p, buf.length);
      await r.take(buf.length);
      afterChunk();
      return;
    }
    if (p === 0) {
      // A line longer than the chunk.
      want *= 2;
      continue;
    }
    await r.take(p);
    want = READ_CHUNK;
    afterChunk();
  }
}

/** Lines in a file, up to `limit`: a fast first pass (counting "\n" bytes) for formats without a header. */
async function countLines(path: string, limit: number): Promise<number> {
  const h = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(4 << 20);
    let lines = 0;
    let last = NL;
    for (;;) {
      const { bytesRead } = await h.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      for (let i = buf.indexOf(NL); i >= 0 && i < bytesRead; i = buf.indexOf(NL, i + 1)) if (++lines >= limit) return limit;
      last = buf[bytesRead - 1];
    }
    return last === NL ? lines : lines + 1;
  } finally {
    await h.close();
  }
}

/** The words (and counts, when there is a count column) of a Projector metadata.tsv. */
async function readMetadata(path: string, limit: number): Promise<{ words: string[]; bytes: number; counts?: number[]; limited: boolean }> {
  const r = await ByteReader.open(path, 'metadata file (the words of the Projector\'s vectors.tsv; give its path with --metadata)');
  try {
    const words: string[] = [];
    let counts: number[] | undefined;
    let wordCol = 0;
    let countCol = -1;
    let lineNo = 0;
    let limited = false;
    let blankAt = 0;
    /** About the words' UTF-8 bytes (the lines'), to size the block. */
    let bytes = 0;
    await eachLine(r, (buf, start, end) => {
      lineNo++;
      while (end > start && buf[end - 1] === CR) end--;
      const text = decodeWord(buf, start, end);
      if (text === undefined) throw new UserInputError(`${path}, line ${lineNo}: not valid UTF-8 text.`);
      if (lineNo === 1 && text.includes('\t')) {
        // Several columns: the first line names them (the Projector's rule).
        const names = text.split('\t').map((c) => c.trim().toLowerCase());
        const w = names.findIndex((c) => c === 'word' || c === 'label' || c === 'token');
        wordCol = w >= 0 ? w : 0;
        countCol = names.findIndex((c) => c === 'count' || c === 'frequency' || c === 'freq');
        if (countCol >= 0) counts = [];
        return true;
      }
      if (words.length === limit) {
        limited = text !== '';
        return false;
      }
      const cols = text.split('\t');
      const word = cols[wordCol] ?? '';
      if (text.trim() === '') {
        // Blank lines may end the file; in the middle they would shift every word after them.
        blankAt ||= lineNo;
        return true;
      }
      if (blankAt) throw new UserInputError(`${path}, line ${blankAt}: an empty word; each line needs one word.`);
      if (word.trim() === '') throw new UserInputError(`${path}, line ${lineNo}: an empty word in column ${wordCol + 1}; each line needs one word.`);
      if (counts) {
        const c = Number(cols[countCol]);
        if (!Number.isFinite(c) || c < 0) throw new UserInputError(`${path}, line ${lineNo}: the count ${quote(cols[countCol] ?? '')} of ${quote(word)} is not a number.`);
        counts.push(c);
      }
      words.push(word);
      bytes += end - start;
      return true;
    }, () => undefined);
    if (words.length === 0) throw new UserInputError(`${path} has no words.`);
    return { words, bytes, counts, limited };
  } finally {
    await r.close();
  }
}
