// The training run's coordinator thread: reads the corpus, builds the vocabulary, starts the
// training workers and reports to startTraining (extension/core/train/index.ts) through runWorker.
import { workerData } from 'node:worker_threads';
import { workerReplies } from '../util/runWorker';
import { Coordinator, type CoordinatorMessage } from './coordinator';
import type { CorpusSource, TrainOptions, TrainResult } from './types';

const { source, options, gradCheck } = workerData as { source: CorpusSource; options: TrainOptions; gradCheck: boolean };
const reply = workerReplies<CoordinatorMessage, TrainResult>();
const coordinator = new Coordinator(source, options, (m, transfer) => reply.event(m, transfer), gradCheck);
reply.onStop(() => coordinator.cancel());
coordinator.run().then(
  (result) => reply.result(result, [result.vectors.buffer as ArrayBuffer, ...(result.snapshots?.snapshots.map((x) => x.vectors.buffer as ArrayBuffer) ?? [])]),
  (e: unknown) => reply.error(e),
);
