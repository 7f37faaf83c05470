import { basename } from 'node:path';
import { UserInputError, expectString } from '../errors';
import { statInputFile } from '../util/inputFile';
import { readWholeFile } from '../util/readFully';
import { tokenizeLine } from '../text/tokenize';
import type { LabeledSentences } from './types';

/** More classes than this is almost surely a wrong file (a score column, ids), not a label set. */
export const MAX_CLASSES = 100;

export type Tokenizer = (line: string) => string[];

const LABEL = /^\d+$/;

/**
 * Parses labelled sentences, one per line, in either of two formats:
 *   "label sentence"    (the SST stsa.* files: "3 a gorgeous , witty film .")
 *   "label<TAB>text"    (a line holding a tab is split at its first tab)
 * Labels are class indices 0, 1, 2, ...; blank lines are skipped. `tokenize` must be the tokenizer
 * the word vectors were trained with, so a sentence's tokens are the vocabulary's words.
 */
export function parseLabeledText(text: string, name: string, tokenize: Tokenizer): LabeledSentences {
  expectString(text, 'parseLabeledText(text, name, tokenize): text');
  const labels: number[] = [];
  const lines: number[] = [];
  const sentences: string[][] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    let row = rows[i];
    if (i === 0 && row.charCodeAt(0) === 0xfeff) row = row.slice(1);
    if (row.endsWith('\r')) row = row.slice(0, -1);
    if (row.trim() === '') continue;
    const lineNo = i + 1;
    let label: string;
    let sentence: string;
    const tab = row.indexOf('\t');
    if (tab >= 0) {
      label = row.slice(0, tab).trim();
      sentence = row.slice(tab + 1);
    } else {
      const m = /^\s*(\S+)\s*(.*)$/.exec(row)!;
      label = m[1];
      sentence = m[2];
    }
    if (!LABEL.test(label) || Number(label) >= MAX_CLASSES) {
      throw new UserInputError(
        `${name} line ${lineNo}: "${clip(label)}" is not a class label. Each line must be a label ` +
          `0..${MAX_CLASSES - 1} then a space or a tab and the sentence, e.g. "3 a gorgeous , witty film ."`,
      );
    }
    if (sentence.trim() === '') {
      throw new UserInputError(
        `${name} line ${lineNo}: label ${label} has no sentence after it. Remove the line or add its text.`,
      );
    }
    // A sentence of punctuation only has no tokens: it is kept, and gets the zero feature.
    const tokens = tokenize(sentence);
    labels.push(Number(label));
    lines.push(lineNo);
    sentences.push(tokens);
  }
  if (sentences.length === 0) {
    throw new UserInputError(
      `${name} has no labelled sentences. Expected lines like "3 a gorgeous , witty film ." or "3<TAB>text".`,
    );
  }
  let max = 0;
  for (const l of labels) if (l > max) max = l;
  return {
    name,
    labels: Int32Array.from(labels),
    sentences,
    lines: Int32Array.from(lines),
    numClasses: max + 1,
  };
}

/**
 * Reads and parses a labelled-sentence file (see parseLabeledText). The file is only read.
 * The default tokenizer is the engine's, the one that built the vocabulary of vectors we train:
 * it keeps inner apostrophes ("n't" stays "n't") and drops a leading one ("'s" -> "s", "'re" ->
 * "re") and all punctuation, so the SST's tokens map to the same words as in the vectors.
 */
export async function loadLabeledFile(path: string, tokenize: Tokenizer = tokenizeLine): Promise<LabeledSentences> {
  let text: string;
  await statInputFile(path, 'sentence file');
  try {
    text = (await readWholeFile(path)).toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    throw new UserInputError(`Cannot read the sentence file ${path}: ${why}. Check the path.`);
  }
  return parseLabeledText(text, basename(path), tokenize);
}

/** Sentences per class, for classes 0..numClasses-1. */
export function classCounts(labels: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

/**
 * Checks that the three splits describe one task and returns the number of classes K (train's
 * largest label + 1). Every split must have at least one sentence of every class 0..K-1 (a class
 * without any cannot be learnt or measured), and the rule and its message are the same whichever
 * class is missing and whichever split lacks it. Labels numbered from 1 (no 0 anywhere) are
 * recognised and named as such; mixing the tasks (stsa.fine with stsa.binary) shows up as missing
 * classes or a label of dev/test beyond train's.
 */
export function checkSplits(train: LabeledSentences, dev: LabeledSentences, test: LabeledSentences): number {
  const k = train.numClasses;
  const splits = [train, dev, test];
  if (splits.every((s) => !s.labels.includes(0)) && k > 2) {
    throw new UserInputError(
      `The labels start at 1 (${train.name} has labels 1..${k - 1} and no 0): classes must be numbered from 0. ` +
        `Subtract 1 from every label of the train, dev and test files (e.g. awk '{$1 = $1 - 1} 1').`,
    );
  }
  if (k < 2) {
    throw new UserInputError(
      `${train.name} has only class 0; a classifier needs at least 2 classes (labels 0 and 1).`,
    );
  }
  for (const split of [dev, test]) {
    if (split.numClasses > k) {
      throw new UserInputError(
        `${split.name} has labels up to ${split.numClasses - 1} but ${train.name} only up to ${k - 1}. ` +
          `Use train, dev and test files of the same task (e.g. all stsa.fine.* or all stsa.binary.*).`,
      );
    }
  }
  for (const split of splits) {
    const counts = classCounts(split.labels, k);
    const missing = counts.flatMap((c, i) => (c === 0 ? [i] : []));
    if (missing.length > 0) {
      throw new UserInputError(
        `${split.name} has no sentence of class ${missing.join(', ')} (the classes are 0..${k - 1}, from ${train.name}). ` +
          `Every class must appear in the train, dev and test files; use files of the same task (e.g. all stsa.fine.* or all stsa.binary.*).`,
      );
    }
  }
  return k;
}

function clip(s: string): string {
  return s.length > 20 ? `${s.slice(0, 20)}...` : s;
}
