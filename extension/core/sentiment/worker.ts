import { Worker } from 'node:worker_threads';
import { UserInputError } from '../errors';
import { workerPath } from '../util/workerPath';
import type { SentimentJob } from './job';
import type { SentimentResult, SweepRow } from './types';

export type SentimentWorkerMessage =
  | { type: 'row'; row: SweepRow; index: number }
  | { type: 'result'; result: SentimentResult }
  | { type: 'error'; user: boolean; message: string };

export interface SentimentRun {
  /** Resolves with the result; rejects with a UserInputError for bad input, or with an Error when cancelled. */
  readonly result: Promise<SentimentResult>;
  /** Stops the worker at once (the sweep is CPU-bound, so it is terminated, not asked). */
  cancel(): void;
}

/**
 * Runs the sweep in dist/sentiment.worker.js so the calling thread (the extension host) stays
 * responsive. `onRow` gets each regularization value's train/dev accuracy as it is done.
 */
export function runSentimentInWorker(job: SentimentJob, onRow?: (row: SweepRow, index: number) => void): SentimentRun {
  const worker = new Worker(workerPath('sentiment.worker'), { workerData: job });
  let settled = false;
  let cancel = (): void => undefined;
  const result = new Promise<SentimentResult>((resolve, reject) => {
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    cancel = () => finish(() => reject(new Error('sentiment sweep cancelled')));
    worker.on('message', (m: SentimentWorkerMessage) => {
      if (m.type === 'row') onRow?.(m.row, m.index);
      else if (m.type === 'result') finish(() => resolve(m.result));
      else finish(() => reject(m.user ? new UserInputError(m.message) : new Error(m.message)));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`sentiment worker exited with code ${code}`))));
  });
  return { result, cancel: () => cancel() };
}
