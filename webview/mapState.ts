/**
 * The Map tab's pure logic (no DOM): reading an axis typed as words ("woman - man"), selecting
 * words by substring or regular expression, and the colour scale by frequency. Unit-tested in Node.
 */
import { LIMITS, type WordAxis } from '../extension/shared/protocol';

/**
 * "woman - man", "king + woman − man", "good": words separated by + and − (or -) with spaces
 * around them; a word without a sign is added. Words may contain hyphens ("well-known").
 */
export function parseAxis(text: string): WordAxis {
  const plus: string[] = [];
  const minus: string[] = [];
  let sign = 1;
  for (const tok of text.replace(/\u2212/g, '-').trim().split(/\s+/).filter(Boolean)) {
    if (tok === '+') sign = 1;
    else if (tok === '-') sign = -1;
    else {
      (sign > 0 ? plus : minus).push(tok.slice(0, LIMITS.wordLength));
      sign = 1;
    }
  }
  return { plus: plus.slice(0, LIMITS.maxAxisWords), minus: minus.slice(0, LIMITS.maxAxisWords) };
}

/** The indices of `words` that match: a case-insensitive substring, or a regular expression (case-insensitive too). */
export function selectWords(words: readonly string[], query: string, regex: boolean): { indices: number[]; error?: string } {
  const q = query.trim();
  if (!q) return { indices: [] };
  let test: (w: string) => boolean;
  if (regex) {
    let re: RegExp;
    try {
      re = new RegExp(q, 'i');
    } catch (e) {
      return { indices: [], error: e instanceof Error ? e.message : String(e) };
    }
    test = (w) => re.test(w);
  } else {
    const lower = q.toLowerCase();
    test = (w) => w.toLowerCase().includes(lower);
  }
  const indices: number[] = [];
  words.forEach((w, i) => { if (test(w)) indices.push(i); });
  return { indices };
}

/**
 * Where each word sits between rare (0) and frequent (1): log of its count between the smallest and
 * largest on the map, or, without counts, its rank (the vectors are ordered by frequency).
 */
export function frequencyScale(count: number, counts?: readonly number[]): number[] {
  if (counts && counts.length === count && counts.every((c) => c > 0)) {
    const logs = counts.map((c) => Math.log(c));
    const lo = Math.min(...logs), hi = Math.max(...logs);
    return logs.map((l) => (hi > lo ? (l - lo) / (hi - lo) : 1));
  }
  return Array.from({ length: count }, (_, i) => (count > 1 ? 1 - i / (count - 1) : 1));
}
