/**
 * An error caused by what the user gave us (a file, a setting, a flag), as opposed to a bug.
 * Its message is shown to the user as it is, so it must say what is wrong and what to do,
 * in one sentence or two, e.g. "The corpus has 3 distinct words after min-count 5; it needs at
 * least 12 for window 5 and 5 negatives. Lower word2vec.minCount or use a larger file."
 */
export class UserInputError extends Error {
  override readonly name = 'UserInputError';
  /** The option the message is about (an engine option name such as 'alpha'), when it is about one. */
  readonly option?: string;
  constructor(message: string, about: { option?: string } = {}) {
    super(message);
    if (about.option !== undefined) this.option = about.option;
  }
}

/** The rejection of work the caller cancelled (an AbortSignal), named like fetch's AbortError. */
export class CancelledError extends Error {
  override readonly name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(what = 'The work') {
    super(`${what} was cancelled.`);
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof CancelledError || (e instanceof Error && e.name === 'AbortError');
}

/** Throws a UserInputError when `ok` is false. */
export function check(ok: boolean, message: string | (() => string)): asserts ok {
  if (!ok) throw new UserInputError(typeof message === 'string' ? message : message());
}

/**
 * Memory that could not be allocated (a typed array, a WebAssembly memory, a worker's heap) as a
 * UserInputError whose message ends with `advice` (what to change to need less); undefined for
 * any other error.
 */
export function outOfMemoryError(e: unknown, advice: string): UserInputError | undefined {
  const code = (e as NodeJS.ErrnoException)?.code;
  const message = e instanceof Error ? e.message : String(e);
  const oom = code === 'ERR_WORKER_OUT_OF_MEMORY' || (e instanceof RangeError && /alloc|memory|Invalid typed array length|Invalid array length/i.test(message))
    || /out of memory|could not allocate memory|Array buffer allocation failed/i.test(message);
  return oom ? new UserInputError(`Not enough memory for this run (${message.replace(/\s*\n[\s\S]*/, '')}). ${advice}`) : undefined;
}

/**
 * Argument checks for the library's public functions: a value of the wrong type is a
 * UserInputError naming the function and the argument, never an empty result or a silent NaN.
 */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  return typeof v;
}

export function expectString(v: unknown, where: string): asserts v is string {
  if (typeof v !== 'string') throw new UserInputError(`${where} must be a string, got ${describe(v)}.`);
}

export function expectFiniteNumber(v: unknown, where: string): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new UserInputError(`${where} must be a finite number, got ${describe(v)}.`);
}

/** An array or typed array of finite numbers. */
export function expectFiniteNumbers(v: unknown, where: string): asserts v is ArrayLike<number> {
  const ok = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
  if (!ok) throw new UserInputError(`${where} must be an array of numbers, got ${describe(v)}.`);
  const a = v as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number' && typeof x !== 'bigint') throw new UserInputError(`${where}[${i}] must be a number, got ${describe(x)}.`);
    if (typeof x === 'number' && !Number.isFinite(x)) throw new UserInputError(`${where}[${i}] is ${describe(x)}; every value must be a finite number.`);
  }
}
