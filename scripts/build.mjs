// Builds every bundle with esbuild (and the WebAssembly kernel first, when its source exists).
//   node scripts/build.mjs                 everything
//   node scripts/build.mjs core tests      only the targets whose name contains one of the words
//   node scripts/build.mjs --production    minified, no source maps (for packaging)
// Targets (all written under dist/):
//   extension.js    extension host entry (extension/extension.ts), `vscode` external
//   core.js         the library API (extension/core/index.ts) + core.d.ts
//   <name>.js       every worker entry extension/**/<name>.worker.ts
//   cli.js          the `w2v` command line (extension/cli/main.ts)
//   webview.js      the dashboard script (webview/main.ts), for the browser
//   tests/unit/     every test/unit/**/*.test.ts, run by `node --test`
//   tests/unit/webview/  every test/webview/*.test.ts (the dashboard's modules, with a fake `vscode`)
//   tests/webview/  the dashboard's render harness (test/webview/harness.ts), run in headless Chromium
//   tests/host/     every test/host/*.ts and test/host/suites/*.ts, run in the VS Code host
//   tests/e2e/      the end-to-end tests through the UI (test/e2e/run.ts)
//   bench/          every bench/*.ts
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, relative, basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const production = args.includes('--production');
const filters = args.filter((a) => !a.startsWith('--'));
const wanted = (name) => filters.length === 0 || filters.some((f) => name.includes(f));

function walk(dir, pred, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (e === 'node_modules' || e === 'assembly') continue;
    if (statSync(p).isDirectory()) walk(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

const node = {
  bundle: true, platform: 'node', format: 'cjs', target: 'node20',
  sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning',
  external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron'],
  loader: { '.wasm': 'binary' },
};
const targets = [];
const add = (name, options) => targets.push({ name, options });

add('extension', { ...node, entryPoints: [join(root, 'extension/extension.ts')], outfile: join(root, 'dist/extension.js') });
add('core', { ...node, entryPoints: [join(root, 'extension/core/index.ts')], outfile: join(root, 'dist/core.js') });
add('cli', { ...node, entryPoints: [join(root, 'extension/cli/main.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' } });
for (const w of walk(join(root, 'extension'), (p) => p.endsWith('.worker.ts'))) {
  add(`worker:${basename(w, '.ts')}`, { ...node, entryPoints: [w], outfile: join(root, 'dist', basename(w, '.ts') + '.js') });
}
add('webview', {
  bundle: true, platform: 'browser', format: 'iife', target: 'chrome114',
  sourcemap: production ? false : 'inline', minify: production, logLevel: 'warning',
  entryPoints: [join(root, 'webview/main.ts')], outfile: join(root, 'dist/webview.js'),
});
for (const t of walk(join(root, 'test/unit'), (p) => p.endsWith('.test.ts'))) {
  add(`tests:unit/${basename(t)}`, { ...node, entryPoints: [t], outfile: join(root, 'dist/tests/unit', relative(join(root, 'test/unit'), t).replace(/\.ts$/, '.js')) });
}
// The dashboard's unit tests run in plain Node too: extension/dashboard imports 'vscode', so they
// get the small fake in test/webview/fakeVscode.ts. The render harness drives the real page in Chromium.
for (const t of walk(join(root, 'test/webview'), (p) => p.endsWith('.test.ts'))) {
  add(`tests:unit/webview/${basename(t)}`, { ...node, alias: { vscode: join(root, 'test/webview/fakeVscode.ts') }, external: node.external.filter((e) => e !== 'vscode'),
    entryPoints: [t], outfile: join(root, 'dist/tests/unit/webview', basename(t).replace(/\.ts$/, '.js')) });
}
// The harness runs the Map's real controller (extension/dashboard/mapController.ts) with the fake `vscode` too.
add('tests:webview/harness', { ...node, alias: { vscode: join(root, 'test/webview/fakeVscode.ts') }, external: node.external.filter((e) => e !== 'vscode'),
  entryPoints: [join(root, 'test/webview/harness.ts')], outfile: join(root, 'dist/tests/webview/harness.js') });
for (const dir of ['test/host', 'test/host/suites']) {
  for (const t of existsSync(join(root, dir)) ? readdirSync(join(root, dir)) : []) {
    if (!t.endsWith('.ts')) continue;
    add(`tests:host/${t}`, { ...node, entryPoints: [join(root, dir, t)], outfile: join(root, 'dist/tests', dir.slice('test/'.length), t.replace(/\.ts$/, '.js')) });
  }
}
// The end-to-end tests through the UI (test/e2e/run.ts drives code-server in Chromium).
add('tests:e2e/run', { ...node, entryPoints: [join(root, 'test/e2e/run.ts')], outfile: join(root, 'dist/tests/e2e/run.js') });
for (const b of existsSync(join(root, 'bench')) ? readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.ts')) : []) {
  add(`bench:${b}`, { ...node, entryPoints: [join(root, 'bench', b)], outfile: join(root, 'dist/bench', b.replace(/\.ts$/, '.js')) });
}

// The WebAssembly kernel: AssemblyScript sources under extension/core/**/assembly/, compiled by
// the kernel's own script when present (it writes build/*.wasm, which esbuild embeds).
const kernelScript = join(root, 'scripts/build-wasm.mjs');
if (existsSync(kernelScript) && targets.some((t) => wanted(t.name))) {
  execFileSync(process.execPath, [kernelScript], { stdio: 'inherit', cwd: root });
}

const chosen = targets.filter((t) => wanted(t.name) && existsSync(t.options.entryPoints[0]));
const started = Date.now();
const results = await Promise.allSettled(chosen.map((t) => build(t.options)));
let failed = 0;
results.forEach((r, i) => {
  if (r.status === 'rejected') { failed++; console.error(`build: ${chosen[i].name} failed`); }
});

// Type declarations of the library API: dist/core.d.ts re-exports the declarations tsc emits.
if (wanted('core') && existsSync(join(root, 'extension/core/index.ts')) && !failed) {
  const out = join(root, 'dist/types');
  rmSync(out, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.core.json')], { stdio: 'inherit', cwd: root });
    writeFileSync(join(root, 'dist/core.d.ts'), "export * from './types/extension/core/index';\n");
  } catch { failed++; console.error('build: core.d.ts failed'); }
}
console.log(`build: ${chosen.length - failed}/${chosen.length} bundles in ${Date.now() - started} ms${failed ? `, ${failed} FAILED` : ''}`);
process.exit(failed ? 1 : 0);
