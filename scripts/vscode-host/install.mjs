// Installs the VS Code server (the npm package code-server) into .vscode-test/code-server/, so the
// extension's tests and `npm start` have a real VS Code extension host on machines that cannot
// download desktop VS Code. Follows ../shared/notes/vscode-host-tests.md step by step, because
// code-server's own install scripts fail there (they download ripgrep and prebuilt binaries,
// run npx prompts and need headers).
//   node scripts/vscode-host/install.mjs            install if needed, print the code-server path
//   node scripts/vscode-host/install.mjs --force    install again
// As a module: `await ensureCodeServer({ browser: true })` returns { dir, entry, version }.
// Idempotent: a finished install leaves a marker file, and a second run only checks it. The
// install is built in a staging folder and renamed into place, so an interrupted one never
// looks finished.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, renameSync, symlinkSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// code-server 4.90 to 4.100 run on Node 20 (4.101+ need Node 22): pinned to the machines' Node.
export const CODE_SERVER_VERSION = '4.100.3';
export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const installDir = join(root, '.vscode-test/code-server');
const marker = join(installDir, '.installed');
const pkgDir = join(installDir, 'node_modules/code-server');
export const entry = join(pkgDir, 'out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Debian packages the install or the test runs need, with the file that shows each is there.
const APT = {
  'libkrb5-dev': () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h'),
  ripgrep: () => existsSync('/usr/bin/rg'),
  chromium: () => existsSync(CHROMIUM),
};

const log = (msg) => console.log(`[code-server install] ${msg}`);

function sh(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${[cmd, ...argv].join(' ')} failed (exit ${r.status ?? r.signal}) in ${opts.cwd ?? process.cwd()}:\n${out}${r.error ? `\n${r.error.message}` : ''}`);
  }
  return r.stdout;
}

/**
 * Makes sure the Debian packages are installed. As root with apt-get (CI, these machines) it
 * installs the missing ones; otherwise it throws naming them and the command to run.
 */
export function ensureAptPackages(names) {
  const missing = names.filter((n) => !APT[n]());
  if (missing.length === 0) return;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  const command = `sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`;
  if (!canInstall) {
    throw new Error(`Missing Debian packages: ${missing.join(', ')}. Install them with:\n  ${command}\n` +
      (missing.includes('chromium') ? `(or set CHROMIUM_PATH to a Chromium or Chrome executable)\n` : ''));
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  sh('apt-get', ['update', '-qq'], { env });
  sh('apt-get', ['install', '-y', '-qq', ...missing], { env });
  const still = missing.filter((n) => !APT[n]());
  if (still.length) throw new Error(`apt-get ran but these are still missing: ${still.join(', ')}`);
}

function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

function installedVersion() {
  if (!existsSync(marker) || !existsSync(entry)) return undefined;
  return readFileSync(marker, 'utf8').trim();
}

/** Installs code-server when it is not there yet; returns where it is. */
export async function ensureCodeServer({ browser = false, force = false } = {}) {
  if (browser) ensureAptPackages(['chromium']);
  if (!force && installedVersion() === CODE_SERVER_VERSION) return { dir: pkgDir, entry, version: CODE_SERVER_VERSION };
  ensureAptPackages(['libkrb5-dev', 'ripgrep']);

  const started = Date.now();
  const parent = dirname(installDir);
  mkdirSync(parent, { recursive: true });
  // Leftovers of interrupted installs (not those of an install still running in another process).
  for (const e of readdirSync(parent)) {
    const pid = Number(/^code-server\.staging-(\d+)$/.exec(e)?.[1]);
    if (pid && !isAlive(pid)) rmSync(join(parent, e), { recursive: true, force: true });
  }
  const staging = join(parent, `code-server.staging-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  // Its own package.json: without one npm walks up and would install into the repo's node_modules.
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'vscode-host-code-server', private: true }, null, 2) + '\n');
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  const env = { ...process.env, npm_config_yes: 'true' };
  const step = (what, cwd, argv) => { const t = Date.now(); log(what); sh('npm', [...argv, ...quiet], { cwd, env }); log(`  done in ${((Date.now() - t) / 1000).toFixed(0)} s`); };

  step(`npm install code-server@${CODE_SERVER_VERSION} (about 1 to 3 minutes in all)`, staging, ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts']);
  const cs = join(staging, 'node_modules/code-server');
  const vscode = join(cs, 'lib/vscode');
  step('lib/vscode: npm install --omit=dev', vscode, ['install', '--omit=dev', '--ignore-scripts']);
  step('lib/vscode: rebuild native modules', vscode, ['rebuild', 'node-pty', '@vscode/spdlog', 'native-watchdog', '@vscode/deviceid']);
  step('lib/vscode/extensions: npm install --omit=dev', join(vscode, 'extensions'), ['install', '--omit=dev', '--ignore-scripts']);
  // Debian's ripgrep instead of the download that @vscode/ripgrep's install script would do.
  const rgBin = join(vscode, 'node_modules/@vscode/ripgrep/bin');
  mkdirSync(rgBin, { recursive: true });
  rmSync(join(rgBin, 'rg'), { force: true });
  symlinkSync('/usr/bin/rg', join(rgBin, 'rg'));
  // argon2's prebuilt download fails here; it builds from source.
  step('npm rebuild argon2', staging, ['rebuild', 'argon2']);

  // --config keeps it from writing a default config (with a password) into the home folder.
  const printed = sh(process.execPath, [join(cs, 'out/node/entry.js'), '--config', join(staging, 'config.yaml'), '--version'], { cwd: staging }).trim();
  const version = printed.split('\n').find((l) => l.startsWith(CODE_SERVER_VERSION + ' '));
  if (!version) throw new Error(`code-server --version printed "${printed}", expected ${CODE_SERVER_VERSION}`);
  rmSync(join(staging, 'config.yaml'), { force: true });
  writeFileSync(join(staging, '.installed'), CODE_SERVER_VERSION + '\n');
  if (!force && installedVersion() === CODE_SERVER_VERSION) {
    // Another process finished the same install meanwhile (and may be using it): keep that one.
    rmSync(staging, { recursive: true, force: true });
  } else {
    rmSync(installDir, { recursive: true, force: true });
    renameSync(staging, installDir);
  }
  log(`installed code-server ${version} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { dir: pkgDir, entry, version: CODE_SERVER_VERSION };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const r = await ensureCodeServer({ force: process.argv.includes('--force'), browser: process.argv.includes('--browser') });
    console.log(r.entry);
  } catch (e) {
    console.error(`[code-server install] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
