/**
 * A real window of the user's corpus for the gradient explorer: a center word and the words within
 * `window` of it on the same line (a line is a sentence, as in training), tokenized with the one
 * tokenizer of the project so every word maps to its vocabulary entry.
 *
 * Why chunks: the open corpus can be a 100 MB file on one line (text8), and this runs on the
 * extension host's thread, so it tokenizes only a few KB around seeded random positions instead
 * of the whole text.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { readFully } from '../util/readFully';
import { UserInputError, check } from '../errors';
import { Rng } from '../math/random';
import { tokenizeLine, WORD_CHAR } from '../text/tokenize';

/** How the words map to rows: a WordVectors (indexOf), a Map word -> row, or the words in row order. */
export type VocabularyLookup = { indexOf(word: string): number } | ReadonlyMap<string, number> | readonly string[];

export interface CorpusWindow {
  center: string;
  centerIdx: number;
  /** The in-vocabulary context words, in corpus order (both sides of the center). */
  context: string[];
  contextIdxs: number[];
  /** True when every word of the window (center and context) is in the vocabulary. */
  allInVocabulary: boolean;
  /** Words of the window left out of `context` because the vocabulary lacks them. */
  outOfVocabulary: string[];
  /** The window as text, the center in brackets: "the quick [brown] fox jumps". */
  text: string;
  /** For a text corpus: the UTF-16 offset of the center word in it (approximate in the rare words whose lower case has another length). */
  offset?: number;
}

/** Characters read on each side of a random position (a window of 2 x 100 words fits easily). */
const CHUNK_CHARS = 2000;
/** Tokens read on each side of a random position of a token array. */
const CHUNK_TOKENS = 400;
/** Random chunks tried before the sequential scan. */
const RANDOM_CHUNKS = 16;
/** The sequential fallback scan reads at most this much of a text or file (or this many tokens x 8). */
const SCAN_LIMIT_CHARS = 8_000_000;

interface Chunk {
  words: string[];
  /** UTF-16 offset of each word in the text (text corpora only). */
  offsets?: number[];
  /** The chunk starts / ends at a line boundary (else a window must fit inside the chunk). */
  atStart: boolean;
  atEnd: boolean;
}

interface Candidate {
  chunk: Chunk;
  pos: number;
  from: number;
  to: number;
  ids: number[];
  score: number;
}

function toLookup(v: VocabularyLookup): (word: string) => number {
  if (v instanceof Map) return (w) => v.get(w) ?? -1;
  if (Array.isArray(v)) {
    const m = new Map<string, number>();
    (v as readonly string[]).forEach((w, i) => { if (!m.has(w)) m.set(w, i); });
    return (w) => m.get(w) ?? -1;
  }
  const o = v as { indexOf(word: string): number };
  check(typeof o.indexOf === 'function', 'The vocabulary must be a WordVectors, a Map from word to row, or an array of words.');
  return (w) => o.indexOf(w);
}

/** Keeps the best window of the chunks it is shown; done once a full all-in-vocabulary window turned up. */
class Picker {
  private best: Candidate | undefined;
  private readonly lookup: (word: string) => number;
  readonly rng: Rng;

  constructor(vocabulary: VocabularyLookup, private readonly window: number, seed: number) {
    check(Number.isInteger(window) && window >= 1 && window <= 100, `The window must be an integer from 1 to 100, got ${window}.`);
    check(Number.isFinite(seed), `The seed must be a finite number, got ${seed}.`);
    this.lookup = toLookup(vocabulary);
    this.rng = new Rng(seed);
  }

  /** True when no better window can turn up. */
  consider(chunk: Chunk): boolean {
    const c = bestInChunk(chunk, this.lookup, this.window, this.rng);
    if (c && (!this.best || c.score > this.best.score)) this.best = c;
    return this.best !== undefined && this.best.score >= BONUS + 2 * this.window;
  }

  get found(): boolean {
    return this.best !== undefined;
  }

  result(): CorpusWindow {
    if (!this.best) {
      throw new UserInputError('No window of the corpus has a center word and a context word in the model\'s vocabulary; open the text the model was trained on, or train on this one.');
    }
    return toWindow(this.best);
  }
}

/**
 * A seeded real window of the corpus (a text, or its tokens as one sentence). Prefers a window
 * whose words are all in the vocabulary (the window the model was trained on); if the random
 * chunks hold none, the window with the most in-vocabulary words, listing the others in
 * `outOfVocabulary`. Context words are at most `window` positions from the center, on the same line.
 */
export function pickCorpusWindow(corpus: string | readonly string[], vocabulary: VocabularyLookup, window: number, seed: number): CorpusWindow {
  check(typeof corpus === 'string' || Array.isArray(corpus), 'The corpus must be a text or an array of tokens.');
  const picker = new Picker(vocabulary, window, seed);
  const len = corpus.length;
  if (len === 0) throw new UserInputError('The corpus is empty; open a text file with some words to pick a window from.');
  let done = false;
  for (let t = 0; t < RANDOM_CHUNKS && !done; t++) {
    const pos = picker.rng.int(len);
    done = picker.consider(typeof corpus === 'string' ? textChunk(corpus, pos - CHUNK_CHARS, pos + CHUNK_CHARS) : tokenChunk(corpus, pos));
  }
  // Nothing at all in the random chunks (a vocabulary that barely covers this text): read it in order.
  if (!picker.found) {
    if (typeof corpus === 'string') {
      for (let lo = 0; lo < Math.min(len, SCAN_LIMIT_CHARS) && !picker.found;) {
        let lineEnd = corpus.indexOf('\n', lo);
        if (lineEnd < 0) lineEnd = len;
        const hi = Math.min(lineEnd, lo + 2 * CHUNK_CHARS);
        picker.consider(textChunk(corpus, lo, hi));
        lo = hi === lineEnd ? lineEnd + 1 : hi;
      }
    } else {
      for (let lo = 0; lo < Math.min(len, SCAN_LIMIT_CHARS / 8) && !picker.found; lo += 2 * CHUNK_TOKENS) picker.consider(tokenChunk(corpus, lo + CHUNK_TOKENS));
    }
  }
  return picker.result();
}

/** Bytes read on each side of a random position of a corpus file. */
const CHUNK_BYTES = 4096;
/** Bytes per read of the sequential fallback scan of a file. */
const SCAN_BYTES = 1 << 16;

/**
 * The same, reading a few KB at random positions of a UTF-8 corpus file (the file a model was
 * trained on can be 100 MB; it is never read whole, and never written). `offset` is not set.
 */
export async function pickCorpusWindowFromFile(path: string, vocabulary: VocabularyLookup, window: number, seed: number): Promise<CorpusWindow> {
  const picker = new Picker(vocabulary, window, seed);
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserInputError(code === 'ENOENT' ? `The corpus file ${path} does not exist; open or pick another file.` : `The corpus file ${path} cannot be read (${code ?? String(e)}).`);
  }
  try {
    const size = (await fh.stat()).size;
    if (size === 0) throw new UserInputError(`The corpus file ${path} is empty; pick a file with some words.`);
    let done = false;
    for (let t = 0; t < RANDOM_CHUNKS && !done; t++) {
      const pos = picker.rng.int(size);
      const piece = await readPiece(fh, pos - CHUNK_BYTES, pos + CHUNK_BYTES, size);
      done = picker.consider(fileChunk(piece.text, piece));
    }
    for (let lo = 0; !picker.found && lo < Math.min(size, SCAN_LIMIT_CHARS); lo += SCAN_BYTES) {
      const piece = await readPiece(fh, lo, lo + SCAN_BYTES, size);
      const lines = piece.text.split('\n');
      lines.forEach((line, i) => picker.consider(fileChunk(line, {
        startIsLineStart: i > 0 || piece.startIsLineStart, endIsLineEnd: i < lines.length - 1 || piece.endIsLineEnd,
      })));
    }
  } finally {
    await fh.close();
  }
  return picker.result();
}

/** A piece of a file as a chunk; its offsets are into the piece, not the file, so they are dropped. */
function fileChunk(text: string, edges: { startIsLineStart: boolean; endIsLineEnd: boolean }): Chunk {
  const c = textChunk(text, 0, text.length, edges);
  delete c.offsets;
  return c;
}

/**
 * The text of file bytes [lo, hi), trimmed to whitespace at edges inside the file (a cut word, or a
 * cut UTF-8 sequence, is not a word of the text), with whether its ends are line ends.
 */
async function readPiece(fh: FileHandle, lo: number, hi: number, size: number): Promise<{ text: string; startIsLineStart: boolean; endIsLineEnd: boolean }> {
  lo = Math.max(0, lo);
  hi = Math.min(size, hi);
  const buf = Buffer.alloc(hi - lo);
  // readFully: one short read (a network file system's) is not the end of the file.
  const bytesRead = await readFully(fh, buf, 0, buf.length, lo);
  let text = buf.subarray(0, bytesRead).toString('utf8');
  let startIsLineStart = lo === 0;
  let endIsLineEnd = lo + bytesRead >= size;
  if (!endIsLineEnd) {
    const j = text.search(/\s\S*$/);
    if (j < 0) return { text: '', startIsLineStart: false, endIsLineEnd: false };
    endIsLineEnd = text[j] === '\n';
    text = text.slice(0, j);
  }
  if (!startIsLineStart) {
    const i = text.search(/\s/);
    if (i < 0) return { text: '', startIsLineStart: false, endIsLineEnd: false };
    startIsLineStart = text[i] === '\n';
    text = text.slice(i + 1);
  }
  return { text, startIsLineStart, endIsLineEnd };
}

/** Score bonus of a window whose words are all in the vocabulary: it beats any partial window. */
const BONUS = 1000;

/** The best window centered in the chunk: all in vocabulary first, then the most context words; ties broken at random. */
function bestInChunk(chunk: Chunk, lookup: (w: string) => number, window: number, rng: Rng): Candidate | undefined {
  const n = chunk.words.length;
  const ids = chunk.words.map(lookup);
  let best: Candidate | undefined;
  let ties = 0;
  for (let p = 0; p < n; p++) {
    if (ids[p] < 0) continue;
    // A window must not run past a chunk edge that is not a line edge (it would be cut short).
    if ((p - window < 0 && !chunk.atStart) || (p + window >= n && !chunk.atEnd)) continue;
    const from = Math.max(0, p - window);
    const to = Math.min(n - 1, p + window);
    let inVocab = 0;
    for (let j = from; j <= to; j++) if (j !== p && ids[j] >= 0) inVocab++;
    if (inVocab === 0) continue;
    const score = inVocab + (inVocab === to - from ? BONUS : 0);
    if (!best || score > best.score) {
      best = { chunk, pos: p, from, to, ids, score };
      ties = 1;
    } else if (score === best.score && rng.int(++ties) === 0) {
      best = { chunk, pos: p, from, to, ids, score }; // reservoir sampling: each tie equally likely
    }
  }
  return best;
}

function toWindow(c: Candidate): CorpusWindow {
  const { chunk, pos, from, to, ids } = c;
  const context: string[] = [];
  const contextIdxs: number[] = [];
  const outOfVocabulary: string[] = [];
  const shown: string[] = [];
  for (let j = from; j <= to; j++) {
    const w = chunk.words[j];
    shown.push(j === pos ? `[${w}]` : w);
    if (j === pos) continue;
    if (ids[j] >= 0) {
      context.push(w);
      contextIdxs.push(ids[j]);
    } else {
      outOfVocabulary.push(w);
    }
  }
  const out: CorpusWindow = {
    center: chunk.words[pos], centerIdx: ids[pos], context, contextIdxs,
    allInVocabulary: outOfVocabulary.length === 0, outOfVocabulary, text: shown.join(' '),
  };
  if (chunk.offsets) out.offset = chunk.offsets[pos];
  return out;
}

/**
 * The words of text[lo, hi) clipped to the line around the middle, without words cut at the ends.
 * `edges`: whether the text's own start and end are line boundaries (a piece of a file may start
 * mid-line); for a whole text they are.
 */
function textChunk(text: string, lo: number, hi: number, edges = { startIsLineStart: true, endIsLineEnd: true }): Chunk {
  const mid = Math.max(0, Math.min(text.length - 1, (lo + hi) >> 1));
  const lineStart = text.lastIndexOf('\n', mid - 1) + 1;
  let lineEnd = text.indexOf('\n', mid);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[mid] === '\n') lineEnd = mid;
  const a = Math.max(lineStart, lo);
  const b = Math.min(lineEnd, hi);
  const slice = text.slice(a, b);
  const words: string[] = [];
  const offsets: number[] = [];
  // Offsets of the words: tokenizeLine gives words only, so find each in turn (they appear in order,
  // lower-cased, hence the case-insensitive search on a lower-cased copy; ’ is folded to ').
  const folded = slice.toLowerCase().replace(/’/g, "'");
  let at = 0;
  for (const w of tokenizeLine(slice)) {
    const i = folded.indexOf(w, at);
    const off = i < 0 ? at : i;
    words.push(w);
    offsets.push(a + off);
    at = off + w.length;
  }
  const atStart = a === lineStart && (a > 0 || edges.startIsLineStart);
  const atEnd = b === lineEnd && (b < text.length || edges.endIsLineEnd);
  // Drop words cut by the chunk's edges (not at a line edge): "ump" of "jump" is not a word of the text.
  if (!atStart && words.length && offsets[0] === a && WORD_CHAR.test(text[a - 1] ?? '')) { words.shift(); offsets.shift(); }
  if (!atEnd && words.length && offsets[offsets.length - 1] + words[words.length - 1].length === b && WORD_CHAR.test(text[b] ?? '')) { words.pop(); offsets.pop(); }
  return { words, offsets, atStart, atEnd };
}

function tokenChunk(tokens: readonly string[], pos: number): Chunk {
  const a = Math.max(0, pos - CHUNK_TOKENS);
  const b = Math.min(tokens.length, pos + CHUNK_TOKENS);
  return { words: tokens.slice(a, b), atStart: a === 0, atEnd: b === tokens.length };
}
