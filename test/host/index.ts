// The extension tests' entry point (dist/tests/host/index.js), loaded by VS Code inside the extension
// host through --extensionTestsPath: `run()` runs every dist/tests/host/suites/*.test.js with mocha
// (TDD interface: `suite`, `test`, `suiteSetup`, `setup`, `teardown`, `suiteTeardown`) and writes
// dist/tests/host/summary.json = { passed, failed, skipped }, which scripts/test.mjs reads.
// The summary is written here, on the host side: the extension host runs on this machine (also
// under code-server, where only the workbench is in the browser), so the file is the mocha run's
// own count, not something parsed back out of forwarded log lines.
import Mocha from 'mocha';
import { readdirSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface HostSummary { passed: number; failed: number; skipped: number }

/** Default per-test timeout; a suite that trains can raise it with `this.timeout(ms)`. */
const TEST_TIMEOUT_MS = 60_000;

function writeSummary(summary: HostSummary): void {
  const file = join(__dirname, 'summary.json');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(summary) + '\n');
  renameSync(tmp, file);
}

export async function run(): Promise<void> {
  const suitesDir = join(__dirname, 'suites');
  const files = existsSync(suitesDir) ? readdirSync(suitesDir).filter((f) => f.endsWith('.test.js')).sort() : [];
  if (files.length === 0) {
    writeSummary({ passed: 0, failed: 1, skipped: 0 });
    throw new Error(`no host test suites found in ${suitesDir} (build them: node scripts/build.mjs tests:host)`);
  }
  // `grep` narrows the run while working on one suite: VSCODE_HOST_GREP=hover npm run test:host
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: TEST_TIMEOUT_MS, grep: process.env.VSCODE_HOST_GREP || undefined });
  // Each file is required on its own (what mocha.loadFiles does), so a suite that throws while
  // loading counts as a failure and the other suites still run.
  let loadFailures = 0;
  for (const f of files) {
    const file = join(suitesDir, f);
    try {
      mocha.suite.emit('pre-require', globalThis, file, mocha);
      mocha.suite.emit('require', require(file), file, mocha);
      mocha.suite.emit('post-require', globalThis, file, mocha);
    } catch (e) {
      loadFailures++;
      console.error(`host test suite ${f} failed to load:`, e);
    }
  }
  const summary = await new Promise<HostSummary>((resolve) => {
    const runner = mocha.run(() => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      resolve({ passed: s.passes, failed: s.failures + loadFailures, skipped: s.pending });
    });
  });
  writeSummary(summary);
  if (summary.failed > 0) throw new Error(`${summary.failed} host test(s) failed`);
}
