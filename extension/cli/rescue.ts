import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { UserInputError } from '../core/errors';
import { OutputWriteError, WriteAbandonedError, abandonWrites, longestWriteWait } from '../core/util/atomicWrite';
import { orDeadline } from '../core/util/deadline';
import { TERMINATE_WAIT_MS } from '../core/util/runWorker';
import { STALL_NOTICE_MS } from '../core/util/stall';
import { err } from './output';
import { exitProcess, onStopSignals, signalExitCode, type StopSignal } from './signals';

/** Where the output goes when `path` cannot be written: a named file in the temp folder, else the home folder. */
export function rescuePaths(path: string): string[] {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `w2v-rescued-${stamp}-${process.pid}-${basename(path)}`;
  return [join(tmpdir(), name), join(homedir(), name)];
}

/** How often a write is looked at for a stall. */
const STALL_CHECK_MS = 1000;

/**
 * Writes the result of a finished run to `path` with `write`, so that it is never lost:
 * - a write that fails (disk full, permission, folder removed) is retried at a rescue file the
 *   message names (the caller exits 1: the output is not where it was asked);
 * - a write that has made no progress for STALL_NOTICE_MS (a network drive that stopped
 *   answering: the call may never return) is told, and a Ctrl-C or SIGTERM then writes the
 *   result to the rescue file instead, says where, and quits with the signal's code;
 * - otherwise a first Ctrl-C or SIGTERM while writing lets the write finish and says so; a second
 *   abandons it (`path` is left as it was, the temp file is removed by atomicWrite's exit hook),
 *   quitting at once if the write does not stop within TERMINATE_WAIT_MS.
 * Returns the path written.
 */
export async function writeOrRescue(path: string, what: string, write: (path: string) => Promise<void>): Promise<string> {
  const rescues = rescuePaths(path);
  let abandonedBy: StopSignal | undefined;
  let rescuing = false;
  let stallTold = false;
  const watch = setInterval(() => {
    const ms = longestWriteWait();
    if (ms < STALL_NOTICE_MS) { stallTold = false; return; }
    if (stallTold || rescuing) return;
    stallTold = true;
    // On its own line, below a terminal's progress line.
    err(`${process.stderr.isTTY ? '\n' : ''}w2v: writing ${path} has made no progress for ${Math.floor(ms / 1000)} s; the drive may have stopped answering. Ctrl-C writes the ${what} to ${rescues[0]} instead.`);
  }, STALL_CHECK_MS).unref();
  const signals = onStopSignals((sig, count) => {
    if (rescuing) {
      err(`w2v: interrupted while saving the ${what} elsewhere; they are lost.`);
      void exitProcess(signalExitCode(sig));
    } else if (longestWriteWait() >= STALL_NOTICE_MS) {
      // The stalled call cannot be stopped (it ends when the drive answers, maybe never): it is
      // left waiting, and the result is written elsewhere.
      rescuing = true;
      const stalledSec = Math.floor(longestWriteWait() / 1000);
      void writeElsewhere(rescues, write).then(async (at) => {
        err(typeof at === 'string'
          ? `w2v: stopped writing ${path}, which had made no progress for ${stalledSec} s; the ${what} were saved to ${at} instead; move them where you need them.`
          : `w2v: stopped writing ${path}, which had made no progress for ${stalledSec} s; saving the ${what} to ${at.failures.join(' or ')} failed too, so they are lost.`);
        await exitProcess(signalExitCode(sig));
      }, async (e: unknown) => {
        err(`w2v: stopped writing ${path}, which had made no progress for ${stalledSec} s; saving the ${what} elsewhere failed (${(e as Error).message}), so they are lost.`);
        await exitProcess(signalExitCode(sig));
      });
    } else if (count === 1) {
      err(`Finishing writing the ${what} to ${path} (${sig === 'SIGINT' ? 'Ctrl-C' : sig} again to abandon it and leave ${path} as it was)…`);
    } else {
      // The write stops at its next chunk and removes its temp file; the catch below quits. A
      // write waiting in a call that does not return cannot get there: quit without it.
      abandonedBy ??= sig;
      void orDeadline(abandonWrites().then(() => true), TERMINATE_WAIT_MS, false).then((ended) => {
        if (ended) return;
        err(`w2v: interrupted while writing ${path}, which is not answering; the ${what} are lost.`);
        void exitProcess(signalExitCode(sig));
      });
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
      const at = await writeElsewhere(rescues, write);
      if (typeof at === 'string') {
        err(`w2v: ${e.message} The ${what} were saved to ${at} instead; move them where you need them.`);
        return at;
      }
      throw new UserInputError(`${e.message} Saving the ${what} to ${at.failures.join(' or ')} failed too, so they are lost. Free some disk space or choose another --out folder.`);
    }
  } finally {
    clearInterval(watch);
    signals.dispose();
  }
}

/** Writes to the first of `rescues` that can be written: its path, or each one's failure. */
async function writeElsewhere(rescues: string[], write: (path: string) => Promise<void>): Promise<string | { failures: string[] }> {
  const failures: string[] = [];
  for (const rescue of rescues) {
    try {
      await write(rescue);
      return rescue;
    } catch (e) {
      if (!(e instanceof OutputWriteError)) throw e;
      failures.push(`${rescue} (${e.code})`);
    }
  }
  return { failures };
}
