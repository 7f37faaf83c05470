/**
 * Localisation: every message the extension and the dashboard page translate is in the English
 * source bundle (l10n/bundle.l10n.json, which translators translate), and every %key% of the
 * manifest is in package.nls.json. The messages are read from the sources by scripts/l10n.mjs,
 * the script that writes the bundle (`npm run l10n`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(__dirname, '../../..');

interface L10nScript {
  BUNDLE: string;
  extractMessages(): { messages: Map<string, string>; problems: string[] };
  bundleText(messages: Map<string, string>): string;
}
const script = (): Promise<L10nScript> => import(pathToFileURL(join(root, 'scripts/l10n.mjs')).href) as Promise<L10nScript>;
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;

test('every vscode.l10n.t(…) and t(…) message in the sources is in l10n/bundle.l10n.json, and the bundle has no others', async () => {
  const { BUNDLE, extractMessages, bundleText } = await script();
  const { messages, problems } = extractMessages();
  assert.deepEqual(problems, [], 'every message is a string literal (or a string constant), so a bundle can hold it');
  assert.ok(messages.size > 100, `the sources' messages were found (${messages.size})`);
  // The extractor sees both sides: the extension's vscode.l10n.t and the page's t().
  assert.ok([...messages.values()].some((where) => where.startsWith('webview/')), 'messages of the dashboard page');
  assert.ok([...messages.values()].some((where) => where.startsWith('extension/dashboard/html.ts')), 'the page\'s static text');
  const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8')) as Record<string, string>;
  const missing = [...messages].filter(([m]) => !(m in bundle)).map(([m, where]) => `${where}: ${JSON.stringify(m)}`);
  assert.deepEqual(missing, [], 'messages missing from the bundle: run `npm run l10n`');
  const stale = Object.keys(bundle).filter((m) => !messages.has(m));
  assert.deepEqual(stale, [], 'bundle entries no source uses any more: run `npm run l10n`');
  assert.equal(readFileSync(BUNDLE, 'utf8'), bundleText(messages), 'the bundle is as `npm run l10n` writes it');
  for (const [m, english] of Object.entries(bundle)) assert.equal(english, m, 'the source bundle is English to English');
});

test('package.json points VS Code at the bundles', () => {
  const pkg = readJson('package.json');
  assert.equal(pkg.l10n, './l10n');
  assert.ok(existsSync(join(root, 'l10n/bundle.l10n.json')));
});

test('every %key% in package.json is in package.nls.json, and package.nls.json has no unused key', () => {
  const manifest = readFileSync(join(root, 'package.json'), 'utf8');
  const used = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
  assert.ok(used.size > 20, `the manifest's keys were found (${used.size})`);
  const nls = readJson('package.nls.json');
  const missing = [...used].filter((k) => !(k in nls));
  assert.deepEqual(missing, [], 'keys of package.json missing from package.nls.json');
  const unused = Object.keys(nls).filter((k) => !used.has(k));
  assert.deepEqual(unused, [], 'keys of package.nls.json that package.json does not use');
  // A translation of the manifest (package.nls.<language>.json) may only translate existing keys.
  for (const f of readdirSync(root).filter((f) => /^package\.nls\.[\w-]+\.json$/.test(f))) {
    const extra = Object.keys(readJson(f)).filter((k) => !(k in nls));
    assert.deepEqual(extra, [], `${f} has keys package.nls.json does not`);
  }
});

test('placeholders: a bundle translation keeps the {n} of its English message', () => {
  for (const f of existsSync(join(root, 'l10n')) ? readdirSync(join(root, 'l10n')).filter((f) => /^bundle\.l10n\.[\w-]+\.json$/.test(f)) : []) {
    const bundle = readJson(join('l10n', f)) as Record<string, string | { message: string }>;
    for (const [m, tr] of Object.entries(bundle)) {
      const text = typeof tr === 'string' ? tr : tr.message;
      const holes = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((x) => x[1]).sort().join(',');
      assert.equal(holes(text), holes(m), `${f}: ${JSON.stringify(m)}`);
    }
  }
});
