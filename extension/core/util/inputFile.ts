import { statSync, type Stats } from 'node:fs';
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
 * time; undefined when it is as it was. Synchronous: one stat, for a periodic check.
 */
export function fileChangeSync(path: string, was: FileVersion): 'changed' | 'deleted' | undefined {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'deleted' : 'changed';
  }
  const now = fileVersion(st);
  return now.dev === was.dev && now.ino === was.ino && now.size === was.size && now.mtimeMs === was.mtimeMs ? undefined : 'changed';
}
