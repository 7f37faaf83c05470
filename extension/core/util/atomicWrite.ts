import { unlinkSync } from 'node:fs';
import { open, readdir, rename, unlink, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserInputError } from '../errors';

/**
 * A file could not be written (permission, disk full, folder gone): the message says which file
 * and why, in words; `code` is the system's code (ENOSPC, EACCES, ...). Callers holding results
 * that took long to compute catch it and write them somewhere else (see the CLI's train).
 */
export class OutputWriteError extends UserInputError {
  constructor(readonly path: string, readonly code: string, detail: string) {
    super(`Cannot write ${path}: ${detail}.`);
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full (ENOSPC)',
  EDQUOT: 'the disk quota is exceeded (EDQUOT)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'operation not permitted (EPERM)',
  EROFS: 'the file system is read-only (EROFS)',
  ENOENT: 'its folder no longer exists (ENOENT)',
  EIO: 'an input/output error (EIO)',
};

/** A system error while writing `path` as an OutputWriteError; anything else (a bug) unchanged. */
export function asWriteError(path: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (e instanceof UserInputError || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  return new OutputWriteError(path, code, REASONS[code] ?? `${(e as Error).message.replace(/^[A-Z]+: /, '')}`);
}

/**
 * The temp files being written by this process: removed when the process exits before renaming
 * them (a second Ctrl-C, an error), so none is left behind. A process killed outright (SIGKILL,
 * a power cut) cannot clean up: the next atomicWrite of the same file removes temp files whose
 * process is gone (see removeStaleTempFiles).
 */
interface ActiveWrite {
  tmp: string;
  /** Set by abandonWrites: the next chunk throws, and the temp file is removed. */
  abandoned: boolean;
  /** Resolves when the write has ended either way (its temp file renamed or removed). */
  ended: Promise<void>;
  /** When the file system call now waited for began (open, write, sync, close, rename); undefined between calls. */
  waitingSince?: number;
}

/**
 * `op`, a file system call of `write`, timed while it is waited for (see longestWriteWait): on a
 * network drive that stopped answering it never ends.
 */
async function waited<T>(write: ActiveWrite, op: Promise<T>): Promise<T> {
  write.waitingSince = performance.now();
  try {
    return await op;
  } finally {
    write.waitingSince = undefined;
  }
}

/** How long (ms) the longest-waiting file system call of this process's atomic writes has waited; 0 when none waits. */
export function longestWriteWait(): number {
  let since = Infinity;
  for (const w of active) if (w.waitingSince !== undefined) since = Math.min(since, w.waitingSince);
  return since === Infinity ? 0 : performance.now() - since;
}

const active = new Set<ActiveWrite>();
let exitHook = false;
function track(tmp: string): { write: ActiveWrite; end: () => void } {
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const w of active) {
        // A call still waited for at exit is on a drive that does not answer (a write that ends
        // ends before the exit: abandonWrites waits for it); removing its file would wait behind
        // that call, blocking the exit too. Left for the next atomicWrite of the same file to
        // remove (removeStaleTempFiles).
        if (w.waitingSince !== undefined) continue;
        try { unlinkSync(w.tmp); } catch { /* already gone */ }
      }
    });
  }
  let end!: () => void;
  const write: ActiveWrite = { tmp, abandoned: false, ended: new Promise<void>((r) => (end = r)) };
  active.add(write);
  return { write, end: () => { active.delete(write); end(); } };
}

/** What an abandoned write rejects with. */
export class WriteAbandonedError extends UserInputError {}

/**
 * Stops every atomic write of this process at its next chunk (within a megabyte), removing their
 * temp files, so the files they were replacing stay as they were; resolves when all have ended.
 * For a second Ctrl-C while writing: quit now, leaving no half-written or temporary file.
 */
export async function abandonWrites(): Promise<void> {
  for (const w of active) w.abandoned = true;
  await Promise.all([...active].map((w) => w.ended));
}

/** `.<name>.<pid>.<8 hex>.tmp`: the temp file name for `name`, and its pattern. */
const TEMP = /^\.(.*)\.(\d+)\.[0-9a-f]{8}\.tmp$/;
function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temp files of `path` left by processes that no longer run; returns how many. */
export async function removeStaleTempFiles(path: string): Promise<number> {
  const name = basename(path);
  let removed = 0;
  for (const f of await readdir(dirname(path)).catch(() => [] as string[])) {
    const m = TEMP.exec(f);
    if (!m || m[1] !== name || alive(Number(m[2]))) continue;
    await unlink(join(dirname(path), f)).then(() => removed++, () => undefined);
  }
  return removed;
}

/**
 * Receives the bytes of a file being written; buffers them so callers can write small pieces. A
 * chunk of FLUSH_BYTES or more is written out before write() resolves, so its caller may reuse it.
 */
export interface ChunkSink {
  write(chunk: string | Uint8Array): Promise<void>;
}

/** Bytes collected before one write to the temp file: large enough that syscalls don't dominate. */
export const FLUSH_BYTES = 1 << 20;

/**
 * Writes `path` atomically: the content goes to a temp file in the same folder (same filesystem,
 * so the rename cannot turn into a copy), which is synced and then renamed over `path`. A reader
 * (or a crash) sees either the old file or the complete new one, never a half-written file.
 * `produce` streams the content through the sink, so a large file is never held in one string.
 */
export async function atomicWrite(path: string, produce: (sink: ChunkSink) => Promise<void>): Promise<void> {
  const tmp = tempName(path);
  // Tracked before it exists: abandonWrites() and an exit while open() is in flight still remove it.
  const { write, end } = track(tmp);
  try {
    const existing = await waited(write, stat(path).catch(() => undefined));
    if (existing?.isDirectory()) throw new UserInputError(`${path} is a directory; give a file name to write to.`);
    // The rename would replace a FIFO, a device or a socket by a plain file: refuse.
    if (existing && !existing.isFile()) throw new UserInputError(`${path} exists and is not a regular file (a FIFO, device or socket); it will not be replaced. Choose a file name.`);
    await waited(write, removeStaleTempFiles(path));
    await writeTemp(path, tmp, write, produce);
  } finally {
    end();
  }
}

async function writeTemp(path: string, tmp: string, write: ActiveWrite, produce: (sink: ChunkSink) => Promise<void>): Promise<void> {
  let handle: FileHandle;
  try {
    if (write.abandoned) throw new WriteAbandonedError(`The write of ${path} was abandoned; ${path} was left as it was.`);
    handle = await waited(write, open(tmp, 'wx'));
  } catch (e) {
    throw asWriteError(path, e);
  }
  const encoder = new TextEncoder();
  let parts: Uint8Array[] = [];
  let pending = 0;
  const flush = async (): Promise<void> => {
    if (pending === 0) return;
    const buf = parts.length === 1 ? parts[0] : Buffer.concat(parts, pending);
    parts = [];
    pending = 0;
    let off = 0;
    while (off < buf.length) off += (await waited(write, handle.write(buf, off, buf.length - off))).bytesWritten;
  };
  const sink: ChunkSink = {
    async write(chunk) {
      if (write.abandoned) throw new WriteAbandonedError(`The write of ${path} was abandoned; ${path} was left as it was.`);
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      parts.push(bytes);
      pending += bytes.length;
      if (pending >= FLUSH_BYTES) await flush();
    },
  };
  try {
    await produce(sink);
    await flush();
    await waited(write, handle.sync());
    await waited(write, handle.close());
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw asWriteError(path, e);
  }
  try {
    if (write.abandoned) throw new WriteAbandonedError(`The write of ${path} was abandoned; ${path} was left as it was.`);
    await waited(write, rename(tmp, path));
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw asWriteError(path, e);
  }
}

/** Writes a whole string or byte array atomically (see atomicWrite). */
export function atomicWriteFile(path: string, data: string | Uint8Array): Promise<void> {
  return atomicWrite(path, (sink) => sink.write(data));
}
