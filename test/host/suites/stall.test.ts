// A corpus on a network drive that stops answering, in a real extension host: the user is told
// where training progress is shown (the progress notification's message and the status bar, from
// the same line; the dashboard gets TrainProgress.stalledSec and says it under its status), and
// Stop still ends the run; an export to such a drive is told in its notification, and its Cancel
// ends it, keeping the vectors in use. The drive is test/unit/stallFs.py, a FUSE file system whose
// reads (or writes) of a file block in the kernel from a chosen byte on (as the unit tests'
// test/unit/stall.test.ts use it); skipped, saying why, without root, /dev/fuse or python3-fusepy.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../../../extension/commands/ids';
import { endTest, EXTENSION_ID, extensionApi, FAST, fixture, setSettings, train, waitFor } from './support';
import { mountStallFs, whyNoFuse, type StallFs } from '../../unit/stallFsMount';

suite('a corpus file that stops answering (a network drive)', function () {
  this.timeout(90_000);
  // Made when the suite runs, not when mocha loads it (a run narrowed by VSCODE_HOST_GREP would leave it behind).
  let dir = '', src = '', mnt = '', rules = '';
  let fs: StallFs | undefined;
  let skip: string | false = false;

  suiteSetup(async () => {
    skip = whyNoFuse();
    if (skip) return;
    dir = mkdtempSync(join(tmpdir(), 'w2v-host-stall-'));
    src = join(dir, 'src'); mnt = join(dir, 'mnt'); rules = join(dir, 'rules');
    mkdirSync(src);
    mkdirSync(mnt);
    // 1.2 MB of text; its reads stall from byte 100,000 on (rules are read again at every read).
    const words = Array.from({ length: 500 }, (_, i) => `w${i.toString(36)}`);
    const lines = Array.from({ length: 12_000 }, (_, l) => Array.from({ length: 16 }, (_, k) => words[(l * 31 + k * k * 7) % words.length]).join(' '));
    writeFileSync(join(src, 'corpus.txt'), lines.join('\n') + '\n');
    writeFileSync(rules, 'corpus.txt=100000\n');
    const mounted = await mountStallFs(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test/unit/stallFs.py'), src, mnt, rules);
    if ('failed' in mounted) {
      skip = mounted.failed;
      return;
    }
    fs = mounted;
    assert.deepEqual(readdirSync(mnt), ['corpus.txt']);
  });

  suiteTeardown(async () => {
    await endTest();
    // Killing the file system aborts its connection: the read still blocked in the run's abandoned
    // worker fails (ENOTCONN) and that thread ends; none may be left for the next suites.
    fs?.unmount();
    const api = await extensionApi();
    await waitFor(() => api.lifecycle.liveWorkers() <= api.lifecycle.queryWorkers(), 15_000, () => `the stalled run's workers to end (${api.lifecycle.liveWorkers()} live)`);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('reading that makes no progress for 10 s is told in the status bar, the notification and the dashboard; Stop ends the run', async function () {
    if (skip) {
      console.log(`skipped: ${skip}`);
      this.skip();
    }
    const api = await extensionApi();
    await setSettings({ ...FAST, minCount: 1 });
    const outcome = train(vscode.Uri.file(join(mnt, 'corpus.txt')));
    const told = /^Training on corpus\.txt: reading corpus\.txt has made no progress for (\d+) s; the file may be on a network drive that stopped answering\. Cancel stops \(nothing is trained yet\)\.$/;
    await waitFor(() => told.test(api.statusBar.shownTooltip ?? ''), 40_000, () => `the stall in the status bar's tooltip (it says ${JSON.stringify(api.statusBar.shownTooltip)})`);
    const seconds = Number(told.exec(api.statusBar.shownTooltip!)![1]);
    assert.ok(seconds >= 10 && seconds < 30, `no progress for ${seconds} s`);
    assert.equal(api.statusBar.shownText, '$(warning) word2vec: no progress reading corpus.txt');
    // The dashboard's record (what its page draws, and says under the status) has the stall too.
    assert.ok((api.dashboard.recorder.state.progress?.stalledSec ?? 0) >= 10, 'the dashboard got stalledSec');
    assert.equal(api.dashboard.recorder.state.progress?.phase, 'vocab');
    const panel = api.dashboard.current;
    if (panel?.isReadyForUpdates()) {
      await waitFor(() => panel.postedMessages().some((m) => m.type === 'progress' && (m.progress.stalledSec ?? 0) >= 10), 5_000, 'a progress message with stalledSec posted to the page');
    }
    // Stop (the notification's Cancel does the same): the run ends at once, with nothing trained.
    const stopped = Date.now();
    assert.equal(api.runs.stop(), true);
    const o = await outcome;
    assert.ok(Date.now() - stopped < 5_000, `the run ended ${Date.now() - stopped} ms after Stop`);
    assert.ok(o && o.kind === 'result' && o.result.stopReason === 'cancelled' && o.result.words.length === 0, JSON.stringify(o));
    assert.ok(api.ui.messages.some((m) => /stopped while reading the corpus, before any training/.test(m.text)));
    assert.doesNotMatch(api.statusBar.shownText ?? '', /no progress/);
  });

  test('exporting to a drive that stops answering is told in the notification; Cancel ends it, leaves the file as it was and keeps the vectors in use', async function () {
    if (skip) {
      console.log(`skipped: ${skip}`);
      this.skip();
    }
    const api = await extensionApi();
    await setSettings(FAST);
    await train(fixture('corpus.txt'));
    const model = api.store.current;
    assert.ok(model);
    // Every write of the export (its atomic write's temp file) blocks from the first byte.
    writeFileSync(rules, 'export.vectors.txt=write:0\n');
    api.ui.answers.push('word2vec text', vscode.Uri.file(join(mnt, 'export.vectors.txt')));
    const exported = vscode.commands.executeCommand<string | undefined>(COMMANDS.exportVectors);
    const title = 'Exporting export.vectors.txt';
    const told = /^writing export\.vectors\.txt has made no progress for (\d+) s; the drive may have stopped answering\. Cancel stops; the vectors stay in use\.$/;
    await waitFor(() => told.test(api.ui.progressMessage(title) ?? ''), 40_000, () => `the stall in the export's notification (it says ${JSON.stringify(api.ui.progressMessage(title))})`);
    const seconds = Number(told.exec(api.ui.progressMessage(title)!)![1]);
    assert.ok(seconds >= 10 && seconds < 30, `no progress for ${seconds} s`);
    const cancelled = Date.now();
    assert.equal(api.ui.cancelProgress(title), true);
    assert.equal(await exported, undefined);
    assert.ok(Date.now() - cancelled < 5_000, `the export ended ${Date.now() - cancelled} ms after Cancel`);
    assert.ok(api.ui.messages.some((m) => /^Stopped exporting export\.vectors\.txt; nothing was written there\. The vectors of corpus\.txt are still in use: export them to another folder\.$/.test(m.text)),
      JSON.stringify(api.ui.messages.map((m) => m.text)));
    assert.equal(api.store.current, model, 'the vectors in use are the same');
    assert.equal(existsSync(join(src, 'export.vectors.txt')), false, 'nothing written at the path');
    writeFileSync(rules, '');
  });
});
