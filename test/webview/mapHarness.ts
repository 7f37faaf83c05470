/**
 * The Map tab in the render harness (harness.ts calls checkMap per theme): the real page in
 * Chromium talks to the real DashboardPanel (message validation and routing), MapController and
 * map worker, over a fake `vscode`, on a small model with built-in structure: an analogy
 * (man : king :: woman : queen), clusters, a word with markup, and training snapshots.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as fakeVscode from './fakeVscode';
import { DashboardPanel } from '../../extension/dashboard/panel';
import { DashboardRecorder } from '../../extension/dashboard/recorder';
import type { DashboardHost } from '../../extension/dashboard/host';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import type { CurrentVectors, VectorStore } from '../../extension/vectors/vectorStore';
import type { ToWebview } from '../../extension/shared/protocol';
import type { Snapshot } from '../../extension/core/vectors/snapshots';
import { seededRandom } from '../../extension/dashboard/mapCompute';

type Check = (ok: boolean, what: string) => void;

/** 600 words of dim 16: the royal family built in, kingdom-like words near king, three loose clusters. */
export function mapModel(evil: string, store: VectorStore): CurrentVectors {
  const r = seededRandom(13);
  const d = 16;
  const named = ['the', 'of', 'man', 'woman', 'king', 'queen', 'prince', 'princess', 'kings', 'kingdom', 'good', 'bad', evil];
  const words = [...named, ...Array.from({ length: 600 - named.length }, (_, i) => `w${i}`)];
  const v = new Float32Array(words.length * d);
  const row = (i: number) => v.subarray(i * d, (i + 1) * d);
  for (let i = 0; i < words.length; i++) {
    const x = row(i);
    for (let j = 0; j < d; j++) x[j] = (r() - 0.5) * 0.6;
    x[3 + (i % 3)] += 1.5;
  }
  const set = (w: string, f: (j: number) => number) => row(words.indexOf(w)).set(Array.from({ length: d }, (_, j) => f(j)));
  const base = Array.from({ length: d }, () => (r() - 0.5) * 0.2);
  const male = (j: number) => (j === 0 ? 1 : 0), royal = (j: number) => (j === 1 ? 1 : 0), fem = (j: number) => (j === 2 ? 1 : 0);
  set('man', (j) => base[j] + male(j));
  set('woman', (j) => base[j] + fem(j));
  set('king', (j) => base[j] + male(j) + royal(j));
  set('queen', (j) => base[j] + fem(j) + royal(j));
  set('prince', (j) => base[j] + male(j) + 0.8 * royal(j) + 0.1);
  set('princess', (j) => base[j] + fem(j) + 0.8 * royal(j) + 0.1);
  set('kings', (j) => base[j] + male(j) + royal(j) + 0.15);
  set('kingdom', (j) => base[j] + royal(j) + 0.2 * male(j));
  set('good', (j) => (j === 7 ? 1 : 0.1));
  set('bad', (j) => (j === 7 ? -1 : 0.1));
  const counts = words.map((_, i) => Math.round(50_000 / (i + 1)));
  const vectors = new WordVectors(words, d, v, counts);
  // Snapshots of the 300 most frequent words: the final vectors turned by a rotation (training's
  // free rotation) and blurred, less so each epoch.
  const top = words.slice(0, 300);
  const final = v.slice(0, 300 * d);
  const snapshots: Snapshot[] = [0.8, 0.4, 0.1].map((noise, e) => ({
    label: `epoch ${e + 1}`,
    vectors: Float32Array.from(final, (x, i) => {
      const j = i % d, rowStart = i - j;
      // A rotation in the plane of dimensions 0 and 1, then noise.
      const a = 0.6 * (3 - e);
      const x0 = final[rowStart], x1 = final[rowStart + 1];
      const rotated = j === 0 ? Math.cos(a) * x0 - Math.sin(a) * x1 : j === 1 ? Math.sin(a) * x0 + Math.cos(a) * x1 : x;
      return rotated + (r() - 0.5) * noise;
    }),
  }));
  return store.set(vectors, { kind: 'loaded', name: 'royal.txt', path: '/nonexistent/royal.txt' }, { snapshots: { words: top, dim: d, snapshots } });
}

/** A DashboardPanel over a fake webview whose posts reach the page, fed the page's map messages. */
export async function connectMap(page: Page, model: CurrentVectors): Promise<{ panel: DashboardPanel; invalid: () => number }> {
  const fake = new fakeVscode.FakePanel('word2vec.dashboard', 'harness');
  const host: DashboardHost = {
    neighbours: async (w, k) => (await model.queries.ask('lookup', { word: w, k })).neighbours,
    complete: async () => [],
    vectors: () => model,
    log: () => undefined,
  };
  const panel = new DashboardPanel(fake as never, fakeVscode.Uri.file('/ext') as never, host, new DashboardRecorder(() => undefined), undefined, () => undefined);
  fake.webview.postMessage = (m: unknown) => {
    void page.evaluate((msg) => window.postMessage(msg, '*'), JSON.parse(JSON.stringify(m)) as ToWebview).catch(() => undefined);
    return Promise.resolve(true);
  };
  await page.exposeFunction('__mapMessage', (m: unknown) => fake.webview.received.fire(m));
  return { panel, invalid: () => panel.invalidMessages() };
}

/** The fake API's hook: the page's map* messages go to the real panel (harness.ts's script calls it). */
export const MAP_HOOK = `if (typeof m.type === 'string' && m.type.startsWith('map') && window.__mapMessage) { window.__mapMessage(m); return; }`;

/** Pixels of the map canvas in a colour (rough match: a channel well above the others). */
async function countPixels(page: Page, kind: 'blue' | 'green' | 'any'): Promise<number> {
  return page.evaluate((k) => {
    const c = document.getElementById('map-chart') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] < (k === 'green' ? 200 : 40)) continue;
      if (k === 'any' || (k === 'blue' ? d[i + 2] > d[i] + 60 && d[i + 2] > d[i + 1] + 20 : d[i + 1] > d[i] + 40 && d[i + 1] > d[i + 2] + 20)) n++;
    }
    return n;
  }, kind);
}

/** Where a point is drawn: the first strongly blue pixel inside the plot, in page coordinates. */
async function pointPixel(page: Page): Promise<{ x: number; y: number } | undefined> {
  return page.evaluate(() => {
    const c = document.getElementById('map-chart') as HTMLCanvasElement;
    const ctx = c.getContext('2d')!;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const box = c.getBoundingClientRect();
    const scale = c.width / box.width;
    // The most opaque (most frequent) points first: scan for a saturated blue.
    for (let y = Math.floor(c.height * 0.1); y < c.height * 0.9; y += 2) {
      for (let x = Math.floor(c.width * 0.15); x < c.width * 0.95; x += 2) {
        const i = (y * c.width + x) * 4;
        if (d[i + 3] > 150 && d[i + 2] > d[i] + 80 && d[i + 2] > d[i + 1] + 30) {
          // The first pixel is the point's top edge: aim at the centre of its coloured pixels nearby.
          let sx = 0, sy = 0, n = 0;
          for (let yy = y; yy < y + 8 && yy < c.height; yy++) {
            for (let xx = x - 6; xx <= x + 6; xx++) {
              const j = (yy * c.width + xx) * 4;
              if (d[j + 3] > 100 && d[j + 2] > d[j] + 60) { sx += xx; sy += yy; n++; }
            }
          }
          return { x: box.left + sx / n / scale, y: box.top + sy / n / scale };
        }
      }
    }
    return undefined;
  });
}

/** The map canvas's place and size on the page (and its bitmap size) and which map it shows, as text to compare. */
const canvasBox = (page: Page) => page.evaluate(() => {
  const c = document.getElementById('map-chart') as HTMLCanvasElement;
  const r = c.getBoundingClientRect();
  return `${r.left},${r.top} ${r.width}x${r.height} (${c.width}x${c.height}) scroll ${scrollX},${scrollY} map ${document.getElementById('panel-map')?.dataset.maps}`;
});

/** Waits until no map is being computed and the canvas's box (and the map drawn) stayed the same for 10 animation frames in a row; returns the box. */
async function stableCanvasBox(page: Page): Promise<string> {
  await page.waitForFunction(() => {
    const w = window as unknown as { mapBox?: string; mapBoxFrames?: number };
    const c = document.getElementById('map-chart') as HTMLCanvasElement;
    const r = c.getBoundingClientRect();
    const box = `${r.left},${r.top} ${r.width}x${r.height} (${c.width}x${c.height}) scroll ${scrollX},${scrollY} map ${document.getElementById('panel-map')?.dataset.maps}`;
    // A map being computed again (the model's info changed after the first map) shows the progress row
    // and Stop above the chart, moving it down until the new map is drawn: wait for no run in progress.
    const idle = (document.getElementById('map-progress-row') as HTMLElement).hidden && (document.getElementById('map-stop') as HTMLElement).hidden &&
      !(document.getElementById('map-run') as HTMLButtonElement).disabled;
    w.mapBoxFrames = idle && box === w.mapBox ? (w.mapBoxFrames ?? 0) + 1 : 0;
    w.mapBox = box;
    return w.mapBoxFrames >= 10;
  }, undefined, { polling: 'raf', timeout: 10_000 }).catch(() => undefined);
  return canvasBox(page);
}

const text = (page: Page, sel: string) => page.locator(sel).textContent().then((s) => s ?? '');

/** The number of maps the page has drawn (it counts them in data-maps). */
const mapsDrawn = (page: Page) => page.evaluate(() => Number(document.getElementById('panel-map')?.dataset.maps ?? 0));

/** Waits for a map newer than the `after`-th whose chosen-words line includes `includes`. */
async function waitMap(page: Page, includes: string, after: number, timeout = 20_000): Promise<boolean> {
  return page.waitForFunction(([s, n]) => Number(document.getElementById('panel-map')?.dataset.maps ?? 0) > Number(n) &&
    document.getElementById('map-chosen')?.textContent?.includes(String(s)), [includes, after] as const, { timeout }).then(() => true, () => false);
}

export async function checkMap(page: Page, theme: string, check: Check, outDir: string, evil: string, full: boolean): Promise<void> {
  const tag = `[${theme}] map:`;
  // The keyboard way in: the tabs are a roving tablist; End goes to the last tab (Runs), ArrowLeft to the Map before it.
  await page.focus('#tab-training');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  check(await page.locator('#panel-map').isVisible(), `${tag} End then ArrowLeft on the tablist opens the Map tab`);
  check(await waitMap(page, 'the 600 most frequent words of the vocabulary', 0), `${tag} shows the 600 most frequent words and says how they were chosen (${await text(page, '#map-chosen')} ${await text(page, '#map-message')})`);
  check(/PCA of the unit-length vectors: PC1 shows \d+\.\d% of the variance, PC2 \d+\.\d%/.test(await text(page, '#map-note')), `${tag} PCA with % of variance per component (${await text(page, '#map-note')})`);
  check(await countPixels(page, 'blue') > 300, `${tag} points drawn in the theme's blue`);

  // Hover a point: its word in the tooltip (drawn on the canvas) and in the hover line under it.
  // First wait until the page stops re-laying out (a second map computed after the model's info changed
  // shows a progress row above the chart; text filled in; a resize): a point found before that is no
  // longer under the same pixel, though hovering it a moment before named a word.
  const pointBox = await stableCanvasBox(page);
  const point = await pointPixel(page);
  check(point !== undefined, `${tag} found a drawn point`);
  if (point) {
    await page.mouse.move(point.x, point.y);
    const hovered = await page.waitForFunction(() => document.getElementById('map-hover')?.textContent ?? '', undefined, { timeout: 3000 }).then((h) => h.jsonValue(), () => '');
    check(/\S/.test(String(hovered)), `${tag} hovering a point names its word (${hovered})`);
    // Click it: its neighbours in the full space, listed with cosine and joined by lines.
    const greenBefore = await countPixels(page, 'green');
    // Click the very pixel that was hovered, once: the layout was stable before we looked for the point,
    // and the canvas must not have moved since (else the click would aim at where the point used to be).
    const boxAtClick = await canvasBox(page);
    check(boxAtClick === pointBox, `${tag} the map did not move between finding the point and clicking it (${pointBox} → ${boxAtClick})`);
    await page.mouse.click(point.x, point.y);
    await page.waitForSelector('#map-neighbours li', { timeout: 3000 }).catch(() => undefined);
    const items = await page.locator('#map-neighbours li').count();
    check(items === 10, `${tag} clicking a point lists its 10 nearest neighbours (${items}; ${await text(page, '#map-focus-message')})`);
    check(/^-?\d\.\d{3}$/.test((await text(page, '#map-neighbours li:first-child .sim')).trim()), `${tag} each neighbour with its cosine`);
    await page.waitForTimeout(100);
    const greenAfter = await countPixels(page, 'green');
    check(greenAfter > greenBefore + 50, `${tag} lines drawn to the neighbours (${greenBefore} → ${greenAfter} green pixels)`);
    check((await text(page, '#map-legend')).includes('Lines:'), `${tag} the legend says what the lines are`);
  }
  await page.screenshot({ path: join(outDir, `${theme}-map.png`), fullPage: true });

  // A word with markup: shown as text in the table and in the neighbour list.
  await page.fill('#map-focus-word', evil);
  await page.click('#map-focus-button');
  await page.waitForFunction((w) => document.getElementById('map-focus-message')?.textContent?.includes(w), evil, { timeout: 5000 }).catch(() => undefined);
  check((await text(page, '#map-focus-message')).includes(evil) && await page.title() !== 'pwned', `${tag} a word with markup is text, never HTML`);

  // The text alternative: the table, opened with the keyboard; a word's button shows its neighbours.
  await page.focus('#map-table > summary');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#map-table tbody tr', { timeout: 5000 }).catch(() => undefined);
  const rows = await page.locator('#map-table tbody tr').count();
  check(rows === 600, `${tag} the table lists every point (${rows} rows)`);
  check((await text(page, '#map-table tbody')).includes(evil), `${tag} the table shows the word with markup as text`);
  await page.focus('#map-table tbody tr:nth-child(5) button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('map-focus-message')?.textContent?.includes('“king”'), undefined, { timeout: 5000 }).catch(() => undefined);
  check((await text(page, '#map-focus-message')).includes('“king”'), `${tag} Enter on a word in the table shows its neighbours (${await text(page, '#map-focus-message')})`);
  await page.focus('#map-table > summary');
  await page.keyboard.press('Enter');

  // Analogy: a : b :: c : ?, the top 5 with scores, drawn as arrows.
  await page.fill('#map-a', 'man');
  await page.fill('#map-b', 'king');
  await page.fill('#map-c', 'woman');
  await page.focus('#map-c');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#map-analogy-list li', { timeout: 10_000 }).catch(() => undefined);
  const answers = await page.locator('#map-analogy-list li .word').allTextContents();
  check(answers.length === 5 && answers[0] === 'queen', `${tag} man : king :: woman : ? answers queen first, 5 answers (${answers.join(', ')}; ${await text(page, '#map-analogy-message')})`);
  check((await text(page, '#map-legend')).includes('Arrows: man → king and woman → queen'), `${tag} the analogy is drawn as arrows (${await text(page, '#map-legend')})`);
  check((await text(page, '#map-analogy-message')) === 'man is to king as woman is to …, by 3CosAdd among the 30,000 most frequent words:',
    `${tag} the analogy says which words it searched: compute-accuracy's 30,000 (${await text(page, '#map-analogy-message')})`);
  if (full) {
    await page.selectOption('#map-method', '3cosmul');
    await page.click('#map-analogy-run');
    await page.waitForFunction(() => document.getElementById('map-analogy-message')?.textContent?.includes('3CosMul'), undefined, { timeout: 10_000 }).catch(() => undefined);
    check((await page.locator('#map-analogy-list li .word').first().textContent()) === 'queen', `${tag} 3CosMul answers queen too`);
    // 3CosMul's scores are ratios that pass 1: the bars are drawn against the list's largest, so
    // they stay comparable (not all full), each score's number beside its bar, and the page says so.
    const bars = await page.evaluate(() => [...document.querySelectorAll('#map-analogy-list li')].map((li) => ({
      score: Number(li.querySelector('.sim')?.textContent),
      width: parseFloat((li.querySelector('.bar') as HTMLElement | null)?.style.width ?? 'NaN'),
    })));
    const top = Math.max(1, ...bars.map((b) => Math.abs(b.score)));
    check(bars.length === 5 && bars.every((b) => Number.isFinite(b.score) && Math.abs(b.width - (100 * Math.abs(b.score)) / top) < 0.2),
      `${tag} each 3CosMul bar is its score against the list's largest (${bars.map((b) => `${b.score}: ${b.width}%`).join(', ')})`);
    check(top > 1 && bars.filter((b) => b.width > 99.9).length === 1,
      `${tag} with 3CosMul scores above 1 only the largest fills its track (largest ${top})`);
    const scaleNote = await text(page, '#map-analogy-scale');
    check(scaleNote === `Bars are drawn against the largest score, ${top.toFixed(3)}.`, `${tag} the page says what the bars are drawn against (${scaleNote})`);
    await page.locator('#map-analogy-list').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outDir, `${theme}-map-3cosmul.png`), fullPage: true });
    // The labels' halo is the editor's background, read with the theme's colours: a switch to the
    // light theme redraws the labels on a white halo, and back on the dark one.
    const halos = await page.evaluate(async () => {
      const proto = CanvasRenderingContext2D.prototype;
      const strokeText = proto.strokeText;
      const seen: string[] = [];
      proto.strokeText = function (this: CanvasRenderingContext2D, ...a: Parameters<CanvasRenderingContext2D['strokeText']>) {
        seen.push(String(this.strokeStyle));
        return strokeText.apply(this, a);
      };
      const link = document.getElementById('theme-vars') as HTMLLinkElement;
      const switchTo = async (name: 'light' | 'dark') => {
        seen.length = 0;
        await new Promise((r) => { link.onload = r; link.href = link.href.replace(/(light|dark)\.css$/, `${name}.css`); });
        document.body.className = `vscode-${name}`;
        document.body.setAttribute('data-vscode-theme-kind', `vscode-${name}`);
        // The MutationObserver redraws on its own; wait for labels drawn after the switch.
        for (let i = 0; i < 60 && seen.length === 0; i++) await new Promise((r) => requestAnimationFrame(r));
        return [...new Set(seen)];
      };
      const light = await switchTo('light');
      const dark = await switchTo('dark');
      proto.strokeText = strokeText;
      return { light, dark };
    });
    check(halos.light.join() === 'rgba(255, 255, 255, 0.85)' && halos.dark.join() === 'rgba(31, 31, 31, 0.85)',
      `${tag} the labels' halo follows a theme switch (light ${halos.light.join(' ')}; dark again ${halos.dark.join(' ')})`);
  }

  // Search: substring selects; Enter isolates the selection and projects it again.
  await page.fill('#map-search', 'king');
  check((await text(page, '#map-selected')) === '3 of 600 words selected.', `${tag} substring search selects (${await text(page, '#map-selected')})`);
  await page.check('#map-regex');
  await page.fill('#map-search', '^(king|queen|prince|princess|man|woman)$');
  check((await text(page, '#map-selected')) === '6 of 600 words selected.', `${tag} regex search selects (${await text(page, '#map-selected')})`);
  await page.screenshot({ path: join(outDir, `${theme}-map-analogy.png`), fullPage: true });
  let drawn = await mapsDrawn(page);
  await page.focus('#map-search');
  await page.keyboard.press('Enter');
  check(await waitMap(page, 'the 6 selected words', drawn), `${tag} Enter isolates the selection and projects it again (${await text(page, '#map-chosen')})`);
  check(await page.locator('#map-all').isVisible(), `${tag} a button goes back to the most frequent words`);
  drawn = await mapsDrawn(page);
  await page.click('#map-all');
  check(await waitMap(page, 'the 600 most frequent words', drawn), `${tag} back to the 600 most frequent words`);

  if (full) {
    // Word axes: an unknown word gets a clear message; good ones draw the map.
    await page.selectOption('#map-projection', 'axes');
    await page.fill('#map-x', 'woman - man');
    await page.fill('#map-y', 'good - zzzunknown');
    await page.click('#map-run');
    await page.waitForFunction(() => !document.getElementById('map-message')?.hidden, undefined, { timeout: 10_000 }).catch(() => undefined);
    const msg = await text(page, '#map-message');
    check(msg.includes('“zzzunknown”') && msg.includes('y axis') && msg.includes('not in the vocabulary'), `${tag} an axis word not in the vocabulary says so (${msg})`);
    await page.fill('#map-y', 'good - bad');
    drawn = await mapsDrawn(page);
    await page.click('#map-run');
    check(await waitMap(page, 'most frequent', drawn) && (await text(page, '#map-note')).includes('cosine'), `${tag} custom axes woman − man and good − bad`);
    await page.screenshot({ path: join(outDir, `${theme}-map-axes.png`), fullPage: true });
    // Export through the save dialog, atomically: CSV with a header, the markup word quoted.
    const dir = mkdtempSync(join(tmpdir(), 'map-export-'));
    const out = join(dir, 'coords.csv');
    fakeVscode.window.showSaveDialog = async () => fakeVscode.Uri.file(out);
    await page.click('#map-export-all');
    await page.waitForFunction(() => document.getElementById('map-message')?.textContent?.startsWith('Saved'), undefined, { timeout: 5000 }).catch(() => undefined);
    let csv = '';
    try { csv = readFileSync(out, 'utf8'); } catch { /* checked below */ }
    const lines = csv.trim().split('\n');
    check(lines[0] === 'word,x,y,count,selected' && lines.length === 601 && csv.includes(`"${evil.replace(/"/g, '""')}"`), `${tag} exports 600 rows of CSV through the save dialog (${lines.length} lines; ${await text(page, '#map-message')})`);
    // The evaluation set colours the map; an export onto that file is refused.
    const evalFile = join(dir, 'pairs.txt');
    writeFileSync(evalFile, 'king\tqueen\t8.5\nman\twoman\t8.3\ngood\tbad\t2.0\nzebra\tking\t1.0\n');
    fakeVscode.openDialog.answer = [fakeVscode.Uri.file(evalFile)] as never;
    await page.click('#map-load-eval');
    await page.waitForFunction(() => document.getElementById('map-legend')?.textContent?.startsWith('Orange'), undefined, { timeout: 5000 }).catch(() => undefined);
    check((await text(page, '#map-legend')).startsWith('Orange: the 6 words of the map in pairs.txt'), `${tag} colour by membership in a loaded evaluation set (${await text(page, '#map-legend')})`);
    fakeVscode.window.showSaveDialog = async () => fakeVscode.Uri.file(evalFile);
    await page.click('#map-export-all');
    await page.waitForFunction(() => document.getElementById('map-message')?.textContent?.startsWith('Could not save'), undefined, { timeout: 5000 }).catch(() => undefined);
    check((await text(page, '#map-message')).includes('Could not save') && readFileSync(evalFile, 'utf8').startsWith('king\tqueen'), `${tag} an export onto the evaluation file it read is refused (${await text(page, '#map-message')})`);
    fakeVscode.window.showSaveDialog = async () => undefined;
    // Training snapshots: play and scrub.
    await page.selectOption('#map-projection', 'pca');
    drawn = await mapsDrawn(page);
    await page.click('#map-run');
    await waitMap(page, 'most frequent', drawn);
    check(await page.locator('#map-play').isVisible() && (await page.getAttribute('#map-frame', 'max')) === '3', `${tag} the play control appears for a model with 3 snapshots`);
    await page.focus('#map-frame');
    await page.keyboard.press('Home');
    check((await text(page, '#map-frame-label')).startsWith('epoch 1 (1 of 4), aligned to the final vectors'), `${tag} Home on the slider shows the first snapshot (${await text(page, '#map-frame-label')})`);
    await page.screenshot({ path: join(outDir, `${theme}-map-snapshot.png`), fullPage: true });
    await page.click('#map-play-button');
    await page.waitForFunction(() => document.getElementById('map-frame-label')?.textContent?.startsWith('the final vectors'), undefined, { timeout: 10_000 }).catch(() => undefined);
    check((await text(page, '#map-frame-label')).startsWith('the final vectors'), `${tag} Play goes through the snapshots to the final vectors`);
    // A narrow panel (the dashboard beside an editor): nothing of the page (tab bar included) is wider than
    // the panel, so the page does not scroll sideways.
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: 460, height: size.height });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const wide = await page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      return [...document.querySelectorAll<HTMLElement>('body *')].filter((e) => e.offsetParent !== null && e.getBoundingClientRect().right > w + 1 && !e.parentElement?.closest('table'))
        .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 8).concat(document.documentElement.scrollWidth > w ? [`the page scrolls sideways (${document.documentElement.scrollWidth} > ${w} pixels)`] : []);
    });
    check(wide.length === 0, `${tag} fits a 460-pixel-wide panel ${wide.join(', ')}`);
    await page.screenshot({ path: join(outDir, `${theme}-map-narrow.png`), fullPage: false });
    await page.setViewportSize(size);
    // UMAP in the worker with progress; Stop ends it.
    await page.selectOption('#map-projection', 'umap');
    drawn = await mapsDrawn(page);
    await page.click('#map-run');
    check(await waitMap(page, 'most frequent', drawn, 60_000) && /^UMAP with 15 neighbours and 300 epochs, on the first 16 principal components/.test(await text(page, '#map-note')), `${tag} UMAP (${await text(page, '#map-note')})`);
    check((await text(page, '#map-frame-label')).includes('not a linear projection'), `${tag} UMAP says why the snapshots do not play`);
    await page.screenshot({ path: join(outDir, `${theme}-map-umap.png`), fullPage: true });
    await page.fill('#map-search', '');
    await page.uncheck('#map-regex');
    await page.click('#map-run');
    await page.waitForSelector('#map-stop:not([hidden])', { timeout: 5000 }).catch(() => undefined);
    await page.click('#map-stop').catch(() => undefined);
    await page.waitForFunction(() => document.getElementById('map-progress-row')?.hidden, undefined, { timeout: 10_000 }).catch(() => undefined);
    const stopped = await text(page, '#map-message');
    check(stopped === 'Stopped.' || (await text(page, '#map-note')).startsWith('UMAP'), `${tag} Stop ends a UMAP run (${stopped || 'it had finished'})`);
  }
}
