import { readVectorFile } from '../../core/vectors/readVectors';
import { type WriteVectorsOptions } from '../../core/vectors/writeVectors';
import { VECTOR_FORMATS, type VectorFormat } from '../../core/vectors/formats';
import type { WordVectors } from '../../core/vectors/WordVectors';
import { flag, type FlagSpec, type ParsedArgs } from '../args';
import { err, grouped } from '../output';

/** The flags of every command that reads a vectors file. */
export const VECTOR_INPUT_FLAGS: FlagSpec[] = [
  { name: 'format', kind: 'string', choices: VECTOR_FORMATS, value: 'NAME', help: 'The vectors file\'s format (default: detected from its content; fasttext reads as text).' },
  { name: 'limit', kind: 'number', range: { min: 1, max: 2 ** 32, integer: true }, help: 'Read only the first N words of the vectors file (the most frequent, in the usual order).' },
  { name: 'metadata', kind: 'string', value: 'FILE', help: 'For the Projector\'s vectors.tsv: the metadata file with the words (default: metadata.tsv beside it).' },
  { name: 'drop-nonfinite', kind: 'boolean', help: 'Skip rows with NaN or infinite numbers (their count is printed) instead of stopping at the first.' },
];

/** Reads the vectors file `path` with the VECTOR_INPUT_FLAGS given; says on stderr how many rows were dropped. */
export async function loadVectors(a: ParsedArgs, path: string): Promise<WordVectors> {
  const { vectors, info } = await readVectorFile(path, {
    format: flag.string(a, 'format') as VectorFormat | undefined,
    limit: flag.number(a, 'limit'),
    metadata: flag.string(a, 'metadata'),
    nonFinite: flag.boolean(a, 'drop-nonfinite') ? 'drop' : 'error',
  });
  if (info.dropped > 0) {
    err(`${path}: dropped ${grouped(info.dropped)} row${info.dropped === 1 ? '' : 's'} with NaN or infinite numbers (${info.droppedAt.join(', ')}${info.dropped > info.droppedAt.length ? ', ...' : ''}).`);
  }
  return vectors;
}

/** Plain progress lines at most this often when stderr is not a terminal. */
const PLAIN_EVERY_MS = 5000;

/**
 * Progress of writing a vectors file on stderr (a large text file takes minutes): a redrawn line on
 * a terminal, otherwise a line every few seconds; nothing for a file written in under a second.
 * `stream` and `now` are for tests.
 */
export function writeProgress(
  path: string, quiet = false, stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stderr, now: () => number = Date.now,
): NonNullable<WriteVectorsOptions['onProgress']> {
  const started = now();
  let last = -Infinity;
  const tty = stream.isTTY === true;
  return (done, total) => {
    if (quiet) return;
    const t = now();
    const finished = done === total;
    if (t - started < 1000 || (!finished && t - last < (tty ? 200 : PLAIN_EVERY_MS))) return;
    last = t;
    const line = `Writing ${path}: ${((100 * done) / total).toFixed(0)}% (${grouped(done)} of ${grouped(total)} words)`;
    stream.write(tty ? `\r\x1b[2K${line}${finished ? '\n' : ''}` : `${line}\n`);
  };
}
