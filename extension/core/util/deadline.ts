/**
 * Waiting for something that may never come (a stat or a read on a network drive that stopped
 * answering, a thread blocked in one) only up to a deadline.
 */

/**
 * `p`'s value, or `late` once `ms` have passed without it. The timer is cleared as soon as `p`
 * settles, so none is left behind; `p` itself goes on, only no longer waited for. Each call adds a
 * reaction to `p` that it keeps until `p` settles: race a long-lived promise once, not at every
 * turn of a loop (see Coordinator.untilStopped).
 */
export function orDeadline<T, L>(p: PromiseLike<T>, ms: number, late: L): Promise<T | L> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<L>((resolve) => { timer = setTimeout(() => resolve(late), ms); });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
