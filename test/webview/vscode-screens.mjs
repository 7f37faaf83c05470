// Screenshots of the dashboard inside a real VS Code (code-server's workbench in headless Chromium),
// driven as a person would: open the fixture corpus, run "Word2Vec: Train word2vec on file" from
// the command palette, open the dashboard, look at each tab, run "Word2Vec: Run gradient check".
// Checks that the page rendered inside VS Code's webview (real CSP, real theme variables).
//   node scripts/build.mjs && node test/webview/vscode-screens.mjs [folder]   (default dist/screens/vscode)
import { chromium } from 'playwright-core';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer, workbenchUrl } from '../../scripts/vscode-host/server.mjs';
import { CHROMIUM } from '../../scripts/vscode-host/install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.argv[2] ?? join(root, 'dist/screens/vscode');
mkdirSync(out, { recursive: true });
const state = mkdtempSync(join(tmpdir(), 'w2v-screens-'));
const workspace = join(state, 'workspace');
cpSync(join(root, 'test/host/fixtures/workspace'), workspace, { recursive: true });
// Enough epochs that the run is still going when the dashboard opens; a dark theme to start.
mkdirSync(join(state, 'user-data/User'), { recursive: true });
const settings = (theme) => JSON.stringify({ 'workbench.colorTheme': theme, 'word2vec.epochs': 400, 'word2vec.dimensions': 32, 'workbench.startupEditor': 'none' });
writeFileSync(join(state, 'user-data/User/settings.json'), settings('Default Dark Modern'));

const server = await startCodeServer({ stateDir: state, folder: workspace });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPath: root, openFile: join(workspace, 'corpus.txt') }));
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.monaco-editor', { timeout: 60_000 });
  await page.waitForTimeout(3000);
  const command = async (title) => {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(title);
    await page.waitForTimeout(600);
    await page.keyboard.press('Enter');
  };
  const setTheme = async (name) => {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type('Preferences: Color Theme');
    await page.waitForTimeout(600);
    // Not "Browse Color Themes in Marketplace", which fuzzy matching may rank first.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme/ }).first().click();
    await page.waitForTimeout(600);
    await page.keyboard.type(name);
    await page.waitForTimeout(600);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);
  };
  await setTheme('Dark Modern');
  console.log(`workbench: ${await page.evaluate(() => document.querySelector('.monaco-workbench')?.className)}`);
  await page.click('.monaco-editor .view-lines');
  await command('Word2Vec: Train word2vec on file');
  await page.waitForTimeout(1500);
  await command('Word2Vec: Open dashboard');
  // The webview: an iframe (the host) holding another iframe (the page).
  const frame = async () => {
    for (let i = 0; i < 100; i++) {
      for (const f of page.frames()) {
        if (await f.$('#panel-training').catch(() => null)) return f;
      }
      await page.waitForTimeout(200);
    }
    throw new Error('the dashboard page did not appear in a webview');
  };
  let dash = await frame();
  await dash.waitForSelector('#training-body:not([hidden])', { timeout: 30_000 });
  await page.waitForTimeout(4000);
  await page.screenshot({ path: join(out, 'vscode-dark-training.png') });
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) cspErrors.push(m.text()); });
  await dash.click('#tab-neighbours');
  await dash.fill('#search-input', 'anim');
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(out, 'vscode-dark-neighbours-completion.png') });
  await dash.press('#search-input', 'ArrowDown');
  await dash.press('#search-input', 'Enter');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(out, 'vscode-dark-neighbours.png') });
  await command('Word2Vec: Run gradient check');
  dash = await frame();
  await dash.waitForSelector('#ex-result:not([hidden])', { timeout: 30_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, 'vscode-dark-gradients.png') });
  // Light theme: VS Code changes the webview's variables and body class; the charts must follow.
  await setTheme('Light Modern');
  await dash.click('#tab-training');
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(out, 'vscode-light-training.png') });
  const kind = await dash.evaluate(() => document.body.getAttribute('data-vscode-theme-kind'));
  console.log(`theme kind in the webview after the switch: ${kind}`);
  await setTheme('Dark High Contrast');
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(out, 'vscode-hc-training.png') });
  console.log(`then: ${await dash.evaluate(() => document.body.getAttribute('data-vscode-theme-kind'))}`);
  console.log(cspErrors.length ? `CSP errors: ${cspErrors.join('\n')}` : 'no CSP errors logged');
  failed = cspErrors.length > 0;
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  await browser.close();
  await server.stop();
  rmSync(state, { recursive: true, force: true });
}
console.log(`screenshots in ${out}`);
process.exit(failed ? 1 : 0);
