// Mounting test/unit/stallFs.py, the FUSE file system whose reads stall like a network drive that
// stopped answering, for the tests that use it: the unit tests (stall.test.ts), the VS Code host
// suite (test/host/suites/stall.test.ts) and the end-to-end test (test/e2e/modelInUse.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Why the FUSE file system cannot be mounted here, or false when it can. */
export function whyNoFuse(): string | false {
  if (process.platform !== 'linux') return 'FUSE tests run on Linux only';
  if (process.getuid?.() !== 0) return 'mounting the stalling FUSE file system needs root';
  if (!existsSync('/dev/fuse')) return '/dev/fuse is missing';
  const py = spawnSync('/usr/bin/python3', ['-c', 'import fusepy'], { encoding: 'utf8' });
  if (py.status !== 0) return 'python3-fusepy is not installed (apt-get install python3-fusepy; .ci/run installs it)';
  return false;
}

/** A mounted stalling file system: `unmount()` kills it, which fails every read still blocked in it (ENOTCONN), and unmounts. */
export interface StallFs {
  process: ChildProcess;
  unmount(): void;
}

/**
 * Serves the files of `src` at `mnt` through `script` (stallFs.py), stalling as the `rules` file
 * says; resolves once mounted (`mnt` is then on another device than its parent folder), or with
 * the reason it did not mount within 10 s. `onStall` hears each stalled request as the file system
 * logs it ("stalled NAME at OFFSET"), so a test can wait for a read blocked in the kernel.
 */
export async function mountStallFs(script: string, src: string, mnt: string, rules: string, onStall?: (line: string) => void): Promise<StallFs | { failed: string }> {
  const fs = spawn('/usr/bin/python3', [script, src, mnt, rules], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  fs.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  // Read even without a listener, so the file system never blocks on a full pipe.
  let partial = '';
  fs.stdout!.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line.startsWith('stalled')) onStall?.(line);
  });
  const unmount = (): void => {
    fs.kill('SIGKILL');
    spawnSync('umount', ['-l', mnt]);
  };
  const t0 = Date.now();
  while (statSync(mnt).dev === statSync(dirname(mnt)).dev) {
    if (fs.exitCode !== null || Date.now() - t0 > 10_000) {
      unmount();
      return { failed: `the FUSE file system did not mount: ${err.trim() || 'no message'}` };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { process: fs, unmount };
}
