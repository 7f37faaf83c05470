import { UserInputError } from '../errors';
import { atomicWrite, FLUSH_BYTES, type ChunkSink } from '../util/atomicWrite';
import { FLOAT32_TEXT_MAX_BYTES, writeFloat32 } from './floatText';
import { metadataPathFor, VECTOR_FORMATS, type VectorFormat } from './formats';
import type { WordVectors } from './WordVectors';

export interface WriteVectorsOptions {
  /** For 'tsv': where the words go; by default metadataPathFor(path). */
  metadata?: string;
  /** Called every few thousand rows (and at the end) with the rows written so far and the total. */
  onProgress?: (rowsWritten: number, totalRows: number) => void;
}

const NL = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const PROGRESS_ROWS = 4096;

const quote = (s: string): string => JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);

/** The message for a word the format cannot hold: fields are separated by blanks (text) or tabs and lines (tsv). */
function badWord(word: string, row: number, format: VectorFormat): UserInputError {
  return new UserInputError(
    format === 'tsv'
      ? `Cannot write the word ${quote(word)} (row ${row + 1}): metadata.tsv has one word per line, so words must be non-empty and contain no tabs or line breaks.`
      : `Cannot write the word ${quote(word)} (row ${row + 1}): word2vec files separate fields by spaces, so words must be non-empty and contain no blanks.`,
  );
}

/** Refuses words the format cannot hold (badWord). */
function checkWords(words: string[], format: VectorFormat): void {
  const bad = format === 'tsv' ? /[\t\n\r]/ : /\s/;
  words.forEach((word, row) => {
    if (word === '' || bad.test(word)) throw badWord(word, row, format);
  });
}

/**
 * Whether the UTF-8 bytes [start, end) hold a character that checkWords' regular expression
 * refuses: for tsv a tab or a carriage return (a block's words hold no line feed); for the others
 * anything JavaScript's `\s` matches, ASCII (tab, line feed, vertical tab, form feed, carriage
 * return, space) or not (U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000,
 * U+FEFF, by their UTF-8 bytes).
 */
export function hasSeparator(b: Uint8Array, start: number, end: number, format: VectorFormat): boolean {
  for (let i = start; i < end; i++) {
    const x = b[i];
    if (x < 0x80) {
      if (x === TAB || x === CR || (format !== 'tsv' && ((x >= TAB && x <= CR) || x === SPACE))) return true;
      continue;
    }
    if (format === 'tsv' || i + 1 >= end) continue;
    const y = b[i + 1];
    if (x === 0xc2) { if (y === 0xa0) return true; continue; }
    if (i + 2 >= end) continue;
    const z = b[i + 2];
    if ((x === 0xe1 && y === 0x9a && z === 0x80)
      || (x === 0xe2 && y === 0x80 && ((z >= 0x80 && z <= 0x8a) || z === 0xa8 || z === 0xa9 || z === 0xaf))
      || (x === 0xe2 && y === 0x81 && z === 0x9f)
      || (x === 0xe3 && y === 0x80 && z === 0x80)
      || (x === 0xef && y === 0xbb && z === 0xbf)) return true;
  }
  return false;
}

/**
 * Calls `each(start, end, row)` with the byte range of every word of a block (the words joined by
 * "\n": packedWords.ts), in order; throws when the block holds another number of words.
 */
function forEachWord(block: Uint8Array, count: number, each: (start: number, end: number, row: number) => void): void {
  // No words and no bytes: nothing (one empty word would be a block of 0 bytes too).
  if (count === 0 && block.length === 0) return;
  let start = 0;
  let row = 0;
  for (; start <= block.length; row++) {
    if (row === count) throw new Error(`the word block holds more than ${count} words`);
    const nl = block.indexOf(NL, start);
    const end = nl < 0 ? block.length : nl;
    each(start, end, row);
    start = end + 1;
  }
  if (row !== count) throw new Error(`the word block holds ${row} words for ${count} vectors`);
}

/**
 * The rows' words, in order, as bytes for the file. Vectors whose words are one UTF-8 block (read
 * from a file, or sent between threads) are checked and written from the block as they are, with
 * no string made per word (decoding 3,000,000 words into strings to encode them again was most of
 * the memory such a write took beyond the file's chunk); other vectors' words are encoded one by one.
 */
function rowWords(wv: WordVectors, format: VectorFormat): () => (out: ByteChunks, row: number) => void {
  const block = wv.packedWords;
  if (!block) {
    const { words } = wv;
    checkWords(words, format);
    return () => (out, row) => out.utf8(words[row]);
  }
  forEachWord(block, wv.size, (start, end, row) => {
    if (start === end || hasSeparator(block, start, end, format)) throw badWord(new TextDecoder(undefined, { ignoreBOM: true }).decode(block.subarray(start, end)), row, format);
  });
  // A cursor per pass over the rows (the TSV pair writes the words once, the others once each).
  return () => {
    let at = 0;
    return (out) => {
      const nl = block.indexOf(NL, at);
      const end = nl < 0 ? block.length : nl;
      out.range(block, at, end);
      at = end + 1;
    };
  };
}

/**
 * A file's bytes, made in one buffer that is reused: each time it holds FLUSH_BYTES or more (checked
 * between rows) they go to the sink, which writes them out before it resolves (see ChunkSink). So a
 * file of any size is written through about a megabyte of memory, and numbers are written as bytes
 * without a string each (writing the IMDB model's text vectors as strings was its run's memory
 * peak: the strings filled V8's young generation). The buffer grows only for a row longer than what is left of it (a very long word).
 */
class ByteChunks {
  private buf = new Uint8Array(FLUSH_BYTES + (64 << 10));
  private at = 0;
  private readonly encoder = new TextEncoder();

  constructor(private readonly sink: ChunkSink) {}

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.at + n, 2 * this.buf.length));
    bigger.set(this.buf.subarray(0, this.at));
    this.buf = bigger;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.at++] = b;
  }

  /** A string of ASCII characters only (numbers as formatFloat32 writes them, headers). */
  ascii(s: string): void {
    this.room(s.length);
    const { buf } = this;
    let at = this.at;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.at = at;
  }

  /** Any string, in UTF-8 (as TextEncoder writes it: at most 3 bytes per UTF-16 unit). */
  utf8(s: string): void {
    this.room(3 * s.length);
    this.at += this.encoder.encodeInto(s, this.buf.subarray(this.at)).written;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  /** The bytes [start, end) of `b` (a word of a block: a few bytes, copied without a view made of them). */
  range(b: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    const { buf } = this;
    let at = this.at;
    for (let i = start; i < end; i++) buf[at++] = b[i];
    this.at = at;
  }

  /** `dim` numbers from vectors[off] as formatFloat32 writes them, separated by `sep`. */
  numbers(vectors: Float32Array, off: number, dim: number, sep: number): void {
    this.room(dim * (FLOAT32_TEXT_MAX_BYTES + 1));
    const { buf } = this;
    let at = this.at;
    for (let j = 0; j < dim; j++) {
      if (j > 0) buf[at++] = sep;
      at = writeFloat32(vectors[off + j], buf, at);
    }
    this.at = at;
  }

  /** Hands the bytes to the sink once there is a chunk's worth (call between rows). */
  async flushFull(): Promise<void> {
    if (this.at < FLUSH_BYTES) return;
    await this.sink.write(this.buf.subarray(0, this.at));
    this.at = 0;
  }

  /** Hands the rest to the sink: the last call (the sink may keep a short chunk until the file ends). */
  async end(): Promise<void> {
    if (this.at > 0) await this.sink.write(this.buf.subarray(0, this.at));
    this.buf = new Uint8Array(0);
    this.at = 0;
  }
}

/**
 * Writes `wv` in `format` (see formats.ts), atomically (a temp file in the same folder, then a
 * rename), streaming row by row. Text numbers are the shortest decimals that read back as the same
 * float32, so every format round-trips exactly. 'tsv' writes two files: `path` (the numbers) and
 * the metadata file (the words, with a count column when the vectors have counts).
 */
export async function writeVectors(path: string, wv: WordVectors, format: VectorFormat, options: WriteVectorsOptions = {}): Promise<void> {
  if (!VECTOR_FORMATS.includes(format)) throw new UserInputError(`format must be one of ${VECTOR_FORMATS.join(', ')}, got ${JSON.stringify(format)}.`);
  const { dim, vectors } = wv;
  const words = rowWords(wv, format);
  const total = wv.size;
  const progress = (row: number): void => {
    if (options.onProgress && (row % PROGRESS_ROWS === 0 || row === total)) options.onProgress(row, total);
  };
  /** Writes `path` from `row(out, i)` for every row, after `head` (bytes of ASCII) if any. */
  const rows = (file: string, head: string, row: (out: ByteChunks, i: number) => void, report: boolean): Promise<void> =>
    atomicWrite(file, async (sink) => {
      const out = new ByteChunks(sink);
      out.ascii(head);
      for (let i = 0; i < total; i++) {
        row(out, i);
        await out.flushFull();
        if (report) progress(i + 1);
      }
      await out.end();
    });

  if (format === 'tsv') {
    await rows(path, '', (out, i) => { out.numbers(vectors, i * dim, dim, TAB); out.byte(NL); }, true);
    const { counts } = wv;
    // The Projector reads a single column without a header, several columns with one.
    const word = words();
    await rows(options.metadata ?? metadataPathFor(path), counts ? 'word\tcount\n' : '', (out, i) => {
      word(out, i);
      if (counts) { out.byte(TAB); out.utf8(String(counts[i])); }
      out.byte(NL);
    }, false);
    return;
  }
  const head = format === 'glove' ? '' : `${total} ${dim}\n`;
  if (format === 'binary') {
    const bytes = new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength);
    const le = new Uint8Array(4 * dim);
    const leView = new DataView(le.buffer);
    const word = words();
    await rows(path, head, (out, i) => {
      const off = i * dim;
      word(out, i);
      out.byte(SPACE);
      if (LITTLE_ENDIAN) out.bytes(bytes.subarray(4 * off, 4 * (off + dim)));
      else {
        for (let j = 0; j < dim; j++) leView.setFloat32(4 * j, vectors[off + j], true);
        out.bytes(le);
      }
      out.byte(NL);
    }, true);
    return;
  }
  // fastText ends each line with a space after the last number.
  const fastText = format === 'fasttext';
  const word = words();
  await rows(path, head, (out, i) => {
    word(out, i);
    out.byte(SPACE);
    out.numbers(vectors, i * dim, dim, SPACE);
    if (fastText) out.byte(SPACE);
    out.byte(NL);
  }, true);
}
