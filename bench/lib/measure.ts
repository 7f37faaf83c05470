import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** GNU time: it waits for the child with wait4() and prints the child's ru_maxrss, the same
 *  getrusage figure gensim_train.py reports for itself, so both tools are measured one way. */
export const GNU_TIME = '/usr/bin/time';

export interface ChildRun {
  /** Wall seconds from spawning the child to its exit, measured here: the whole process
   *  (interpreter or Node start-up, reading the corpus, training, writing the vectors). */
  wallSeconds: number;
  /** Peak resident set of the child process in bytes (ru_maxrss from wait4, via GNU time). */
  peakRssBytes: number;
  /** User + system CPU seconds of the child (all its threads), from the same wait4. Unlike wall
   *  time it hardly changes when other processes load the machine, so it is the steadier figure
   *  of how much work a run took (it cannot show multi-thread speed-up). */
  cpuSeconds: number;
  stdout: string;
  stderr: string;
}

/** Runs `command args` to completion and measures its wall time and peak memory from outside.
 *  Throws with the tail of stderr when it fails. */
export async function runMeasured(command: string, args: string[], what: string, env?: NodeJS.ProcessEnv): Promise<ChildRun> {
  if (!existsSync(GNU_TIME)) {
    throw new Error(`${GNU_TIME} (GNU time) is needed to measure peak memory of child processes; install the "time" package`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'w2v-bench-rss-'));
  const rssFile = join(dir, 'rss');
  try {
    const started = process.hrtime.bigint();
    const { code, signal, stdout, stderr } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        child.on('error', reject);
        child.on('close', (c, s) => resolve({ code: c, signal: s, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
      },
    );
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (code !== 0) {
      const tail = stderr.trim().split('\n').slice(-15).join('\n');
      throw new Error(`${what} failed (${signal ? `signal ${signal}` : `exit code ${code}`}):\n${tail}`);
    }
    // GNU time writes "maxrss-KiB user-s system-s"; a "Command exited with non-zero status" line would precede it.
    const lines = (await readFile(rssFile, 'utf8')).trim().split('\n');
    const [kib, user, sys] = lines[lines.length - 1].trim().split(/\s+/).map(Number);
    if (!(kib > 0) || !(user >= 0) || !(sys >= 0)) throw new Error(`${what}: could not read peak memory and CPU time from GNU time's output: ${lines.join(' | ')}`);
    return { wallSeconds, peakRssBytes: kib * 1024, cpuSeconds: user + sys, stdout, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
