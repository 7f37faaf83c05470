/**
 * Where everything lives in the shared WebAssembly memory that every training worker
 * instantiates the kernel over. Byte offsets, 64-byte aligned (a cache line) so that rows and
 * per-worker scratch never share a line with something another worker writes.
 */

/** Sentences longer than this many vocabulary words are split (gensim's limit, MAX_WORDS_IN_BATCH). */
export const MAX_SENTENCE = 10000;
/** The sigmoid and loss tables, as word2vec.c's: x in [-6, 6) in 1000 steps. */
export const EXP_TABLE_SIZE = 1000;
export const MAX_EXP = 6;
/** The most negative samples per pair the kernel's scratch holds (OPTION_RANGES.negative.max). */
export const MAX_NEGATIVE = 100;
/** Bytes left at the bottom for the AssemblyScript module's own data. */
export const RESERVED = 65536;
/** Bytes in a WebAssembly memory page, the unit memories are sized and grown in. */
export const WASM_PAGE = 65536;
/** The most pages a WebAssembly (wasm32) memory can have. */
export const MAX_WASM_PAGES = 65536;

export interface MemoryLayout {
  vocab: number;
  dim: number;
  /** Floats per row: dim rounded up to a multiple of 4 (whole f32x4 steps; the padding stays 0). */
  stride: number;
  threads: number;
  cancel: number;
  sigTable: number;
  lossPosTable: number;
  lossNegTable: number;
  keepTable: number;
  negTable: number;
  /** Hierarchical softmax: the Huffman tree's offsets (vocab + 1), points and codes (treeLength each); i32. */
  treeOffsets: number;
  treePoints: number;
  treeCodes: number;
  syn0: number;
  syn1: number;
  ids: number;
  idsLength: number;
  /** Bytes per id of the encoded corpus and of the streaming chunks: 2 when the vocabulary fits (see idBytesFor), else 4. */
  idBytes: 2 | 4;
  /** Per worker: the sentence, hidden vector, its gradient, softmax scores, and (streaming) the chunk being trained. */
  scratch: { sen: number; neu1: number; neu1e: number; scores: number; negs: number; chunk: number }[];
  bytes: number;
  pages: number;
}

const align = (n: number): number => Math.ceil(n / 64) * 64;

/** Where the encoded corpus starts in the training memory, whatever the vocabulary and dimensions. */
export const IDS_OFFSET = RESERVED + 64;

/** The largest vocabulary whose ids fit in 16 bits: ids 0 .. 0xfffe, and 0xffff (-1 as int16) ends a sentence. */
export const MAX_U16_VOCAB = 0xffff;

/**
 * Bytes per id of the corpus in memory: 2 when the vocabulary fits in 16 bits, which halves the
 * corpus (the IMDB reviews: 12M ids, 24 MB instead of 48), else 4.
 */
export function idBytesFor(vocab: number): 2 | 4 {
  return vocab <= MAX_U16_VOCAB ? 2 : 4;
}

/**
 * idsLength: the encoded corpus held in memory (0 when training re-reads the file); chunkCapacity:
 * ids per worker chunk when streaming; idBytes: 4 to force 32-bit ids (tests compare the two).
 */
export function memoryLayout(vocab: number, dim: number, idsLength: number, threads: number, chunkCapacity = 0, treeLength = 0,
  idBytes: 2 | 4 = idBytesFor(vocab)): MemoryLayout {
  if (idBytes === 2 && vocab > MAX_U16_VOCAB) throw new Error(`memoryLayout: ${vocab} words do not fit in 16-bit ids`);
  const stride = Math.ceil(dim / 4) * 4;
  let at = RESERVED;
  const take = (bytes: number): number => {
    const start = at;
    at = align(at + bytes);
    return start;
  };
  const cancel = take(64);
  // The corpus first, at a place that depends on nothing else (IDS_OFFSET): the corpus is recorded
  // there while it is read, before the vocabulary is known, and encoded in place (IdStream).
  const ids = take(idsLength * idBytes);
  const sigTable = take(EXP_TABLE_SIZE * 4);
  const lossPosTable = take(EXP_TABLE_SIZE * 4);
  const lossNegTable = take(EXP_TABLE_SIZE * 4);
  const keepTable = take(vocab * 4);
  const negTable = take(vocab * 8);
  const treeOffsets = take(treeLength > 0 ? (vocab + 1) * 4 : 0);
  const treePoints = take(treeLength * 4);
  const treeCodes = take(treeLength * 4);
  const syn0 = take(vocab * stride * 4);
  const syn1 = take(vocab * stride * 4);
  const scratch = [];
  for (let t = 0; t < threads; t++) {
    scratch.push({ sen: take(MAX_SENTENCE * 4), neu1: take(stride * 4), neu1e: take(stride * 4), scores: take(vocab * 4), negs: take((MAX_NEGATIVE + 1) * 8), chunk: take(chunkCapacity * idBytes) });
  }
  const bytes = at;
  return {
    vocab, dim, stride, threads, cancel, sigTable, lossPosTable, lossNegTable, keepTable, negTable, treeOffsets, treePoints, treeCodes,
    syn0, syn1, ids, idsLength, idBytes, scratch, bytes, pages: Math.ceil(bytes / WASM_PAGE),
  };
}

/** The encoded ids (or a streaming chunk) at byte `offset`, as the layout's width stores them. */
export function idsView(mem: ArrayBufferLike, offset: number, length: number, idBytes: 2 | 4): EncodedIds {
  return idBytes === 2 ? new Uint16Array(mem, offset, length) : new Int32Array(mem, offset, length);
}

/** A corpus as vocabulary ids, 16 or 32 bits each; a sentence ends with -1 (0xffff in 16 bits: see wordAt). */
export type EncodedIds = Int32Array | Uint16Array;

/** The value that ends a sentence in `ids`: -1, or 0xffff (-1 as int16) in 16-bit ids. */
export function sentenceEnd(ids: EncodedIds): number {
  return ids instanceof Uint16Array ? MAX_U16_VOCAB : -1;
}

/** The id at p, or -1 at a sentence end, whichever the width. */
export function wordAt(ids: EncodedIds, p: number): number {
  const v = ids[p];
  return v === sentenceEnd(ids) ? -1 : v;
}

/** The largest WebAssembly (wasm32) memory: 4 GiB. */
export const MAX_MEMORY_BYTES = MAX_WASM_PAGES * WASM_PAGE;

/** Fills the sigmoid table and the per-pair loss tables (-log sigmoid(+-x)) at the same points. */
export function fillTables(mem: ArrayBuffer | SharedArrayBuffer, layout: Pick<MemoryLayout, 'sigTable' | 'lossPosTable' | 'lossNegTable'>): void {
  const sig = new Float32Array(mem, layout.sigTable, EXP_TABLE_SIZE);
  const pos = new Float32Array(mem, layout.lossPosTable, EXP_TABLE_SIZE);
  const neg = new Float32Array(mem, layout.lossNegTable, EXP_TABLE_SIZE);
  for (let i = 0; i < EXP_TABLE_SIZE; i++) {
    // word2vec.c's table: index i stands for x = (2i / SIZE - 1) * MAX_EXP.
    const x = ((2 * i) / EXP_TABLE_SIZE - 1) * MAX_EXP;
    sig[i] = 1 / (1 + Math.exp(-x));
    pos[i] = Math.log1p(Math.exp(-x)); // -log sigmoid(x)
    neg[i] = Math.log1p(Math.exp(x)); // -log sigmoid(-x)
  }
}

/** A weight matrix without its row padding: vocab x dim, row-major, into `out` (or a new array). */
export function unpadRows(m: Float32Array, layout: Pick<MemoryLayout, 'vocab' | 'dim' | 'stride'>, out: Float32Array = new Float32Array(layout.vocab * layout.dim)): Float32Array {
  for (let w = 0; w < layout.vocab; w++) out.set(m.subarray(w * layout.stride, w * layout.stride + layout.dim), w * layout.dim);
  return out;
}
