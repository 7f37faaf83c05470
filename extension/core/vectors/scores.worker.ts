/**
 * The second thread of a neighbour query over a large matrix (see UnitMatrix): it scores the rows
 * the main thread hands it, in the same shared WebAssembly memory, and is woken and waited for with
 * Atomics, so a query stays a synchronous call and costs no message round trip.
 */
import { workerData } from 'node:worker_threads';
import { CTRL, instantiateScores } from './unitMatrix';

const { memory, control } = workerData as { memory: WebAssembly.Memory; control: SharedArrayBuffer };
const ctrl = new Int32Array(control);
const kernel = instantiateScores(memory);
Atomics.store(ctrl, CTRL.ready, 1);
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, CTRL.request, seen);
  const gen = Atomics.load(ctrl, CTRL.request);
  if (gen < 0) break;
  kernel.scores(ctrl[CTRL.mat], ctrl[CTRL.rows], ctrl[CTRL.dim], ctrl[CTRL.query], ctrl[CTRL.out]);
  seen = gen;
  Atomics.store(ctrl, CTRL.done, gen);
  Atomics.notify(ctrl, CTRL.done);
}
