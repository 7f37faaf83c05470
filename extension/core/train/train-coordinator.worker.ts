// The training run's coordinator thread: reads the corpus, builds the vocabulary, starts the
// training workers and reports to startTraining (extension/core/train/index.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { UserInputError } from '../errors';
import { Coordinator, type CoordinatorMessage } from './coordinator';
import type { CorpusSource, TrainOptions } from './types';

const { source, options, gradCheck } = workerData as { source: CorpusSource; options: TrainOptions; gradCheck: boolean };
const post = (m: CoordinatorMessage, transfer?: ArrayBuffer[]): void => parentPort!.postMessage(m, transfer);
const coordinator = new Coordinator(source, options, post, gradCheck);
parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') coordinator.cancel();
});
coordinator.run().then(
  (result) => {
    post({ type: 'result', result }, [result.vectors.buffer as ArrayBuffer]);
    parentPort!.close();
  },
  (e: unknown) => {
    post({ type: 'error', user: e instanceof UserInputError, message: e instanceof Error ? e.message : String(e) });
    parentPort!.close();
  },
);
