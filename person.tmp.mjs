// One-off: use the extension as a person in code-server (not committed).
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { makeSampleCorpus, SAMPLE_DIR, SAMPLE_FILE } from './scripts/sample-corpus.mjs';
import { startCodeServer, workbenchUrl } from './scripts/vscode-host/server.mjs';

const out = process.argv[2] ?? '/tmp/i10ux/person';
const root = process.cwd();
makeSampleCorpus();
const stateDir = '/tmp/i10ux/cs-state';
mkdirSync(join(stateDir, 'user-data/User'), { recursive: true });
writeFileSync(join(stateDir, 'user-data/User/settings.json'), JSON.stringify({ 'git.openRepositoryInParentFolders': 'never', 'workbench.startupEditor': 'none', 'word2vec.epochs': Number(process.env.EPOCHS ?? 5) }));
const server = await startCodeServer({ stateDir, folder: SAMPLE_DIR });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const shot = async (page, name) => { await page.screenshot({ path: join(out, name + '.png') }); console.log('shot', name, new Date().toISOString()); };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(workbenchUrl({ port: server.port, folder: SAMPLE_DIR, extensionDevelopmentPath: root, openFile: SAMPLE_FILE }));
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 90_000 });
  await page.waitForTimeout(3000);
  await shot(page, '01-opened');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { timeout: 10_000 });
  await page.keyboard.type('Word2Vec: Train word2vec on file');
  await page.waitForTimeout(800);
  await shot(page, '02-palette');
  await page.keyboard.press('Enter');
  await page.waitForSelector('iframe.webview', { timeout: 60_000 }).catch(() => console.log('no webview iframe'));
  await page.waitForTimeout(2500);
  await shot(page, '03-training');
  // Does the editor keep the focus? Type a character in it.
  const focused = await page.evaluate(() => (document.activeElement?.closest('.monaco-editor') ? 'editor: ' : 'not editor: ') + (document.activeElement?.className ?? ''));
  console.log('active element while training:', focused);
  await page.waitForTimeout(4000);
  await shot(page, '04-training-later');
  await page.waitForSelector('.notifications-toasts .notification-toast:has-text("Trained")', { timeout: 240_000 }).catch(() => console.log('no Trained toast'));
  const toastAt = Date.now();
  await page.waitForSelector('.statusbar-item:has-text("words")', { timeout: 30_000 }).catch(() => console.log('status never showed the vectors'));
  console.log('status bar showed the vectors', Date.now() - toastAt, 'ms after the Trained toast');
  await page.waitForTimeout(500);
  await shot(page, '05-done');
  for (let i = 0; i < 4; i++) {
    console.log('status bar:', await page.locator('.statusbar-item:has-text("word2vec")').allTextContents());
    await page.waitForTimeout(1500);
  }
  await shot(page, '06-after');
  const toasts = await page.locator('.notifications-toasts').allTextContents();
  console.log('toasts:', toasts);
} finally {
  await browser.close();
  await server.stop();
}
