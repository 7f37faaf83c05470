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
