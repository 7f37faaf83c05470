/**
 * Long work on a thread others wait on (the extension host's) is done a slice at a time, letting
 * the event loop run between slices, so that what waits on it (a reply, a cancel) gets its turn.
 */
import { CancelledError } from '../errors';

/** Lets the event loop run (setImmediate) before the next slice of work. */
export const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Lets the event loop run, then throws `cancelled()` if `signal` was aborted by then (a cancel that came in that turn). */
export async function yieldUnlessAborted(signal: AbortSignal | undefined, cancelled: () => CancelledError): Promise<void> {
  await yieldToEventLoop();
  if (signal?.aborted) throw cancelled();
}
