/**
 * A vocabulary as one UTF-8 block (the words joined by "\n"; every vector format refuses line
 * breaks in words), the shape in which words cross between threads: posting millions of JS strings
 * costs the receiving thread as long as it takes to rebuild them, all at once, while a block is
 * one copy (or one transfer), split into strings where they are needed (a worker's own thread).
 */
import { yieldToEventLoop } from '../util/eventLoop';

/** Bytes per slice, and words per slice when packing: small enough that one slice takes a few ms. */
const SLICE_BYTES = 256 << 10;
const SLICE_WORDS = 1 << 15;

/** The words joined by "\n" in UTF-8, encoded a slice at a time with `pause()` after each. */
export async function packWords(words: readonly string[], pause: () => Promise<void> = yieldToEventLoop): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (let i = 0; i < words.length; i += SLICE_WORDS) {
    const part = encoder.encode(words.slice(i, i + SLICE_WORDS).join('\n') + (i + SLICE_WORDS < words.length ? '\n' : ''));
    parts.push(part);
    bytes += part.length;
    if (i + SLICE_WORDS < words.length) await pause();
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/**
 * The `count` words of a block made by packWords (or by the vectors worker), decoded about 256 KB
 * at a time (never the whole block as one string). Without pauses: its callers are workers, on
 * threads nothing else waits on. Throws when the block holds another number of words.
 */
export function unpackWords(blob: Uint8Array, count: number): string[] {
  const out = new WordSplitter(blob, count);
  while (out.next());
  return out.finish();
}

/** Splits a block into words one slice at a time. */
class WordSplitter {
  private readonly words: string[];
  private n = 0;
  private start = 0;
  private readonly decoder = new TextDecoder();

  constructor(private readonly blob: Uint8Array, private readonly count: number) {
    this.words = new Array<string>(count);
    // No words and no bytes: nothing to split (one empty word would be a block of 0 bytes too).
    if (count === 0 && blob.length === 0) this.start = 1;
  }

  /** Decodes the next slice; false when the block is done. */
  next(): boolean {
    const { blob, words } = this;
    if (this.start > blob.length) return false;
    let end = Math.min(blob.length, this.start + SLICE_BYTES);
    if (end < blob.length) {
      const nl = blob.lastIndexOf(0x0a, end);
      const next = blob.indexOf(0x0a, end);
      end = nl >= this.start ? nl : next < 0 ? blob.length : next;
    }
    for (const w of this.decoder.decode(blob.subarray(this.start, end)).split('\n')) {
      if (this.n === this.count) throw new Error(`the word block holds more than ${this.count} words`);
      words[this.n++] = w;
    }
    this.start = end + 1;
    return this.start <= blob.length;
  }

  finish(): string[] {
    if (this.n !== this.count) throw new Error(`the word block holds ${this.n} words for ${this.count} vectors`);
    return this.words;
  }
}
