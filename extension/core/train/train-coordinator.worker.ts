// The training run's coordinator thread: reads the corpus, builds the vocabulary, trains (as
// trainer 0 for a corpus in memory) beside the training workers it starts, and reports to
// startTraining (extension/core/train/index.ts) through runWorker.
import { workerData } from 'node:worker_threads';
import { workerReplies } from '../util/runWorker';
import { transferable } from '../util/sharedMemory';
import { collectGarbage } from '../util/collectGarbage';
import { Coordinator, type CoordinatorMessage } from './coordinator';
import type { CorpusSource, TrainOptions, TrainResult } from './types';

const { source, options, gradCheck } = workerData as { source: CorpusSource; options: TrainOptions; gradCheck: boolean };
const reply = workerReplies<CoordinatorMessage, TrainResult>();
const coordinator = new Coordinator(source, options, (m, transfer) => reply.event(m, transfer), gradCheck);
reply.onStop(() => coordinator.cancel());
coordinator.run().then(
  (result) => {
    // This thread stays idle a moment after it answers (runWorker's retire) while the caller
    // writes the vectors: free the training memory first (the IMDB reviews: ~55 MB, which would
    // otherwise add to the writing's peak).
    collectGarbage();
    // The vectors are in a SharedArrayBuffer (see Coordinator.extract): posted as a reference, not
    // copied; the dropped words' block and counts are moved.
    const rare = result.rare ? [result.rare.words, result.rare.counts] : [];
    reply.result(result, transferable(result.vectors, ...(result.snapshots?.snapshots.map((x) => x.vectors) ?? []), ...rare));
  },
  (e: unknown) => reply.error(e),
);
