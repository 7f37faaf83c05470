import { UserInputError } from '../errors';
import { atomicWrite, type ChunkSink } from '../util/atomicWrite';
import { formatFloat32 } from './floatText';
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
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const PROGRESS_ROWS = 4096;

const quote = (s: string): string => JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);

/** Refuses words the format cannot hold: fields are separated by blanks (text) or tabs and lines (tsv). */
function checkWords(words: string[], format: VectorFormat): void {
  const bad = format === 'tsv' ? /[\t\n\r]/ : /\s/;
  words.forEach((word, row) => {
    if (word === '' || bad.test(word)) {
      throw new UserInputError(
        format === 'tsv'
          ? `Cannot write the word ${quote(word)} (row ${row + 1}): metadata.tsv has one word per line, so words must be non-empty and contain no tabs or line breaks.`
          : `Cannot write the word ${quote(word)} (row ${row + 1}): word2vec files separate fields by spaces, so words must be non-empty and contain no blanks.`,
      );
    }
  });
}

/**
 * Writes `wv` in `format` (see formats.ts), atomically (a temp file in the same folder, then a
 * rename), streaming row by row. Text numbers are the shortest decimals that read back as the same
 * float32, so every format round-trips exactly. 'tsv' writes two files: `path` (the numbers) and
 * the metadata file (the words, with a count column when the vectors have counts).
 */
export async function writeVectors(path: string, wv: WordVectors, format: VectorFormat, options: WriteVectorsOptions = {}): Promise<void> {
  if (!VECTOR_FORMATS.includes(format)) throw new UserInputError(`format must be one of ${VECTOR_FORMATS.join(', ')}, got ${JSON.stringify(format)}.`);
  const { words, dim, vectors } = wv;
  checkWords(words, format);
  const total = words.length;
  const progress = (row: number): void => {
    if (options.onProgress && (row % PROGRESS_ROWS === 0 || row === total)) options.onProgress(row, total);
  };
  if (format === 'tsv') {
    const metadata = options.metadata ?? metadataPathFor(path);
    await atomicWrite(path, async (sink) => {
      for (let row = 0; row < total; row++) {
        await sink.write(numbersLine(vectors, row * dim, dim, '\t'));
        progress(row + 1);
      }
    });
    await atomicWrite(metadata, async (sink) => {
      // The Projector reads a single column without a header, several columns with one.
      if (wv.counts) await sink.write('word\tcount\n');
      for (let row = 0; row < total; row++) await sink.write(wv.counts ? `${words[row]}\t${wv.counts[row]}\n` : `${words[row]}\n`);
    });
    return;
  }
  await atomicWrite(path, async (sink) => {
    if (format !== 'glove') await sink.write(`${total} ${dim}\n`);
    if (format === 'binary') await writeBinaryRows(sink, wv, progress);
    else {
      // fastText ends each line with a space after the last number.
      const end = format === 'fasttext' ? ' \n' : '\n';
      for (let row = 0; row < total; row++) {
        await sink.write(`${words[row]} ${numbersLine(vectors, row * dim, dim, ' ', end)}`);
        progress(row + 1);
      }
    }
  });
}

function numbersLine(vectors: Float32Array, off: number, dim: number, sep: string, end = '\n'): string {
  const parts = new Array<string>(dim);
  for (let j = 0; j < dim; j++) parts[j] = formatFloat32(vectors[off + j]);
  return parts.join(sep) + end;
}

async function writeBinaryRows(sink: ChunkSink, wv: WordVectors, progress: (row: number) => void): Promise<void> {
  const { words, dim, vectors } = wv;
  const encoder = new TextEncoder();
  const bytes = new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength);
  for (let row = 0; row < words.length; row++) {
    const off = row * dim;
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
    progress(row + 1);
  }
}
