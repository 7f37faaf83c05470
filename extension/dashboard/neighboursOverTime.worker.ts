/**
 * A word's neighbours at each snapshot a training run kept, off the extension host's thread (one
 * request per worker, its workerData): the core's neighboursOverTime over the snapshots' words.
 * The snapshots are not the current model, whose query worker (extension/vectors/vectorQueries.ts)
 * answers everything else.
 */
import { workerData } from 'node:worker_threads';
import { workerReplies } from '../core/util/runWorker';
import { neighboursOverTime, type Snapshot } from '../core/vectors/snapshots';

export interface OverTimeRequest { words: string[]; dim: number; snapshots: Snapshot[]; word: string; k: number }
export type OverTimeResult = ReturnType<typeof neighboursOverTime>;

const reply = workerReplies<never, OverTimeResult>();
try {
  const r = workerData as OverTimeRequest;
  reply.result(neighboursOverTime(r.words, r.dim, r.snapshots, r.word, r.k));
} catch (e) {
  reply.error(e);
}
