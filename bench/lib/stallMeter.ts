import { performance } from 'node:perf_hooks';

/**
 * This thread's longest stall: a timer every `periodMs` records how late it fires. What a user of
 * the extension host feels as a frozen hover or command while the measured work goes on.
 */
export function startStallMeter(periodMs: number): { restart(): void; stop(): Promise<number> } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - periodMs);
    last = now;
  }, periodMs);
  return {
    /** Forget what was measured so far (e.g. the start-up of the timer itself). */
    restart: () => {
      last = performance.now();
      worst = 0;
    },
    /** Lets the timer fire once more (work done synchronously shows as its lateness then), then stops it. */
    stop: async () => {
      await new Promise((r) => setTimeout(r, periodMs * 4));
      clearInterval(timer);
      return worst;
    },
  };
}
