// End-to-end tests of what happens to the model in use, through the UI: loaded vectors replace it
// and the Neighbours search shown follows; a vectors file whose reads stop answering (a network
// drive) is cancelled from its notification, the model in use staying; an export whose writes stop
// answering is told in its notification and cancelled, the model in use staying; a corpus that
// stops answering is told in the notification, the status bar and the dashboard, and Cancel ends the run.
// The stalled drive is test/unit/stallFs.py, a FUSE file system (as the unit and host tests use it),
// mounted here; those steps are skipped, saying why, without root, /dev/fuse or python3-fusepy.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { SLOW } from './workbench';
import type { E2eContext, E2eTest } from './tests';
import { mountStallFs, whyNoFuse } from '../unit/stallFsMount';

type DashboardTab = (ctx: E2eContext, tab: 'Training' | 'Neighbours' | 'Map') => Promise<FrameLocator>;

/** A word2vec text file whose neighbours of "animal" are known: `near` (cosine 0.995), then the others. */
function vectorsFile(path: string, words: string[]): void {
  const rows = [[1, 0.1, 0], [1, 0.5, 0], [0, 1, 0], [-1, 0, 0]];
  writeFileSync(path, `5 3\nanimal 1 0 0\n${words.map((w, i) => `${w} ${rows[i].join(' ')}`).join('\n')}\n`);
}

/** Loads a vectors file the way a user does: F1, the command, "Detect from the content", the file in the dialog. */
async function loadVectors(ctx: E2eContext, path: string): Promise<void> {
  await ctx.wb.runCommand('Word2Vec: Load vectors');
  await ctx.wb.chooseInQuickPick('Detect from the content');
  await ctx.wb.pickFile(/Load word vectors/, path);
}

export function modelInUseTests(dashboardTab: DashboardTab): E2eTest[] {
  return [
    {
      name: 'model in use: vectors loaded twice, and the Neighbours search and the Map\'s neighbour list shown follow each new model',
      async run(ctx) {
        const first = join(ctx.workspace, 'first.vectors.txt');
        const second = join(ctx.workspace, 'second.vectors.txt');
        vectorsFile(first, ['bear', 'cow', 'stone', 'idea']);
        vectorsFile(second, ['dog', 'horse', 'chair', 'number']);
        await loadVectors(ctx, first);
        await ctx.wb.toast(/Loaded 5 vectors of 3 dimensions from first\.vectors\.txt/);
        await ctx.wb.clearNotifications();
        const dash = await dashboardTab(ctx, 'Neighbours');
        await ctx.wb.typeAndEnter(dash.getByRole('combobox', { name: 'Word' }), 'animal');
        const words = dash.locator('#neighbours-list li .word');
        await words.first().filter({ hasText: 'bear' }).waitFor({ timeout: SLOW });
        assert.deepEqual(await words.allTextContents(), ['bear', 'cow', 'stone', 'idea']);
        // The same word's neighbours on the Map, typed into its focus.
        await dash.getByRole('tab', { name: 'Map' }).click();
        await ctx.wb.typeAndEnter(dash.locator('#map-focus-word'), 'animal');
        const mapWords = dash.locator('#map-neighbours li .word');
        await mapWords.first().filter({ hasText: /^bear$/ }).waitFor({ timeout: SLOW });
        assert.deepEqual(await mapWords.allTextContents(), ['bear', 'cow', 'stone', 'idea']);
        // Another file replaces the model: the lists shown answer from it, with nothing typed again.
        await loadVectors(ctx, second);
        await ctx.wb.toast(/Loaded 5 vectors of 3 dimensions from second\.vectors\.txt/);
        // The new model's list, its words on the new model's map (whichever of the two came first).
        await mapWords.first().filter({ hasText: /^dog$/ }).waitFor({ timeout: SLOW });
        assert.deepEqual(await mapWords.allTextContents(), ['dog', 'horse', 'chair', 'number']);
        assert.equal(await dash.locator('#map-focus-message').textContent(), 'Nearest 4 neighbours of “animal” in the full space, by cosine; 4 of them are on the map (lines).');
        await ctx.page.screenshot({ path: join(ctx.outDir, 'map-neighbours-follow-the-model.png') });
        await dash.getByRole('tab', { name: 'Neighbours' }).click();
        await words.first().filter({ hasText: 'dog' }).waitFor({ timeout: SLOW });
        assert.deepEqual(await words.allTextContents(), ['dog', 'horse', 'chair', 'number']);
        assert.match((await dash.locator('#model-info').textContent()) ?? '', /second\.vectors\.txt/);
        await ctx.page.screenshot({ path: join(ctx.outDir, 'neighbours-follow-the-model.png') });
      },
    },
    {
      name: 'model in use: a vectors file, an export and a corpus on a drive that stops answering: the stalls are told, Cancel ends the load and the export',
      skip: whyNoFuse() || undefined,
      async run(ctx) {
        const root = mkdtempSync(join(tmpdir(), 'w2v-e2e-stall-'));
        const src = join(root, 'src'), mnt = join(root, 'mnt'), rules = join(root, 'rules');
        mkdirSync(src);
        mkdirSync(mnt);
        // 250,000 x 20 in word2vec text (45 MB) whose reads stall after 20 MB (past the readers' first chunks, so
        // the notification shows a percentage); a 1.2 MB corpus whose reads stall after 100 KB.
        const row = Array.from({ length: 20 }, (_, j) => ((j % 9) / 9 - 0.4).toFixed(6)).join(' ');
        writeFileSync(join(src, 'stalled.vectors.txt'), `250000 20\n${Array.from({ length: 250_000 }, (_, i) => `w${i} ${row}`).join('\n')}\n`);
        const words = Array.from({ length: 500 }, (_, i) => `w${i.toString(36)}`);
        writeFileSync(join(src, 'stalled-corpus.txt'), Array.from({ length: 12_000 }, (_, l) => Array.from({ length: 16 }, (_, k) => words[(l * 31 + k * k * 7) % 500]).join(' ')).join('\n') + '\n');
        writeFileSync(rules, 'stalled.vectors.txt=20000000\nstalled-corpus.txt=100000\n');
        const fs = await mountStallFs(join(__dirname, '../../../test/unit/stallFs.py'), src, mnt, rules);
        if ('failed' in fs) {
          rmSync(root, { recursive: true, force: true });
          throw new Error(fs.failed);
        }
        const links = ['stalled.vectors.txt', 'stalled-corpus.txt'].map((f) => join(ctx.workspace, f));
        try {
          // In the workspace, as a user's network folder would be: links to the drive's files.
          for (const l of links) symlinkSync(join(mnt, l.slice(ctx.workspace.length + 1)), l);

          // The load reads 20 MB, then its read never answers: the notification stays at its percentage. Cancel.
          await ctx.wb.clearNotifications().catch(() => undefined);
          await loadVectors(ctx, links[0]);
          // The toast reads "Loading stalled.vectors.txt: 40%", and stays so: how far it got before the read
          // blocked (20 of 45 MB; a progress held back by the rate limit is still posted), not where it was 200 ms earlier.
          const loading = await ctx.wb.toast(/Loading stalled\.vectors\.txt: [3-4]\d%/);
          await loading.hover(); // waits until the toast has slid in
          await ctx.page.screenshot({ path: join(ctx.outDir, 'load-stalled-before-cancel.png') });
          await loading.hover();
          await loading.getByRole('button', { name: 'Cancel' }).click();
          const stopped = await ctx.wb.toast(/Stopped loading stalled\.vectors\.txt\. (The vectors of .+ are still the ones in use|No vectors are loaded)\./);
          await stopped.hover();
          await ctx.page.screenshot({ path: join(ctx.outDir, 'load-stalled-cancelled.png') });
          await ctx.wb.clearNotifications();

          // Export the vectors in use to the drive, whose writes of the export now never answer: after 10 s without
          // a byte written the notification says so; its Cancel ends the export and the vectors stay in use.
          writeFileSync(rules, 'stalled.vectors.txt=20000000\nstalled-corpus.txt=100000\nexport.vectors.txt=write:0\n');
          await ctx.wb.runCommand('Word2Vec: Export vectors');
          await ctx.wb.chooseInQuickPick('word2vec text');
          await ctx.wb.pickFile(/Export word vectors/, join(mnt, 'export.vectors.txt'), true);
          const exporting = await ctx.wb.toast(/Exporting export\.vectors\.txt/);
          await exporting.getByText(/writing export\.vectors\.txt has made no progress for \d+ s; the drive may have stopped answering\. Cancel stops; the vectors stay in use\./).waitFor({ timeout: SLOW });
          await exporting.hover();
          await ctx.page.screenshot({ path: join(ctx.outDir, 'export-stalled-told.png') });
          await exporting.getByRole('button', { name: 'Cancel' }).click();
          await (await ctx.wb.toast(/Stopped exporting export\.vectors\.txt; nothing was written there\. The vectors of second\.vectors\.txt are still in use: export them to another folder\./)).hover();
          await ctx.page.screenshot({ path: join(ctx.outDir, 'export-stalled-cancelled.png') });
          await ctx.wb.statusItem('word2vec: second.vectors.txt, 5 words');
          await ctx.wb.clearNotifications();

          // Train on the corpus from the explorer's context menu: after 10 s without a byte, every place that shows progress says so.
          const row = ctx.page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: 'stalled-corpus.txt' }).first();
          // The explorer may not have seen the links appear (its file watcher): refresh it, as a user would.
          if (!await row.waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
            await ctx.page.locator('.explorer-folders-view').hover();
            await ctx.page.getByRole('button', { name: 'Refresh Explorer' }).click();
          }
          await row.waitFor({ timeout: SLOW });
          await row.click({ button: 'right' });
          // The menu takes a click while it opens for a hover only: point at the item, then Enter.
          const item = ctx.page.getByRole('menuitem', { name: /Train word2vec on file/ });
          await item.hover();
          await ctx.page.keyboard.press('Enter');
          const toast = await ctx.wb.toast('Word2Vec: training on stalled-corpus.txt');
          await toast.getByText(/reading stalled-corpus\.txt has made no progress for \d+ s; the file may be on a network drive that stopped answering\. Cancel stops \(nothing is trained yet\)\./).waitFor({ timeout: SLOW });
          await ctx.wb.statusItem('word2vec: no progress reading stalled-corpus.txt');
          const dash = await dashboardTab(ctx, 'Training');
          await dash.locator('#run-message').filter({ hasText: /^Stalled: reading stalled-corpus\.txt has made no progress for \d+ s; the file may be on a network drive that stopped answering\./ }).waitFor({ timeout: SLOW });
          await ctx.page.screenshot({ path: join(ctx.outDir, 'train-stalled-told.png') });
          const again = await ctx.wb.toast('Word2Vec: training on stalled-corpus.txt');
          await again.hover();
          await again.getByRole('button', { name: 'Cancel' }).click();
          await (await ctx.wb.toast(/Training on stalled-corpus\.txt stopped while reading the corpus, before any training: no vectors were kept\./)).hover();
          await ctx.page.screenshot({ path: join(ctx.outDir, 'train-stalled-cancelled.png') });
        } finally {
          // Killing the file system aborts its connection: the reads still blocked in abandoned workers fail and end.
          fs.unmount();
          for (const l of links) rmSync(l, { force: true });
          rmSync(root, { recursive: true, force: true });
        }
      },
    },
  ];
}
