import { tokenizeLine } from '../text/tokenize';

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
  /** The raw-id stream in blocks (no single huge array, no copy on growth). Omitted when not recording. */
  readonly blocks: Int32Array[] = [];
  private block: Int32Array;
  private fill = 0;
  private pushed = 0;

  /**
   * record: keep the raw-id stream, until it would pass `recordLimit` values; then the stream is
   * dropped and `record` turns false (the corpus is too big to hold: training re-reads it).
   */
  /** Words forgotten by pruning (a word pruned twice counts twice). */
  prunedWords = 0;
  private minReduce = 1;

  constructor(
    public record: boolean,
    private readonly blockSize = 1 << 20,
    private readonly recordLimit = Infinity,
    private readonly maxWords = Infinity,
  ) {
    this.block = new Int32Array(record ? blockSize : 0);
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
    return this.blocks.length * this.blockSize + this.fill;
  }

  /** The raw-id stream, block by block (the last one partly filled). */
  *streamBlocks(): Generator<Int32Array> {
    for (const b of this.blocks) yield b;
    yield this.block.subarray(0, this.fill);
  }

  /** The raw-id stream once more, letting go of each block after it is read (to keep the peak memory down). */
  *drainBlocks(): Generator<Int32Array> {
    while (this.blocks.length) yield this.blocks.shift()!;
    const last = this.block.subarray(0, this.fill);
    this.block = new Int32Array(0);
    this.fill = 0;
    this.record = false;
    yield last;
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
    for (const b of this.streamBlocks()) {
      for (let i = 0; i < b.length; i++) if (b[i] >= 0) b[i] = f(b[i]);
    }
  }

  private push(v: number): void {
    if (++this.pushed > this.recordLimit) {
      this.record = false;
      this.blocks.length = 0;
      this.block = new Int32Array(0);
      this.fill = 0;
      return;
    }
    if (this.fill === this.blockSize) {
      this.blocks.push(this.block);
      this.block = new Int32Array(this.blockSize);
      this.fill = 0;
    }
    this.block[this.fill++] = v;
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
