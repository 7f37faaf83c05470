// Builds the installable extension: build/word2vec-gradient-explorer-<version>.vsix, with @vscode/vsce.
//   node scripts/package.mjs          (npm run package)
// vsce runs the `vscode:prepublish` script first (the production build: minified, no source maps).
// Never prompts: vsce gets no terminal to ask on (stdin closed), so anything it would ask about
// fails the run instead of waiting. Needs no network: dependencies are bundled (--no-dependencies),
// and the README's images stay relative paths to files inside the package
// (--no-rewrite-relative-links), so VS Code shows them from the installed extension, not from the
// repository's web address. package.json has no `repository` until the project is published at a
// real address (--allow-missing-repository: vsce would otherwise ask about it).
// After packaging it checks what went in against PACKAGE_ALLOW_LIST and the 2 MB limit, and
// exits non-zero when either fails.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, mkdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MAX_VSIX_BYTES = 2 * 1024 * 1024;

/**
 * What the package may hold (the same list as .vscodeignore): the bundles the extension runs, the
 * media, the docs, and the files vsce always adds (package.json, README.md, LICENSE), the manifest's strings
 * (package.nls.json and its translations) and the messages' bundles (l10n/).
 */
export const PACKAGE_ALLOW_LIST = [
  /^package\.json$/, /^package\.nls(\.[\w-]+)?\.json$/, /^README\.md$/, /^LICENSE$/, /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
  /^dist\/extension\.js$/, /^dist\/[\w-]+\.worker\.js$/, /^dist\/webview\.js$/,
  /^media\/.+/, /^docs\/.+/,
];

/** Files that must be in the package for the extension to work as documented. */
export function requiredFiles() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)|<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  const walkthroughMedia = (pkg.contributes?.walkthroughs ?? []).flatMap((w) => w.steps.flatMap((s) => Object.values(s.media ?? {}).filter((v) => typeof v === 'string' && /\.(png|svg|md|gif|jpe?g)$/.test(v))));
  return [
    'package.json', 'README.md', 'LICENSE', pkg.main.replace(/^\.\//, ''), 'dist/webview.js', pkg.icon,
    'docs/derivations.md', 'package.nls.json', 'l10n/bundle.l10n.json', ...images, ...walkthroughMedia,
  ];
}

function workerSources(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) workerSources(join(dir, e.name), out);
    else if (e.name.endsWith('.worker.ts')) out.push(e.name.slice(0, -'.ts'.length));
  }
  return out;
}

/** The problems with a package's file list (relative paths), or [] when it is right. */
export function checkFileList(files) {
  const problems = [];
  for (const f of files) if (!PACKAGE_ALLOW_LIST.some((re) => re.test(f))) problems.push(`${f} is in the package but not in the allow-list`);
  for (const f of requiredFiles()) {
    if (/^[a-z]+:/i.test(f)) problems.push(`${f}: the README and the walkthrough must use images inside the package (a relative path), not a link`);
    else if (!files.includes(f)) problems.push(`${f} is missing from the package`);
  }
  // Every worker: the build writes dist/<name>.worker.js for each extension/**/<name>.worker.ts.
  for (const w of workerSources(join(root, 'extension'))) {
    if (!files.includes(`dist/${w}.js`)) problems.push(`dist/${w}.js (a worker the extension starts) is missing from the package`);
  }
  return problems;
}

function vsce(args, opts = {}) {
  const bin = join(root, 'node_modules/@vscode/vsce/vsce');
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

/** `vsce ls`: the files the package holds (from .vscodeignore and the current dist/). */
export function listPackageFiles() {
  const r = vsce(['ls', '--no-dependencies']);
  if (r.status !== 0) throw new Error(`vsce ls failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

export function vsixPath() {
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return join(root, 'build', `${name}-${version}.vsix`);
}

/** Builds the .vsix and checks it; returns { path, bytes, files }. Throws with vsce's output on failure. */
export function packageExtension({ quiet = false } = {}) {
  const out = vsixPath();
  mkdirSync(dirname(out), { recursive: true });
  const r = vsce(['package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', out],
    { stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'] });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`vsce package failed (exit ${r.status ?? r.signal})${quiet ? `:\n${r.stdout}${r.stderr}` : ''}`);
  const files = listPackageFiles();
  const problems = checkFileList(files);
  const bytes = statSync(out).size;
  if (bytes > MAX_VSIX_BYTES) problems.push(`the package is ${(bytes / 1024 / 1024).toFixed(2)} MB, more than ${MAX_VSIX_BYTES / 1024 / 1024} MB`);
  if (problems.length) throw new Error(`the package is wrong:\n  ${problems.join('\n  ')}`);
  return { path: out, bytes, files };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { path, bytes, files } = packageExtension();
    console.log(`package: ${path} (${(bytes / 1024).toFixed(0)} KB, ${files.length} files), checked against the allow-list`);
  } catch (e) {
    console.error(`package: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
