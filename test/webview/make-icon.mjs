// Renders media/icon.svg to media/icon.png (128 x 128, for the Marketplace) with headless Chromium.
//   node test/webview/make-icon.mjs
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const svg = readFileSync(new URL('../../media/icon.svg', import.meta.url), 'utf8').replace('width="16" height="16"', 'width="128" height="128"');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 128, height: 128 } });
await p.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await p.screenshot({ path: new URL('../../media/icon.png', import.meta.url).pathname, omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
await b.close();
