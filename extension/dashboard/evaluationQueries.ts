/**
 * The host side of evaluation.worker.ts: evaluates files and finds a word's neighbours over a
 * run's snapshots in a worker thread, so the extension host's thread only copies (in slices, with
 * yields in between) the rows the evaluation looks at. No `vscode` import.
 */
import { runWorker } from '../core/util/runWorker';
import { transferable } from '../core/util/sharedMemory';
import { firstPackedWords } from '../core/vectors/packedWords';
import { EVAL_PRESETS } from '../core/eval/options';
import type { WordVectors } from '../core/vectors/WordVectors';
import type { Snapshot } from '../core/vectors/snapshots';
import type { EvalPresetId } from '../shared/protocol';
import type { EvaluationRequest, EvaluationResult, FileOutcome } from './evaluation.worker';

/** Worst-predicted pairs and wrong analogies listed per file. */
export const EVAL_WORST = 10;
/** Floats copied between two yields to the event loop (16 MB). */
const COPY_SLICE = 4 << 20;

/** The options of a preset, with the dashboard's number of worst pairs (the same as `w2v eval --preset`). */
export function presetOptions(preset: EvalPresetId): Extract<EvaluationRequest, { op: 'evaluate' }>['options'] {
  const p = EVAL_PRESETS[preset];
  return { restrict: p.restrict, caseInsensitive: p.caseInsensitive, worst: EVAL_WORST };
}

/** The first `n` rows in a SharedArrayBuffer, copied a slice at a time with a yield after each. */
async function sharedRows(wv: WordVectors, n: number, signal?: AbortSignal): Promise<Float32Array> {
  // The current model's matrix is shared already (trained and loaded vectors are): its rows, no copy.
  if (wv.vectors.buffer instanceof SharedArrayBuffer) return wv.vectors.subarray(0, n * wv.dim);
  const out = new Float32Array(new SharedArrayBuffer(n * wv.dim * 4));
  for (let at = 0; at < out.length; at += COPY_SLICE) {
    signal?.throwIfAborted();
    out.set(wv.vectors.subarray(at, Math.min(out.length, at + COPY_SLICE)), at);
    if (at + COPY_SLICE < out.length) await new Promise((r) => setImmediate(r));
  }
  return out;
}

/** Evaluates every file on `wv` with a preset's vocabulary rule; a file's error (naming its line) is its outcome. */
export async function evaluateFilesOffThread(wv: WordVectors, files: string[], preset: EvalPresetId, signal?: AbortSignal): Promise<FileOutcome[]> {
  const options = presetOptions(preset);
  // Only the restricted vocabulary's rows take part, as in the core (the first `restrict` words).
  const n = Math.min(wv.size, options.restrict);
  const vectors = await sharedRows(wv, n, signal);
  // A loaded model's words are one shared block (WordVectors.fromPackedWords): its first n words, without making strings here.
  const words = wv.packedWords ? firstPackedWords(wv.packedWords, n) : new TextEncoder().encode(wv.words.slice(0, n).join('\n'));
  const r = await runWorker<EvaluationRequest, never, EvaluationResult>('evaluation.worker',
    { op: 'evaluate', files, words, count: n, dim: wv.dim, vectors, options },
    { what: 'The evaluation', signal, transfer: transferable(words) });
  if (r.op !== 'evaluate') throw new Error('the evaluation worker answered another request');
  return r.files;
}

/** The word's k nearest neighbours (among the snapshots' words) in each snapshot. */
export async function neighboursOverTimeOffThread(s: { words: string[]; dim: number; snapshots: Snapshot[] }, word: string, k: number, signal?: AbortSignal):
  Promise<Extract<EvaluationResult, { op: 'overTime' }>['rows']> {
  const r = await runWorker<EvaluationRequest, never, EvaluationResult>('evaluation.worker',
    { op: 'overTime', words: s.words, dim: s.dim, snapshots: s.snapshots, word, k }, { what: 'Neighbours over time', signal });
  if (r.op !== 'overTime') throw new Error('the evaluation worker answered another request');
  return r.rows;
}
