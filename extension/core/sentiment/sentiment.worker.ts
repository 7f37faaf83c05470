// Runs one sentiment sweep off the calling thread: workerData is a SentimentJob; reports
// { type: 'row', row, index } per regularization value, then the result, through runWorker.
// Started by runSentimentInWorker (./worker.ts).
import { workerData } from 'node:worker_threads';
import { workerReplies } from '../util/runWorker';
import { runSentimentJob, type SentimentJob } from './job';
import type { SentimentResult } from './types';
import type { SentimentWorkerMessage } from './worker';

const reply = workerReplies<SentimentWorkerMessage, SentimentResult>();
try {
  reply.result(runSentimentJob(workerData as SentimentJob, (row, index) => reply.event({ type: 'row', row, index })));
} catch (e) {
  reply.error(e);
}
