// Runs every test: type check, the core's unit tests in plain Node, then the suites inside a real
// VS Code extension host. Works on a fresh machine: installs the npm packages when they are missing.
//   node scripts/test.mjs            everything
//   node scripts/test.mjs --unit     type check + unit tests only
//   node scripts/test.mjs --host     the dashboard's render harness and the VS Code host tests only
//   node scripts/test.mjs --e2e      the end-to-end tests only (the .vsix installed in code-server, driven in Chromium)
// Ends with one line "tests: N passed, N failed, N skipped" and exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.includes('--unit') ? 'unit' : args.includes('--host') ? 'host' : args.includes('--e2e') ? 'e2e' : 'all';
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function run(cmd, argv, opts = {}) {
  console.log(`\n$ ${[cmd, ...argv].join(' ')}`);
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts });
  return r.status ?? 1;
}

if (!existsSync(join(root, 'node_modules/.package-lock.json'))) {
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(1);
}
if (run(process.execPath, ['scripts/build.mjs']) !== 0) broken = true;

if (only === 'all' || only === 'unit') {
  if (run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']) !== 0) {
    console.error('tests: the type check failed');
    broken = true;
  }
  const files = [];
  const walk = (d) => { if (existsSync(d)) for (const e of readdirSync(d)) { const p = join(d, e); statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.js') && files.push(p); } };
  walk(join(root, 'dist/tests/unit'));
  const tapDir = mkdtempSync(join(tmpdir(), 'w2v-tap-'));
  const tap = join(tapDir, 'unit.tap');
  const status = run(process.execPath, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (key) => Number((text.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  totals.passed += count('pass'); totals.failed += count('fail') + count('cancelled'); totals.skipped += count('skipped') + count('todo');
  if (status !== 0 && count('fail') === 0) { console.error('tests: the unit test run failed'); broken = true; }
  rmSync(tapDir, { recursive: true, force: true });
  console.log(`unit: ${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped (${files.length} files)`);
}

// A runner that writes {passed, failed, skipped} to a summary file when it has run its checks. No
// summary means it never reported (a crashed VS Code host can still exit 0): that is a failure.
function runReporting(name, script, summaryFile) {
  rmSync(summaryFile, { force: true });
  if (!existsSync(script)) { console.error(`tests: ${script} is missing (it did not build)`); broken = true; return; }
  const status = run(process.execPath, [script]);
  if (!existsSync(summaryFile)) { console.error(`tests: the ${name} tests did not report (no ${summaryFile})`); broken = true; return; }
  const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
  totals.passed += s.passed; totals.failed += s.failed; totals.skipped += s.skipped ?? 0;
  console.log(`${name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped ?? 0} skipped`);
  if (status !== 0) broken = true;
}

if (only === 'all' || only === 'host') {
  // The dashboard page in headless Chromium (three themes, CSP, escaping, keyboard), then the
  // suites in a real VS Code extension host.
  runReporting('webview', join(root, 'dist/tests/webview/harness.js'), join(root, 'dist/tests/webview/summary.json'));
  runReporting('host', join(root, 'dist/tests/host/run.js'), join(root, 'dist/tests/host/summary.json'));
}

if (only === 'all' || only === 'e2e') {
  // Last: builds the .vsix (npm run package), installs it into a fresh code-server and uses it
  // through the UI in Chromium, keyboard and mouse only. Screenshots go to build/e2e/.
  runReporting('e2e', join(root, 'dist/tests/e2e/run.js'), join(root, 'dist/tests/e2e/summary.json'));
}

console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(broken || totals.failed > 0 ? 1 : 0);
