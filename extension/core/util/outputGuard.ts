import { constants, type Stats } from 'node:fs';
import { access, open, realpath, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserInputError } from '../errors';

/**
 * Refuses, before any work, an output that would destroy an input or another output: every check
 * is on the file system's identity of a file, never on the strings the user typed.
 *
 * - An output that exists is compared by (device, inode) with every input and every other output,
 *   which catches a hard link, a symlink (to the file or to a folder above it) and the same file
 *   named twice (`./a.txt`, `a.txt`, `dir/../a.txt`).
 * - An output that does not exist yet is compared by real path (its folder's real path + its name)
 *   with the real paths of the inputs and of the other outputs.
 * - An output that exists and is not a regular file (a FIFO, a device, a socket) is refused: the
 *   atomic rename would silently replace it by a plain file.
 * - Its folder must exist and be writable (a probe file is created and removed), so a long run
 *   does not end in "permission denied".
 *
 * The CLI calls this for --out, --stats-json and --json; the extension's exports can call it too.
 */

/** One file of a command, named as the user knows it (`flag` is e.g. "--out" or "the corpus"). */
export interface NamedPath {
  flag: string;
  path: string;
  /** For outputs: a file name to suggest when the path is a folder, e.g. "vectors.txt". */
  example?: string;
}

interface Identity {
  real: string;
  /** `${dev}:${ino}` when the file exists. */
  inode?: string;
  stats?: Stats;
}

async function identity(path: string): Promise<Identity> {
  const abs = resolve(path);
  const st = await stat(abs).catch(() => undefined);
  if (st) return { real: await realpath(abs).catch(() => abs), inode: `${st.dev}:${st.ino}`, stats: st };
  // Not there yet: the real path of its folder (which may be a symlink) and its name.
  const dir = await realpath(dirname(abs)).catch(() => dirname(abs));
  return { real: join(dir, basename(abs)), stats: undefined };
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

function same(a: Identity, b: Identity): boolean {
  return (a.inode !== undefined && a.inode === b.inode) || a.real === b.real;
}

/** Throws a UserInputError when an output is unsafe to write (see the module comment). */
export async function guardOutputs(inputs: readonly NamedPath[], outputs: readonly NamedPath[]): Promise<void> {
  const ins = await Promise.all(inputs.map(async (p) => ({ ...p, id: await identity(p.path) })));
  const outs = await Promise.all(outputs.map(async (p) => ({ ...p, id: await identity(p.path) })));
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i];
    if (o.id.stats?.isDirectory()) {
      throw new UserInputError(`${o.flag} ${o.path} is a directory; give a file name such as ${join(o.path, o.example ?? 'out.txt')}.`);
    }
    if (o.id.stats && !o.id.stats.isFile()) {
      throw new UserInputError(`${o.flag} ${o.path} is ${kindOf(o.id.stats)}, not a regular file; it will not be replaced. Choose a file name.`);
    }
    for (const input of ins) {
      if (same(o.id, input.id)) {
        const how = o.path === input.path ? '' : ` (${o.id.inode && o.id.inode === input.id.inode ? 'the same file through a link' : 'the same path'})`;
        throw new UserInputError(`${o.flag} ${o.path} is ${input.flag} ${input.path}${how}; inputs are never overwritten. Choose another file name for ${o.flag}.`);
      }
    }
    for (let j = 0; j < i; j++) {
      if (same(o.id, outs[j].id)) {
        throw new UserInputError(`${o.flag} ${o.path} and ${outs[j].flag} ${outs[j].path} are the same file; give them different names.`);
      }
    }
    await checkFolderWritable(o.flag, o.path);
  }
}

/** The folder of `path` exists and a file can be created in it (checked by creating one). */
export async function checkFolderWritable(flag: string, path: string): Promise<void> {
  const dir = dirname(resolve(path));
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new UserInputError(`${flag} ${path}: the folder ${dirname(path)} does not exist. Create it or choose another folder.`);
  // access() alone says yes on a read-only mount for root; creating a file is the real test.
  const probe = join(dir, `.w2v-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await access(dir, constants.W_OK);
    await (await open(probe, 'wx')).close();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new UserInputError(`${flag} ${path}: cannot write in the folder ${dirname(path)} (${code}). Choose a folder you can write to.`);
  } finally {
    await unlink(probe).catch(() => undefined);
  }
}
