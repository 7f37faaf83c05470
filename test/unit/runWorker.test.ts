// runWorker's end of a worker's life: a worker that has answered is left idle for a pause before it
// is terminated (ending a thread while V8 still optimises its code can abort the process), a
// cancelled one is terminated before the run settles, and endWorkers ends them all now.
//   node scripts/build.mjs tests:unit/runWorker worker:explorer && node --test dist/tests/unit/runWorker.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExplorerCheck, isExplorerCancelled, type ExplorerRequest } from '../../extension/core/gradcheck/explorer';
import { endWorkers, liveWorkerCount, retiringWorkerCount } from '../../extension/core/util/runWorker';

const REQUEST: ExplorerRequest = { target: { kind: 'network', dims: [6, 5, 4], rows: 10 }, seed: 1 };

/** Resolves when `cond` holds, polling every 10 ms for at most `ms`. */
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 10))) if (cond()) return true;
  return cond();
}

test('a worker that answered is not working, waits out its pause idle, then ends by itself', async () => {
  await runExplorerCheck(REQUEST);
  assert.equal(liveWorkerCount(), 0, 'no worker is counted as working once the run has settled');
  assert.equal(retiringWorkerCount(), 1, 'the answered worker is still there, idle');
  assert.ok(await until(() => retiringWorkerCount() === 0, 10_000), 'the idle worker ended after its pause');
});

test('endWorkers ends the idle workers at once', async () => {
  await runExplorerCheck(REQUEST);
  assert.equal(retiringWorkerCount(), 1);
  assert.equal(await endWorkers(1000), true, 'every worker stopped');
  assert.equal(retiringWorkerCount(), 0);
});

test('a cancelled worker is terminated before the run settles, not left idle', async () => {
  const ac = new AbortController();
  const run = runExplorerCheck({ ...REQUEST, target: { kind: 'network', dims: [60, 50, 40], rows: 400 } }, { signal: ac.signal });
  // Cancel once its worker has started.
  assert.ok(await until(() => liveWorkerCount() === 1, 10_000), 'the worker started');
  ac.abort();
  await assert.rejects(run, (e) => isExplorerCancelled(e));
  assert.equal(liveWorkerCount() + retiringWorkerCount(), 0, 'no thread is left when a cancelled run settles');
});
