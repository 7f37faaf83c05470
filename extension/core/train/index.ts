import { Worker } from 'node:worker_threads';
import { UserInputError } from '../errors';
import { workerPath } from '../util/workerPath';
import type { CoordinatorMessage } from './coordinator';
import { resolveTrainOptions } from './options';
import { emptyResult } from './emptyResult';
import type { CorpusSource, TrainCallbacks, TrainingRun, TrainOptions, TrainResult } from './types';

export { DEFAULT_OPTIONS, OPTION_RANGES, MAX_SOFTMAX_VOCAB, resolveTrainOptions, defaultAlpha } from './options';
export type * from './types';

/** How long a cancelled run may take to answer before training starts (see cancel()). */
const CANCEL_GRACE_MS = 500;

/**
 * Trains word2vec on a corpus. The whole run happens off the calling thread: a coordinator worker
 * reads the corpus and builds the vocabulary, and `options.threads` workers train the shared
 * weights. `result` resolves with the vectors when the run ends (done, cancelled or diverged) and
 * rejects with a UserInputError for bad input (an option out of range, an empty or binary file,
 * too few words, a softmax over too large a vocabulary).
 */
export function startTraining(source: CorpusSource, options: Partial<TrainOptions>, callbacks: TrainCallbacks = {}): TrainingRun {
  let resolved: TrainOptions;
  try {
    resolved = resolveTrainOptions(options);
  } catch (e) {
    return { result: Promise.reject(e), cancel: () => undefined };
  }
  const worker = new Worker(workerPath('train-coordinator.worker'), {
    workerData: { source, options: resolved, gradCheck: callbacks.onGradCheck !== undefined },
    // Tokenizing makes short-lived strings by the million: a small young generation keeps the
    // peak memory down for a few percent more time in the scavenger.
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  const started = performance.now();
  let settled = false;
  let training = false;
  let watchdog: NodeJS.Timeout | undefined;
  let settleEmpty: (() => void) | undefined;
  const result = new Promise<TrainResult>((resolve, reject) => {
    settleEmpty = () => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      resolve(emptyResult(resolved, started));
    };
    worker.on('message', (m: CoordinatorMessage) => {
      if (settled) return;
      try {
        switch (m.type) {
          case 'vocab': callbacks.onVocab?.(m.stats); break;
          case 'progress': training ||= m.progress.phase === 'train'; callbacks.onProgress?.(m.progress); break;
          case 'gradcheck': callbacks.onGradCheck?.(m.report); break;
          case 'result': settled = true; resolve(m.result); break;
          case 'error': settled = true; reject(m.user ? new UserInputError(m.message) : new Error(m.message)); break;
        }
      } catch (e) {
        // A callback that throws ends the run with its error (rather than an uncaught exception).
        settled = true;
        void worker.terminate();
        reject(e);
      }
    });
    worker.on('error', (e) => { if (!settled) { settled = true; reject(e); } });
    worker.on('exit', (code) => {
      if (!settled) { settled = true; reject(new Error(`the training coordinator exited (code ${code}) without a result`)); }
    });
  });
  void result.finally(() => clearTimeout(watchdog)).catch(() => undefined);
  return {
    result,
    cancel: () => {
      if (settled) return;
      worker.postMessage({ type: 'cancel' });
      // Before training there is nothing to keep: when the coordinator does not answer within
      // CANCEL_GRACE_MS (a read blocked on a stalled file, a long step building the vocabulary
      // or the tables), stop it and resolve with the empty result.
      if (!training && watchdog === undefined) watchdog = setTimeout(() => settleEmpty?.(), CANCEL_GRACE_MS);
    },
  };
}
