#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath })
// on machines that cannot download desktop VS Code: it takes the arguments runTests passes
// (--extensionDevelopmentPath=..., --extensionTestsPath=..., a workspace folder), starts the
// installed code-server on 127.0.0.1, opens the test page in headless Chromium (playwright-core),
// prints the extension host's log lines, and exits with the code the tests settle with
// (window.codeAutomationExit: 0 pass, 1 fail). Recipe: ../shared/notes/vscode-host-tests.md.
//
// Environment: VSCODE_HOST_TIMEOUT (seconds for the whole run, default 600),
// VSCODE_HOST_VERBOSE=1 (also print the server's and the page's own output),
// CHROMIUM_PATH (default /usr/bin/chromium).
// Exit codes: the tests' code; 1 when the run could not start; 124 on the global timeout.
import { mkdtempSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { format } from 'node:util';
import { ensureCodeServer, CHROMIUM, root } from './install.mjs';
import { startCodeServer, workbenchUrl } from './server.mjs';

const verbose = process.env.VSCODE_HOST_VERBOSE === '1';
const timeoutMs = Number(process.env.VSCODE_HOST_TIMEOUT || 600) * 1000;
// Workbench start-up lines that say nothing about the tests (and the gallery lookup that fails on a
// machine without internet access, which the recipe notes as harmless).
const WORKBENCH_NOISE = new RegExp([
  '^Resolving connection token', '^Resolved connection token', '^Creating a socket', '^\\[Service Worker\\]',
  '^Updating additional builtin extensions cache', '^ChatSessionStore:', '^Creation of workbench contribution',
  'ENOTFOUND open-vsx\\.org', 'ERR_NAME_NOT_RESOLVED', '^\\[Extension Host\\] \\[?debugger', '^Started local extension host',
].join('|'));
const say = (msg) => process.stdout.write(`[vscode-host] ${msg}\n`);

/** The options runTests passes, in either `--name=value` or `--name value` form. */
export function parseArgs(argv) {
  const out = { extensionDevelopmentPaths: [], extensionTestsPath: undefined, folder: undefined };
  const valued = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'locale', 'log']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      let value = eq < 0 ? undefined : a.slice(eq + 1);
      if (value === undefined && valued.has(name) && i + 1 < argv.length) value = argv[++i];
      if (name === 'extensionDevelopmentPath' && value) out.extensionDevelopmentPaths.push(resolve(value));
      if (name === 'extensionTestsPath' && value) out.extensionTestsPath = resolve(value);
      // Other flags (--no-sandbox, --disable-updates, --user-data-dir, ...) are desktop Electron's;
      // the server gets fresh folders of its own instead.
    } else if (!out.folder) {
      out.folder = resolve(a);
    }
  }
  return out;
}

let server; let browser; let stateDir; let finished = false; let timer; let hostDied;

async function cleanup() {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  if (stateDir) rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
}

/** Ends the run exactly once: closes Chromium, stops code-server, removes the temp folders. */
async function finish(code, why) {
  if (finished) return;
  finished = true;
  if (why) say(why);
  clearTimeout(timer);
  await cleanup();
  process.exit(code);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.extensionTestsPath) throw new Error('no --extensionTestsPath given (this shim only runs extension tests; `npm start` opens VS Code for use)');
  if (!existsSync(args.extensionTestsPath)) throw new Error(`--extensionTestsPath ${args.extensionTestsPath} does not exist (build the tests first: node scripts/build.mjs tests:host)`);
  if (args.extensionDevelopmentPaths.length !== 1) throw new Error(`give exactly one --extensionDevelopmentPath (code-server's browser client loads one), got ${args.extensionDevelopmentPaths.length}`);
  for (const p of args.extensionDevelopmentPaths) if (!existsSync(join(p, 'package.json'))) throw new Error(`--extensionDevelopmentPath ${p} has no package.json`);
  if (args.folder && !(existsSync(args.folder) && statSync(args.folder).isDirectory())) throw new Error(`workspace folder ${args.folder} does not exist`);

  timer = setTimeout(() => finish(124, `timed out after ${timeoutMs / 1000} s (set VSCODE_HOST_TIMEOUT to change); last server output:\n${server?.output().slice(-3000) ?? ''}`), timeoutMs);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => finish(130, `stopped by ${sig}`));

  await ensureCodeServer({ browser: true });
  // playwright-core is a dev dependency of the repo, resolved from there whatever the cwd.
  const { chromium } = createRequire(join(root, 'package.json'))('playwright-core');
  stateDir = mkdtempSync(join(tmpdir(), 'vscode-host-'));

  const started = Date.now();
  server = await startCodeServer({
    stateDir, folder: args.folder, env: {},
    onOutput: (s) => {
      if (verbose) process.stdout.write(s.replace(/^/gm, '[code-server] '));
      // An extension host that dies (a crash, process.exit in a test) never settles the run:
      // give the page a moment to report, then fail instead of waiting for the global timeout.
      const dead = /Extension Host Process exited with code: (\S+), signal: (\S+)\./.exec(s);
      if (dead && (dead[1] !== '0' || dead[2] !== 'null')) hostDied = `code ${dead[1]}, signal ${dead[2]}`;
      if (dead) setTimeout(() => finish(1, `the extension host exited (code ${dead[1]}, signal ${dead[2]}) before the tests reported a result`), 10_000).unref();
    },
  });
  server.exited.then((e) => finish(1, `code-server exited (${e.code ?? e.signal}) during the run:\n${server.output().slice(-3000)}`));
  say(`code-server ${server.url} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    // Chromium's crash reporter and caches go to the run's temp folder, not the home folder.
    env: { ...process.env, XDG_CONFIG_HOME: join(stateDir, 'chromium/config'), XDG_CACHE_HOME: join(stateDir, 'chromium/cache') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  // The workbench calls these when the page has them (VS Code's own browser integration tests use
  // them). codeAutomationLog gets the extension host's console calls as (level, args) with args
  // unformatted, mixed with the workbench's own log: print all of it but the known start-up noise,
  // so no line a test prints is ever lost.
  await page.exposeFunction('codeAutomationLog', (type, message) => {
    const text = Array.isArray(message) ? format(...message) : String(message);
    if (!verbose && WORKBENCH_NOISE.test(text)) return;
    (type === 'error' ? process.stderr : process.stdout).write(`${text.replace(/\n$/, '')}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    const n = Number(code);
    // The workbench also calls this when the extension host died mid-run, with 0: not a pass.
    if (hostDied) finish(1, `the extension host died (${hostDied}) before the tests finished; the workbench reported ${code}`);
    else finish(Number.isInteger(n) ? n : 1, `tests finished with exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
  if (verbose) {
    page.on('console', (m) => process.stdout.write(`[page ${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => process.stdout.write(`[page error] ${e.message}\n`));
  }
  page.on('crash', () => finish(1, 'the page crashed'));
  const url = workbenchUrl({ port: server.port, folder: args.folder, extensionDevelopmentPath: args.extensionDevelopmentPaths[0], extensionTestsPath: args.extensionTestsPath });
  say(verbose ? `opening ${url}` : `opening the workbench on ${args.folder ?? '(no folder)'} with ${args.extensionDevelopmentPaths.join(', ')} in development mode`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
}

main().catch((e) => finish(1, `could not run the tests: ${e instanceof Error ? e.message : e}`));
