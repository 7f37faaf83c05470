/**
 * Memory that threads share instead of copying: a matrix in a SharedArrayBuffer is posted to a
 * worker (or back) as a reference, so one copy serves the host, the query worker and the map.
 */

/** A zeroed Float32Array of `length` numbers in a SharedArrayBuffer (a RangeError when it cannot be allocated, as `new Float32Array`). */
export function sharedFloat32Array(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(4 * length));
}

/** A copy of `bytes` in a SharedArrayBuffer. */
export function sharedBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}

/** The buffers of `arrays` that can be transferred: a SharedArrayBuffer is shared by posting it, and may not be in a transfer list. */
export function transferable(...arrays: (ArrayBufferView | undefined)[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of arrays) if (a && !(a.buffer instanceof SharedArrayBuffer) && !out.includes(a.buffer as ArrayBuffer)) out.push(a.buffer as ArrayBuffer);
  return out;
}
