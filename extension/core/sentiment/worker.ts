import { runWorker } from '../util/runWorker';
import type { SentimentJob } from './job';
import type { SentimentResult, SweepRow } from './types';

/** What the sweep's worker reports as it goes: each regularization value's row when it is done. */
export type SentimentWorkerMessage = { type: 'row'; row: SweepRow; index: number };

export interface SentimentRun {
  /** Resolves with the result; rejects with a UserInputError for bad input, or with CancelledError when cancelled. */
  readonly result: Promise<SentimentResult>;
  /** Stops the worker at once (the sweep is CPU-bound, so it is terminated, not asked). */
  cancel(): void;
}

/**
 * Runs the sweep in dist/sentiment.worker.js so the calling thread (the extension host) stays
 * responsive. `onRow` gets each regularization value's train/dev accuracy as it is done.
 */
export function runSentimentInWorker(job: SentimentJob, onRow?: (row: SweepRow, index: number) => void): SentimentRun {
  const abort = new AbortController();
  const result = runWorker<SentimentJob, SentimentWorkerMessage, SentimentResult>('sentiment.worker', job, {
    what: 'The sentiment sweep',
    signal: abort.signal,
    onEvent: (m) => onRow?.(m.row, m.index),
  });
  return { result, cancel: () => abort.abort() };
}
