/**
 * Word -> row for a vocabulary given as strings (trained vectors, or words made by `words`): an
 * open-addressing hash table of row numbers (an Int32Array, about 8 bytes a word), with the words
 * themselves compared on a hit. A JS Map of 3 million strings takes about 3 times the memory and
 * inserts several times slower. Vectors read from a file keep no strings: see packedVocab.ts.
 */
export class WordIndex {
  private table: Int32Array;
  private mask: number;
  private count = 0;

  constructor(private readonly words: readonly string[], expected = 16) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** FNV-1a over the UTF-16 code units. */
  private static hash(word: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  get(word: string): number | undefined {
    const { table, mask, words } = this;
    for (let i = WordIndex.hash(word) & mask; ; i = (i + 1) & mask) {
      const row = table[i];
      if (row < 0) return undefined;
      if (words[row] === word) return row;
    }
  }

  /** Adds `word` at `row` (words[row] must already be it) unless present; returns the row it already had, or undefined. */
  add(word: string, row: number): number | undefined {
    if (2 * (this.count + 1) > this.table.length) this.grow();
    const { table, mask, words } = this;
    for (let i = WordIndex.hash(word) & mask; ; i = (i + 1) & mask) {
      const r = table[i];
      if (r < 0) {
        table[i] = row;
        this.count++;
        return undefined;
      }
      if (words[r] === word) return r;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2).fill(-1);
    this.mask = this.table.length - 1;
    for (const row of old) {
      if (row < 0) continue;
      let i = WordIndex.hash(this.words[row]) & this.mask;
      while (this.table[i] >= 0) i = (i + 1) & this.mask;
      this.table[i] = row;
    }
  }
}
