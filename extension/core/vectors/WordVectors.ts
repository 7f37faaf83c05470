import { UserInputError } from '../errors';
import type { TrainResult } from '../train/types';
import { UnitMatrix } from './unitMatrix';
import { PackedVocab } from './packedVocab';
import { WordIndex } from './wordIndex';

export interface Neighbour {
  word: string;
  /** Cosine similarity to the query. */
  similarity: number;
}

/**
 * A vocabulary with one vector per word (row-major `words.length x dim`), as trained or as read from
 * a word2vec file, with cosine nearest neighbours and analogies. The order of `words` is the file's
 * (or the engine's) order, which by word2vec convention is by descending frequency; "the N most
 * frequent words" below means the first N rows.
 *
 * The vectors are treated as immutable: the unit-length copy used by the queries is computed on
 * first use and cached.
 */
export class WordVectors {
  private index: WordIndex | undefined;
  private unit: UnitMatrix | undefined;
  private wordList: string[] | undefined;
  /** The words as one UTF-8 block with its own index, built on the first lookup (loaded vectors; see packedVocab.ts). */
  private vocab: PackedVocab | undefined;
  private readonly count: number;

  constructor(
    /**
     * The words; or (see fromPackedWords) the words as one UTF-8 block and their count; or a
     * PackedVocab (the file readers': one block, no string per word, its compact index built on the first lookup).
     */
    words: string[] | { packed: Uint8Array; count: number } | PackedVocab,
    readonly dim: number,
    readonly vectors: Float32Array,
    readonly counts?: number[],
  ) {
    if (Array.isArray(words)) this.wordList = words;
    else if (words instanceof PackedVocab) this.vocab = words;
    else this.vocab = PackedVocab.fromBlock(words.packed, words.count);
    const count = Array.isArray(words) ? words.length : words instanceof PackedVocab ? words.size : words.count;
    this.count = count;
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
    if (vectors.length !== count * dim) {
      throw new RangeError(`vectors has ${vectors.length} numbers; ${count} words x ${dim} dims needs ${count * dim}`);
    }
    if (counts && counts.length !== count) throw new RangeError(`counts has ${counts.length} entries for ${count} words`);
  }

  /**
   * Vectors whose words are one UTF-8 block (packedWords.ts), as they cross between threads: no
   * string is made until `words` (or a lookup) is first used, so a thread that only passes the
   * model on (the extension host, to the query worker) never builds, nor collects, millions of
   * strings.
   */
  static fromPackedWords(packed: Uint8Array, count: number, dim: number, vectors: Float32Array, counts?: number[]): WordVectors {
    return new WordVectors({ packed, count }, dim, vectors, counts);
  }

  /**
   * The words, row by row. For vectors whose words are one block (read from a file, or
   * fromPackedWords) every string is made on first use: ask `word(i)` for one word.
   */
  get words(): string[] {
    this.wordList ??= this.vocab!.all();
    return this.wordList;
  }

  /** Word `i` (0-based row), decoding only that one from a block. */
  word(i: number): string {
    return this.wordList ? this.wordList[i] : this.vocab!.word(i);
  }

  /** The words as one UTF-8 block (joined by "\n") when the vectors keep them so (read from a file, or fromPackedWords), else undefined. */
  get packedWords(): Uint8Array | undefined {
    return this.vocab?.block;
  }

  static fromTrainResult(r: TrainResult): WordVectors {
    return new WordVectors(r.words, r.dim, r.vectors, r.counts);
  }

  get size(): number {
    return this.count;
  }

  /** The row of `word`, or -1. Exact match (the engine's vocabulary is already lower-cased). */
  indexOf(word: string): number {
    if (this.vocab) return this.vocab.get(word);
    if (!this.index) {
      const m = new WordIndex(this.words, this.words.length);
      // First occurrence wins, as gensim does with duplicate words.
      this.words.forEach((w, i) => m.add(w, i));
      this.index = m;
    }
    return this.index.get(word) ?? -1;
  }

  has(word: string): boolean {
    return this.indexOf(word) >= 0;
  }

  /** The raw vector of `word` (a view, do not modify), or undefined. */
  vector(word: string): Float32Array | undefined {
    const i = this.indexOf(word);
    return i < 0 ? undefined : this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** Rows scaled to unit length (zero rows stay zero), computed once, in the memory the scoring kernel reads. */
  normalized(): Float32Array {
    return this.unitMatrix().rows;
  }

  private unitMatrix(): UnitMatrix {
    if (!this.unit) {
      const { dim, vectors } = this;
      const m = new UnitMatrix(this.count, dim);
      const unit = m.rows;
      for (let r = 0, off = 0; r < this.count; r++, off += dim) {
        let ss = 0;
        for (let j = 0; j < dim; j++) ss += vectors[off + j] * vectors[off + j];
        const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
        for (let j = 0; j < dim; j++) unit[off + j] = vectors[off + j] * inv;
      }
      m.finish();
      this.unit = m;
    }
    return this.unit;
  }

  /** Cosine similarity of two words' vectors (0 when either vector is zero). */
  similarity(a: string, b: string): number {
    const ia = this.require(a);
    const ib = this.require(b);
    const u = this.normalized();
    const d = this.dim;
    let s = 0;
    for (let j = 0; j < d; j++) s += u[ia * d + j] * u[ib * d + j];
    return s;
  }

  /** The row of `word`, or a UserInputError saying it is not in the vocabulary. */
  require(word: string): number {
    const i = this.indexOf(word);
    if (i < 0) throw new UserInputError(`"${word}" is not in the vocabulary (${this.size} words). Check the spelling, or train with a lower min-count.`);
    return i;
  }

  /** The k words most similar to `word` by cosine, excluding `word` itself. Throws UserInputError for an unknown word. */
  neighbours(word: string, k: number): Neighbour[] {
    const i = this.require(word);
    const u = this.normalized();
    return this.neighboursOfVector(u.subarray(i * this.dim, (i + 1) * this.dim), k, [i]);
  }

  /**
   * The k rows most similar by cosine to the vector `v` (any length; it is normalised here), skipping
   * the row indices in `exclude`, searching only the first `restrict` rows when given.
   */
  neighboursOfVector(v: ArrayLike<number>, k: number, exclude: number[] = [], restrict?: number): Neighbour[] {
    return this.neighboursOfVectors([v], k, [exclude], restrict)[0];
  }

  /**
   * neighboursOfVector for many queries; `excludes[i]` applies to query i. Each query is a search
   * of the unit matrix by the SIMD kernels (exact float32 scores, as gensim's; see UnitMatrix).
   */
  neighboursOfVectors(queries: ArrayLike<number>[], k: number, excludes: number[][] = [], restrict?: number): Neighbour[][] {
    const d = this.dim;
    const n = restrict === undefined ? this.size : Math.min(this.size, Math.max(0, Math.floor(restrict)));
    const kk = Math.min(Math.max(0, Math.floor(k)), n);
    const m = this.unitMatrix();
    const q = new Float64Array(d);
    return queries.map((v, i) => {
      if (v.length !== d) throw new RangeError(`query vector has ${v.length} dims, the vectors have ${d}`);
      let ss = 0;
      for (let j = 0; j < d; j++) ss += v[j] * v[j];
      const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
      for (let j = 0; j < d; j++) q[j] = v[j] * inv;
      const top = m.top(q, n, kk, new Set(excludes[i] ?? []));
      return top.map(({ id, score }) => ({ word: this.word(id), similarity: score }));
    });
  }

  /**
   * "a is to b as c is to ?" by 3CosAdd (Mikolov et al. 2013, as gensim's most_similar): the words
   * nearest by cosine to unit(b) - unit(a) + unit(c), excluding a, b and c, searching only the
   * `restrict` most frequent words when given. Throws UserInputError for an unknown word.
   * (queries.ts has the general form: several positive and negative words, and 3CosMul.)
   */
  analogy(a: string, b: string, c: string, k: number, restrict?: number): Neighbour[] {
    const ia = this.require(a), ib = this.require(b), ic = this.require(c);
    return this.neighboursOfVector(this.analogyQuery(ia, ib, ic), k, [ia, ib, ic], restrict);
  }

  /** The 3CosAdd query vector unit(b) - unit(a) + unit(c) for rows a, b, c. */
  analogyQuery(ia: number, ib: number, ic: number): Float64Array {
    return this.combination([ib, ic], [ia]);
  }

  /** The sum of the unit vectors of rows `plus` minus those of rows `minus` (gensim's weighted mean, up to its length). */
  combination(plus: number[], minus: number[]): Float64Array {
    const d = this.dim;
    const u = this.normalized();
    const q = new Float64Array(d);
    for (const r of plus) for (let j = 0; j < d; j++) q[j] += u[r * d + j];
    for (const r of minus) for (let j = 0; j < d; j++) q[j] -= u[r * d + j];
    return q;
  }
}
