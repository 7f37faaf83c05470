// The end-to-end tests, in the order a new user goes: open the corpus, train, watch the dashboard,
// stop the run, search neighbours, hover, check gradients, train the sentiment classifier, change
// the theme. They share one workbench and build on each other, as a session does; each one
// asserts what a person would see and leaves a screenshot (run.ts takes it when the test ends).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { FrameLocator, Page } from 'playwright-core';
import { SLOW, type Workbench } from './workbench';
import { modelInUseTests } from './modelInUse';

export interface E2eContext {
  wb: Workbench;
  page: Page;
  workspace: string;
  corpus: string;
  corpusName: string;
  sentiment: { train: string; dev: string; test: string };
  outDir: string;
  /** The installed extension's folder name (publisher.name-version). */
  installedAs: string;
}

export interface E2eTest {
  name: string;
  /** Set to the reason when the behaviour tested is not there yet; the test is reported as skipped. */
  skip?: string;
  run(ctx: E2eContext): Promise<void>;
}

const DASHBOARD = 'Word2Vec Dashboard';
const EXTENSION_ID = 'w2v-explorer.word2vec-gradient-explorer';
/** A word of the sample corpus's first lines (visible when the file opens) with many occurrences. */
const WORD = 'animal';
/** The corpus the walkthrough opens (shipped in the package), and a word of its first lines. */
const SAMPLE = 'wordnet-sample.txt';
const SAMPLE_WORD = 'plant';
const WALKTHROUGH = 'Train word2vec and watch it learn';

async function dashboard(ctx: E2eContext): Promise<FrameLocator> {
  return ctx.wb.webview(DASHBOARD, EXTENSION_ID);
}

/** Opens the dashboard the way a user who knows the command does, and clicks a tab. */
async function dashboardTab(ctx: E2eContext, tab: 'Training' | 'Neighbours' | 'Gradients' | 'Sentiment' | 'Evaluation' | 'Map' | 'Runs'): Promise<FrameLocator> {
  await ctx.wb.runCommand('Word2Vec: Open dashboard');
  const dash = await dashboard(ctx);
  await dash.getByRole('tab', { name: tab }).click();
  await dash.getByRole('tab', { name: tab, selected: true }).waitFor({ timeout: SLOW });
  return dash;
}

/** The themes checked, with the class VS Code gives the body of the workbench and of webviews. */
const THEMES = [
  { theme: 'Light Modern', kind: 'vscode-light', workbench: 'vs', name: 'light' },
  { theme: 'Dark Modern', kind: 'vscode-dark', workbench: 'vs-dark', name: 'dark' },
  { theme: 'Dark High Contrast', kind: 'vscode-high-contrast', workbench: 'hc-black', name: 'high-contrast' },
] as const;

/** WCAG contrast ratio between an element's text colour and its (first opaque ancestor's) background. Runs in the page. */
function contrastOfText(el: Element): number {
  const rgba = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
  const lum = (c: number[]): number => {
    const [r, g, b] = c.slice(0, 3).map((v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let bg: number[] = [];
  for (let e: Element | null = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) { bg = c; break; }
  }
  if (bg.length === 0) bg = rgba(getComputedStyle(document.body).backgroundColor);
  const [l1, l2] = [lum(rgba(getComputedStyle(el).color)), lum(bg)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

/** A number shown as text ("1,234,567", "2.61"). */
const num = (s: string | null): number => Number((s ?? '').replace(/[,\s]/g, ''));

export const e2eTests: E2eTest[] = [
  {
    name: 'the extension is installed from the .vsix, not loaded from a development path',
    async run(ctx) {
      // The Extensions view (Ctrl+Shift+X) lists it among the installed extensions.
      await ctx.page.keyboard.press('Control+Shift+X');
      // The view puts the keyboard in its search box.
      await ctx.page.locator('.extensions-viewlet textarea[aria-label^="Search Extensions"]:focus').waitFor({ state: 'attached', timeout: SLOW });
      await ctx.page.keyboard.type('@installed word2vec');
      const item = ctx.page.locator('.extensions-viewlet .monaco-list-row').filter({ hasText: 'Word2Vec Gradient Explorer' }).first();
      await item.waitFor({ timeout: SLOW });
      assert.match((await item.textContent()) ?? '', /w2v-explorer/);
      assert.equal(ctx.installedAs.replace(/-\d+\.\d+\.\d+$/, ''), EXTENSION_ID);
      await ctx.page.screenshot({ path: join(ctx.outDir, 'installed-extension.png') });
      // Back to the explorer (Ctrl+Shift+E) for the next tests.
      await ctx.page.keyboard.press('Control+Shift+E');
    },
  },
  {
    name: 'open the sample corpus',
    async run(ctx) {
      await ctx.wb.openFile(ctx.corpusName);
      await ctx.page.locator('.editor-group-container.active .view-lines').getByText('an entity that has physical existence').waitFor({ timeout: SLOW });
    },
  },
  {
    name: 'F1, Train word2vec on file: the notification and the status bar say what is happening',
    async run(ctx) {
      await ctx.wb.runCommand('Word2Vec: Train word2vec on file');
      const toast = await ctx.wb.toast(`Word2Vec: training on ${ctx.corpusName}`);
      // The progress line: epoch, speed and time left, once training has started.
      await toast.getByText(/epoch \d+\/50 · [\d,]+ words\/s · ETA/).waitFor({ timeout: SLOW });
      const item = await ctx.wb.statusItem(new RegExp(`word2vec: training on ${ctx.corpusName}, \\d+%`));
      assert.ok(await item.isVisible());
    },
  },
  {
    name: 'training opens the dashboard beside the editor',
    async run(ctx) {
      await ctx.page.locator('.tabs-container .tab').filter({ hasText: DASHBOARD }).waitFor({ timeout: SLOW });
      // Beside: two editor groups, the corpus still in the first one and still focused.
      assert.equal(await ctx.page.locator('.editor-group-container').count(), 2);
      await ctx.page.locator('.editor-group-container.active .tab.active').filter({ hasText: ctx.corpusName }).waitFor({ timeout: SLOW });
    },
  },
  {
    name: 'the dashboard shows the loss chart growing while the run goes',
    async run(ctx) {
      const dash = await dashboardTab(ctx, 'Training');
      await dash.locator('#training-body').waitFor({ state: 'visible', timeout: SLOW });
      // The note under the chart counts its points ("1,999 points, each the mean loss per pair over ... words").
      const note = dash.locator('#loss-note');
      await note.filter({ hasText: /^[\d,]+ points?/ }).waitFor({ timeout: SLOW });
      const chart = dash.locator('#loss-chart');
      await chart.waitFor({ state: 'visible', timeout: SLOW });
      // The count is read after the picture: the chart may have drawn more points while it was taken
      // (a screenshot of a webview takes a while), and then "5 more" had already happened.
      const image = await chart.screenshot();
      const first = { points: num((await note.textContent())?.match(/\d[\d,]*/)?.[0] ?? '0'), image };
      // Wait (for the text, not for a time) until the chart has more points, then compare what it shows.
      await waitForNumberAbove(ctx.page, '#loss-note', first.points + 5);
      const second = await chart.screenshot();
      assert.notDeepEqual(second, first.image, 'the loss chart changed as training went on');
      assert.match((await dash.locator('#stat-epoch').textContent()) ?? '', /\d+ \/ 50/, 'the run is still going');
      assert.ok(num(await dash.locator('#stat-loss').textContent()) > 0, 'a loss is shown');
      assert.match((await dash.locator('#run-status').textContent()) ?? '', /\S/);
    },
  },
  {
    name: 'cancel the run from the notification: the vectors trained so far remain',
    async run(ctx) {
      // Back to the corpus, so the toast and the editor are in view.
      await ctx.wb.focusTab(ctx.corpusName);
      const toast = await ctx.wb.toast(`Word2Vec: training on ${ctx.corpusName}`);
      await toast.hover();
      await toast.getByRole('button', { name: 'Cancel' }).click();
      const done = await ctx.wb.toast(new RegExp(`Training on ${ctx.corpusName} stopped after [\\d,]+ of [\\d,]+ words\\. The vectors trained so far \\([\\d,]+ words\\) are loaded`));
      assert.ok(await done.isVisible());
      // The status bar now names the model that hovers use.
      await ctx.wb.statusItem(new RegExp(`word2vec: ${ctx.corpusName}, [\\d,]+ words`));
      // This was the first run: a hover answering with neighbours shows the vectors were kept.
      const hover = await ctx.wb.hoverWord(WORD);
      await hover.getByText(/neighbou?rs/i).first().waitFor({ timeout: SLOW });
    },
  },
  {
    name: 'search a word in Neighbours and read the result',
    async run(ctx) {
      const dash = await dashboardTab(ctx, 'Neighbours');
      await ctx.wb.typeAndEnter(dash.getByRole('combobox', { name: 'Word' }), 'plant');
      const items = dash.locator('#neighbours-list li');
      await items.first().waitFor({ timeout: SLOW });
      const texts = await items.allTextContents();
      assert.equal(texts.length, 10, `10 neighbours by default: ${texts.join(' | ')}`);
      assert.ok(texts.every((t) => /[a-z]/.test(t) && /0\.\d|1\.0/.test(t)), `each neighbour shows a word and a similarity: ${texts.join(' | ')}`);
      assert.ok(!texts.some((t) => /^\s*plant\b/.test(t)), 'the word itself is not its own neighbour');
    },
  },
  {
    name: 'hover a word in the editor and read its neighbours',
    async run(ctx) {
      await ctx.wb.focusTab(ctx.corpusName);
      const hover = await ctx.wb.hoverWord(WORD);
      const text = (await hover.textContent()) ?? '';
      assert.match(text, new RegExp(WORD));
      const sims = text.match(/0\.\d{2,}/g) ?? [];
      assert.ok(sims.length >= 5, `the hover lists neighbours with similarities: ${text}`);
    },
  },
  {
    name: 'Run gradient check and read each group\'s result',
    async run(ctx) {
      await ctx.wb.runCommand('Word2Vec: Run gradient check');
      const dash = await dashboard(ctx);
      await dash.getByRole('tab', { name: 'Gradients', selected: true }).waitFor({ timeout: SLOW });
      await dash.locator('#ex-result').waitFor({ state: 'visible', timeout: SLOW });
      const cards = dash.locator('#ex-cards > *');
      await cards.first().waitFor({ timeout: SLOW });
      const texts = (await cards.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert.ok(texts.length >= 2, `a result per parameter group: ${texts.join(' | ')}`);
      for (const t of texts) {
        assert.match(t, /pass/i, `every group passes the check with the correct gradient: ${t}`);
        const max = Number(/max ([\d.]+e[-+]?\d+)/.exec(t)?.[1]);
        assert.ok(max < 1e-5, `each group shows its worst relative error, below the 1e-5 threshold: ${t}`);
      }
      assert.ok(texts.some((t) => /center/i.test(t)) && texts.some((t) => /outside/i.test(t)), texts.join(' | '));
      assert.match((await dash.locator('#ex-summary').textContent()) ?? '', /\S/);
    },
  },
  {
    name: 'Train sentiment classifier and read the sweep',
    async run(ctx) {
      await ctx.wb.focusTab(ctx.corpusName);
      await ctx.wb.runCommand('Word2Vec: Train sentiment classifier');
      await ctx.wb.pickFile(/the training file/, ctx.sentiment.train);
      await ctx.wb.pickFile(/the development/, ctx.sentiment.dev);
      await ctx.wb.pickFile(/the test/, ctx.sentiment.test);
      await ctx.wb.toast(/Sentiment \(2 classes\): regularization .* chosen on dev \([\d.]+%\); test accuracy [\d.]+%/);
      // The report opens as a document over the dashboard: back to the dashboard's Sentiment tab.
      const dash = await dashboardTab(ctx, 'Sentiment');
      const rows = dash.locator('#sent-sweep tbody tr');
      await rows.first().waitFor({ timeout: SLOW });
      const sweep = (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert.ok(sweep.length >= 5, `one row per regularization value: ${sweep.join(' | ')}`);
      for (const r of sweep) assert.match(r, /\d+(\.\d+)?%.*\d+(\.\d+)?%/, `train and dev accuracy in each row: ${r}`);
      assert.match((await dash.locator('#sent-summary').textContent()) ?? '', /test/i);
      // The three files picked are the ones used, each for its split.
      const splits = (await dash.locator('#sent-splits tbody tr').allTextContents()).join(' | ');
      for (const f of ['topics.train', 'topics.dev', 'topics.test']) assert.ok(splits.includes(f), `${f} in the data table: ${splits}`);
    },
  },
  {
    name: 'the walkthrough lists its four steps with their images, and its first link opens the sample corpus',
    async run(ctx) {
      await ctx.wb.closeAllEditors();
      await ctx.wb.runCommand('Welcome: Open Walkthrough...');
      await ctx.page.locator('.quick-input-widget .quick-input-box input').fill('Train word2vec');
      await ctx.wb.chooseInQuickPick(WALKTHROUGH);
      const page = ctx.page.locator('.gettingStartedContainer').filter({ visible: true });
      await page.getByText(WALKTHROUGH, { exact: true }).first().waitFor({ timeout: SLOW });
      for (const step of ['Open the sample corpus', 'Train word2vec on it', 'Read the gradient check', 'Hover a word']) {
        await page.locator('.step-title').filter({ hasText: step }).first().waitFor({ timeout: SLOW });
      }
      // The first step is open, its image (a file of the package) loaded.
      const img = page.locator('.getting-started-media img').filter({ visible: true }).first();
      await img.waitFor({ timeout: SLOW });
      await ctx.page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle(), { timeout: SLOW });
      await ctx.page.screenshot({ path: join(ctx.outDir, 'walkthrough.png') });
      await page.locator('.step-description-container').filter({ visible: true }).getByRole('button', { name: 'Open the sample corpus' }).click();
      await ctx.page.locator('.tabs-container .tab.active').filter({ hasText: SAMPLE }).waitFor({ timeout: SLOW });
    },
  },
  {
    name: 'the walkthrough trains from the Welcome page: on the corpus in view, or, with none, on the sample corpus it offers',
    async run(ctx) {
      const welcome = ctx.page.locator('.gettingStartedContainer').filter({ visible: true });
      /** Opens the walkthrough's second step and clicks its Train button: the Welcome page has the focus, no text editor does. */
      const clickTrain = async (): Promise<void> => {
        await welcome.locator('.step-title').filter({ hasText: 'Train word2vec on it' }).first().click();
        await welcome.locator('.step-description-container').filter({ visible: true }).getByRole('button', { name: 'Train word2vec' }).click();
      };
      /** Waits for the run on the sample corpus to start, then cancels it from its notification. */
      const trainingStartedThenCancel = async (): Promise<void> => {
        const toast = await ctx.wb.toast(`Word2Vec: training on ${SAMPLE}`);
        await toast.getByText(/epoch \d+\/50/).waitFor({ timeout: SLOW });
        await toast.hover();
        await toast.getByRole('button', { name: 'Cancel' }).click();
        await ctx.wb.toast(new RegExp(`Training on ${SAMPLE.replace('.', '\\.')} stopped after`));
        await ctx.wb.clearNotifications();
      };
      // The previous test opened the sample beside the walkthrough: it is the one text in view.
      assert.equal(await welcome.count(), 1, 'the walkthrough is still open beside the corpus');
      await clickTrain();
      await trainingStartedThenCancel();
      // The dashboard, revealed beside the walkthrough as the run started, shows its curve (once its page is there).
      await (await dashboard(ctx)).locator('#loss-chart').waitFor({ state: 'attached', timeout: SLOW });
      await waitForChartDrawn(ctx.page, '#loss-chart');
      await ctx.page.screenshot({ path: join(ctx.outDir, 'walkthrough-train-in-view.png') });

      // No text in view: the notification says so and offers the sample corpus, which it then trains.
      await ctx.wb.focusTab(SAMPLE);
      await ctx.page.keyboard.press('Control+W');
      await ctx.page.locator('.tabs-container .tab').filter({ hasText: SAMPLE }).waitFor({ state: 'detached', timeout: SLOW });
      await clickTrain();
      const offer = await ctx.wb.toast(/Open a text file \(or pick one in the explorer\)/);
      const trainSample = offer.getByRole('button', { name: 'Train on the sample corpus' });
      // A trial click waits until the button can be clicked: the toast has finished sliding in.
      await trainSample.click({ trial: true, timeout: SLOW });
      await ctx.page.screenshot({ path: join(ctx.outDir, 'walkthrough-train-offer.png') });
      await trainSample.click();
      await ctx.page.locator('.tabs-container .tab').filter({ hasText: SAMPLE }).waitFor({ timeout: SLOW });
      await trainingStartedThenCancel();
      await (await dashboard(ctx)).locator('#loss-chart').waitFor({ state: 'attached', timeout: SLOW });
      await waitForChartDrawn(ctx.page, '#loss-chart');
    },
  },
  {
    name: 'F1, Open the sample corpus (the walkthrough\'s first step) and train it to the end: the notification says what was trained',
    async run(ctx) {
      // A fresh start, as after the walkthrough's first link: no other editor open.
      await ctx.wb.closeAllEditors();
      await ctx.wb.runCommand('Word2Vec: Open the sample corpus');
      await ctx.page.locator('.tabs-container .tab.active').filter({ hasText: SAMPLE }).waitFor({ timeout: SLOW });
      await ctx.page.locator('.editor-group-container.active .view-lines').getByText('a plant or animal that is atypically small').waitFor({ timeout: SLOW });
      await ctx.wb.runCommand('Word2Vec: Train word2vec on file');
      const done = await ctx.wb.toast(/Trained [\d,]+ words in .+: [\d,]+ words in the vocabulary, final loss \d+\.\d+/);
      assert.ok(await done.isVisible());
      await ctx.wb.statusItem(new RegExp(`word2vec: ${SAMPLE}, [\\d,]+ words`));
      const dash = await dashboardTab(ctx, 'Training');
      await dash.locator('#stat-epoch').filter({ hasText: /50 \/ 50/ }).waitFor({ timeout: SLOW });
      await dash.locator('#progress-text').filter({ hasText: '100%' }).waitFor({ timeout: SLOW });
    },
  },
  {
    name: 'Evaluation: open a word-pair file through the dialog and read Spearman; then a word\'s neighbours at each epoch of the run',
    async run(ctx) {
      // A small word-pair file in WordSim-353's format, of words of the sample corpus, and one pair it lacks.
      const pairs = [['plant', 'tree', 8.5], ['animal', 'dog', 8], ['water', 'liquid', 8.8], ['small', 'large', 3], ['plant', 'animal', 5],
        ['person', 'man', 8.3], ['food', 'eat', 7.5], ['body', 'part', 4], ['tree', 'water', 2.5], ['small', 'dog', 1.5], ['bird', 'animal', 7.5], ['qwertyuiop', 'plant', 1]] as const;
      // The run's notifications would cover the tab in the screenshots.
      await ctx.wb.clearNotifications();
      const file = join(ctx.workspace, 'pairs-e2e.tsv');
      writeFileSync(file, `# Word 1\tWord 2\tHuman (mean)\n${pairs.map((p) => p.join('\t')).join('\n')}\n`);
      const dash = await dashboardTab(ctx, 'Evaluation');
      await dash.getByRole('button', { name: 'Open an evaluation file…' }).click();
      await ctx.wb.pickFile(/Open a word-pair file/, file);
      const spearman = dash.locator('.eval-file').filter({ hasText: 'pairs-e2e.tsv' }).locator('.eval-spearman');
      await spearman.filter({ hasText: /^-?\d\.\d{3}$/ }).waitFor({ timeout: SLOW });
      const rho = Number(await spearman.textContent());
      assert.ok(rho >= -1 && rho <= 1, `Spearman ${rho}`);
      const evaluated = num(await dash.locator('.eval-pairs').textContent());
      const oov = num((await dash.locator('.eval-oov').textContent())?.split(' ')[0] ?? '');
      assert.equal(evaluated + oov, pairs.length, 'every pair is evaluated or counted out of the vocabulary');
      assert.ok(oov >= 1, 'the made-up word is out of the vocabulary');
      assert.match((await dash.locator('.eval-file').first().textContent()) ?? '', /300,000 most frequent words, case-insensitive/);
      // The recent files remember it.
      await dash.locator('#eval-recent').getByText('pairs-e2e.tsv', { exact: true }).waitFor({ timeout: SLOW });
      await ctx.page.screenshot({ path: join(ctx.outDir, 'evaluation-tab.png') });
      // compute-accuracy's 30,000 words: evaluated again, and said so.
      await dash.getByRole('combobox', { name: 'Vocabulary' }).selectOption('compute-accuracy');
      await dash.locator('.eval-file').filter({ hasText: /30,000 most frequent words/ }).locator('.eval-spearman').waitFor({ timeout: SLOW });

      // The run kept snapshots (every third epoch of 50, and the final vectors): the word's neighbours at each.
      const neighbours = await dashboardTab(ctx, 'Neighbours');
      await ctx.wb.typeAndEnter(neighbours.getByRole('combobox', { name: 'Word' }), 'plant');
      const rows = neighbours.locator('#over-time-table tbody tr');
      await rows.nth(16).waitFor({ timeout: SLOW });
      const labels = await neighbours.locator('#over-time-table tbody th').allTextContents();
      assert.deepEqual(labels, [...Array.from({ length: 16 }, (_, i) => `epoch ${3 * (i + 1)}`), 'epoch 50']);
      // The last row is the final vectors' neighbours among the 1,000 words kept.
      const lastRow = await rows.nth(16).locator('button.word').allTextContents();
      assert.equal(lastRow.length, 10);
      await neighbours.locator('#over-time').scrollIntoViewIfNeeded();
      await ctx.page.screenshot({ path: join(ctx.outDir, 'neighbours-over-time.png') });
    },
  },
  {
    name: 'Map: after training the sample corpus, open the Map tab, hover and click a point, read its neighbours, play the snapshots',
    async run(ctx) {
      await ctx.wb.clearNotifications();
      const dash = await dashboardTab(ctx, 'Map');
      // The page says how the words were chosen; PCA by default, with its % of variance.
      await dash.locator('#map-chosen').filter({ hasText: /^[\d,]+ points: the [\d,]+ most frequent words of the vocabulary \([\d,]+ words\)\.$/ }).waitFor({ timeout: SLOW });
      assert.match((await dash.locator('#map-note').textContent()) ?? '', /PC1 shows \d+\.\d% of the variance/);
      // A drawn point: the first strongly coloured pixel of the plot (the most frequent words are the most opaque).
      const canvas = dash.locator('#map-chart');
      const point = await canvas.evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const scale = c.width / c.getBoundingClientRect().width;
        for (let y = Math.floor(c.height * 0.1); y < c.height * 0.9; y += 2) {
          for (let x = Math.floor(c.width * 0.15); x < c.width * 0.95; x += 2) {
            const i = (y * c.width + x) * 4;
            const [r, g, b, a] = [d[i], d[i + 1], d[i + 2], d[i + 3]];
            if (a > 150 && Math.max(r, g, b) - Math.min(r, g, b) > 80) return { x: x / scale + 1, y: y / scale + 1 };
          }
        }
        return undefined;
      });
      assert.ok(point, 'a point is drawn on the map');
      await canvas.hover({ position: point });
      await dash.locator('#map-hover').filter({ hasText: /\S/ }).waitFor({ timeout: SLOW });
      const hovered = ((await dash.locator('#map-hover').textContent()) ?? '').replace(/ \([\d,]+\)$/, '');
      await canvas.click({ position: point });
      const items = dash.locator('#map-neighbours li');
      await items.nth(9).waitFor({ timeout: SLOW });
      const message = (await dash.locator('#map-focus-message').textContent()) ?? '';
      assert.ok(message.includes(`“${hovered}”`), `the clicked word is the hovered one: ${hovered} / ${message}`);
      assert.match(message, /^Nearest 10 neighbours of “.+” in the full space, by cosine; \d+ of them are on the map \(lines\)\.$/);
      const first = await items.first().locator('.sim').textContent();
      assert.ok(Number(first) > 0 && Number(first) <= 1, `a cosine: ${first}`);
      // The run kept snapshots: the play control, scrubbed with the keyboard.
      await dash.locator('#map-play').waitFor({ state: 'visible', timeout: SLOW });
      await dash.locator('#map-frame').focus();
      await ctx.page.keyboard.press('Home');
      await dash.locator('#map-frame-label').filter({ hasText: /^epoch 3 \(1 of \d+\), aligned to the final vectors$/ }).waitFor({ timeout: SLOW });
      await ctx.page.keyboard.press('End');
      await dash.locator('#map-frame-label').filter({ hasText: /^the final vectors/ }).waitFor({ timeout: SLOW });
      await ctx.page.screenshot({ path: join(ctx.outDir, 'map-tab.png') });
      // An analogy by 3CosMul, typed and solved with the keyboard: its scores are ratios (often above 1),
      // each bar is its score against the list's largest (so they stay comparable), the number beside it.
      for (const [id, word] of [['#map-a', 'man'], ['#map-b', 'king'], ['#map-c', 'woman']]) {
        await dash.locator(id).click();
        await ctx.page.keyboard.type(word);
      }
      await dash.locator('#map-method').selectOption('3cosmul');
      await dash.locator('#map-c').focus();
      await ctx.page.keyboard.press('Enter');
      await dash.locator('#map-analogy-message').filter({ hasText: /^man is to king as woman is to …, by 3CosMul/ }).waitFor({ timeout: SLOW });
      const answers = dash.locator('#map-analogy-list li');
      await answers.nth(4).waitFor({ timeout: SLOW });
      const bars = await answers.evaluateAll((lis) => lis.map((li) => ({
        score: Number(li.querySelector('.sim')?.textContent),
        width: parseFloat((li.querySelector('.bar') as HTMLElement | null)?.style.width ?? 'NaN'),
      })));
      const top = Math.max(1, ...bars.map((b) => Math.abs(b.score)));
      assert.ok(bars.every((b) => Number.isFinite(b.score) && Math.abs(b.width - (100 * Math.abs(b.score)) / top) < 0.2),
        `each bar is its score against ${top}: ${JSON.stringify(bars)}`);
      assert.equal(await dash.locator('#map-analogy-scale').textContent(), top > 1 ? `Bars are drawn against the largest score, ${top.toFixed(3)}.` : '');
      await dash.locator('#map-analogy-list').scrollIntoViewIfNeeded();
      await ctx.page.screenshot({ path: join(ctx.outDir, 'map-analogy-3cosmul.png') });
    },
  },
  {
    name: 'Runs tab: train the sample corpus with a mistake beside a correct run of the same corpus and seed, and compare them',
    async run(ctx) {
      const dash = await dashboardTab(ctx, 'Runs');
      // The run just trained is listed.
      await dash.locator('#runs-compare thead th', { hasText: SAMPLE }).first().waitFor({ timeout: SLOW });
      await dash.locator('#mistake-select').selectOption({ label: 'dropped (1 − σ) factor' });
      await dash.getByRole('button', { name: 'Train with this mistake beside a correct run' }).click();
      // The mistaken run says so where a user looks: the notification and the status bar name the mistake.
      await ctx.wb.toast(`Word2Vec: training on ${SAMPLE} (planted mistake: dropped (1 − σ) factor)`);
      await ctx.wb.statusItem(/planted mistake: dropped \(1 − σ\) factor/);
      // Then the correct run of the same corpus and seed; both end and stand side by side.
      const correct = dash.locator('#runs-compare thead th', { hasText: 'the correct run beside' });
      await correct.waitFor({ timeout: SLOW });
      const mistaken = dash.locator('#runs-compare thead th.mistaken', { hasText: '✗ planted mistake: dropped (1 − σ) factor' });
      await mistaken.first().waitFor({ timeout: SLOW });
      const outcome = dash.locator('#runs-compare tbody tr', { hasText: 'Outcome' });
      await outcome.locator('td').nth(0).filter({ hasText: /^Finished/ }).waitFor({ timeout: 3 * SLOW });
      await outcome.locator('td').nth(1).filter({ hasText: /^(Finished|Diverged)/ }).waitFor({ timeout: SLOW });
      // Newest first: the correct run, then the mistaken one. Its live kernel check fails, the correct one's passes.
      const check = dash.locator('#runs-compare tbody tr', { hasText: 'Latest live check' });
      assert.ok(await check.locator('td').nth(1).locator('.fail').count() >= 1, 'the mistaken run\'s kernel check fails');
      assert.equal(await check.locator('td').nth(0).locator('.fail').count(), 0, 'the correct run\'s kernel check passes');
      assert.ok(await check.locator('td').nth(0).locator('.pass').count() >= 2);
      const seeds = await dash.locator('#runs-compare tbody tr', { hasText: 'Seed' }).locator('td').allTextContents();
      assert.equal(seeds[0], seeds[1], 'the same seed');
      const nb = dash.locator('#runs-compare tbody tr', { hasText: 'Neighbours at the end' });
      // The probes are asked of each model's query worker after its run ends: wait for both (a diverged run's may list no neighbour).
      await nb.locator('td').nth(0).filter({ hasText: /\w+: \w/ }).waitFor({ timeout: SLOW });
      await nb.locator('td').nth(1).filter({ hasText: /\w+:/ }).waitFor({ timeout: SLOW });
      const [good, bad] = [await nb.locator('td').nth(0).textContent(), await nb.locator('td').nth(1).textContent()];
      assert.match(good ?? '', /\w+: \w/, `the correct run's probe neighbours: ${good}`);
      assert.equal(good?.split(':')[0], bad?.split(':')[0], 'both runs probed with the same word');
      // The mistaken run that diverged blames its mistake, not the learning rate.
      await ctx.wb.clearNotifications();
      // The dashboard's group maximised, as a student would, to read the two runs.
      await ctx.wb.runCommand('View: Toggle Maximize Editor Group');
      await dash.locator('#runs-note').filter({ hasText: /cut at/ }).waitFor({ timeout: SLOW });
      await dash.locator('#runs-chart').scrollIntoViewIfNeeded();
      await ctx.page.screenshot({ path: join(ctx.outDir, 'runs-mistake-beside-correct.png') });
      await dash.locator('#runs-compare').scrollIntoViewIfNeeded();
      await ctx.page.screenshot({ path: join(ctx.outDir, 'runs-mistake-beside-correct-table.png') });
      await ctx.wb.runCommand('View: Toggle Maximize Editor Group');
    },
  },
  ...THEMES.map(({ theme, kind, workbench, name }): E2eTest => ({
    name: `the dashboard, the editor and the hover read in the ${theme} theme`,
    async run(ctx) {
      // Preferences: Color Theme, then the theme by name (the picker previews as it moves).
      await ctx.wb.runCommand('Preferences: Color Theme');
      const input = ctx.page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: SLOW });
      await input.fill(theme);
      await ctx.wb.chooseInQuickPick(theme);
      await input.waitFor({ state: 'hidden', timeout: SLOW });
      await ctx.page.locator(`.monaco-workbench.${workbench}`).waitFor({ timeout: SLOW });
      await ctx.wb.clearNotifications();

      const dash = await dashboardTab(ctx, 'Training');
      await dash.locator(`body.${kind}`).waitFor({ timeout: SLOW });
      // Text and background differ enough to read (WCAG contrast of the body text, at least 4.5:1).
      const ratio = await dash.locator('body').evaluate(contrastOfText);
      assert.ok(ratio >= 4.5, `body text contrast ${ratio.toFixed(1)}:1 in ${theme}`);
      await dash.locator('#loss-chart').waitFor({ state: 'visible', timeout: SLOW });
      await ctx.page.screenshot({ path: join(ctx.outDir, `tour-training-${name}.png`) });

      await dash.getByRole('tab', { name: 'Gradients' }).click();
      // Check again at the model trained last (the sample corpus).
      await dash.locator('#ex-run').click();
      await dash.locator('#ex-status').filter({ hasText: /^Checked [\d,]+ parameters/ }).waitFor({ timeout: SLOW });
      await dash.locator('#ex-summary').filter({ hasText: SAMPLE }).waitFor({ timeout: SLOW });
      await dash.locator('#ex-cards .pass').first().waitFor({ state: 'visible', timeout: SLOW });
      assert.ok((await dash.locator('#ex-cards').evaluate(contrastOfText)) >= 4.5, `the gradient cards read in ${theme}`);
      await ctx.page.screenshot({ path: join(ctx.outDir, `tour-gradients-${name}.png`) });

      await ctx.wb.focusTab(SAMPLE);
      await ctx.page.screenshot({ path: join(ctx.outDir, `tour-corpus-${name}.png`) });
      const hover = await ctx.wb.hoverWord(SAMPLE_WORD);
      await hover.getByText(/0\.\d{2,}/).first().waitFor({ timeout: SLOW });
      await ctx.page.screenshot({ path: join(ctx.outDir, `tour-hover-${name}.png`) });
    },
  })),
  // Last: they replace the model the tests above use.
  ...modelInUseTests(dashboardTab),
];

/**
 * Waits until the webview canvas `selector` is laid out (not 0 pixels high) and has painted: some of
 * its pixels are not transparent. A chart drawn while its panel was hidden has neither.
 */
async function waitForChartDrawn(page: Page, selector: string): Promise<void> {
  for (const f of page.frames()) {
    if (!(await f.$(selector).catch(() => null))) continue;
    await f.waitForFunction((sel) => {
      const c = document.querySelector(sel) as HTMLCanvasElement | null;
      if (!c || c.width === 0 || c.height === 0 || c.getBoundingClientRect().height < 50) return false;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
      if (!data) return false;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0 && ++painted > 500) return true;
      return false;
    }, selector, { timeout: SLOW, polling: 'raf' });
    return;
  }
  throw new Error(`no webview shows ${selector}`);
}

/**
 * Waits in the page (on its animation frames, as Playwright's own waits do) until the number shown
 * first in the text of the webview element `selector` ("1,234 loss points") is above `min`. Webview documents are nested
 * frames: the one holding the selector is looked up first.
 */
async function waitForNumberAbove(page: Page, selector: string, min: number): Promise<void> {
  for (const f of page.frames()) {
    if (!(await f.$(selector).catch(() => null))) continue;
    await f.waitForFunction(({ sel, above }) => Number(((document.querySelector(sel)?.textContent ?? '').match(/\d[\d,]*(\.\d+)?/)?.[0] ?? '').replace(/,/g, '')) > above,
      { sel: selector, above: min }, { timeout: SLOW, polling: 'raf' });
    return;
  }
  throw new Error(`no webview shows ${selector}`);
}
