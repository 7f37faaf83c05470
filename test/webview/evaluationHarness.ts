/**
 * The render harness's checks of the Evaluation tab and of the Neighbours tab's table over
 * training (harness.ts calls them once per theme): what the page shows for the extension's
 * messages, that words and file names with markup stay text, and that everything works from the
 * keyboard and posts the right messages.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { EvaluationView, FromWebview, NeighboursOverTimeRow, ToWebview } from '../../extension/shared/protocol';

type Check = (ok: boolean, what: string) => void;

const posted = (page: Page): Promise<FromWebview[]> => page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted);
const post = (page: Page, m: ToWebview): Promise<void> => page.evaluate((msg) => window.postMessage(msg, '*'), m);
const waitPosted = (page: Page, pred: string, arg: unknown): Promise<boolean> => page.waitForFunction(
  ([p, a]) => (window as unknown as { __posted: FromWebview[] }).__posted.some((m) => new Function('m', 'a', `return ${p}`)(m, a)), [pred, arg] as const, { timeout: 5000 },
).then(() => true, () => false);

export function evaluationView(evil: string): EvaluationView {
  return {
    preset: 'gensim',
    recent: ['/data/eval/wordsim353.tsv', `/data/eval/${evil}.txt`, '/data/eval/questions-words.txt'],
    files: [
      {
        path: '/data/eval/wordsim353.tsv', name: 'wordsim353.tsv', status: 'done', vectors: 'text8-head.txt (run 1)', restrict: 300_000, caseInsensitive: true,
        pairs: {
          spearman: 0.6913, pearson: 0.6524, pairs: 331, oov: 22, oovRate: 22 / 353,
          worst: [
            { a: 'tiger', b: evil, score: 8.5, line: 12, cosine: -0.031, humanRank: 310, modelRank: 5 },
            { a: 'money', b: 'bank', score: 8.12, line: 40, cosine: 0.05, humanRank: 290, modelRank: 31 },
            { a: 'king', b: 'cabbage', score: 0.23, line: 99, cosine: 0.62, humanRank: 2, modelRank: 250 },
          ],
        },
      },
      {
        path: '/data/eval/questions-words.txt', name: 'questions-words.txt', status: 'done', vectors: 'text8-head.txt (run 1)', restrict: 300_000, caseInsensitive: true,
        analogies: {
          sections: [
            { section: 'capital-common-countries', correct: 120, total: 420, skipped: 86, accuracy: 120 / 420 },
            { section: evil, correct: 0, total: 0, skipped: 12, accuracy: null },
            { section: 'gram1-adjective-to-adverb', correct: 31, total: 600, skipped: 392, accuracy: 31 / 600 },
          ],
          overall: { section: 'overall', correct: 151, total: 1020, skipped: 490, accuracy: 151 / 1020 },
          mistakes: [
            { a: 'athens', b: 'greece', c: 'baghdad', d: 'iraq', line: 3, section: 'capital-common-countries', predicted: evil },
            { a: 'athens', b: 'greece', c: 'berlin', d: 'germany', line: 5, section: 'capital-common-countries', predicted: 'prussia' },
          ],
        },
      },
      { path: `/data/eval/${evil}.txt`, name: `${evil}.txt`, status: 'error', error: `/data/eval/${evil}.txt, line 2: expected "word1 word2 score" (tab or space separated, # for comments), found "w3 w4 high".` },
      { path: '/data/eval/simlex999.txt', name: 'simlex999.txt', status: 'running' },
    ],
  };
}

export async function checkEvaluationTab(page: Page, theme: string, check: Check, outDir: string, evil: string): Promise<void> {
  // From the keyboard: ArrowRight from the Sentiment tab.
  await page.focus('#tab-sentiment');
  await page.keyboard.press('ArrowRight');
  check(await page.locator('#panel-evaluation').isVisible(), `[${theme}] evaluation: ArrowRight from Sentiment opens the Evaluation tab`);
  check(/No file loaded/.test((await page.locator('#eval-status').textContent()) ?? ''), `[${theme}] evaluation: says what to do with no file`);
  await page.focus('#panel-evaluation');
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement?.id) === 'eval-open', `[${theme}] evaluation: Tab from the panel reaches "Open an evaluation file…"`);
  await page.keyboard.press('Enter');
  check(await waitPosted(page, "m.type === 'evalOpen'", null), `[${theme}] evaluation: Enter on it asks the extension for the open dialog`);

  await post(page, { type: 'evaluation', evaluation: evaluationView(evil) });
  await page.waitForSelector('.eval-file');
  check(await page.locator('.eval-file').count() === 4, `[${theme}] evaluation: one card per file`);
  check((await page.locator('.eval-spearman').textContent()) === '0.691' && (await page.locator('.eval-pearson').textContent()) === '0.652',
    `[${theme}] evaluation: Spearman and Pearson shown (${await page.locator('.eval-spearman').textContent()})`);
  check((await page.locator('.eval-oov').textContent()) === '22 (6.2%)', `[${theme}] evaluation: the out-of-vocabulary count and rate`);
  const firstFile = page.locator('.eval-file').first();
  check(await firstFile.locator('tbody tr').count() === 3 && ((await firstFile.locator('tbody').textContent()) ?? '').includes(evil),
    `[${theme}] evaluation: the worst pairs, a word with markup as text`);
  const analogies = page.locator('.eval-file').nth(1);
  check((await analogies.locator('.eval-accuracy').textContent()) === '14.8%', `[${theme}] evaluation: overall analogy accuracy`);
  check(await analogies.locator('table').first().locator('tbody tr').count() === 4, `[${theme}] evaluation: accuracy per section and overall`);
  check(((await analogies.locator('table').first().textContent()) ?? '').includes('n/a'), `[${theme}] evaluation: an empty section reads n/a, not NaN`);
  check(((await analogies.locator('table').nth(1).textContent()) ?? '').includes(`baghdad : ?`), `[${theme}] evaluation: the first wrong answers`);
  const alert = page.locator('.eval-file').nth(2).locator('[role="alert"]');
  check(await alert.count() === 1 && /line 2: expected "word1 word2 score"/.test((await alert.textContent()) ?? '') && !/\bat .*\.js:\d+/.test((await alert.textContent()) ?? ''),
    `[${theme}] evaluation: a bad file's error names the line, in the tab, without a stack`);
  check(/Evaluating 1 file/.test((await page.locator('#eval-status').textContent()) ?? ''), `[${theme}] evaluation: a running file is announced`);
  check(await page.title() !== 'pwned' && await page.locator('.eval-file img').count() === 0, `[${theme}] evaluation: no markup from words or file names runs`);

  // The preset from the keyboard.
  await page.focus('#eval-preset');
  await page.keyboard.press('ArrowDown');
  check(await waitPosted(page, "m.type === 'evalPreset' && m.preset === a", 'compute-accuracy'), `[${theme}] evaluation: choosing compute-accuracy's 30,000 posts the preset`);
  // A recent file again, and removing one.
  await page.locator('#eval-recent button').nth(2).focus();
  await page.keyboard.press('Enter');
  check(await waitPosted(page, "m.type === 'evalLoad' && m.path === a", '/data/eval/questions-words.txt'), `[${theme}] evaluation: Enter on a recent file loads it again`);
  await page.locator('.eval-file').nth(3).getByRole('button', { name: 'Remove simlex999.txt' }).click();
  check(await waitPosted(page, "m.type === 'evalRemove' && m.path === a", '/data/eval/simlex999.txt'), `[${theme}] evaluation: Remove posts the file to remove`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, `${theme}-evaluation.png`), fullPage: true });
}

export function overTimeRows(evil: string): NeighboursOverTimeRow[] {
  const row = (epoch: number, words: string[]): NeighboursOverTimeRow =>
    ({ label: `epoch ${epoch}`, epoch, wordsProcessed: epoch * 1_984_000, neighbours: words.map((word, i) => ({ word, similarity: 0.9 - i * 0.05 - epoch * 0.01 })) });
  return [
    row(1, ['the', 'of', 'kings', 'one', 'and']),
    row(2, ['kings', 'the', 'prince', 'of', evil]),
    row(3, ['kings', 'prince', 'queen', evil, 'throne']),
    // A diverged run's last row: the last good checkpoint, labelled by its words and why the run stopped.
    { ...row(5, ['queen', 'prince', 'kings', 'throne', 'emperor']), epoch: undefined, stop: 'diverged', label: 'the last good vectors (9.9M words)' },
  ];
}

export async function checkNeighboursOverTime(page: Page, theme: string, check: Check, outDir: string, evil: string): Promise<void> {
  await post(page, { type: 'showWord', word: 'king' });
  const requestId = await page.waitForFunction(() => (window as unknown as { __posted: FromWebview[] }).__posted
    .filter((m): m is Extract<FromWebview, { type: 'neighbours' }> => m.type === 'neighbours' && m.word === 'king').pop()?.requestId).then((h) => h.jsonValue() as Promise<number>);
  await page.waitForSelector('#neighbours-list button');
  // An answer to an older search is dropped: it comes first, then the current one; the older one's
  // words ("stale") must never have been on the page by the time the current rows are.
  await page.evaluate(() => {
    const box = document.getElementById('over-time')!;
    const w = window as unknown as { __staleSeen: boolean };
    w.__staleSeen = false;
    new MutationObserver(() => { if (!box.hidden && (box.textContent ?? '').includes('stale')) w.__staleSeen = true; })
      .observe(box, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await post(page, { type: 'neighboursOverTime', requestId: requestId - 1, word: 'old', k: 5, words: 1000, rows: overTimeRows('stale') });
  await post(page, { type: 'neighboursOverTime', requestId, word: 'king', k: 5, words: 1000, rows: overTimeRows(evil) });
  await page.waitForSelector('#over-time:not([hidden]) tbody tr');
  check(!(await page.evaluate(() => (window as unknown as { __staleSeen: boolean }).__staleSeen)) && !((await page.locator('#over-time').textContent()) ?? '').includes('stale'),
    `[${theme}] over time: an older search's answer is not shown`);
  check(await page.locator('#over-time-table tbody tr').count() === 4, `[${theme}] over time: one row per snapshot`);
  check((await page.locator('#over-time-table tbody th').allTextContents()).join('|') === 'epoch 1|epoch 2|epoch 3|the last good vectors (9,920,000 words)',
    `[${theme}] over time: rows labelled by epoch, a diverged run's last by its last good checkpoint (${(await page.locator('#over-time-table tbody th').allTextContents()).join('|')})`);
  // New: prince, evil (epoch 2); queen, throne (3); emperor (5).
  check(await page.locator('#over-time-table .tag').count() === 5, `[${theme}] over time: words that entered are marked (${await page.locator('#over-time-table .tag').count()})`);
  check((await page.locator('#over-time-table td.left').allTextContents()).join('|') === `|one, and|the, of|${evil}`,
    `[${theme}] over time: words that left are listed (${(await page.locator('#over-time-table td.left').allTextContents()).join('|')})`);
  check(((await page.locator('#over-time-table').textContent()) ?? '').includes(evil) && await page.locator('#over-time-table img').count() === 0,
    `[${theme}] over time: a word with markup is text`);
  // Keyboard: one word in the Tab order; arrows move in the grid; Enter searches.
  const tabStops = await page.locator('#over-time-table button[tabindex="0"]').count();
  await page.locator('#over-time-table button[tabindex="0"]').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  check(tabStops === 1 && focused === 'prince', `[${theme}] over time: one Tab stop, arrow keys move between words (${tabStops}, ${focused})`);
  await page.screenshot({ path: join(outDir, `${theme}-neighbours-over-time.png`), fullPage: true });
  await page.keyboard.press('Enter');
  check(await waitPosted(page, "m.type === 'neighbours' && m.word === a", 'prince'), `[${theme}] over time: Enter on a word searches it`);
  // A word outside the snapshots: the message says so, no table.
  const next = await page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted.filter((m): m is Extract<FromWebview, { type: 'neighbours' }> => m.type === 'neighbours').pop()!.requestId);
  await post(page, { type: 'neighboursOverTime', requestId: next, word: 'prince', k: 5, words: 1000, rows: [], error: '“prince” is not among the 1,000 most frequent words whose vectors the run kept while training.' });
  await page.waitForSelector('#over-time-message:not([hidden])');
  check(await page.locator('#over-time-table').isHidden(), `[${theme}] over time: a word outside the snapshots shows the reason, no table`);
}
