// Runs the extension's host tests (dist/tests/host/run.js, called by scripts/test.mjs) with
// @vscode/test-electron's standard launcher:
//   - on a machine with a desktop VS Code ($VSCODE_EXECUTABLE, or `code` on PATH with a display),
//     in that VS Code;
//   - otherwise (these machines, CI) in code-server's extension host driven by headless Chromium,
//     through scripts/vscode-host/code-shim.mjs, which runTests spawns as if it were VS Code.
// VSCODE_HOST=code-server forces the second. The tests open a fresh copy of
// test/host/fixtures/workspace, so no test can change the committed fixtures.
// Exit code 0 only when every suite passed and the run wrote dist/tests/host/summary.json (the counts).
import { runTests } from '@vscode/test-electron';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(__dirname, '../../..');

interface DesktopVSCode { executable: string; cli: string }

/** Loads one of the ESM scripts under scripts/vscode-host/ (kept as .mjs so plain node runs them too). */
async function script<T>(name: string): Promise<T> {
  const url = pathToFileURL(join(root, 'scripts/vscode-host', name)).href;
  return (await import(url)) as T;
}

async function main(): Promise<number> {
  const started = Date.now();
  const { findDesktopVSCode } = await script<{ findDesktopVSCode(): DesktopVSCode | undefined }>('desktop.mjs');
  const desktop = process.env.VSCODE_HOST === 'code-server' ? undefined : findDesktopVSCode();
  let vscodeExecutablePath: string;
  if (desktop) {
    vscodeExecutablePath = desktop.executable;
    console.log(`host tests: desktop VS Code ${vscodeExecutablePath}`);
  } else {
    const { ensureCodeServer } = await script<{ ensureCodeServer(o: { browser: boolean }): Promise<unknown> }>('install.mjs');
    await ensureCodeServer({ browser: true });
    vscodeExecutablePath = join(root, 'scripts/vscode-host/code-shim.mjs');
    // runTests spawns it directly: make sure a checkout that lost the executable bit still works.
    chmodSync(vscodeExecutablePath, 0o755);
    console.log('host tests: code-server extension host in headless Chromium');
  }

  // index.ts writes it when mocha has finished; a run that ends without it did not run the tests
  // to the end, whatever exit code it gave (the browser workbench reports an extension host that
  // crashed mid-run as exit code 0).
  const summaryFile = join(__dirname, 'summary.json');
  rmSync(summaryFile, { force: true });
  const workspace = mkdtempSync(join(tmpdir(), 'w2v-host-workspace-'));
  cpSync(join(root, 'test/host/fixtures/workspace'), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(__dirname, 'index.js'),
      // --disable-extensions keeps a desktop install's own extensions out of the run.
      launchArgs: [workspace, '--disable-extensions'],
    });
    if (!existsSync(summaryFile)) {
      console.error('host tests failed: VS Code exited with code 0 but the tests wrote no summary (the extension host crashed or exited mid-run)');
      return 1;
    }
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { failed: number };
    return summary.failed > 0 ? 1 : 0;
  } catch (e) {
    console.error(`host tests failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    console.log(`host tests: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(`host tests could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
