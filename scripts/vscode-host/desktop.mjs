// Finds a desktop VS Code to use instead of code-server: $VSCODE_EXECUTABLE when set, else a `code`
// on PATH that belongs to a desktop install (not code-server's or a remote's `code` helper).
// Returns { executable, cli } or undefined. `executable` is the Electron binary that
// @vscode/test-electron's runTests spawns; `cli` is the `code` command that opens a window.
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join, dirname } from 'node:path';

function which(cmd) {
  for (const d of (process.env.PATH ?? '').split(process.platform === 'win32' ? ';' : ':')) {
    const p = join(d, cmd);
    if (d && existsSync(p)) return p;
  }
  return undefined;
}

/** The Electron executable beside a desktop `bin/code` script, if it is one. */
function executableFromCli(cli) {
  const real = realpathSync(cli);
  const app = dirname(dirname(real)); // <app>/bin/code
  const candidates = process.platform === 'darwin'
    ? [join(app, '../../MacOS/Electron'), join(app, '../../MacOS/Code')] // .../Contents/Resources/app/bin/code
    : [join(app, 'code'), join(app, 'code-insiders'), join(app, 'codium')];
  return candidates.find((c) => existsSync(c) && c !== real);
}

export function findDesktopVSCode() {
  const forced = process.env.VSCODE_EXECUTABLE;
  if (forced) {
    if (!existsSync(forced)) throw new Error(`VSCODE_EXECUTABLE=${forced} does not exist`);
    return { executable: forced, cli: forced };
  }
  // Inside a remote or code-server terminal, `code` opens files in that remote: not a desktop.
  if (process.env.VSCODE_IPC_HOOK_CLI || process.env.CI) return undefined;
  const cli = which(process.platform === 'win32' ? 'code.cmd' : 'code');
  if (!cli) return undefined;
  try {
    const executable = executableFromCli(cli);
    if (!executable) return undefined;
    // A desktop needs a display to open a window on Linux.
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return undefined;
    execFileSync(cli, ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return { executable, cli };
  } catch {
    return undefined;
  }
}
