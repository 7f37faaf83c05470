/**
 * Runs one gradient-explorer check off the extension host's thread (a check of every touched
 * parameter takes up to a second). Cancelling terminates the worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UserInputError } from '../core/errors';
import { runExplorerCheck, type ExplorerParameters } from './explorer';
import type { ExplorerRequest } from '../protocol';

const { request, params, seed } = workerData as { request: ExplorerRequest; params?: ExplorerParameters; seed: number };
try {
  parentPort!.postMessage({ ok: true, result: runExplorerCheck(request, params, seed) });
} catch (e) {
  parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e), user: e instanceof UserInputError });
}
