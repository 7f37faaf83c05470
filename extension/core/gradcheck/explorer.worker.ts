// The gradient explorer's worker thread: runs one check (computeExplorerResult) on its own copy
// of the request and returns the result through runWorker, which terminates it to cancel.
import { workerData } from 'node:worker_threads';
import { workerReplies } from '../util/runWorker';
import { unpackWords } from '../vectors/packedWords';
import { type ExplorerRequest, type ExplorerWorkerResult, type PackedExplorerWords, computeExplorerResult, wallClock } from './explorer';

const startedAt = wallClock();
const { request, words } = workerData as { request: ExplorerRequest; words?: PackedExplorerWords };
const reply = workerReplies<never, ExplorerWorkerResult>();
async function run(): Promise<void> {
  // A trained model's words come as one block (see copyForWorker); nothing else waits on this thread.
  if (words && request.parameters?.kind === 'trained') request.parameters.words = unpackWords(words.block, words.count);
  const result = computeExplorerResult(request);
  // Move the per-parameter arrays back instead of copying them.
  reply.result({ result, startedAt }, [...new Set(result.groups.flatMap((g) => [g.log10RelErrors, g.relErrors, g.analytic, g.numeric].map((a) => a.buffer as ArrayBuffer)))]);
}
run().catch((e: unknown) => reply.error(e));
