/**
 * The dashboard's evaluations and neighbours over time, off the extension host's thread. One
 * request per worker (its workerData); see evaluationQueries.ts for the host side. The evaluation
 * is the core's, the same code as `w2v eval`: evaluateWordPairs / evaluateAnalogies on the file's
 * parsed contents, over the first `words.length` rows (the vocabulary restriction's words: the
 * host sends no more).
 */
import { workerData } from 'node:worker_threads';
import { workerReplies } from '../core/util/runWorker';
import { WordVectors } from '../core/vectors/WordVectors';
import { neighboursOverTime, type Snapshot } from '../core/vectors/snapshots';
import { readSmallTextFile } from '../core/eval/readSmallTextFile';
import { evaluateWordPairs, parseWordPairs, type WordPairsResult } from '../core/eval/wordPairs';
import { evaluateAnalogies, parseAnalogies, type AnalogyResult } from '../core/eval/analogies';
import type { EvalOptions } from '../core/eval/options';
import { serializeError, type SerializedError } from '../core/util/runWorker';
import { evalFileKind } from './evaluationFiles';

export type EvaluationRequest =
  | {
      op: 'evaluate';
      files: string[];
      /** The first rows' words joined by "\n", in UTF-8 (cloning many strings would stall the host). */
      words: Uint8Array;
      count: number;
      dim: number;
      /** count x dim, in a SharedArrayBuffer the host filled (no copy when posted). */
      vectors: Float32Array;
      options: Required<Pick<EvalOptions, 'restrict' | 'caseInsensitive' | 'worst'>>;
    }
  | { op: 'overTime'; words: string[]; dim: number; snapshots: Snapshot[]; word: string; k: number };

/** Per file: a result or the error (a UserInputError's message names the line). */
export type FileOutcome =
  | { path: string; pairs: WordPairsResult }
  | { path: string; analogies: AnalogyResult }
  | { path: string; error: SerializedError };

export type EvaluationResult =
  | { op: 'evaluate'; files: FileOutcome[] }
  | { op: 'overTime'; rows: ReturnType<typeof neighboursOverTime> };

const reply = workerReplies<never, EvaluationResult>();

async function evaluateFile(wv: WordVectors, path: string, options: EvalOptions): Promise<FileOutcome> {
  try {
    const text = await readSmallTextFile(path, 'evaluation file');
    if (evalFileKind(text) === 'analogies') return { path, analogies: evaluateAnalogies(wv, parseAnalogies(text, path), options) };
    return { path, pairs: evaluateWordPairs(wv, parseWordPairs(text, path), options) };
  } catch (e) {
    return { path, error: serializeError(e) };
  }
}

async function handle(req: EvaluationRequest): Promise<EvaluationResult> {
  if (req.op === 'overTime') return { op: 'overTime', rows: neighboursOverTime(req.words, req.dim, req.snapshots, req.word, req.k) };
  const words = req.count === 0 ? [] : new TextDecoder().decode(req.words).split('\n');
  const wv = new WordVectors(words, req.dim, req.vectors);
  const files: FileOutcome[] = [];
  for (const f of req.files) files.push(await evaluateFile(wv, f, req.options));
  return { op: 'evaluate', files };
}

handle(workerData as EvaluationRequest).then((r) => reply.result(r), (e: unknown) => reply.error(e));
