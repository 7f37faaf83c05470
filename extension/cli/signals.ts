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
