import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { UserInputError } from '../errors';
import type { CorpusSource } from '../train/types';
import { statInputFile } from '../util/inputFile';

/**
 * Streams a corpus as batches of lines: a file through fs.createReadStream in chunks (a
 * multi-gigabyte file is never one string), or text already in memory (an unsaved buffer).
 * Lines end at \n, \r\n or \r. A line longer than MAX_LINE_CHARS (text8 is one 100 MB line) is cut
 * at a space into several lines, which only adds sentence ends.
 * Rejects with a UserInputError for a missing file, a directory, a binary (or UTF-16) file and
 * an input with nothing but whitespace.
 */

const CHUNK_BYTES = 1 << 20;
const MAX_LINE_CHARS = 1 << 20;

export function corpusName(source: CorpusSource): string {
  return source.kind === 'file' ? source.path : source.name;
}

/** The corpus size in bytes (for progress), checking that a file exists and is a file. */
export async function corpusSize(source: CorpusSource): Promise<number> {
  if (source.kind === 'text') return source.text.length;
  return (await statInputFile(source.path, 'corpus file')).size;
}

/**
 * Why the first chunk of a file does not look like UTF-8 text, or undefined when it does: NUL
 * bytes (binary files, UTF-16), or more than 1% of the characters invalid UTF-8.
 */
export function binaryReason(first: Uint8Array): string | undefined {
  const n = Math.min(first.length, 65536);
  for (let i = 0; i < n; i++) if (first[i] === 0) return 'it contains NUL bytes (a binary file, or UTF-16 text)';
  const text = new TextDecoder('utf-8').decode(first.subarray(0, n));
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  // The chunk may end inside a character: one replacement at the end is not evidence.
  if (bad > 1 && bad > text.length * 0.01) return `${bad} of its first ${text.length} characters are not valid UTF-8`;
  return undefined;
}

/** Splits text arriving in pieces into lines; keeps an unfinished line across pieces. */
export class LineSplitter {
  private pending: string[] = [];
  private pendingChars = 0;
  private lastWasCR = false;
  sawText = false;

  push(text: string, out: string[]): void {
    if (!this.sawText && /\S/.test(text)) this.sawText = true;
    let pos = 0;
    // A \r\n split across two pieces: the \n ends no new line.
    if (this.lastWasCR && text.charCodeAt(0) === 10) pos = 1;
    this.lastWasCR = false;
    for (;;) {
      const nl = nextLineEnd(text, pos);
      if (nl < 0) break;
      this.pending.push(text.slice(pos, nl));
      out.push(this.take());
      if (text.charCodeAt(nl) === 13) {
        if (nl + 1 < text.length) pos = text.charCodeAt(nl + 1) === 10 ? nl + 2 : nl + 1;
        else { this.lastWasCR = true; pos = nl + 1; }
      } else pos = nl + 1;
    }
    if (pos < text.length) {
      const rest = text.slice(pos);
      this.pending.push(rest);
      this.pendingChars += rest.length;
      if (this.pendingChars > MAX_LINE_CHARS) this.cutLongLine(out);
    }
  }

  end(out: string[]): void {
    if (this.pending.length) out.push(this.take());
  }

  private take(): string {
    const line = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    return line;
  }

  private cutLongLine(out: string[]): void {
    const text = this.take();
    const cut = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\t'));
    if (cut <= 0) { out.push(text); return; }
    out.push(text.slice(0, cut));
    this.pending.push(text.slice(cut + 1));
    this.pendingChars = text.length - cut - 1;
  }
}

function nextLineEnd(text: string, from: number): number {
  const n = text.indexOf('\n', from);
  const r = text.indexOf('\r', from);
  if (r < 0) return n;
  if (n < 0) return r;
  return Math.min(n, r);
}

/**
 * Yields the corpus's lines in batches (one batch per chunk read). `onBytes(done, total)` reports
 * progress through the input. Rejects with a UserInputError as described above. `checkedSize`:
 * the file's size from the caller's own statInputFile of it (the training coordinator's one stat
 * at the start of a run), so that it is not statted again here.
 */
export async function* readCorpusLines(
  source: CorpusSource,
  onBytes?: (done: number, total: number) => void,
  checkedSize?: number,
): AsyncGenerator<string[]> {
  const total = checkedSize ?? await corpusSize(source);
  const name = corpusName(source);
  const splitter = new LineSplitter();
  let done = 0;
  if (source.kind === 'text') {
    const nul = source.text.indexOf('\0');
    if (nul >= 0) throw new UserInputError(`The text ${name} contains NUL characters; it does not look like text.`);
    for (let pos = 0; pos < source.text.length; pos += CHUNK_BYTES) {
      const out: string[] = [];
      splitter.push(source.text.slice(pos, pos + CHUNK_BYTES), out);
      done = Math.min(source.text.length, pos + CHUNK_BYTES);
      onBytes?.(done, total);
      if (out.length) yield out;
    }
  } else {
    const decoder = new StringDecoder('utf8');
    const stream = createReadStream(source.path, { highWaterMark: CHUNK_BYTES });
    let first = true;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (first) {
          first = false;
          const why = binaryReason(chunk);
          if (why) throw new UserInputError(`The corpus ${name} does not look like UTF-8 text: ${why}. Give a plain text file.`);
        }
        done += chunk.length;
        const out: string[] = [];
        splitter.push(decoder.write(chunk), out);
        onBytes?.(done, total);
        if (out.length) yield out;
      }
    } catch (e) {
      if (e instanceof UserInputError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserInputError(code === 'EISDIR'
        ? `The corpus ${name} is a directory; give a text file.`
        : `Cannot read the corpus ${name} (${code ?? String(e)}).`);
    } finally {
      stream.destroy();
    }
    const out: string[] = [];
    splitter.push(decoder.end(), out);
    splitter.end(out);
    if (out.length) yield out;
    if (!splitter.sawText) throw new UserInputError(`The corpus ${name} is empty (or only whitespace). Give a file with text in it.`);
    return;
  }
  const out: string[] = [];
  splitter.end(out);
  if (out.length) yield out;
  if (!splitter.sawText) throw new UserInputError(`The text ${name} is empty (or only whitespace). Type or open some text first.`);
}
