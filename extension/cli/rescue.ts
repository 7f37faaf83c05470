import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { UserInputError } from '../core/errors';
import { OutputWriteError, WriteAbandonedError, abandonWrites } from '../core/util/atomicWrite';
import { err } from './output';
import { exitProcess, onStopSignals, signalExitCode, type StopSignal } from './signals';

/** Where the output goes when `path` cannot be written: a named file in the temp folder, else the home folder. */
export function rescuePaths(path: string): string[] {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `w2v-rescued-${stamp}-${process.pid}-${basename(path)}`;
  return [join(tmpdir(), name), join(homedir(), name)];
}

/**
 * Writes the result of a finished run to `path` with `write`, so that it is never lost:
 * - a write that fails (disk full, permission, folder removed) is retried at a rescue file the
 *   message names (the caller exits 1: the output is not where it was asked);
 * - a first Ctrl-C or SIGTERM while writing lets the write finish and says so; a second abandons
 *   it (`path` is left as it was, the temp file is removed by atomicWrite's exit hook).
 * Returns the path written.
 */
export async function writeOrRescue(path: string, what: string, write: (path: string) => Promise<void>): Promise<string> {
  let abandonedBy: StopSignal | undefined;
  const signals = onStopSignals((sig, count) => {
    if (count === 1) {
      err(`Finishing writing the ${what} to ${path} (${sig === 'SIGINT' ? 'Ctrl-C' : sig} again to abandon it and leave ${path} as it was)…`);
    } else {
      // The write stops at its next chunk and removes its temp file; the catch below quits.
      abandonedBy ??= sig;
      void abandonWrites();
    }
  });
  try {
    try {
      await write(path);
      return path;
    } catch (e) {
      if (e instanceof WriteAbandonedError && abandonedBy) {
        err(`w2v: interrupted while writing ${path}; it was left as it was and the ${what} are lost.`);
        return await exitProcess(signalExitCode(abandonedBy));
      }
      if (!(e instanceof OutputWriteError)) throw e;
      const failures: string[] = [];
      for (const rescue of rescuePaths(path)) {
        try {
          await write(rescue);
          err(`w2v: ${e.message} The ${what} were saved to ${rescue} instead; move them where you need them.`);
          return rescue;
        } catch (e2) {
          if (!(e2 instanceof OutputWriteError)) throw e2;
          failures.push(`${rescue} (${e2.code})`);
        }
      }
      throw new UserInputError(`${e.message} Saving the ${what} to ${failures.join(' or ')} failed too, so they are lost. Free some disk space or choose another --out folder.`);
    }
  } finally {
    signals.dispose();
  }
}
