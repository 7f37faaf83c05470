// End-to-end tests through the real UI (dist/tests/e2e/run.js, a step of `npm test`):
//   1. builds the .vsix with `npm run package` (scripts/package.mjs) and checks it;
//   2. installs it into a fresh code-server with `--install-extension`, as a user installs a
//      package (nothing is loaded from a development path);
//   3. opens a workspace holding the sample corpus (WordNet 3.1 glosses) and a small labelled
//      sentiment set in headless Debian Chromium, and uses the extension as a person does:
//      keyboard and mouse only (F1, typing, clicks, hovering), never executeCommand.
// Each test saves a screenshot under build/e2e/; a failing one also saves the page's HTML (with its
// webviews' documents) and the extension host's logs there. Every wait is for an element or a text.
// Writes dist/tests/e2e/summary.json ({ passed, failed, skipped }) when it has run the tests.
//   node dist/tests/e2e/run.js [--only <substring>]   E2E_HEADED=1 shows the browser.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { e2eTests, type E2eContext } from './tests';
import { Workbench } from './workbench';
import { orDeadline } from '../../extension/core/util/deadline';

const root = join(__dirname, '../../..');
const outDir = join(root, 'build/e2e');
const summaryFile = join(__dirname, 'summary.json');
const TEST_TIMEOUT_MS = 4 * 60_000;

async function script<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(root, path)).href)) as T;
}

interface Server { url: string; port: number; stop(): Promise<void>; output(): string }

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

/** The extension host's logs (and the rest of the server's logs) into `dir`. */
function saveLogs(stateDir: string, dir: string, server?: Server): void {
  const logs = join(stateDir, 'user-data/logs');
  if (existsSync(logs)) cpSync(logs, join(dir, 'logs'), { recursive: true });
  if (server) writeFileSync(join(dir, 'code-server.log'), server.output());
}

async function saveFailure(page: Page, dir: string, stateDir: string, server: Server, browserLog: string[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, 'screenshot.png') }).catch(() => undefined);
  writeFileSync(join(dir, 'page.html'), await page.content().catch((e: Error) => `could not read the page: ${e.message}`));
  // The webviews' own documents (the dashboard) live in nested frames.
  let i = 0;
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    const html = await f.content().catch(() => undefined);
    if (html) writeFileSync(join(dir, `frame-${i++}.html`), `<!-- ${f.url()} -->\n${html}`);
  }
  writeFileSync(join(dir, 'browser-console.log'), browserLog.join('\n'));
  saveLogs(stateDir, dir, server);
}

const TIMED_OUT = Symbol('timed out');

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  const r = await orDeadline(p, ms, TIMED_OUT);
  if (r === TIMED_OUT) throw new Error(`${what} took more than ${ms / 1000} s`);
  return r;
}

async function main(): Promise<number> {
  const started = Date.now();
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  rmSync(summaryFile, { force: true });
  const counts = { passed: 0, failed: 0, skipped: 0 };

  const pkg = await script<{ packageExtension(o: { quiet: boolean }): { path: string; bytes: number; files: string[] }; MAX_VSIX_BYTES: number }>('scripts/package.mjs');
  const install = await script<{ ensureCodeServer(o: { browser: boolean }): Promise<unknown>; CHROMIUM: string }>('scripts/vscode-host/install.mjs');
  const server = await script<{
    installExtension(o: { stateDir: string; vsix: string }): string;
    startCodeServer(o: { stateDir: string; folder: string }): Promise<Server>;
  }>('scripts/vscode-host/server.mjs');
  const sample = await script<{ makeSampleCorpus(): unknown; SAMPLE_FILE: string; glosses: Glosses }>('scripts/sample-corpus.mjs');

  // The .vsix, as `npm run package` builds it: the first test, since every other one installs it.
  const t0 = Date.now();
  let vsix: { path: string; bytes: number; files: string[] };
  try {
    vsix = pkg.packageExtension({ quiet: true });
    console.log(`  ✔ npm run package builds a checked .vsix: ${(vsix.bytes / 1024).toFixed(0)} KB (limit ${pkg.MAX_VSIX_BYTES / 1024 / 1024} MB), ${vsix.files.length} files, all in the allow-list (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    counts.passed++;
  } catch (e) {
    console.error(`  ✖ npm run package builds a checked .vsix\n    ${(e as Error).message}`);
    counts.failed++;
    writeFileSync(summaryFile, JSON.stringify({ ...counts, skipped: e2eTests.length }));
    return 1;
  }

  await install.ensureCodeServer({ browser: true });
  sample.makeSampleCorpus();
  const stateDir = mkdtempSync(join(tmpdir(), 'w2v-e2e-'));
  const workspace = join(stateDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  let browser: Browser | undefined;
  let srv: Server | undefined;
  // Stopped from outside (Ctrl-C, a CI timeout): close Chromium and the server's process group.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      void Promise.allSettled([browser?.close(), srv?.stop()]).then(() => {
        rmSync(stateDir, { recursive: true, force: true });
        process.exit(130);
      });
    });
  }
  try {
    const ctx0 = prepareWorkspace(workspace, sample.SAMPLE_FILE, stateDir, sample.glosses);
    // Installed as a user installs a package, before the server starts.
    server.installExtension({ stateDir, vsix: vsix.path });
    const installed = readdirSync(join(stateDir, 'extensions')).filter((d) => d.startsWith('w2v-explorer.word2vec-gradient-explorer-'));
    if (installed.length !== 1) throw new Error(`--install-extension did not install the extension (extensions folder: ${readdirSync(join(stateDir, 'extensions')).join(', ')})`);
    srv = await server.startCodeServer({ stateDir, folder: workspace });
    browser = await chromium.launch({
      executablePath: install.CHROMIUM, headless: process.env.E2E_HEADED !== '1',
      env: { ...process.env, XDG_CONFIG_HOME: join(stateDir, 'chromium/config'), XDG_CACHE_HOME: join(stateDir, 'chromium/cache') },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const browserLog: string[] = [];
    page.on('console', (m) => browserLog.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => browserLog.push(`[pageerror] ${e.message}`));
    // No development path and no test payload: the workbench a user opens, with the installed extension.
    const q = new URLSearchParams({ folder: workspace, payload: JSON.stringify([['skipWelcome', 'true'], ['skipReleaseNotes', 'true']]) });
    await page.goto(`${srv.url}/?${q.toString()}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    const wb = new Workbench(page);
    await wb.ready('workspace');
    const ctx: E2eContext = { ...ctx0, wb, page, outDir, installedAs: installed[0] };

    let n = 1;
    for (const t of e2eTests) {
      n++;
      const file = `${String(n).padStart(2, '0')}-${slug(t.name)}`;
      if ((only && !t.name.includes(only)) || t.skip) {
        counts.skipped++;
        console.log(`  - ${t.name} (skipped${t.skip ? `: ${t.skip}` : ''})`);
        continue;
      }
      const ts = Date.now();
      try {
        await withTimeout(t.run(ctx), TEST_TIMEOUT_MS, t.name);
        await page.screenshot({ path: join(outDir, `${file}.png`) });
        counts.passed++;
        console.log(`  ✔ ${t.name} (${((Date.now() - ts) / 1000).toFixed(1)} s)`);
      } catch (e) {
        counts.failed++;
        const dir = join(outDir, `${file}.failure`);
        await saveFailure(page, dir, stateDir, srv, browserLog);
        console.error(`  ✖ ${t.name} (${((Date.now() - ts) / 1000).toFixed(1)} s)\n    ${((e as Error).stack ?? String(e)).split('\n').slice(0, 6).join('\n    ')}\n    saved: ${dir}`);
        // Leave no dialog or quick pick open for the next test.
        await page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } catch (e) {
    console.error(`e2e: could not run the tests: ${(e as Error).stack ?? e}`);
    counts.failed++;
    if (browser) {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages[0] && srv) await saveFailure(pages[0], join(outDir, 'setup.failure'), stateDir, srv, []);
    } else {
      saveLogs(stateDir, join(outDir, 'setup.failure'), srv);
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await srv?.stop().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
  }
  writeFileSync(summaryFile, JSON.stringify(counts));
  console.log(`e2e: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${outDir}`);
  return counts.failed > 0 ? 1 : 0;
}

/**
 * The workspace a user would have: the sample corpus, three small labelled files for the
 * sentiment classifier, and user settings that keep the first run short and the workbench quiet.
 */
function prepareWorkspace(workspace: string, sampleFile: string, stateDir: string, glosses: Glosses): Omit<E2eContext, 'wb' | 'page' | 'outDir' | 'installedAs'> {
  const corpus = join(workspace, 'wordnet-glosses.txt');
  cpSync(sampleFile, corpus);
  if (statSync(corpus).size < 1_000_000) throw new Error(`the sample corpus ${sampleFile} is too small`);
  const sentiment = writeSentimentSplits(workspace, glosses);
  const userDir = join(stateDir, 'user-data/User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify({
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'editor.minimap.enabled': false,
    'editor.hover.delay': 300,
    'files.simpleDialog.enable': true,
    // The sample corpus (1.47M words) trains 73M words: long enough to watch and to cancel mid-way
    // on a loaded machine; the walkthrough's sample (146k words) trains to the end in seconds.
    'word2vec.epochs': 50,
    'word2vec.dimensions': 50,
    'word2vec.threads': 1,
  }, null, 2));
  return { workspace, corpus, corpusName: 'wordnet-glosses.txt', sentiment };
}

/**
 * Three labelled files ("label sentence" per line), as the sentiment command asks for: real WordNet
 * glosses labelled by topic, 1 for living things (WordNet's noun.animal and noun.plant files) and 0
 * for man-made things (noun.artifact), 300 of each, split 60/20/20 into train, dev and test.
 */
function writeSentimentSplits(workspace: string, glosses: Glosses): { train: string; dev: string; test: string } {
  const byLabel: Record<number, string[]> = { 0: [], 1: [] };
  const LABEL_OF_LEX_FILE: Record<number, number> = { 5: 1, 20: 1, 6: 0 };
  for (const { lexFile, gloss } of glosses('noun')) {
    const label = LABEL_OF_LEX_FILE[lexFile];
    if (label !== undefined && byLabel[label].length < 300) byLabel[label].push(gloss.replace(/\s+/g, ' '));
  }
  const split = { train: [] as string[], dev: [] as string[], test: [] as string[] };
  for (const label of [0, 1]) {
    byLabel[label].forEach((g, j) => (j % 5 === 0 ? split.dev : j % 5 === 1 ? split.test : split.train).push(`${label} ${g}`));
  }
  const paths = { train: join(workspace, 'topics.train'), dev: join(workspace, 'topics.dev'), test: join(workspace, 'topics.test') };
  for (const k of ['train', 'dev', 'test'] as const) writeFileSync(paths[k], `${split[k].join('\n')}\n`);
  return paths;
}

type Glosses = (pos: string) => Iterable<{ lexFile: number; gloss: string }>;

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(`e2e could not start: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
