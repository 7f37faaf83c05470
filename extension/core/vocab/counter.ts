import { tokenizeLine } from '../text/tokenize';

/**
 * One pass over the corpus: counts every distinct word and records the corpus as a stream of
 * "raw ids" (ids in order of first appearance, -1 at every line end), so the corpus is tokenized
 * once; after the vocabulary is chosen the raw ids are mapped to vocabulary ids.
 */
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
  constructor(public record: boolean, private readonly blockSize = 1 << 20, private readonly recordLimit = Infinity) {
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
    }
    this.corpusWords += tokens.length;
    if (this.record && tokens.length) this.push(-1);
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
