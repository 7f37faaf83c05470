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

/**
 * Runs `work` while a 1 ms timer measures how late this thread lets it fire: the worst lateness and
 * the time taken. Garbage left by what ran before is collected first when node runs with
 * --expose-gc, so that it is not counted against `work`.
 */
export async function measureStall<T>(work: () => Promise<T> | T): Promise<{ result: T; maxStallMs: number; seconds: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const meter = startStallMeter(1);
  await new Promise((r) => setTimeout(r, 20));
  meter.restart();
  const t0 = performance.now();
  const result = await work();
  const seconds = (performance.now() - t0) / 1000;
  return { result, maxStallMs: await meter.stop(), seconds };
}
