/**
 * The Evaluation tab's evaluations, asked of the current model's query worker
 * (extension/vectors/vectorQueryOps.ts: the core's evaluateFile, which parses and scores with the
 * code of `w2v eval`, on the matrix the worker already shares). The worker reads each file, once,
 * and tells word pairs from analogies by its content: this thread reads nothing (a file on a drive
 * that stopped answering blocks no read here). No `vscode` import.
 */
import { EVAL_PRESETS, type EvalOptions } from '../core/eval/options';
import type { AnalogyResult } from '../core/eval/analogies';
import type { WordPairsResult } from '../core/eval/wordPairs';
import type { VectorQueries } from '../vectors/vectorQueries';
import type { EvalPresetId } from '../shared/protocol';

/** Worst-predicted pairs and wrong analogies listed per file. */
export const EVAL_WORST = 10;

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

/** Evaluates every file on the model of `queries` with a preset's vocabulary rule; a file's error is its outcome. */
export async function evaluateFiles(queries: Pick<VectorQueries, 'ask'>, files: string[], preset: EvalPresetId): Promise<FileOutcome[]> {
  const options = presetOptions(preset);
  return Promise.all(files.map(async (path): Promise<FileOutcome> => {
    try {
      return { path, ...await queries.ask('evaluateFile', { path, options }) };
    } catch (e) {
      return { path, error: e };
    }
  }));
}
