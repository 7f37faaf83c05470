import { tokenizeLine } from '../text/tokenize';
import { MAX_WASM_PAGES, WASM_PAGE } from '../train/layout';

/**
 * One pass over the corpus: counts every distinct word and records the corpus as a stream of
 * "raw ids" (ids in order of first appearance, -1 at every line end), so the corpus is tokenized
 * once; after the vocabulary is chosen the raw ids are mapped to vocabulary ids.
 *
 * With `maxWords`, memory stays bounded while counting however many distinct words the corpus
 * has: when there are more, the rarest are pruned as word2vec.c's ReduceVocab does (every word
 * seen at most `minReduce` times is forgotten, then minReduce grows by one), until at most half
 * of maxWords are left. A pruned word seen again starts counting from zero, so the counts of rare
 * words are approximate (never too high); the frequent words a capped vocabulary keeps are
 * counted almost exactly. Pruned words become the raw id PRUNED in the recorded stream.
 */
/** The raw id of every pruned word (once pruning has started): the empty word, never kept. */
export const PRUNED = 0;

export class WordCounter {
  readonly ids = new Map<string, number>();
  readonly words: string[] = [];
  counts = new Float64Array(1024);
  corpusWords = 0;
  sentences = 0;
  /** The raw-id stream, while recording. */
  private stream: IdStream | undefined;
  private pushed = 0;

  /**
   * record: keep the raw-id stream, until it would pass `recordLimit` values; then the stream is
   * dropped and `record` turns false (the corpus is too big to hold: training re-reads it).
   */
  /** Words forgotten by pruning (a word pruned twice counts twice). */
  prunedWords = 0;
  private minReduce = 1;

  /**
   * blockSize: the stream grows by at least this many values at a time. streamStart: the byte
   * offset in its memory where the stream begins (where the training memory wants the encoded
   * corpus, so that it can be encoded in place: see IdStream).
   */
  constructor(
    public record: boolean,
    blockSize = 1 << 20,
    private readonly recordLimit = Infinity,
    private readonly maxWords = Infinity,
    streamStart = 0,
  ) {
    this.stream = record ? new IdStream(streamStart, blockSize) : undefined;
  }

  /** Adds one line (a sentence). */
  addLine(line: string): void {
    const tokens = tokenizeLine(line);
    this.sentences++;
    for (let i = 0; i < tokens.length; i++) {
      const w = tokens[i];
      let id = this.ids.get(w);
      if (id === undefined) {
        id = this.words.length;
        const own = detach(w);
        this.ids.set(own, id);
        this.words.push(own);
        if (id === this.counts.length) {
          const grown = new Float64Array(this.counts.length * 2);
          grown.set(this.counts);
          this.counts = grown;
        }
      }
      this.counts[id]++;
      if (this.record) this.push(id);
      if (this.words.length > this.maxWords) this.prune();
    }
    this.corpusWords += tokens.length;
    if (this.record && tokens.length) this.push(-1);
  }

  /** Distinct words seen: the ones counted now plus the ones pruned (a word pruned twice counts twice). */
  get distinctWords(): number {
    return this.words.length - (this.prunedWords > 0 ? 1 : 0) + this.prunedWords;
  }

  /** Values in the raw-id stream (words and line ends). */
  get streamLength(): number {
    return this.stream?.length ?? 0;
  }

  /** The raw-id stream as a view of its memory (valid until the memory grows); empty when not recording. */
  streamValues(): Int32Array {
    return this.stream?.values() ?? new Int32Array(0);
  }

  /** The recorded stream's memory and place in it, for encoding in place; the counter lets go of it. */
  takeStream(): IdStream | undefined {
    const s = this.stream;
    this.stream = undefined;
    this.record = false;
    return s;
  }

  /** Forgets the rarest words until at most maxWords / 2 are left (see the class comment). */
  private prune(): void {
    const n = this.words.length;
    // Raw id 0 becomes the PRUNED placeholder: the empty word (never a token), count 0.
    if (this.words[PRUNED] !== '') {
      this.words.unshift('');
      const shifted = new Float64Array(this.counts.length + 1);
      shifted.set(this.counts.subarray(0, n), 1);
      this.counts = shifted;
      for (let id = 0; id < n; id++) this.ids.set(this.words[id + 1], id + 1);
      this.remapStream((raw) => raw + 1);
    }
    const remap = new Int32Array(this.words.length);
    while (this.words.length > this.maxWords / 2) {
      let next = 1;
      const len = this.words.length;
      remap.fill(PRUNED);
      for (let id = 1; id < len; id++) {
        const w = this.words[id];
        if (this.counts[id] > this.minReduce) {
          remap[id] = next;
          this.words[next] = w;
          this.counts[next] = this.counts[id];
          this.ids.set(w, next);
          next++;
        } else {
          this.ids.delete(w);
          this.prunedWords++;
        }
      }
      this.words.length = next;
      this.counts.fill(0, next, len);
      this.minReduce++;
      this.remapStream((raw) => remap[raw]);
    }
  }

  private remapStream(f: (raw: number) => number): void {
    if (!this.record) return;
    const b = this.streamValues();
    for (let i = 0; i < b.length; i++) if (b[i] >= 0) b[i] = f(b[i]);
  }

  private push(v: number): void {
    if (++this.pushed > this.recordLimit) {
      // Too big to hold: training re-reads the file. The memory goes with the stream.
      this.record = false;
      this.stream = undefined;
      return;
    }
    this.stream!.push(v);
  }
}

/**
 * The raw-id stream, recorded in a growable shared WebAssembly memory from byte `start` on. The
 * training memory is then this same memory: the coordinator lays the encoded corpus out at
 * `start` and encodes it over the raw ids (encoding never needs more room than the raw stream,
 * give or take a few sentence splits it makes room for first), then grows the memory for the
 * weights. The corpus is thus never held twice, and the raw ids need no garbage collection to go
 * (freed typed arrays stay in the C heap: on the IMDB reviews that was 47 MB more at the peak).
 * Pages are reserved, not touched, by growing: only the values written count in the RSS.
 */
export class IdStream {
  readonly memory: WebAssembly.Memory;
  length = 0;
  private view: Int32Array;

  constructor(readonly start: number, private readonly growBy: number) {
    if (start % 4 !== 0) throw new Error(`IdStream: start ${start} is not a multiple of 4`);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((start + growBy * 4) / WASM_PAGE), maximum: MAX_WASM_PAGES, shared: true });
    this.view = this.int32();
  }

  push(v: number): void {
    if (this.start / 4 + this.length === this.view.length) this.grow(1);
    this.view[this.start / 4 + this.length++] = v;
  }

  /** The values, as a view of the memory (valid until it grows). */
  values(): Int32Array {
    return this.view.subarray(this.start / 4, this.start / 4 + this.length);
  }

  /** Grows the memory to hold at least `bytes` bytes in all; returns the whole memory as int32. */
  ensureBytes(bytes: number): Int32Array {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.grow(Math.ceil((bytes - have) / 4));
    return this.view;
  }

  private grow(values: number): void {
    const pages = this.memory.buffer.byteLength / WASM_PAGE;
    // At least half again what there is: few grows, and untouched pages cost no memory.
    const want = Math.max(Math.ceil((values * 4) / WASM_PAGE), Math.ceil((this.growBy * 4) / WASM_PAGE), Math.ceil(pages / 2));
    const add = Math.min(want, MAX_WASM_PAGES - pages);
    if (add < Math.ceil((values * 4) / WASM_PAGE) || add <= 0) throw new RangeError('the corpus as ids does not fit in a 4 GiB WebAssembly memory');
    this.memory.grow(add);
    this.view = this.int32();
  }

  private int32(): Int32Array {
    return new Int32Array(this.memory.buffer as unknown as SharedArrayBuffer);
  }
}

/**
 * A copy of a word that does not point into its line. V8 returns substrings of 13 characters or
 * more as slices of the whole line, so keeping such a word in the vocabulary would keep its line
 * (kilobytes) alive: on the IMDB reviews that was 60 MB for 4,000 long words.
 */
function detach(word: string): string {
  return word.length < 13 ? word : Buffer.from(word, 'utf8').toString('utf8');
}
