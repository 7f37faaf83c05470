// Runs one sentiment sweep off the calling thread: workerData is a SentimentJob; posts
// { type: 'row', row, index } per regularization value, then { type: 'result', result } or
// { type: 'error', user, message }. Started by runSentimentInWorker (./worker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { UserInputError } from '../errors';
import { runSentimentJob, type SentimentJob } from './job';
import type { SentimentWorkerMessage } from './worker';

const post = (m: SentimentWorkerMessage): void => parentPort!.postMessage(m);
try {
  const result = runSentimentJob(workerData as SentimentJob, (row, index) => post({ type: 'row', row, index }));
  post({ type: 'result', result });
} catch (e) {
  post({ type: 'error', user: e instanceof UserInputError, message: e instanceof Error ? e.message : String(e) });
}
