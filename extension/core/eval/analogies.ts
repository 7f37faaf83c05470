import { UserInputError, expectString } from '../errors';
import type { WordVectors } from '../vectors/WordVectors';
import { readSmallTextFile } from './readSmallTextFile';
import { EVAL_PRESETS, evalOptions, type EvalOptions } from './options';
import { vocabLookup } from './vocabLookup';

export interface AnalogyQuestion {
  /** a is to b as c is to d. */
  a: string;
  b: string;
  c: string;
  d: string;
  line: number;
}

export interface AnalogySection {
  name: string;
  questions: AnalogyQuestion[];
}

export interface AnalogySectionResult {
  section: string;
  /** Questions answered correctly. */
  correct: number;
  /** Questions evaluated (all four words among the restricted vocabulary). */
  total: number;
  /** Questions skipped because a word is outside the restricted vocabulary. */
  skipped: number;
  /** correct / total (NaN when total is 0). */
  accuracy: number;
}

export interface AnalogyResult {
  sections: AnalogySectionResult[];
  overall: AnalogySectionResult;
  /** The vocabulary restriction used (the N most frequent words) and the case rule. */
  restrict: number;
  caseInsensitive: boolean;
  /** The first wrongly answered questions (up to options.worst), in file order. */
  mistakes: AnalogyMistake[];
}

export interface AnalogyMistake extends AnalogyQuestion {
  section: string;
  /** The model's answer (as the vocabulary spells it). */
  predicted: string;
}

/**
 * Parses an analogy file (questions-words.txt): `: section` header lines, then `a b c d` lines.
 * Blank lines are skipped; anything else is a UserInputError naming the line.
 */
export function parseAnalogies(text: string, name: string): AnalogySection[] {
  expectString(text, 'parseAnalogies(text, name): text');
  const sections: AnalogySection[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith(':')) {
      sections.push({ name: line.slice(1).trim(), questions: [] });
      return;
    }
    const f = line.split(/\s+/);
    if (f.length !== 4) {
      throw new UserInputError(`${name}, line ${i + 1}: expected a question "a b c d" or a ": section" header, found ${JSON.stringify(line.slice(0, 60))}.`);
    }
    if (sections.length === 0) throw new UserInputError(`${name}, line ${i + 1}: a question before the first ": section" header; add one.`);
    sections[sections.length - 1].questions.push({ a: f[0], b: f[1], c: f[2], d: f[3], line: i + 1 });
  });
  if (!sections.some((s) => s.questions.length > 0)) throw new UserInputError(`${name} has no analogy questions; expected ": section" headers and "a b c d" lines.`);
  return sections;
}

/**
 * Accuracy on analogy questions by 3CosAdd, following gensim's KeyedVectors.evaluate_word_analogies
 * (and word2vec's compute-accuracy): only the `restrict` most frequent words (default 30,000) are
 * used, questions with a word outside them are skipped and counted, words are compared
 * case-insensitively (unless options.caseInsensitive is false), and the answer is the best
 * candidate other than a, b and c. `options` may be a bare restrict; gensim's own default is
 * 300,000 (EVAL_PRESETS).
 */
export function evaluateAnalogies(wv: WordVectors, sections: AnalogySection[], options?: number | EvalOptions): AnalogyResult {
  const { restrict, caseInsensitive, worst } = evalOptions(options, EVAL_PRESETS['compute-accuracy'].restrict);
  const { key, index } = vocabLookup(wv, restrict, caseInsensitive);
  const n = Math.min(restrict, wv.size);
  const mistakes: AnalogyMistake[] = [];
  // Resolve every question first, then score all the answerable ones in batches (the search over
  // the vocabulary dominates the cost).
  const asked: { section: number; rows: [number, number, number]; words: [string, string, string, string]; q: AnalogyQuestion }[] = [];
  const results: AnalogySectionResult[] = sections.map((s, si) => {
    let skipped = 0;
    for (const q of s.questions) {
      const words: [string, string, string, string] = [key(q.a), key(q.b), key(q.c), key(q.d)];
      const ia = index.get(words[0]), ib = index.get(words[1]), ic = index.get(words[2]);
      if (ia === undefined || ib === undefined || ic === undefined || !index.has(words[3])) skipped++;
      else asked.push({ section: si, rows: [ia, ib, ic], words, q });
    }
    return { section: s.name, correct: 0, total: 0, skipped, accuracy: NaN };
  });
  const BATCH = 512;
  for (let start = 0; start < asked.length; start += BATCH) {
    const part = asked.slice(start, start + BATCH);
    const answers = wv.neighboursOfVectors(
      part.map((q) => wv.analogyQuery(q.rows[0], q.rows[1], q.rows[2])), 5, part.map((q) => q.rows), n);
    part.forEach((q, i) => {
      const [A, B, C, D] = q.words;
      // gensim takes the top 5 and the first whose upper-case form is not an input (another case
      // variant of an input can rank high); when all 5 are, the last one stands.
      let predicted: string | undefined;
      let spelled = '';
      for (const cand of answers[i]) {
        predicted = key(cand.word);
        spelled = cand.word;
        if (predicted !== A && predicted !== B && predicted !== C) break;
      }
      const r = results[q.section];
      r.total++;
      if (predicted === D) r.correct++;
      else if (mistakes.length < worst) mistakes.push({ ...q.q, section: r.section, predicted: spelled });
    });
  }
  for (const r of results) r.accuracy = r.total ? r.correct / r.total : NaN;
  const sum = (f: (r: AnalogySectionResult) => number): number => results.reduce((t, r) => t + f(r), 0);
  const total = sum((r) => r.total);
  const correct = sum((r) => r.correct);
  return {
    sections: results,
    overall: { section: 'overall', correct, total, skipped: sum((r) => r.skipped), accuracy: total ? correct / total : NaN },
    restrict,
    caseInsensitive,
    mistakes: mistakes.sort((x, y) => x.line - y.line),
  };
}

/** Reads and evaluates an analogy file. */
export async function evaluateAnalogiesFile(wv: WordVectors, path: string, options?: number | EvalOptions): Promise<AnalogyResult> {
  return evaluateAnalogies(wv, parseAnalogies(await readSmallTextFile(path, 'analogy file'), path), options);
}
