import { runWorker } from '../util/runWorker';
import type { CoordinatorMessage } from './coordinator';
import { resolveTrainOptions } from './options';
import { emptyResult } from './emptyResult';
import type { CorpusSource, TrainCallbacks, TrainingRun, TrainOptions, TrainResult } from './types';

interface TrainingWorkerData { source: CorpusSource; options: TrainOptions; gradCheck: boolean }

export { DEFAULT_OPTIONS, OPTION_RANGES, MAX_SOFTMAX_VOCAB, resolveTrainOptions, defaultAlpha } from './options';
export type * from './types';

/** How long a cancelled run may take to answer before training starts (see cancel()). */
const CANCEL_GRACE_MS = 500;

/**
 * Trains word2vec on a corpus. The whole run happens off the calling thread: a coordinator worker
 * reads the corpus and builds the vocabulary, and `options.threads` trainers train the shared
 * weights (the coordinator itself and threads - 1 workers for a corpus held in memory). `result` resolves with the vectors when the run ends (done, cancelled or diverged) and
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
  const abort = new AbortController();
  const started = performance.now();
  let training = false;
  const result = runWorker<TrainingWorkerData, CoordinatorMessage, TrainResult>(
    'train-coordinator.worker',
    { source, options: resolved, gradCheck: callbacks.onGradCheck !== undefined },
    {
      what: 'The training coordinator',
      // Cancelling asks the coordinator to stop: the run resolves with the vectors so far.
      signal: abort.signal,
      onAbort: 'ask',
      // Before training there is nothing to keep: when the coordinator does not answer within
      // CANCEL_GRACE_MS (a read blocked on a stalled file, a long step building the vocabulary
      // or the tables), it is stopped and the run resolves with the empty result.
      stopTimeout: { ms: CANCEL_GRACE_MS, fallback: () => (training ? undefined : emptyResult(resolved, started)) },
      // Tokenizing makes short-lived strings by the million: a small young generation keeps the
      // peak memory down for a few percent more time in the scavenger.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
      // A callback that throws ends the run with its error (rather than an uncaught exception).
      onEvent: (m) => {
        switch (m.type) {
          case 'vocab': callbacks.onVocab?.(m.stats); break;
          case 'progress': training ||= m.progress.phase === 'train'; callbacks.onProgress?.(m.progress); break;
          case 'gradcheck': callbacks.onGradCheck?.(m.report); break;
        }
      },
    },
  );
  let settled = false;
  void result.then(() => { settled = true; }, () => { settled = true; });
  return {
    result,
    cancel: () => { if (!settled) abort.abort(); },
  };
}
