/**
 * An evaluation file of either kind, told from its content: what the Evaluation tab (through the
 * model's query worker) scores when the user opens a file without saying which kind it is.
 */
import type { WordVectors } from '../vectors/WordVectors';
import { evaluateAnalogies, parseAnalogies, type AnalogyResult } from './analogies';
import type { EvalOptions } from './options';
import { readSmallTextFile } from './readSmallTextFile';
import { evaluateWordPairs, parseWordPairs, type WordPairsResult } from './wordPairs';

/** A word-pair file's scores or an analogy file's. */
export type EvalFileResult = { pairs: WordPairsResult } | { analogies: AnalogyResult };

/**
 * An analogy file (questions-words.txt) starts with a ": section" line; anything else is read as
 * word pairs (WordSim-353, SimLex-999: "word1 word2 score"), whose reader names the first line
 * that is not one.
 */
export function evalFileKind(text: string): 'pairs' | 'analogies' {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return line.startsWith(':') ? 'analogies' : 'pairs';
  }
  return 'pairs';
}

/** Reads the file at `path` once and scores it as word pairs or as analogies, by its content (evalFileKind). */
export async function evaluateFile(wv: WordVectors, path: string, options?: number | EvalOptions): Promise<EvalFileResult> {
  const text = await readSmallTextFile(path, 'word-pair or analogy file');
  return evalFileKind(text) === 'analogies'
    ? { analogies: evaluateAnalogies(wv, parseAnalogies(text, path), options) }
    : { pairs: evaluateWordPairs(wv, parseWordPairs(text, path), options) };
}
