import { Worker } from 'node:worker_threads';
import { UserInputError } from '../core/errors';
import { workerPath } from '../core/util/workerPath';
import type { ExplorerRequest, ExplorerResult } from '../protocol';
import type { ExplorerParameters } from './explorer';

/** Thrown when a check is cancelled. */
export class ExplorerCancelled extends Error {
  override readonly name = 'ExplorerCancelled';
  constructor() {
    super('The gradient check was cancelled.');
  }
}

/**
 * Runs a gradient-explorer check in a worker thread (the parameters are copied to it, never
 * changed). Rejects with UserInputError for a request that cannot run, ExplorerCancelled on abort.
 */
export function runExplorerInWorker(request: ExplorerRequest, params: ExplorerParameters | undefined, seed: number, signal?: AbortSignal): Promise<ExplorerResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ExplorerCancelled());
    const worker = new Worker(workerPath('gradient-explorer.worker'), { workerData: { request, params, seed } });
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      f();
    };
    const onAbort = () => settle(() => reject(new ExplorerCancelled()));
    signal?.addEventListener('abort', onAbort);
    worker.once('message', (m: { ok: true; result: ExplorerResult } | { ok: false; message: string; user: boolean }) => {
      settle(() => (m.ok ? resolve(m.result) : reject(m.user ? new UserInputError(m.message) : new Error(m.message))));
    });
    worker.once('error', (e) => settle(() => reject(e)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the gradient check's worker exited with code ${code}`))));
  });
}
