import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { UserInputError } from '../errors';

/**
 * Checks that `path` is a regular file we can read, before opening it: one-line UserInputErrors
 * for a missing path, a directory, and anything that is not a regular file. A FIFO with no writer
 * (or a terminal, /dev/stdin) would block open() or read() forever in Node's thread pool, where
 * neither Ctrl-C nor cancel() can reach it; a device such as /dev/zero never ends. So they are
 * refused, never waited on. `what` names the file as the user knows it ("corpus file").
 */
export async function statInputFile(path: string, what: string): Promise<Stats> {
  const a = /^[aeiou]/i.test(what) ? 'an' : 'a';
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') throw new UserInputError(`${path}: no such ${what} (it does not exist). Check the path.`);
    throw new UserInputError(`${path}: cannot read it (${e.code ?? e.message}).`);
  });
  if (st.isDirectory()) throw new UserInputError(`${path} is a directory; give the path of ${a} ${what}.`);
  if (!st.isFile()) {
    const kind = st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : 'a device';
    throw new UserInputError(`${path} is ${kind}, not a regular file; save its content to a file and give that file as the ${what} (a pipe can block forever, and files are read more than once).`);
  }
  return st;
}

/** A file's identity and version as the file system tells it: what a change on disk alters. */
export interface FileVersion { dev: number; ino: number; size: number; mtimeMs: number }

export function fileVersion(st: Stats): FileVersion {
  return { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
}

/**
 * How the file at `path` differs from `was`: 'deleted' when it is gone, 'changed' when it is
 * another file (replaced, as editors save) or the same file with another size or modification
 * time; undefined when it is as it was. Asynchronous, never a statSync: on a network drive that
 * stopped answering, stat() may never return, and the caller must not be blocked by it (the
 * training coordinator stops waiting and does not ask again while one is in flight).
 */
export function fileChange(path: string, was: FileVersion): Promise<'changed' | 'deleted' | undefined> {
  return stat(path).then((st) => changeFrom(was, st), (e: NodeJS.ErrnoException) => changeFrom(was, e));
}

function changeFrom(was: FileVersion, now: Stats | NodeJS.ErrnoException): 'changed' | 'deleted' | undefined {
  if (now instanceof Error) return now.code === 'ENOENT' ? 'deleted' : 'changed';
  const v = fileVersion(now);
  return v.dev === was.dev && v.ino === was.ino && v.size === was.size && v.mtimeMs === was.mtimeMs ? undefined : 'changed';
}
