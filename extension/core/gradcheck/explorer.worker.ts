// The gradient explorer's worker thread: runs one check (computeExplorerResult) on its own copy
// of the request and posts the result back. runExplorerCheck (./explorer.ts) starts it and
// terminates it to cancel.
import { parentPort, workerData } from 'node:worker_threads';
import { UserInputError } from '../errors';
import { type ExplorerRequest, type ExplorerWorkerReply, computeExplorerResult, wallClock } from './explorer';

const startedAt = wallClock();
const { request } = workerData as { request: ExplorerRequest };
let reply: ExplorerWorkerReply;
let transfer: ArrayBuffer[] = [];
try {
  const result = computeExplorerResult(request);
  reply = { ok: true, result, startedAt };
  // Move the per-parameter arrays back instead of copying them.
  transfer = [...new Set(result.groups.flatMap((g) => [g.log10RelErrors, g.relErrors, g.analytic, g.numeric].map((a) => a.buffer as ArrayBuffer)))];
} catch (e) {
  reply = { ok: false, message: e instanceof Error ? e.message : String(e), user: e instanceof UserInputError, startedAt };
}
parentPort!.postMessage(reply, transfer);
