/**
 * The Evaluation tab's evaluations, asked of the current model's query worker
 * (extension/vectors/vectorQueries.ts: the core's evaluateWordPairsFile / evaluateAnalogiesFile,
 * the code of `w2v eval`, on the matrix the worker already shares), so this thread only reads the
 * first kilobytes of each file to tell word pairs from analogies. No `vscode` import.
 */
import { open } from 'node:fs/promises';
import { EVAL_PRESETS, type EvalOptions } from '../core/eval/options';
import type { AnalogyResult } from '../core/eval/analogies';
import type { WordPairsResult } from '../core/eval/wordPairs';
import type { VectorQueries } from '../vectors/vectorQueries';
import type { EvalPresetId } from '../shared/protocol';
import { evalFileKind } from './evaluationFiles';

/** Worst-predicted pairs and wrong analogies listed per file. */
export const EVAL_WORST = 10;
/** Bytes read to tell the kind of a file (its first line that is not blank or a comment). */
const SNIFF_BYTES = 64 << 10;

/** Per file: a result, or the error (a UserInputError's message names the line). */
export type FileOutcome =
  | { path: string; pairs: WordPairsResult }
  | { path: string; analogies: AnalogyResult }
  | { path: string; error: unknown };

/** The options of a preset, with the dashboard's number of worst pairs (the same as `w2v eval --preset`). */
export function presetOptions(preset: EvalPresetId): Required<Pick<EvalOptions, 'restrict' | 'caseInsensitive' | 'worst'>> {
  const p = EVAL_PRESETS[preset];
  return { restrict: p.restrict, caseInsensitive: p.caseInsensitive, worst: EVAL_WORST };
}

/** Pairs or analogies, from the file's first kilobytes; 'pairs' when it cannot be read (the reader then says why, naming the file). */
export async function evalFileKindOf(path: string): Promise<'pairs' | 'analogies'> {
  try {
    const f = await open(path, 'r');
    try {
      const buf = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await f.read(buf, 0, SNIFF_BYTES, 0);
      return evalFileKind(buf.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await f.close();
    }
  } catch {
    return 'pairs';
  }
}

/** Evaluates every file on the model of `queries` with a preset's vocabulary rule; a file's error is its outcome. */
export async function evaluateFiles(queries: Pick<VectorQueries, 'ask'>, files: string[], preset: EvalPresetId): Promise<FileOutcome[]> {
  const options = presetOptions(preset);
  return Promise.all(files.map(async (path): Promise<FileOutcome> => {
    try {
      if (await evalFileKindOf(path) === 'analogies') return { path, analogies: await queries.ask('evaluateAnalogies', { sections: { path }, options }) };
      return { path, pairs: await queries.ask('evaluateWordPairs', { pairs: { path }, options }) };
    } catch (e) {
      return { path, error: e };
    }
  }));
}
