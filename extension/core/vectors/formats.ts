import { basename, dirname, extname, join } from 'node:path';
import { UserInputError } from '../errors';
import { parseFloatToken } from './floatText';

/**
 * The vector-file formats we read and write:
 *   text      word2vec text: a header line "V D" (words, dimensions), then "word v1 ... vD" per line;
 *   fasttext  fastText's .vec: the same, each line ending in a space (as fastText writes it);
 *   binary    word2vec binary: the header, then per word its UTF-8 bytes, a space, D little-endian
 *             float32s and "\n" (word2vec.c writes the "\n", gensim does not);
 *   glove     GloVe text: "word v1 ... vD" lines, no header;
 *   tsv       the TensorFlow Embedding Projector's pair: vectors.tsv (D tab-separated numbers per
 *             line) and metadata.tsv (one word per line, or a header row then word and count columns).
 * On reading, text and fasttext are the same format (word2vec.c also ends its lines with a space).
 */
export type VectorFormat = 'text' | 'binary' | 'fasttext' | 'glove' | 'tsv';

export const VECTOR_FORMATS: readonly VectorFormat[] = ['text', 'binary', 'fasttext', 'glove', 'tsv'];

/** What each format is, in the names users know them by (for --help and the extension's picker). */
export const FORMAT_DESCRIPTIONS: Record<VectorFormat, string> = {
  text: 'word2vec text (header "words dims", then "word v1 ... vD")',
  binary: 'word2vec binary (as word2vec.c and gensim write it; GoogleNews-vectors)',
  fasttext: 'fastText .vec (word2vec text, as fastText writes it)',
  glove: 'GloVe text (no header line)',
  tsv: 'TensorFlow Embedding Projector (vectors.tsv + metadata.tsv)',
};

/** Formats whose file starts with the "V D" header line. */
export const hasHeader = (f: VectorFormat): boolean => f === 'text' || f === 'binary' || f === 'fasttext';

/** The format a file name suggests: .bin binary, .vec fastText, .tsv the Projector's pair, anything else word2vec text. */
export function formatFromPath(path: string): VectorFormat {
  const ext = extname(path).toLowerCase();
  return ext === '.bin' ? 'binary' : ext === '.vec' ? 'fasttext' : ext === '.tsv' ? 'tsv' : 'text';
}

/**
 * The metadata file that goes with a Projector vectors file: "vectors" in the name becomes
 * "metadata" (vectors.tsv -> metadata.tsv, run1-vectors.tsv -> run1-metadata.tsv), otherwise
 * name.tsv -> name.metadata.tsv.
 */
export function metadataPathFor(vectorsPath: string): string {
  const name = basename(vectorsPath);
  const renamed = name.replace(/vectors(?!.*vectors)/i, (m) => (m === 'VECTORS' ? 'METADATA' : m[0] === 'V' ? 'Metadata' : 'metadata'));
  if (renamed !== name) return join(dirname(vectorsPath), renamed);
  const ext = extname(name);
  return join(dirname(vectorsPath), `${name.slice(0, name.length - ext.length)}.metadata${ext || '.tsv'}`);
}

/** Parses a format name as given on the command line or in settings (a few common aliases accepted). */
export function parseFormatName(name: string): VectorFormat {
  const aliases: Record<string, VectorFormat> = {
    text: 'text', txt: 'text', word2vec: 'text', 'word2vec-text': 'text',
    binary: 'binary', bin: 'binary', 'word2vec-binary': 'binary',
    fasttext: 'fasttext', vec: 'fasttext',
    glove: 'glove',
    tsv: 'tsv', projector: 'tsv',
  };
  const f = aliases[name.toLowerCase()];
  if (!f) throw new UserInputError(`Unknown vector format "${name}"; use one of: ${VECTOR_FORMATS.join(', ')}.`);
  return f;
}

const HEADER = /^ *(\d+) +(\d+) *\r?$/;

/** The "V D" header's sizes when `line` is one. */
export function parseHeader(line: string): { count: number; dim: number } | undefined {
  const m = HEADER.exec(line);
  return m ? { count: Number(m[1]), dim: Number(m[2]) } : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as UTF-8 text, or undefined when they are not valid UTF-8. */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const hasControl = (bytes: Uint8Array): boolean => bytes.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0d);
const allNumbers = (fields: string[]): boolean => fields.length > 0 && fields.every((f) => parseFloatToken(f) !== undefined);
/** "word v1 ... vD": a word (any characters but blanks), then only numbers. */
const isWordAndNumbers = (line: string): boolean => {
  const fields = line.replace(/[\r ]+$/, '').split(/[ \t]+/);
  return fields.length >= 2 && fields[0] !== '' && allNumbers(fields.slice(1));
};

/**
 * The format of a file from its first bytes (`head`: at least the first line, and for a file with a
 * header also the start of the first row). A header line means word2vec text or binary: a text row
 * is printable UTF-8 whose fields after the word are numbers, while a binary row's float bytes
 * almost always include control bytes or invalid UTF-8 (when they do not, ".bin" in the name
 * decides). Without a header, tab-separated numbers are a Projector vectors.tsv and "word numbers"
 * is GloVe. Anything else is a UserInputError naming line 1.
 */
export function detectFormat(head: Uint8Array, path: string): VectorFormat {
  const nl = head.indexOf(0x0a);
  const firstBytes = nl >= 0 ? head.subarray(0, nl) : head;
  const first = utf8Text(firstBytes);
  if (first !== undefined && parseHeader(first)) {
    const rest = nl >= 0 ? head.subarray(nl + 1) : new Uint8Array(0);
    const nl2 = rest.indexOf(0x0a);
    const rowBytes = nl2 >= 0 ? rest.subarray(0, nl2) : rest;
    const row = utf8Text(rowBytes);
    if (row !== undefined && isWordAndNumbers(row)) return 'text';
    if (row === undefined || hasControl(rowBytes)) return 'binary';
    return formatFromPath(path) === 'binary' ? 'binary' : 'text';
  }
  if (first !== undefined) {
    const line = first.replace(/\r$/, '');
    if (line.includes('\t') && allNumbers(line.split('\t'))) return 'tsv';
    if (isWordAndNumbers(line)) return 'glove';
  }
  throw new UserInputError(
    `${path}, line 1: not a vectors file we know. Expected a header "<words> <dimensions>" (word2vec, fastText .vec), ` +
      `"word v1 v2 ..." lines (GloVe) or tab-separated numbers (the Projector's vectors.tsv).`,
  );
}
