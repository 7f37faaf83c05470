// Starts the installed code-server (scripts/vscode-host/install.mjs) on 127.0.0.1 with folders of its
// own, and builds the browser URL that loads an extension in development mode. Shared by the test
// shim (code-shim.mjs) and `npm start` (scripts/start.mjs), so both open VS Code the same way.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { entry } from './install.mjs';

/** A free TCP port on 127.0.0.1 (the OS picks it; the tiny race before code-server binds is retried by the caller). */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

/** The folders of one server's state (config, user data, extensions, XDG), created when missing. */
function stateDirs(stateDir) {
  const dirs = { config: join(stateDir, 'config'), data: join(stateDir, 'user-data'), ext: join(stateDir, 'extensions'), xdg: join(stateDir, 'xdg') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return dirs;
}

/**
 * Installs a .vsix into the extensions folder that startCodeServer({ stateDir }) uses, the way a
 * user installs a package (`code-server --install-extension`). Returns the CLI's output; throws
 * when it fails.
 */
export function installExtension({ stateDir, vsix }) {
  const dirs = stateDirs(stateDir);
  const r = spawnSync(process.execPath, [entry, '--user-data-dir', dirs.data, '--extensions-dir', dirs.ext, '--install-extension', resolve(vsix)], {
    encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, XDG_DATA_HOME: join(dirs.xdg, 'data'), XDG_CONFIG_HOME: join(dirs.xdg, 'config'), XDG_CACHE_HOME: join(dirs.xdg, 'cache') },
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(output)) throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal}):\n${output}`);
  return output;
}

/**
 * Starts code-server on 127.0.0.1:<port> with its config, user data, extensions and XDG folders
 * under `stateDir`, so it never touches the home folder and parallel runs never share state.
 * `env` is passed on to the server and so to the extension host. Resolves once /healthz answers.
 * Returns { url, port, process, stop(), output() }.
 */
export async function startCodeServer({ stateDir, folder, port, env = {}, onOutput, readyTimeoutMs = 120_000 }) {
  port ??= await freePort();
  const dirs = stateDirs(stateDir);
  const config = join(dirs.config, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const argv = [entry, '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened', '--user-data-dir', dirs.data, '--extensions-dir', dirs.ext];
  if (folder) argv.push(resolve(folder));
  let output = '';
  // Own process group, so stop() ends the server and everything it started (the extension host,
  // file watchers, terminals) in one kill.
  const child = spawn(process.execPath, argv, {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, XDG_DATA_HOME: join(dirs.xdg, 'data'), XDG_CONFIG_HOME: join(dirs.xdg, 'config'), XDG_CACHE_HOME: join(dirs.xdg, 'cache') },
  });
  const take = (d) => { const s = d.toString(); output += s; if (output.length > 200_000) output = output.slice(-100_000); onOutput?.(s); };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  let exited = null;
  const exitPromise = new Promise((r) => child.on('exit', (code, signal) => { exited = { code, signal }; r(exited); }));

  const stop = async () => {
    if (exited) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000);
    await exitPromise;
    clearTimeout(t);
    // The group may outlive its leader (an extension host still shutting down): make sure.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited (${exited.code ?? exited.signal}) before it was ready:\n${output.slice(-4000)}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { await stop(); throw new Error(`code-server did not answer on ${url} within ${readyTimeoutMs / 1000} s:\n${output.slice(-4000)}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, process: child, stop, exited: exitPromise, output: () => output };
}

/** A path on this machine as the browser client names it: a vscode-remote URI on the server. */
export function remoteUri(port, path) {
  return `vscode-remote://127.0.0.1:${port}${pathToFileURL(resolve(path)).pathname}`;
}

/**
 * The page that opens `folder` (and `openFile`, if given) with the extension at
 * `extensionDevelopmentPath` in development mode and, when given, runs `extensionTestsPath`. The
 * browser client reads these from the `payload` query parameter, as VS Code's own browser
 * integration tests do (the server itself rejects these flags). The client turns the payload into
 * a Map, so it takes one development extension, not several.
 */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath, openFile }) {
  const payload = [['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(port, extensionTestsPath)]);
  if (openFile) payload.push(['openFile', remoteUri(port, openFile)]);
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  const q = new URLSearchParams();
  if (folder) q.set('folder', resolve(folder));
  q.set('payload', JSON.stringify(payload));
  return `http://127.0.0.1:${port}/?${q.toString()}`;
}
