import { endWorkers, TERMINATE_WAIT_MS } from '../core/util/runWorker';
import { longestWriteWait } from '../core/util/atomicWrite';

/**
 * Ctrl-C (SIGINT) and SIGTERM for the CLI. Both mean "stop": a long command stops its work and
 * keeps what it has (the first signal), or quits at once (the second). The exit code says which
 * signal it was, as a shell does: 128 + the signal number.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM';

const CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export function signalExitCode(sig: StopSignal): number {
  return CODES[sig];
}

/**
 * Ends the process with `code`. process.exit first waits for every worker thread to stop, and a
 * worker blocked in a read of a stalled network file (readSync, or fs.read in the thread pool)
 * stops only when the read returns, which may be never. So after a stop signal the workers are
 * ended first, and when one has not stopped within TERMINATE_WAIT_MS, or a write of the process
 * waits in a call (a stalled drive: process.exit would wait for its thread-pool thread too), the
 * process runs its 'exit' listeners (atomicWrite's temp-file cleanup) and ends by that signal
 * itself, as a program without a handler does: the shell shows the same 130 or 143, and the
 * kernel ends the blocked threads too (a hard NFS mount lets that kill through).
 */
export async function exitProcess(code: number): Promise<never> {
  const sig = (Object.keys(CODES) as StopSignal[]).find((s) => CODES[s] === code);
  if (sig && (!(await endWorkers(TERMINATE_WAIT_MS)) || longestWriteWait() > 0)) {
    process.exitCode = code;
    process.emit('exit', code);
    process.removeAllListeners(sig);
    process.kill(process.pid, sig);
  }
  process.exit(code);
}

/** Calls `handler(signal, n)` for the n-th stop signal (either kind) until disposed. */
export function onStopSignals(handler: (sig: StopSignal, count: number) => void): { dispose(): void } {
  let count = 0;
  const listeners = (['SIGINT', 'SIGTERM'] as const).map((sig) => {
    const l = (): void => handler(sig, ++count);
    process.on(sig, l);
    return [sig, l] as const;
  });
  return { dispose: () => { for (const [sig, l] of listeners) process.off(sig, l); } };
}
