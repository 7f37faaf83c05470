import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// What `npm run package` puts in the .vsix, read with `vsce ls` (the same listing vsce packages
// from), checked by the same function the package script runs. Building the .vsix itself (and its
// 2 MB limit) is checked by the end-to-end tests, which install it.
const root = join(__dirname, '../../..');

interface PackageScript {
  listPackageFiles(): string[];
  checkFileList(files: string[]): string[];
  requiredFiles(): string[];
}
const script = (): Promise<PackageScript> => import(pathToFileURL(join(root, 'scripts/package.mjs')).href) as Promise<PackageScript>;

test('vsce ls lists only the bundles, media, docs and LICENSE, and everything the extension needs', async () => {
  const { listPackageFiles, checkFileList } = await script();
  const files = listPackageFiles();
  assert.deepEqual(checkFileList(files), []);
  assert.ok(files.includes('docs/derivations.md'));
  assert.ok(files.some((f) => /^dist\/train-kernel\.worker\.js$/.test(f)), 'the training kernel worker ships');
  assert.ok(!files.some((f) => /^(dist\/(tests|bench)|node_modules|extension|webview|test|scripts)\//.test(f)), `no sources or tests: ${files.join(', ')}`);
});

test('the check flags a file outside the allow-list and a missing required file', async () => {
  const { listPackageFiles, checkFileList } = await script();
  const files = listPackageFiles();
  const extra = checkFileList([...files, 'dist/core.js', 'node_modules/chart.js/package.json']);
  assert.equal(extra.length, 2, extra.join('\n'));
  assert.match(extra[0], /dist\/core\.js is in the package but not in the allow-list/);
  const missing = checkFileList(files.filter((f) => f !== 'LICENSE' && f !== 'dist/sentiment.worker.js'));
  assert.ok(missing.some((p) => /LICENSE is missing/.test(p)), missing.join('\n'));
  assert.ok(missing.some((p) => /dist\/sentiment\.worker\.js .*missing/.test(p)), missing.join('\n'));
});

test('the README and the walkthrough reference images inside the package', async () => {
  const { requiredFiles, listPackageFiles } = await script();
  const files = listPackageFiles();
  const images = requiredFiles().filter((f) => /\.(png|svg|gif|jpe?g)$/.test(f));
  assert.ok(images.length > 0, 'the package has an icon at least');
  for (const f of images) assert.ok(files.includes(f), `${f} is referenced but not packaged`);
});
