// The dashboard's own tests:
//   1. unit tests of its pure modules (test/webview/*.test.ts, plain node:test), then
//   2. the render harness: the webview in headless Chromium with screenshots.
//   node test/webview/run.mjs [screenshot folder]     both
//   node test/webview/run.mjs --unit                  only the unit tests
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'linked', external: ['playwright-core'], logLevel: 'warning' };

// The explorer's worker (dist/gradient-explorer.worker.js), which a unit test starts.
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'gradient-explorer'], { stdio: 'inherit', cwd: root });
const unitTests = readdirSync(join(root, 'test/webview')).filter((f) => f.endsWith('.test.ts'));
const unitOut = unitTests.map((f) => join(root, 'dist/tests/webview', f.replace(/\.ts$/, '.js')));
// extension/dashboard/dashboard.ts imports 'vscode': the unit tests get a fake (test/webview/fakeVscode.ts).
const alias = { vscode: join(root, 'test/webview/fakeVscode.ts') };
await Promise.all(unitTests.map((f, i) => build({ ...node, alias, entryPoints: [join(root, 'test/webview', f)], outfile: unitOut[i] })));
execFileSync(process.execPath, ['--test', ...unitOut], { stdio: 'inherit', cwd: root });
if (args.includes('--unit')) process.exit(0);
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'webview'], { stdio: 'inherit', cwd: root });
const out = join(root, 'dist/tests/webview/harness.js');
await build({ ...node, entryPoints: [join(root, 'test/webview/harness.ts')], outfile: out });
execFileSync(process.execPath, [out, ...args.filter((a) => !a.startsWith('--'))], { stdio: 'inherit', cwd: root, env: { ...process.env, W2V_ROOT: root } });
