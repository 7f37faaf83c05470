/**
 * The Map's worker: one projection (PCA, word axes or UMAP, with the training snapshots placed on
 * it) per worker, off the extension host's thread. Stop = terminate the thread
 * (runWorker's default), so UMAP's epochs need not look at messages.
 */
import { workerData } from 'node:worker_threads';
import { workerReplies } from '../core/util/runWorker';
import { runMapJob, type MapJob, type MapJobResult, type MapProgress } from './mapCompute';

const reply = workerReplies<MapProgress, MapJobResult>();
/** Progress at most this often (the final step always). */
const EVERY_MS = 150;
let last = 0;

try {
  const result = runMapJob(workerData as MapJob, (p) => {
    const now = Date.now();
    if (p.done < p.total && now - last < EVERY_MS) return;
    last = now;
    reply.event(p);
  });
  reply.result(result, [result.x.buffer as ArrayBuffer, result.y.buffer as ArrayBuffer]);
} catch (e) {
  reply.error(e);
}
