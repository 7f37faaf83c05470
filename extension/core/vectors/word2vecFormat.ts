import { extname } from 'node:path';
import { UserInputError } from '../errors';
import { atomicWrite } from '../util/atomicWrite';
import { ByteReader } from '../util/byteReader';
import { formatFloat32, parseFloatToken } from './floatText';
import { WordVectors } from './WordVectors';

/**
 * The word2vec formats, as word2vec.c writes them and gensim's KeyedVectors.load_word2vec_format
 * reads them. Both start with a header line "V D" (words, dimensions). Then
 *   text:   one line per word, "word v1 v2 ... vD" (spaces; trailing blanks and \r tolerated);
 *   binary: per word, the word's UTF-8 bytes, a space, D little-endian float32s, then "\n"
 *           (word2vec.c writes the "\n", gensim does not; the reader skips newlines before a word).
 */
export type VectorFormat = 'text' | 'binary';

const NL = 0x0a;
const SPACE = 0x20;
/** word2vec.c caps words at 100 bytes; this only bounds the search for the space after a word. */
const MAX_WORD_BYTES = 4096;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function decode(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const quote = (s: string): string => JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);

/** The format from a file name: ".bin" is binary, anything else text. */
export function formatFromPath(path: string): VectorFormat {
  return extname(path).toLowerCase() === '.bin' ? 'binary' : 'text';
}

/** Reads the header line "V D" and returns the sizes. */
async function readHeader(r: ByteReader, path: string): Promise<{ count: number; dim: number }> {
  const line = await r.readUntil(NL, 200);
  const text = line ? decode(line) : undefined;
  const m = text === undefined ? null : /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (!m) {
    throw new UserInputError(
      `${path}, line 1: expected the word2vec header "<words> <dimensions>" (e.g. "10000 100"); is this a word2vec vectors file?`,
    );
  }
  const count = Number(m[1]);
  const dim = Number(m[2]);
  if (count < 1 || dim < 1) throw new UserInputError(`${path}, line 1: the header says ${count} words of ${dim} dimensions; both must be at least 1.`);
  return { count, dim };
}

/**
 * Guesses the format from the first row: a text row is one line of printable UTF-8 whose fields
 * after the word are numbers, while a binary row's float bytes almost always include control bytes
 * or invalid UTF-8. When the row is printable but not numeric (a damaged text file, or a 1-dim
 * binary file whose float happens to be printable), the ".bin" extension decides.
 */
function detect(row: Buffer, path: string): VectorFormat {
  const nl = row.indexOf(NL);
  const line = nl >= 0 ? row.subarray(0, nl) : row;
  for (const b of line) if (b < 0x20 && b !== 0x09 && b !== 0x0d) return 'binary';
  const text = decode(line);
  if (text === undefined) return 'binary';
  const fields = text.trim().split(/[ \t]+/);
  if (fields.length >= 2 && fields.slice(1).every((f) => parseFloatToken(f) !== undefined)) return 'text';
  return formatFromPath(path);
}

/** Detects whether a word2vec file is text or binary (see detect). */
export async function detectVectorFormat(path: string): Promise<VectorFormat> {
  const r = await ByteReader.open(path, 'vectors file');
  try {
    const { dim } = await readHeader(r, path);
    return detect(await r.peek(MAX_WORD_BYTES + 4 * dim + 1), path);
  } finally {
    await r.close();
  }
}

/**
 * Reads a word2vec text or binary file (detected from its content), streaming. Malformed files give
 * a UserInputError naming the file and the line (text) or row and byte offset (binary).
 */
export async function readVectors(path: string, options: { format?: VectorFormat } = {}): Promise<WordVectors> {
  const r = await ByteReader.open(path, 'vectors file');
  try {
    const { count, dim } = await readHeader(r, path);
    const size = r.size;
    const format = options.format ?? detect(await r.peek(MAX_WORD_BYTES + 4 * dim + 1), path);
    // Each number takes at least 2 bytes of text or 4 of binary: refuse a header that would make us
    // allocate far more memory than the file could fill.
    const minBytes = count * dim * (format === 'binary' ? 4 : 2);
    if (minBytes > size) {
      throw new UserInputError(
        `${path}, line 1: the header promises ${count} words of ${dim} dimensions, more than a ${size}-byte ${format} file can hold; the header or the file is wrong.`,
      );
    }
    const words: string[] = new Array<string>(count);
    const vectors = new Float32Array(count * dim);
    const seen = new Map<string, number>();
    const rowName = format === 'text' ? (row: number) => `line ${row + 2}` : (row: number, at: number) => `row ${row + 1} (byte ${at})`;
    const checkNew = (word: string, row: number, at: number): void => {
      const first = seen.get(word);
      if (first !== undefined) {
        throw new UserInputError(`${path}, ${rowName(row, at)}: the word ${quote(word)} already appeared at ${rowName(first, 0).replace(/ \(byte 0\)$/, '')}; each word must appear once.`);
      }
      seen.set(word, row);
    };
    if (format === 'text') await readTextRows(r, path, count, dim, words, vectors, checkNew);
    else await readBinaryRows(r, path, count, dim, words, vectors, checkNew);
    // Only blank space may follow the last row.
    await r.skipWhile((b) => b === NL || b === SPACE || b === 0x0d || b === 0x09);
    if ((await r.peek(1)).length > 0) {
      const where = format === 'text' ? `line ${count + 2}` : `byte ${r.offset}`;
      throw new UserInputError(`${path}, ${where}: more data after the ${count} words the header announces; the header's word count is wrong.`);
    }
    return new WordVectors(words, dim, vectors);
  } finally {
    await r.close();
  }
}

async function readTextRows(
  r: ByteReader, path: string, count: number, dim: number, words: string[], vectors: Float32Array,
  checkNew: (word: string, row: number, at: number) => void,
): Promise<void> {
  for (let row = 0; row < count; row++) {
    const lineNo = row + 2;
    const at = r.offset;
    const bytes = await r.readUntil(NL);
    if (bytes === null || bytes === undefined) {
      throw new UserInputError(`${path}, line ${lineNo}: the file ends after ${row} of the ${count} words its header announces; it is truncated or the header is wrong.`);
    }
    const line = decode(bytes);
    if (line === undefined) throw new UserInputError(`${path}, line ${lineNo}: not valid UTF-8 text; is this a binary vectors file?`);
    const fields = line.trimEnd().split(/[ \t]+/);
    const word = fields[0];
    if (word === '') throw new UserInputError(`${path}, line ${lineNo}: expected a word then ${dim} numbers, found ${line.trim() === '' ? 'an empty line' : 'a line starting with a blank'}.`);
    if (fields.length - 1 !== dim) {
      throw new UserInputError(`${path}, line ${lineNo}: expected ${dim} numbers after the word ${quote(word)}, found ${fields.length - 1}.`);
    }
    checkNew(word, row, at);
    words[row] = word;
    const off = row * dim;
    for (let j = 0; j < dim; j++) {
      const v = parseFloatToken(fields[j + 1]);
      if (v === undefined) throw new UserInputError(`${path}, line ${lineNo}: ${quote(fields[j + 1])} (number ${j + 1} of the word ${quote(word)}) is not a number.`);
      vectors[off + j] = v;
    }
  }
}

async function readBinaryRows(
  r: ByteReader, path: string, count: number, dim: number, words: string[], vectors: Float32Array,
  checkNew: (word: string, row: number, at: number) => void,
): Promise<void> {
  const rowBytes = 4 * dim;
  const view = new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength);
  for (let row = 0; row < count; row++) {
    // word2vec.c ends rows with "\n", gensim does not: skip newlines before the word.
    await r.skipWhile((b) => b === NL || b === 0x0d);
    const at = r.offset;
    const where = `row ${row + 1} (byte ${at})`;
    const wordBytes = await r.readUntil(SPACE, MAX_WORD_BYTES);
    if (wordBytes === null) throw new UserInputError(`${path}, ${where}: the file ends after ${row} of the ${count} words its header announces; it is truncated or the header is wrong.`);
    if (wordBytes === undefined) throw new UserInputError(`${path}, ${where}: no space after a word within ${MAX_WORD_BYTES} bytes; the file is damaged or not a word2vec binary file.`);
    const word = decode(wordBytes);
    if (word === undefined) throw new UserInputError(`${path}, ${where}: the word is not valid UTF-8; the file is damaged or the header's dimensions are wrong.`);
    if (word === '') throw new UserInputError(`${path}, ${where}: empty word; the file is damaged or the header's dimensions are wrong.`);
    const floats = await r.take(rowBytes);
    if (floats.length < rowBytes) {
      throw new UserInputError(`${path}, ${where}: the file ends inside the vector of ${quote(word)} (${floats.length} of ${rowBytes} bytes); it is truncated or the header is wrong.`);
    }
    checkNew(word, row, at);
    words[row] = word;
    if (LITTLE_ENDIAN) view.set(floats, row * rowBytes);
    else for (let j = 0; j < dim; j++) vectors[row * dim + j] = floats.readFloatLE(4 * j);
  }
}

function checkWord(word: string, row: number): void {
  if (word === '' || /\s/.test(word)) {
    throw new UserInputError(`Cannot write the word ${quote(word)} (row ${row + 1}): word2vec files separate fields by spaces, so words must be non-empty and contain no blanks.`);
  }
}

/**
 * Writes `wv` in the word2vec text or binary format, atomically (temp file in the same folder, then
 * rename), streaming row by row. Text numbers are the shortest decimals that read back as the same
 * float32, so the round trip is exact.
 */
export async function writeVectors(path: string, wv: WordVectors, format: VectorFormat): Promise<void> {
  const { words, dim, vectors } = wv;
  words.forEach(checkWord);
  await atomicWrite(path, async (sink) => {
    await sink.write(`${words.length} ${dim}\n`);
    const encoder = new TextEncoder();
    const bytes = new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength);
    for (let row = 0; row < words.length; row++) {
      const off = row * dim;
      if (format === 'text') {
        const parts = new Array<string>(dim + 1);
        parts[0] = words[row];
        for (let j = 0; j < dim; j++) parts[j + 1] = formatFloat32(vectors[off + j]);
        await sink.write(parts.join(' ') + '\n');
      } else {
        const w = encoder.encode(words[row]);
        const out = new Uint8Array(w.length + 1 + 4 * dim + 1);
        out.set(w, 0);
        out[w.length] = SPACE;
        if (LITTLE_ENDIAN) out.set(bytes.subarray(4 * off, 4 * (off + dim)), w.length + 1);
        else {
          const dv = new DataView(out.buffer);
          for (let j = 0; j < dim; j++) dv.setFloat32(w.length + 1 + 4 * j, vectors[off + j], true);
        }
        out[out.length - 1] = NL;
        await sink.write(out);
      }
    }
  });
}
