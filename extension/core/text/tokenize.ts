/**
 * The one tokenizer of the project: the corpus reader, the vocabulary and the hover all use it, so
 * a hovered word maps to its vocabulary entry.
 *
 * A word is a run of letters, combining marks and digits of any script, with apostrophes allowed
 * inside (don't, l'homme; the typographic ’ is folded to '). Everything else (punctuation,
 * symbols, spaces) separates words and is dropped. Words are lower-cased. Scripts written without
 * spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) are split into words by
 * Intl.Segmenter; every other line takes a single regular-expression pass, which is the fast path
 * the corpus reader spends its time in.
 */

import { expectFiniteNumber, expectString } from '../errors';

/** Letters, combining marks and digits of any script: what words are made of. */
const WORD_LETTERS = String.raw`\p{L}\p{M}\p{N}`;
const WORD = new RegExp(`[${WORD_LETTERS}]+(?:['’][${WORD_LETTERS}]+)*`, 'gu');
/** A character that can be part of a word: text cut next to one may have cut a word in two. */
export const WORD_CHAR = new RegExp(`[${WORD_LETTERS}'’]`, 'u');
// Scripts without spaces between words. Hangul is not here: Korean separates words by spaces.
// ー々〆 (Common script) belong with them: in both tests, or a line's tokens would depend on
// whether another word of the line is unspaced (found by the property tests: "京 ﬀ〆").
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}ー々〆]/u;
// Only the letters, marks and digits of those scripts: their symbols (CJK radicals such as ⺀,
// Thai currency ฿) separate words as every other symbol does, so a token is never a symbol.
const UNSPACED_RUNS = new RegExp(`(?:(?=[${WORD_LETTERS}])[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}ー々〆])+`, 'gu');

const HAS_LETTER = new RegExp(`[${WORD_LETTERS}]`, 'u');

let segmenter: Intl.Segmenter | undefined;

function normalize(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes('’') ? lower.replace(/’/g, "'") : lower;
}

/** Calls `emit(start, end)` for every word of the line, in order (offsets in UTF-16 code units). */
function scan(line: string, emit: (start: number, end: number) => void): void {
  if (!UNSPACED.test(line)) {
    scanPlain(line, 0, line.length, emit);
    return;
  }
  // Mixed line: plain words between runs of unspaced scripts, the segmenter inside the runs.
  UNSPACED_RUNS.lastIndex = 0;
  let pos = 0;
  for (let m = UNSPACED_RUNS.exec(line); m; m = UNSPACED_RUNS.exec(line)) {
    const start = m.index;
    const end = start + m[0].length;
    // A run glued to letters (e.g. Latin before a kanji) stays its own word: split at the run.
    scanPlain(line, pos, start, emit);
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
    for (const s of segmenter.segment(line.slice(start, end))) {
      // isWordLike depends on the neighbours (ICU calls 々 alone not a word, 々ー one): a segment
      // of letters or digits is a word whatever its neighbours, so re-tokenizing is stable.
      if (s.isWordLike || HAS_LETTER.test(s.segment)) emit(start + s.index, start + s.index + s.segment.length);
    }
    pos = end;
  }
  scanPlain(line, pos, line.length, emit);
}

function scanPlain(line: string, from: number, to: number, emit: (start: number, end: number) => void): void {
  if (from >= to) return;
  const text = from === 0 && to === line.length ? line : line.slice(from, to);
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) emit(from + m.index, from + m.index + m[0].length);
}

/** The words of one line (a sentence), lower-cased, punctuation dropped. */
export function tokenizeLine(line: string): string[] {
  expectString(line, 'tokenizeLine(line)');
  if (!UNSPACED.test(line)) {
    // Fast path: one regular-expression pass over the line.
    const words = line.match(WORD);
    if (!words) return [];
    for (let i = 0; i < words.length; i++) words[i] = normalize(words[i]);
    return words;
  }
  const words: string[] = [];
  scan(line, (s, e) => words.push(normalize(line.slice(s, e))));
  return words;
}

/**
 * The word at a character offset of a line (the hover's lookup): the same word tokenizeLine gives,
 * with its start and end offsets in the line. An offset just after a word's last character counts
 * as inside it (a cursor at the end of a word). Undefined when the offset is not in a word.
 */
export function wordAt(line: string, offset: number): { word: string; start: number; end: number } | undefined {
  expectString(line, 'wordAt(line, offset): line');
  expectFiniteNumber(offset, 'wordAt(line, offset): offset');
  if (!(offset >= 0 && offset <= line.length)) return undefined;
  let found: { word: string; start: number; end: number } | undefined;
  let after: { word: string; start: number; end: number } | undefined;
  scan(line, (s, e) => {
    if (found) return;
    if (offset >= s && offset < e) found = { word: normalize(line.slice(s, e)), start: s, end: e };
    else if (offset === e) after = { word: normalize(line.slice(s, e)), start: s, end: e };
  });
  return found ?? after;
}
