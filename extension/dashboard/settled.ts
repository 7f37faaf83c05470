/** `f()`'s promise, with a synchronous throw turned into its rejection: one path for both failures. */
export function settled<T>(f: () => Promise<T>): Promise<T> {
  try {
    return f();
  } catch (e) {
    return Promise.reject(e);
  }
}
