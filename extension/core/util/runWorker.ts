/**
 * The one way the extension and the CLI run work in a worker thread, and the one wire shape a
 * worker answers in: any number of events, then one result or one error. Errors cross the thread
 * boundary as data (serializeError / deserializeError), so a UserInputError stays one, with the
 * option it is about; cancellation is an AbortSignal, and a cancelled run rejects with
 * CancelledError, except where the worker is asked to stop and still has a result to give
 * (training: the vectors so far survive a cancel).
 */
import { parentPort, Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import { CancelledError, UserInputError } from '../errors';
import { workerPath } from './workerPath';
import { orDeadline } from './deadline';

/** An error as it crosses a thread boundary. */
export interface SerializedError {
  message: string;
  /** A UserInputError: its message is for the user as it is. */
  user: boolean;
  /** For a UserInputError about one option: that option's name. */
  option?: string;
  stack?: string;
}

/** What a worker posts: events as they happen, then exactly one result or error. */
export type WorkerMessage<Event, Result> =
  | { kind: 'event'; event: Event }
  | { kind: 'result'; result: Result }
  | { kind: 'error'; error: SerializedError };

/** What the caller posts to ask a worker to stop and reply with what it has (see `onAbort: 'ask'`). */
export interface StopRequest { kind: 'stop' }

export function serializeError(e: unknown): SerializedError {
  if (!(e instanceof Error)) return { message: String(e), user: false };
  const s: SerializedError = { message: e.message, user: e instanceof UserInputError };
  if (e instanceof UserInputError && e.option !== undefined) s.option = e.option;
  if (!s.user && e.stack) s.stack = e.stack;
  return s;
}

export function deserializeError(s: SerializedError): Error {
  if (s.user) return new UserInputError(s.message, s.option !== undefined ? { option: s.option } : {});
  const e = new Error(s.message);
  if (s.stack) e.stack = s.stack;
  return e;
}

/**
 * The workers started by runWorker that have not exited yet. The extension reports the count to
 * its host tests (a run cancelled, a dashboard closed, the extension deactivated: none may be left).
 */
const live = new Set<Worker>();

/**
 * How long a cancelled run waits for its thread to stop before it abandons it (see settle), as do
 * the training coordinator for its workers after a cancel and the CLI's exit for every worker
 * (exitProcess): a thread that has not stopped by then is blocked in a read or a write that may
 * never return (a network drive that stopped answering).
 */
export const TERMINATE_WAIT_MS = 300;

/** Terminates `worker`; resolves true when it has stopped, false after `ms` if it has not (no timer is left behind). */
function stopWithin(worker: Worker, ms: number): Promise<boolean> {
  return orDeadline(worker.terminate().then(() => true, () => true), ms, false);
}

/** How many workers started through runWorker in this thread are still working. */
export function liveWorkerCount(): number {
  return live.size - retiring.size;
}

/**
 * Workers that have answered and are left idle for RETIRE_MS before they are terminated. Ending a
 * thread while V8 is still optimising its code on a background thread can abort the whole process:
 * Node 20's worker teardown unregisters the isolate from the platform before it stops the
 * concurrent compiler, and a compile job that then asks for the isolate's task runner fails
 * "Assertion failed: (data.first) != nullptr" in NodePlatform::ForIsolate. It was seen once, in the
 * extension host of the end-to-end tests, as a gradient check's worker ended on a loaded machine.
 * An idle pause lets the compile jobs in flight finish first.
 */
const retiring = new Map<Worker, NodeJS.Timeout>();
const RETIRE_MS = 2000;

/** How many answered workers are waiting out their pause before they are terminated. */
export function retiringWorkerCount(): number {
  return retiring.size;
}

function retire(worker: Worker): void {
  // Unreferenced: a CLI that has written its output does not wait for the pause.
  worker.unref();
  const timer = setTimeout(() => {
    retiring.delete(worker);
    void worker.terminate();
  }, RETIRE_MS).unref();
  retiring.set(worker, timer);
  worker.once('exit', () => {
    clearTimeout(timer);
    retiring.delete(worker);
  });
}

/**
 * Terminates every worker started here that has not exited, idle answered ones included (the CLI's
 * exit, the extension's deactivation); resolves true when all have stopped within `ms`. False means
 * one is blocked in a read of a stalled network file, and process.exit would wait for it for ever
 * (see exitProcess in the CLI).
 */
export async function endWorkers(ms: number): Promise<boolean> {
  for (const t of retiring.values()) clearTimeout(t);
  retiring.clear();
  const stopped = await Promise.all([...live].map((w) => stopWithin(w, ms)));
  return stopped.every(Boolean);
}

export interface RunWorkerOptions<Event, Result = unknown> {
  onEvent?: (event: Event) => void;
  /** Aborting cancels the run: see `onAbort`. */
  signal?: AbortSignal;
  /** Buffers in `data` to move into the worker instead of copying them. */
  transfer?: readonly TransferListItem[];
  /**
   * 'terminate' (default): stop the thread at once and reject with CancelledError once it has
   * stopped (so a cancelled run never keeps a core busy), or after 300 ms if it cannot stop (a
   * thread blocked in a read is abandoned). 'ask': post a StopRequest and wait for the worker's
   * result, for work whose partial result is worth keeping.
   */
  onAbort?: 'terminate' | 'ask';
  /**
   * With onAbort 'ask': when the worker has not replied `ms` after the stop request, `fallback()`
   * is asked for a result; if it gives one, the thread is terminated and the run resolves with it
   * (a worker blocked in a read, or in a long step that does not look at its messages, must not
   * hold a cancel for longer); if it gives undefined, the run keeps waiting for the worker.
   */
  stopTimeout?: { ms: number; fallback: () => Result | undefined };
  resourceLimits?: ResourceLimits;
  /** What the work is called in messages, e.g. 'The gradient check' ("... was cancelled."). */
  what?: string;
}

/**
 * Runs dist/<entry>.js with `data` as its workerData and resolves with its result. An event
 * handler that throws ends the run with its error. A cancelled worker, or one that crashed or exited
 * without answering, is terminated before the run settles (abandoned after 300 ms if blocked); one
 * that has answered, with a result or an error, is terminated after an idle pause (see retire).
 */
export function runWorker<Req, Event, Result>(entry: string, data: Req, options: RunWorkerOptions<Event, Result> = {}): Promise<Result> {
  const { onEvent, signal, transfer, onAbort = 'terminate', resourceLimits, what = `The ${entry} thread`, stopTimeout } = options;
  if (signal?.aborted && onAbort === 'terminate') return Promise.reject(new CancelledError(what));
  return new Promise<Result>((resolve, reject) => {
    const worker = new Worker(workerPath(entry), {
      workerData: data,
      transferList: transfer ? [...transfer] : [],
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    live.add(worker);
    worker.once('exit', () => live.delete(worker));
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    /** Ends the run: `f` settles the promise once the thread has stopped (a cancel) or at once (an answer; see retire). */
    const settle = (f: () => void, answered = true): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', aborted);
      if (answered) {
        retire(worker);
        f();
      } else {
        // Settles once the thread has stopped, so a cancelled run never keeps a core busy; but a
        // thread blocked in a read (a stalled network file: fs.read in the thread pool, or
        // readSync) cannot stop until the read returns, which may be never. It uses no core
        // meanwhile: it is abandoned after TERMINATE_WAIT_MS, and stays in `live` until it exits.
        void stopWithin(worker, TERMINATE_WAIT_MS).then(f);
      }
    };
    const aborted = (): void => {
      if (onAbort !== 'ask') { settle(() => reject(new CancelledError(what)), false); return; }
      worker.postMessage({ kind: 'stop' } satisfies StopRequest);
      if (stopTimeout && timer === undefined) {
        timer = setTimeout(() => {
          const fallback = stopTimeout.fallback();
          if (fallback !== undefined) settle(() => resolve(fallback), false);
        }, stopTimeout.ms);
      }
    };
    signal?.addEventListener('abort', aborted);
    if (signal?.aborted) aborted();
    worker.on('message', (m: WorkerMessage<Event, Result>) => {
      if (settled) return;
      if (m.kind === 'event') {
        try {
          onEvent?.(m.event);
        } catch (e) {
          settle(() => reject(e), false);
        }
      } else if (m.kind === 'result') {
        const result = m.result;
        settle(() => resolve(result));
      } else {
        const error = deserializeError(m.error);
        settle(() => reject(error));
      }
    });
    worker.on('error', (e) => settle(() => reject(e), false));
    worker.on('exit', (code) => settle(() => reject(new Error(`${what} stopped (exit code ${code}) without a result.`)), false));
  });
}

/**
 * Keeps a worker that has answered alive, idle, until runWorker terminates it after its pause (see
 * retire): a worker whose script has ended would otherwise tear itself down at once, which is the
 * moment the pause is there to avoid. The timer outlasts the pause, so the caller decides the end.
 */
function stayIdle(): void {
  setTimeout(() => undefined, RETIRE_MS + 1000);
}

/** The worker's side: how it answers runWorker. Call inside a worker thread only. */
export function workerReplies<Event, Result>(): {
  event(event: Event, transfer?: readonly TransferListItem[]): void;
  result(result: Result, transfer?: readonly TransferListItem[]): void;
  error(e: unknown): void;
  /** Calls `f` when the caller asks the worker to stop (runWorker's `onAbort: 'ask'`). */
  onStop(f: () => void): void;
} {
  const port = parentPort;
  if (!port) throw new Error('this script must run in a worker thread');
  const post = (m: WorkerMessage<Event, Result>, transfer?: readonly TransferListItem[]): void =>
    port.postMessage(m, transfer ? [...transfer] : undefined);
  return {
    event: (event, transfer) => post({ kind: 'event', event }, transfer),
    result: (result, transfer) => { post({ kind: 'result', result }, transfer); stayIdle(); },
    error: (e) => { post({ kind: 'error', error: serializeError(e) }); stayIdle(); },
    onStop: (f) => port.on('message', (m: StopRequest) => { if (m?.kind === 'stop') f(); }),
  };
}
