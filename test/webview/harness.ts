/**
 * Renders the dashboard page in headless Chromium, outside VS Code: the real HTML (with its
 * strict CSP and nonce) served from 127.0.0.1, dist/webview.js, media/dashboard.css, a fake
 * `acquireVsCodeApi`, and the `--vscode-*` variables of the dark, light and high-contrast themes.
 * It feeds the page the messages a training run produces, answers its requests as the extension
 * would, checks what the page shows, and saves screenshots.
 *
 *   node scripts/build.mjs webview tests:webview && node dist/tests/webview/harness.js [screenshot folder] (default: dist/screens)
 *
 * Exits non-zero when a check fails (a CSP violation, a page error, missing data, an unescaped word).
 */
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { GradCheckReport, TrainOptions, TrainProgress, VocabStats } from '../../extension/core/train/types';
import { dashboardHtml } from '../../extension/dashboard/html';
import type { FromWebview, ToWebview } from '../../extension/shared/protocol';
import { themeCss, THEMES, type ThemeName } from './themes';
import { coreRequest, wireResult, type ExplorerInputs } from '../../extension/dashboard/explorer';
import { computeExplorerResult } from '../../extension/core/gradcheck/explorer';
import type { ExplorerForm } from '../../extension/shared/protocol';
import { checkMap, connectMap, mapModel, MAP_HOOK } from './mapHarness';
import { VectorStore } from '../../extension/vectors/vectorStore';
import { seededRandom } from '../../extension/dashboard/mapCompute';
import { checkEvaluationTab, checkNeighboursOverTime } from './evaluationHarness';
import { fillPlaceholders, type Translate } from '../../extension/shared/translate';
import type { RunRecord } from '../../extension/shared/runHistory';

const root = process.env.W2V_ROOT ?? join(__dirname, '..', '..', '..');
const outDir = process.argv[2] ?? join(root, 'dist', 'screens');
const NONCE = 'harnessnonce0123456789';

// ---- fake data: what a run on a small corpus sends ----

const EVIL = '<img src=x onerror="document.title=\'pwned\'">';
const options: TrainOptions = {
  model: 'skipgram', loss: 'neg', dim: 100, window: 5, negative: 5, minCount: 5, maxVocab: 0, sample: 1e-3,
  epochs: 5, alpha: 0.025, threads: 2, seed: 1, output: 'input',
};
const topWords = ['the', 'of', 'and', 'one', 'in', 'a', 'to', 'zero', 'nine', 'two', 'is', 'as', 'eight', 'for', 's', 'five', 'three', 'was', 'by', EVIL];
const vocab: VocabStats = {
  corpusWords: 2_100_000, distinctWords: 89_311, vocabSize: 21_640, trainWords: 1_984_000, sentences: 1,
  top: topWords.map((word, i) => ({ word, count: Math.round(130_000 / (i + 1)) })),
};
const totalWords = vocab.trainWords * options.epochs;

/** A seeded generator so the pictures are the same every run. */
const rng = seededRandom;
const rand = rng(42);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

function progressAt(i: number, n: number, epochLoss: number): TrainProgress {
  const wordsProcessed = Math.round(((i + 1) / n) * totalWords * 0.72);
  const epochs = options.epochs;
  return {
    phase: 'train', wordsProcessed, totalWords, epoch: Math.min(epochs, 1 + Math.floor((wordsProcessed / totalWords) * epochs)), epochs,
    alpha: options.alpha * Math.max(1e-4, 1 - wordsProcessed / totalWords), loss: epochLoss, lossRaw: NaN, epochLoss, lossStep: 1000,
    wordsPerSec: 412_345 + Math.round(gauss() * 5000), elapsedSec: wordsProcessed / 412_345, etaSec: (totalWords - wordsProcessed) / 412_345,
  };
}

function gradReport(i: number, wordsProcessed: number, broken: boolean): GradCheckReport {
  const group = (name: string, count: number, scale: number) => {
    const relErrors = Array.from({ length: count }, () => Math.min(1, scale * Math.exp(gauss() * 1.6)));
    if (count > 3) relErrors[3] = 0;
    return { name, count, maxRelError: Math.max(...relErrors), relErrors };
  };
  return {
    wordsProcessed,
    centerWord: i === 7 ? EVIL : ['anarchism', 'originated', 'term', 'abuse'][i % 4],
    contextWords: ['as', 'a', 'of', 'against'],
    groups: [group('center vectors', 100, 3e-10), group('outside vectors', 1100, broken ? 2e-4 : 8e-10)],
  };
}

/** The Runs tab's list: a run trained with a planted mistake and its correct twin (same corpus and seed), and an older run. */
function runRecords(): RunRecord[] {
  const curve = (from: number, to: number): [number, number][] => Array.from({ length: 2 }, (_, i) => [i * 1e6, i ? to : from]);
  const settings = { model: 'skipgram', loss: 'neg', dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, epochs: 5, alpha: 0.025, threads: 2, seed: 1 } as const;
  const check = (bad: boolean) => ({ wordsProcessed: 900_000, groups: [
    { name: 'center vectors', source: 'the training kernel', maxRelError: bad ? 0.41 : 3e-9 }, { name: 'outside vectors', source: 'the training kernel', maxRelError: bad ? 0.97 : 2e-9 }] });
  const nb = (words: string[]) => [{ word: 'king', neighbours: words.map((w, i) => ({ word: w, similarity: 0.8 - i / 10 })) }];
  return [
    { runId: 'a', source: 'wordnet-glosses.txt', startedAt: 1_764_600_000_000, settings: { ...settings, model: 'cbow', cbowUpdate: 'corrected', alpha: 0.2 }, curve: curve(4.2, 2.9),
      end: { stopReason: 'done', seconds: 3.1, wordsProcessed: 1_500_000, finalLoss: 2.9 }, check: check(false) },
    { runId: 'b', source: `text8-head.txt ${EVIL}`, startedAt: 1_764_600_100_000, settings: { ...settings, mistake: 'dropped-one-minus-sigma' }, curve: curve(4.1, 7.5),
      end: { stopReason: 'done', seconds: 9.2, wordsProcessed: 10_000_000, finalLoss: 7.5 }, check: check(true), neighbours: nb(['the', 'of', EVIL]) },
    { runId: 'c', source: `text8-head.txt ${EVIL}`, startedAt: 1_764_600_200_000, settings, pairedWith: 'b', curve: curve(4.1, 2.4),
      end: { stopReason: 'done', seconds: 9.0, wordsProcessed: 10_000_000, finalLoss: 2.4 }, check: check(false), neighbours: nb(['queen', 'prince', 'throne']),
      scores: [{ file: `simlex ${EVIL}.txt`, measure: 'Spearman', value: 0.215 }, { file: 'questions-words.txt', measure: 'accuracy', value: 0.084 }] },
    // A run the window's reload interrupted (RunHistory gives it this end when it reads the list back).
    { runId: 'd', source: 'wordnet-glosses.txt', startedAt: 1_764_600_300_000, settings, curve: [],
      end: { stopReason: 'cancelled', seconds: 0, wordsProcessed: 0, finalLoss: null, interrupted: true } },
  ];
}

/** A small model with real words for the explorer: seeded vectors, one window. */
function explorerModel(): ExplorerInputs {
  const words = ('the of and to in a is that for it as was with be by on not he this are or his from at which but have an they ' +
    'you were her she there been one all we their has would when if so no will more can gradient descent learns word vectors').split(' ').concat(EVIL);
  const dim = 24;
  const r = rng(9);
  const vec = () => Float32Array.from({ length: words.length * dim }, () => (r() - 0.5) * 0.8);
  return {
    label: 'the vectors of run 1 (text8-head.txt)', words, dim, centerVectors: vec(), outsideVectors: vec(),
    counts: words.map((_, i) => Math.round(10000 / (i + 1))),
    window: { centerIdx: words.indexOf('gradient'), contextIdxs: ['descent', 'learns', 'word', EVIL].map((w) => words.indexOf(w)) },
  };
}
const model = explorerModel();

// ---- the page ----

function harnessScript(): string {
  // The fake VS Code API: records what the page posts and answers requests as the extension does.
  return `
  window.__posted = [];
  window.__state = window.__initialState || undefined;
  const words = ['king', 'kings', 'kingdom', 'kingston', 'kingsley', 'kingship', 'kinetic', 'kind', 'kinds', 'kindred'];
  window.acquireVsCodeApi = () => ({
    postMessage(m) {
      window.__posted.push(m);
      ${MAP_HOOK}
      setTimeout(() => {
        if (m.type === 'complete') {
          window.postMessage({ type: 'completions', requestId: m.requestId, prefix: m.prefix,
            words: words.filter((w) => w.startsWith(m.prefix)).slice(0, m.limit) }, '*');
        } else if (m.type === 'explorerRun') {
          window.postMessage({ type: 'explorerStarted', requestId: m.requestId, request: m.request }, '*');
          window.__runExplorer(m.request).then(
            (result) => window.postMessage({ type: 'explorerResult', requestId: m.requestId, result }, '*'),
            (e) => window.postMessage({ type: 'explorerError', requestId: m.requestId, message: String(e.message || e), cancelled: false }, '*'));
        } else if (m.type === 'explorerCopyMarkdown') {
          window.postMessage({ type: 'notice', text: 'Copied the check as a Markdown table.' }, '*');
        } else if (m.type === 'neighbours') {
          if (m.word === 'zzz') {
            window.postMessage({ type: 'neighbours', requestId: m.requestId, word: m.word, k: m.k, results: [],
              error: '“zzz” is not in the vocabulary: it occurs 2 times, below min-count 5.' }, '*');
            return;
          }
          const res = ['queen', 'prince', 'throne', 'emperor', 'monarch', 'kings', 'ruler', ${JSON.stringify(EVIL)}, 'crown', 'dynasty', 'reign', 'duke']
            .slice(0, m.k).map((w, i) => ({ word: w, similarity: 0.81 - i * 0.052 - (i > 9 ? 0.9 : 0) }));
          window.postMessage({ type: 'neighbours', requestId: m.requestId, word: m.word, k: m.k, results: res }, '*');
        }
      }, 5);
    },
    getState() { return window.__state; },
    setState(s) { window.__state = JSON.parse(JSON.stringify(s)); },
  });
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  `;
}

/**
 * A display language's bundle with a few messages translated (French): the page's static text
 * (translated by the host's t, here one reading this bundle as vscode.l10n.t does) and its dynamic
 * text (webview/l10n.ts reading the bundle the page embeds) must both show them.
 */
const FRENCH: Record<string, string> = {
  Neighbours: 'Voisins',
  'No training run yet': 'Aucun entraînement pour l’instant',
  'Training: epoch {0} of {1}': 'Entraînement : époque {0} sur {1}',
  // The Neighbours tab's tooltip and accessible name.
  'Search the neighbours of {0}': 'Chercher les voisins de {0}',
  '{0}, similarity {1}': '{0}, similarité {1}',
};

function bundleTranslator(bundle: Record<string, string>): Translate {
  return (message, ...args) => fillPlaceholders(bundle[message] ?? message, args);
}

function pageHtml(origin: string, theme: ThemeName, bundle: Record<string, string> = {}): string {
  const html = dashboardHtml({
    cspSource: origin, nonce: NONCE, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/dashboard.css`,
    t: bundleTranslator(bundle), l10nBundle: bundle, lang: Object.keys(bundle).length ? 'fr' : 'en',
  });
  const t = THEMES[theme];
  return html
    .replace('<body>', `<body class="${t.bodyClass}" data-vscode-theme-kind="${t.kind}">`)
    .replace('</head>', `<link id="theme-vars" rel="stylesheet" href="${origin}/theme/${theme}.css">\n</head>`)
    .replace(`<script nonce="${NONCE}" src=`, `<script nonce="${NONCE}">${harnessScript()}</script>\n<script nonce="${NONCE}" src=`);
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    if (url.pathname === '/') return send('text/html', pageHtml(origin, (url.searchParams.get('theme') as ThemeName) ?? 'dark', url.searchParams.get('lang') === 'fr' ? FRENCH : {}));
    if (url.pathname.startsWith('/theme/')) return send('text/css', themeCss(url.pathname.slice(7, -4) as ThemeName));
    if (url.pathname === '/dist/webview.js') return send('text/javascript', readFileSync(join(root, 'dist/webview.js')));
    if (url.pathname === '/media/dashboard.css') return send('text/css', readFileSync(join(root, 'media/dashboard.css')));
    if (url.pathname === '/favicon.ico') return send('image/x-icon', ''); // the browser asks for it on its own
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const failures: string[] = [];
  let passed = 0;
  const check = (ok: boolean, what: string) => {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (ok) passed++;
    else failures.push(what);
  };
  try {
    await checkTranslated(browser, origin, check);
    for (const theme of ['dark', 'light', 'high-contrast'] as ThemeName[]) {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1150 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e.stack ?? e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
      // The explorer's check runs here in Node with the real math, as the extension's worker would.
      // JSON round trip: what postMessage does to Infinity (null).
      await page.exposeFunction('__runExplorer', (req: ExplorerForm) => JSON.parse(JSON.stringify(wireResult(req, computeExplorerResult(coreRequest(req, model, 1))))));
      const mapStore = new VectorStore();
      await connectMap(page, mapModel(EVIL, mapStore));
      await page.goto(`${origin}/?theme=${theme}`);
      await page.waitForFunction(() => (window as unknown as { __posted: FromWebview[] }).__posted.some((m) => m.type === 'ready'), undefined, { timeout: 10_000 })
        .catch((e) => { throw new Error(`the page did not start: ${errors.join("; ")}: ${e}`); });
      if (theme === 'dark') {
        await page.screenshot({ path: join(outDir, 'dark-empty.png'), fullPage: true });
        await page.click('#tab-neighbours');
        await page.screenshot({ path: join(outDir, 'dark-empty-neighbours.png'), fullPage: false });
        await page.click('#tab-training');
      }
      const lastProgress = await feedRun(page);
      const status = await waitForStatus(page, (s) => s.lossPoints === POINTS && s.gradReports === REPORTS);
      check(status?.lossPoints === POINTS, `[${theme}] page reports ${POINTS} loss points (got ${status?.lossPoints})`);
      check(status?.gradReports === REPORTS, `[${theme}] page reports ${REPORTS} gradient reports (got ${status?.gradReports})`);
      check(await page.title() !== 'pwned', `[${theme}] corpus words are not run as HTML`);
      check((await page.locator('#top-words').textContent())?.includes(EVIL) ?? false, `[${theme}] a word with markup shows as text`);
      check((await page.locator('#stat-epoch').textContent()) === '4 / 5', `[${theme}] epoch shown`);
      const blue = await bluePixels(page);
      check(blue > 2000, `[${theme}] raw loss points drawn in the theme's blue (${blue} blue pixels)`);
      // 72% into the run: the x axis ends at the words processed so far, so the curve reaches the
      // chart's right edge (on an axis of the whole planned run it would stop at about 3/4).
      // (High contrast draws the grid in blue too, so the pixels cannot tell points from grid there.)
      if (theme !== 'high-contrast') {
        const reach = await rightmostBlue(page);
        check(reach > 0.9, `[${theme}] the loss curve fills the chart's width during the run (rightmost point at ${(reach * 100).toFixed(0)}% of the width)`);
      }
      await page.screenshot({ path: join(outDir, `${theme}-training.png`), fullPage: true });

      // Gradients tab via the keyboard: ArrowLeft on the first tab wraps to the last, ArrowLeft again goes back one by one.
      await page.focus('#tab-training');
      await page.keyboard.press('ArrowLeft');
      const lastTab = await page.locator('[role="tab"]').last().getAttribute('aria-controls');
      check(await page.locator(`#${lastTab}`).isVisible(), `[${theme}] ArrowLeft on the first tab opens the last (${lastTab})`);
      for (let i = 0; i < 10 && !(await page.locator('#panel-gradients').isVisible()); i++) await page.keyboard.press('ArrowLeft');
      check(await page.locator('#panel-gradients').isVisible(), `[${theme}] ArrowLeft again, tab by tab, opens Gradients`);
      await page.waitForSelector('.grad-card.fail', { timeout: 5_000 }).catch(() => undefined);
      check((await page.locator('.grad-card.fail').count()) === 1, `[${theme}] the failing group is marked`);
      // The derivations link: the first control after the panel, a labelled button that posts 'openDerivations' on Enter.
      await page.focus('#panel-gradients');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({ id: document.activeElement?.id, tag: document.activeElement?.tagName, text: document.activeElement?.textContent?.trim() }));
      check(focused.id === 'ex-derivations' && focused.tag === 'BUTTON' && (focused.text ?? '').length > 0,
        `[${theme}] Tab from the Gradients panel reaches the labelled derivations link (${JSON.stringify(focused)})`);
      const derivationsPosted = (atLeast: number) => page.waitForFunction(
        (n) => (window as unknown as { __posted: FromWebview[] }).__posted.filter((m) => m.type === 'openDerivations').length >= n, atLeast, { timeout: 5_000 },
      ).then(() => true, () => false);
      await page.keyboard.press('Enter');
      check(await derivationsPosted(1), `[${theme}] Enter on the derivations link posts openDerivations`);
      const second = page.getByRole('button', { name: 'The derivations behind these checks' });
      check(await second.count() === 1, `[${theme}] the live-check section has its own labelled derivations link`);
      await second.click();
      check(await derivationsPosted(2), `[${theme}] clicking the live-check derivations link posts openDerivations`);
      await page.screenshot({ path: join(outDir, `${theme}-gradients.png`), fullPage: true });

      // The explorer, as the "Run gradient check" command opens it: skip-gram, negative sampling, K = 10.
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'showExplorer', request: { target: 'skipgram', loss: 'neg', negatives: 10, broken: '' } } satisfies ToWebview);
      await page.waitForSelector('#ex-result:not([hidden]) figure.heatmap canvas', { timeout: 15_000 }).catch(async (e) => {
        throw new Error(`no explorer result: status "${await page.locator('#ex-status').textContent()}", errors ${errors.join('; ')}: ${e}`);
      });
      check((await page.locator('#ex-cards .grad-card.pass').count()) === 2, `[${theme}] explorer: both groups pass with the correct gradient`);
      check((await page.locator('#ex-formulas math').count()) >= 4, `[${theme}] explorer: formulas rendered as MathML`);
      check((await page.locator('#ex-summary').textContent())?.includes(EVIL) ?? false, `[${theme}] explorer: window words shown as text`);
      await page.screenshot({ path: join(outDir, `${theme}-explorer.png`), fullPage: true });
      // One update, step by step: a touched row opened from the keyboard shows its numbers under their formulas.
      const evilRow = page.locator('#ex-step-rows summary', { hasText: EVIL });
      check(await evilRow.count() === 1, `[${theme}] step by step: the context word's row is listed, its word as text`);
      await evilRow.focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('#ex-step-rows details[open] table.step-values tbody tr');
      check(await page.locator('#ex-step-rows details[open] table.step-values tbody tr').count() === model.dim, `[${theme}] step by step: one line per component of the opened row`);
      check(((await page.locator('#ex-step-rows details[open] table.step-values thead').textContent()) ?? '').includes('After θᵢ − α·Δᵢ'), `[${theme}] step by step: each column under its formula`);
      check(((await page.locator('#ex-step-rows details[open] caption').first().textContent()) ?? '').includes(EVIL), `[${theme}] step by step: the row's word escaped in its caption`);
      await page.locator('#ex-step-rows details[open]').screenshot({ path: join(outDir, `${theme}-explorer-step-row.png`) });
      await page.keyboard.press('Enter');
      // Break a gradient with the keyboard: choose "Missing (1 − σ) factor" and run.
      await page.selectOption('#ex-broken', 'missing-one-minus-sigma');
      await page.click('#ex-run');
      await page.waitForFunction(() => document.querySelectorAll('#ex-cards .grad-card.fail').length > 0);
      const failing = await page.locator('#ex-cards .grad-card.fail .grad-name').allTextContents();
      check(failing.length === 1 && failing[0] === 'outside vectors', `[${theme}] explorer: the broken (1 − σ) factor lights up the outside vectors only (${failing.join(', ')})`);
      check(await page.locator('.formula.broken').count() > 0, `[${theme}] explorer: the formula the broken term feeds is marked`);
      await page.focus('#ex-heatmaps canvas >> nth=1');
      await page.keyboard.press('ArrowRight');
      check(/component \d+: relative error/.test((await page.locator('.cell-info >> nth=1').textContent()) ?? ''), `[${theme}] explorer: arrow keys read heatmap cells`);
      await page.screenshot({ path: join(outDir, `${theme}-explorer-broken.png`), fullPage: true });
      await page.selectOption('#ex-target', 'network');
      await page.click('#ex-run');
      await page.waitForFunction(() => document.querySelectorAll('#ex-cards .grad-card').length === 4);
      check(true, `[${theme}] explorer: the network check shows W1, b1, W2, b2`);
      if (theme === 'dark') await page.screenshot({ path: join(outDir, `${theme}-explorer-network.png`), fullPage: true });
      await page.selectOption('#ex-target', 'sentiment');
      check(await page.locator('#ex-loss-label').isHidden() && (await page.locator('#ex-broken option').count()) === 1, `[${theme}] explorer: the classifier has no loss choice and no broken variants`);
      await page.click('#ex-run');
      await page.waitForFunction(() => document.querySelectorAll('#ex-cards .grad-card').length === 2 && document.querySelector('#ex-cards .grad-name')?.textContent === 'W');
      check((await page.locator('#ex-cards .grad-card.pass').count()) === 2, `[${theme}] explorer: the sentiment classifier's W and b pass`);
      // A new model arrives (another run finished): the check shown is of the previous one.
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'model', model: { words: 30_000, dim: 100, source: 'text8.txt (run 2)' } } satisfies ToWebview);
      await page.waitForSelector('#ex-result.stale', { timeout: 5000 }).catch(() => undefined);
      const staleStatus = (await page.locator('#ex-status').textContent()) ?? '';
      check(await page.locator('#ex-result.stale').count() === 1 && /previous model.*text8\.txt \(run 2\).*Run check/.test(staleStatus),
        `[${theme}] explorer: a new model marks the shown check stale until Run check ("${staleStatus}")`);
      if (theme === 'dark') await page.screenshot({ path: join(outDir, 'dark-explorer-stale.png'), fullPage: false });
      await page.click('#ex-run');
      await page.waitForSelector('#ex-result:not(.stale)', { timeout: 15_000 }).catch(() => undefined);
      check(await page.locator('#ex-result.stale').count() === 0 && /^Checked /.test((await page.locator('#ex-status').textContent()) ?? ''),
        `[${theme}] explorer: Run check replaces the stale check`);
      if (theme === 'light') await page.screenshot({ path: join(outDir, `${theme}-explorer-sentiment.png`), fullPage: true });
      // The hierarchical softmax: the training kernel alone, the path's inner nodes their own group; nothing to break.
      await page.selectOption('#ex-target', 'skipgram');
      await page.selectOption('#ex-loss', 'hs');
      check(await page.locator('#ex-k-label').isHidden() && (await page.locator('#ex-broken option').count()) === 1, `[${theme}] explorer: the hierarchical softmax has no K and no broken variants`);
      await page.click('#ex-run');
      await page.waitForFunction(() => [...document.querySelectorAll('#ex-cards .grad-name')].some((e) => e.textContent === 'inner nodes'));
      check((await page.locator('#ex-cards .grad-card.pass').count()) === 2 && (await page.locator('#ex-kernel-cards .grad-card').count()) === 0,
        `[${theme}] explorer: hierarchical softmax's center vectors and inner nodes pass, shown once`);
      check((await page.locator('#ex-steps tbody td', { hasText: /^node \d+$/ }).count()) > 0, `[${theme}] explorer: the step by step names inner nodes`);
      await page.screenshot({ path: join(outDir, `${theme}-explorer-hs.png`), fullPage: true });
      await page.selectOption('#ex-loss', 'neg');

      // The Runs tab: a mistaken run and its correct twin overlaid and side by side, reached with the keyboard.
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'runs', runs: runRecords() } satisfies ToWebview);
      await page.focus('#tab-training');
      await page.keyboard.press('End');
      await page.waitForSelector('#panel-runs:not([hidden]) #runs-body:not([hidden])');
      check(await page.locator('#runs-compare thead th[scope="col"]').count() === 5, `[${theme}] runs: one column per run (and the row names')`);
      const outcomes = (await page.locator('#runs-compare tbody tr', { hasText: 'Outcome' }).textContent()) ?? '';
      check(outcomes.includes('Interrupted (the window was reloaded or closed)') && !outcomes.includes('training…'), `[${theme}] runs: a run the reload interrupted says so, not "training…"`);
      check(await page.locator('#runs-compare thead th.mistaken').count() === 1 && ((await page.locator('#runs-compare thead th.mistaken').textContent()) ?? '').includes('✗ planted mistake: dropped (1 − σ) factor'),
        `[${theme}] runs: the mistaken run is marked in the run list`);
      check(((await page.locator('#runs-compare thead').textContent()) ?? '').includes('the correct run beside'), `[${theme}] runs: the correct run says which run it stands beside`);
      check(((await page.locator('#runs-compare').textContent()) ?? '').includes(EVIL), `[${theme}] runs: corpus words and neighbours shown as text`);
      check(((await page.locator('#runs-compare tbody tr', { hasText: 'Evaluation' }).textContent()) ?? '').includes('Spearman 0.215'), `[${theme}] runs: evaluation scores side by side`);
      check(await page.locator('#runs-compare td .fail').count() >= 1 && await page.locator('#runs-compare td .pass').count() >= 2, `[${theme}] runs: both live kernel checks side by side, the mistaken one failing`);
      await page.locator('#runs-table summary').focus();
      await page.keyboard.press('Enter');
      // The table is built on the details' toggle event, which fires after the key press returns.
      const tableRows = await page.waitForFunction(() => document.querySelectorAll('#runs-table tbody tr').length === 6, undefined, { timeout: 5_000 }).then(() => true, () => false);
      check(tableRows, `[${theme}] runs: the overlaid curves as a table, opened with the keyboard`);
      await page.keyboard.press('Enter');
      await page.focus('#mistake-select');
      await page.selectOption('#mistake-select', 'negative-sign-flip');
      await page.focus('#mistake-run');
      await page.keyboard.press('Enter');
      const asked = await page.waitForFunction(() => (window as unknown as { __posted: FromWebview[] }).__posted.some((m) => m.type === 'trainWithMistake' && m.mistake === 'negative-sign-flip'), undefined, { timeout: 5_000 }).then(() => true, () => false);
      check(asked, `[${theme}] runs: Enter on the button asks to train with the chosen mistake`);
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'runsNotice', text: `Train on a corpus first ${EVIL}` } satisfies ToWebview);
      await page.waitForFunction(() => document.getElementById('runs-status')?.textContent?.startsWith('Train on a corpus first'));
      check(await page.title() !== 'pwned', `[${theme}] runs: a notice is text`);
      await page.screenshot({ path: join(outDir, `${theme}-runs.png`), fullPage: true });

      // Neighbours: the hover's showWord, then completion with the keyboard.
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'showWord', word: 'king' } satisfies ToWebview);
      await page.waitForSelector('#neighbours-list button');
      check((await page.locator('#neighbours-list button').count()) === 10, `[${theme}] showWord searches with k = 10`);
      check((await page.locator('#neighbours-list').textContent())?.includes(EVIL) ?? false, `[${theme}] neighbour words escaped`);
      await page.locator('#neighbours-list button').nth(1).click();
      await page.waitForFunction(() => (document.getElementById('search-input') as HTMLInputElement).value === 'prince');
      check(true, `[${theme}] clicking a neighbour searches it`);
      await page.fill('#search-input', '');
      await page.focus('#search-input');
      await page.keyboard.type('kin');
      await page.waitForSelector('#search-list:not([hidden]) li');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      check((await page.getAttribute('#search-input', 'aria-activedescendant')) === 'search-option-1', `[${theme}] ArrowDown moves in the completion list`);
      await page.screenshot({ path: join(outDir, `${theme}-neighbours-completion.png`), fullPage: false });
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => (document.getElementById('search-input') as HTMLInputElement).value === 'kings');
      await page.waitForSelector('#search-list', { state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      check(await page.locator('#search-list').isHidden(), `[${theme}] Enter picks a completion and closes the list`);
      // Enter before the completions come back: they must not reopen the list under the result.
      await page.fill('#search-input', '');
      await page.keyboard.type('king');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('neighbours-message')?.textContent?.includes('“king”'));
      const reopened = await page.waitForSelector('#search-list:not([hidden])', { timeout: 600 }).then(() => true, () => false);
      check(!reopened, `[${theme}] Enter typed before the completions arrive searches and leaves the list closed`);
      await page.screenshot({ path: join(outDir, `${theme}-neighbours.png`), fullPage: true });

      // The Map tab: the real panel, controller and worker behind the page.
      await checkMap(page, theme, check, outDir, EVIL, theme === 'dark');
      // The Neighbours tab's table over training, and the Evaluation tab (test/webview/evaluationHarness.ts).
      await checkNeighboursOverTime(page, theme, check, outDir, EVIL);
      await checkEvaluationTab(page, theme, check, outDir, EVIL);

      // A sentiment sweep arrives and the page shows it.
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'sentiment', result: sentimentResult() } satisfies ToWebview);
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'showTab', tab: 'sentiment' } satisfies ToWebview);
      await page.waitForSelector('#sent-result:not([hidden])');
      check((await page.locator('#sent-confusion tbody tr').count()) === 5, `[${theme}] sentiment: 5 x 5 dev confusion matrix`);
      check((await page.locator('#sent-sweep tbody tr.chosen').count()) === 1, `[${theme}] sentiment: the chosen reg is marked`);
      await page.screenshot({ path: join(outDir, `${theme}-sentiment.png`), fullPage: true });

      // One number, one name: the header's final loss is the stats' mean loss of the last epoch.
      await page.evaluate((m) => window.postMessage(m, '*'), {
        type: 'runEnded', end: { stopReason: 'done', seconds: 12.5, wordsProcessed: lastProgress.wordsProcessed, finalLoss: lastProgress.epochLoss! },
      } satisfies ToWebview);
      await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Finished'), undefined, { timeout: 5000 }).catch(() => undefined);
      const header = (await page.locator('#run-status').textContent()) ?? '';
      const statLoss = (await page.locator('#stat-loss').textContent()) ?? '';
      const statLabel = (await page.locator('#stat-loss-label').textContent()) ?? '';
      check(header.includes(`final loss ${statLoss} (mean over the last epoch)`) && /^Mean loss, epoch \d+$/.test(statLabel),
        `[${theme}] the header's final loss is the stats' "${statLabel}" ${statLoss} (${header})`);

      // A run the engine rejected after it started shows as failed, with its message (not as cancelled).
      await page.evaluate((m) => window.postMessage(m, '*'), {
        type: 'runEnded', end: { stopReason: 'failed', message: 'corpus.bin looks like a binary file: open a text file.', seconds: 1.2, wordsProcessed: 0, finalLoss: NaN },
      } satisfies ToWebview);
      await page.evaluate(() => document.getElementById('tab-training')?.click());
      const failedStatus = await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Failed') ? document.getElementById('run-status')!.textContent : '', undefined, { timeout: 5000 })
        .then((h) => h.jsonValue(), () => page.locator('#run-status').textContent());
      check(/^Failed after /.test(String(failedStatus)) && !/Cancelled/.test(String(failedStatus)), `[${theme}] a failed run says "Failed" (${failedStatus})`);
      check((await page.locator('#run-message').textContent()) === 'corpus.bin looks like a binary file: open a text file.' && await page.locator('#run-message').isVisible(),
        `[${theme}] a failed run shows its message`);

      // Run end (diverged) shows its message.
      await page.evaluate((m) => window.postMessage(m, '*'), {
        type: 'runEnded', end: { stopReason: 'diverged', message: 'The loss became NaN at 7,300,000 words: the learning rate 0.025 is too large for this corpus. Try word2vec.learningRate 0.0125; the last good vectors were kept.', seconds: 17.7, wordsProcessed: 7_300_000, finalLoss: 2.41 },
      } satisfies ToWebview);
      await page.evaluate(() => document.getElementById('tab-training')?.click());
      await page.waitForSelector('#run-message', { state: 'visible', timeout: 5_000 }).catch(() => undefined);
      check(await page.locator('#run-message').isVisible(), `[${theme}] a diverged run shows its message`);

      // Reload with the saved state: the page redraws the run before the extension answers.
      const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
      await page.addInitScript((s) => { (window as unknown as { __initialState: unknown }).__initialState = s; }, state);
      await page.reload();
      const after = await waitForStatus(page, (s) => s.lossPoints === POINTS && s.gradReports === REPORTS);
      check(after?.lossPoints === POINTS && after?.gradReports === REPORTS, `[${theme}] restored from setState after a reload (${after?.lossPoints} points, ${after?.gradReports} reports)`);
      check(after?.tab === 'training', `[${theme}] restored tab`);
      // The Map's settings and selection came back with it (its map is drawn again when the tab is shown).
      const mapBack = { projection: await page.inputValue('#map-projection'), search: await page.inputValue('#map-search'), a: await page.inputValue('#map-a') };
      check(mapBack.projection === (theme === 'dark' ? 'umap' : 'pca') && mapBack.a === 'man' && mapBack.search === (theme === 'dark' ? '' : '^(king|queen|prince|princess|man|woman)$'),
        `[${theme}] the Map's projection, search and analogy survive the reload (${JSON.stringify(mapBack)})`);

      // The theme switch re-colours the canvas.
      if (theme === 'dark') {
        const before = await canvasSample(page);
        await page.evaluate(async () => {
          const link = document.getElementById('theme-vars') as HTMLLinkElement;
          await new Promise((r) => { link.onload = r; link.href = link.href.replace('dark', 'light'); });
          document.body.className = 'vscode-light';
          document.body.setAttribute('data-vscode-theme-kind', 'vscode-light');
        });
        // Redrawn on the theme's change: wait (up to 5 s) for the canvas to differ, not a fixed time.
        let afterSwitch = await canvasSample(page);
        for (const until = Date.now() + 5_000; afterSwitch === before && Date.now() < until;) {
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
          afterSwitch = await canvasSample(page);
        }
        check(before !== afterSwitch, `[${theme}] chart recoloured after a theme switch`);
        await page.screenshot({ path: join(outDir, 'dark-to-light-switch.png'), fullPage: false });
      }
      // Accessibility: every chart has its numbers as a table, opened from the keyboard.
      for (const [tab, id, canvas] of [['training', 'loss-table', 'loss-chart'], ['gradients', 'grad-table', 'grad-chart'], ['gradients', 'grad-hist-table', 'grad-hist'], ['gradients', 'ex-hist-table', 'ex-hist']]) {
        await page.click(`#tab-${tab}`);
        if (id === 'ex-hist-table' && await page.locator('#ex-result').isHidden()) {
          await page.click('#ex-run');
          await page.locator('#ex-result').waitFor({ state: 'visible', timeout: 20_000 });
        }
        await page.focus(`#${id} > summary`);
        const focused = await page.evaluate(() => document.activeElement?.parentElement?.id);
        await page.keyboard.press('Enter');
        await page.waitForFunction((t) => (document.querySelectorAll(`#${t} tbody tr`).length > 1), id, { timeout: 5000 }).catch(() => undefined);
        const rows = await page.locator(`#${id} tbody tr`).count();
        const cells = await page.evaluate((t) => [...(document.querySelector(`#${t} tbody tr`)?.children ?? [])].map((c) => c.textContent).join(' | '), id);
        const follows = await page.evaluate(([c, t]) => document.getElementById(c)?.parentElement?.nextElementSibling?.id === t, [canvas, id]);
        check(focused === id && rows > 1 && /\d/.test(cells ?? '') && follows, `[${theme}] ${canvas}: its numbers as a table right after it, opened with the keyboard (${rows} rows, first: ${cells})`);
        await page.keyboard.press('Enter');
      }
      // Charts: a table after them (or the table they describe); heatmaps: read cell by cell with the
      // arrow keys (and the Worst entries table); the colour legend: its label says it all.
      const noAlternative = await page.evaluate(() => [...document.querySelectorAll('canvas')].filter((c) => !c.getAttribute('aria-label') || !(
        c.closest('#ex-heatmap-legend') || (c.closest('#ex-heatmaps') && c.tabIndex === 0) ||
        c.parentElement?.nextElementSibling?.matches('details.chart-table') || document.getElementById(c.getAttribute('aria-describedby') ?? '')?.tagName === 'TABLE'))
        .map((c) => c.id || c.getAttribute('aria-label')));
      check(noAlternative.length === 0, `[${theme}] every canvas has a label and a text alternative ${noAlternative.join(', ')}`);
      // Every control has a label; nothing jumps the tab order (no positive tabindex).
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="tab"], summary')]
        .filter((e) => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e as HTMLInputElement).labels?.length || (e.textContent ?? '').trim()))
        .map((e) => e.id || e.outerHTML.slice(0, 60)));
      check(unlabelled.length === 0, `[${theme}] every control has a label ${unlabelled.join(', ')}`);
      const jumps = await page.evaluate(() => [...document.querySelectorAll('[tabindex]')].filter((e) => Number(e.getAttribute('tabindex')) > 0).map((e) => e.id));
      check(jumps.length === 0, `[${theme}] the focus order follows the page (no positive tabindex) ${jumps.join(', ')}`);
      if (theme === 'high-contrast') {
        await page.click('#tab-training');
        await page.focus('#loss-table > summary');
        await page.keyboard.press('Enter');
        await page.screenshot({ path: join(outDir, 'high-contrast-loss-table.png'), fullPage: false });
      }

      const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
      check(csp.length === 0, `[${theme}] no CSP violations ${csp.join('; ')}`);
      check(errors.length === 0, `[${theme}] no page errors ${errors.join('; ')}`);
      await page.close();
      mapStore.dispose();
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`screenshots in ${outDir}`);
  // scripts/test.mjs adds these counts to the run's total.
  writeFileSync(join(root, 'dist/tests/webview/summary.json'), JSON.stringify({ passed, failed: failures.length, skipped: 0 }));
  if (failures.length) {
    console.error(`${failures.length} check(s) failed`);
    process.exit(1);
  }
}

const POINTS = 5000;
const REPORTS = 24;

/** Feeds a run's messages; returns its last progress. */
async function feedRun(page: Page): Promise<TrainProgress> {
  const post = (m: ToWebview) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await post({ type: 'runStarted', run: { runId: '1', source: 'text8-head.txt', options, startedAt: Date.now() } });
  await post({ type: 'vocab', stats: vocab });
  await post({ type: 'model', model: { words: 21_640, dim: 100, source: 'text8-head.txt (run 1)' } });
  // 5000 progress events in batches of 100, as the dashboard batches them (decimation kicks in past 2048).
  let epochSum = 0, epochCount = 0, epoch = 1;
  const batch: { x: number; raw: number }[] = [];
  let last: TrainProgress | undefined;
  let reports = 0;
  for (let i = 0; i < POINTS; i++) {
    const target = 2.35 + 1.8 * Math.exp(-i / 500);
    const raw = target + gauss() * 0.12 + (i === 3200 ? 1.2 : 0);
    const p = progressAt(i, POINTS, NaN);
    if (p.epoch !== epoch) { epoch = p.epoch; epochSum = epochCount = 0; }
    epochSum += raw; epochCount++;
    last = { ...p, lossRaw: raw, loss: epochSum / epochCount, epochLoss: epochSum / epochCount };
    batch.push({ x: last.wordsProcessed, raw });
    if (batch.length === 100) {
      await post({ type: 'progress', progress: last, points: batch.splice(0) });
      if (i % 200 === 199 && reports < REPORTS) {
        await post({ type: 'gradCheck', reports: [gradReport(reports, last.wordsProcessed, reports === REPORTS - 1)] });
        reports++;
      }
    }
  }
  return last!;
}

/** A sweep shaped like the core's SentimentResult (fabricated numbers, for rendering only). */
function sentimentResult(): Extract<ToWebview, { type: 'sentiment' }>['result'] {
  const regs = [0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
  const sweep = regs.map((reg, i) => ({
    reg, trainAccuracy: 0.47 - i * 0.012 - (i > 6 ? 0.04 * (i - 6) : 0), devAccuracy: 0.385 + Math.min(i, 5) * 0.004 - (i > 6 ? 0.03 * (i - 6) : 0),
    trainCost: 1.3 + i * 0.02, trainCrossEntropy: 1.3, weightNormSq: 40 / (1 + i), iterations: 180 - i * 12, evaluations: 200, converged: i !== 0, seconds: 0.4,
  }));
  const chosenIndex = 5;
  const classNames = ['very negative', 'negative', 'neutral', 'positive', 'very positive'];
  const confusion = [[40, 90, 20, 9, 0], [30, 190, 35, 30, 4], [10, 90, 50, 70, 9], [3, 30, 30, 160, 56], [1, 10, 9, 110, 100]];
  return {
    numClasses: 5, classNames, dim: 100, vectors: 'the vectors of run 1 (SST sentences)',
    splits: {
      train: { name: 'stsa.fine.train', sentences: 8544, classCounts: [1092, 2218, 1624, 2322, 1288], noKnownWord: 3, tokenCoverage: 0.981 },
      dev: { name: 'stsa.fine.dev', sentences: 1101, classCounts: [139, 289, 229, 279, 165], noKnownWord: 0, tokenCoverage: 0.97 },
      test: { name: 'stsa.fine.test', sentences: 2210, classCounts: [279, 633, 389, 510, 399], noKnownWord: 1, tokenCoverage: 0.969 },
    },
    sweep, chosenReg: regs[chosenIndex], chosenIndex, devAccuracy: sweep[chosenIndex].devAccuracy, testAccuracy: 0.392,
    devConfusion: confusion, seconds: 4.2,
  };
}

type PageStatus = Extract<FromWebview, { type: 'status' }>;

/**
 * The page's status (it posts one 250 ms after a change): waits for one that satisfies `ready`, as a
 * person waits for the page to show the run, and returns the last one posted (undefined if none)
 * after 10 s, so the check that follows fails with the numbers the page did report.
 */
async function waitForStatus(page: Page, ready: (s: PageStatus) => boolean): Promise<PageStatus | undefined> {
  const latest = (): Promise<{ count: number; status: PageStatus | undefined }> => page.evaluate(() => {
    const posted = (window as unknown as { __posted: FromWebview[] }).__posted;
    const statuses = posted.filter((m) => m.type === 'status');
    return { count: posted.length, status: statuses[statuses.length - 1] as PageStatus | undefined };
  });
  const until = Date.now() + 10_000;
  let { count, status } = await latest();
  while (!(status && ready(status)) && Date.now() < until) {
    // The next message the page posts, whatever it is; then look again.
    await page.waitForFunction((n) => (window as unknown as { __posted: FromWebview[] }).__posted.length > n, count, { timeout: Math.max(1, until - Date.now()) }).catch(() => undefined);
    ({ count, status } = await latest());
  }
  return status;
}

/** Pixels of the loss chart that are clearly blue (the raw points use --vscode-charts-blue). */
async function bluePixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.getElementById('loss-chart') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i + 2] > d[i] + 60 && d[i + 2] > d[i + 1] + 20) n++;
    return n;
  });
}

/** How far right the loss chart's blue points reach, as a fraction of the canvas width (below the legend, which has a blue box too). */
async function rightmostBlue(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.getElementById('loss-chart') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let right = 0;
    for (let i = 4 * c.width * Math.round(c.height * 0.2); i < d.length; i += 4) {
      if (d[i + 3] > 0 && d[i + 2] > d[i] + 60 && d[i + 2] > d[i + 1] + 20) right = Math.max(right, (i / 4) % c.width);
    }
    return right / c.width;
  });
}

/** The page in a display language with a bundle: translated static and dynamic text, English for the rest. */
async function checkTranslated(browser: Browser, origin: string, check: (ok: boolean, what: string) => void): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  try {
    await page.goto(`${origin}/?theme=dark&lang=fr`);
    await page.waitForFunction(() => (window as unknown as { __posted: FromWebview[] }).__posted.some((m) => m.type === 'ready'), undefined, { timeout: 10_000 });
    check((await page.locator('#tab-neighbours').textContent()) === FRENCH.Neighbours && (await page.getAttribute('html', 'lang')) === 'fr',
      '[fr] the page\'s static text shows the bundle\'s translation (tab "Voisins", lang fr)');
    check((await page.locator('#tab-training').textContent()) === 'Training', '[fr] a message the bundle lacks stays English');
    await page.evaluate((ms) => { for (const m of ms) window.postMessage(m, '*'); }, [
      { type: 'runStarted', run: { runId: '1', source: 'text8-head.txt', options, startedAt: Date.now() } },
      { type: 'progress', progress: progressAt(0, 10, 3.1), points: [{ x: 1000, raw: 3.1 }] },
    ] satisfies ToWebview[]);
    const expected = FRENCH['Training: epoch {0} of {1}'].replace('{0}', '1').replace('{1}', '5');
    const shown = await page.waitForFunction((e) => document.getElementById('run-status')?.textContent === e, expected, { timeout: 5000 })
      .then(() => true, () => false);
    check(shown, `[fr] the page's own text (webview t()) shows the bundle's translation with its placeholders ("${await page.locator('#run-status').textContent()}")`);
    await page.screenshot({ path: join(outDir, 'dark-french.png'), fullPage: false });
    // The Neighbours tab's buttons: their tooltip and accessible name are the page's text too.
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'showWord', word: 'king' } satisfies ToWebview);
    const first = page.locator('#neighbours-list button').first();
    await first.waitFor({ timeout: 5000 }).catch(() => undefined);
    const title = await first.getAttribute('title').catch(() => null);
    const aria = await first.getAttribute('aria-label').catch(() => null);
    check(title === 'Chercher les voisins de queen' && aria === 'queen, similarité 0.810',
      `[fr] a neighbour's tooltip and accessible name are translated (title "${title}", aria-label "${aria}")`);
    await page.screenshot({ path: join(outDir, 'dark-french-neighbours.png'), fullPage: false });
    await page.click('#tab-training');
    // A few points at a time, as a run's first seconds send them (too few for decimation): each batch redraws the chart.
    for (let batch = 1; batch <= 3; batch++) {
      const before = await page.locator('#loss-chart').screenshot();
      const noteBefore = await page.locator('#loss-note').textContent();
      await page.evaluate((m) => window.postMessage(m, '*'), {
        type: 'progress', progress: progressAt(batch, 10, 3),
        points: Array.from({ length: 5 }, (_, i) => ({ x: 1000 + batch * 5000 + i * 1000, raw: 3 - batch * 0.1 - i * 0.02 })),
      } satisfies ToWebview);
      await page.waitForFunction((n) => document.getElementById('loss-note')?.textContent !== n, noteBefore, { timeout: 5000 }).catch(() => undefined);
      const after = await page.locator('#loss-chart').screenshot();
      check(!before.equals(after), `[fr] the loss chart redraws when a batch of points arrives (batch ${batch}: ${await page.locator('#loss-note').textContent()})`);
    }
  } finally {
    await page.close();
  }
}

async function canvasSample(page: Page): Promise<string> {
  return page.evaluate(() => (document.getElementById('loss-chart') as HTMLCanvasElement).toDataURL().slice(-2000));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
