// The extension's lifecycle in a real extension host: a run cancelled (while reading and while
// training), the dashboard closed during a run, and the extension deactivated in the middle of
// training (what VS Code does when the window reloads: deactivate(), then the host process
// ends). Afterwards no worker thread and no timer of the extension may be left, no promise may
// have been rejected unhandled, and the next run must start and finish cleanly.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Word2VecApi } from '../../../extension/extension';
import type { RunOutcome } from '../../../extension/training/events';
import { endTest, EXTENSION_ID, extensionApi, FAST, fixture, resetSettings, setSettings, tempFile, train, waitFor } from './support';

/**
 * Counts the timers the extension's own code has pending: setTimeout and setInterval are wrapped
 * for the suite, and a timer counts when the extension's bundle (dist/extension.js) is on the
 * stack that created it. A timeout stops counting when it fires or is cleared, an interval when
 * it is cleared.
 */
class TimerWatch {
  private readonly live = new Map<unknown, string>();
  /** Timers of the extension's seen since install (the watch sees them at all). */
  seen = 0;
  private readonly saved = { setTimeout, setInterval, clearTimeout, clearInterval };

  constructor(private readonly bundle: string) {}

  install(): void {
    const { live, saved, bundle } = this;
    const mine = (): string | undefined => {
      const stack = new Error().stack ?? '';
      if (!stack.includes(bundle)) return undefined;
      this.seen++;
      return stack.split('\n').slice(2, 5).join(' | ');
    };
    const wrapTimeout = function (this: unknown, cb: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) {
      const where = mine();
      if (!where || typeof cb !== 'function') return saved.setTimeout(cb, ms, ...args);
      const h: NodeJS.Timeout = saved.setTimeout((...a: unknown[]) => { live.delete(h); cb(...a); }, ms, ...args);
      live.set(h, `timeout ${ms} ms at ${where}`);
      return h;
    };
    const wrapInterval = function (this: unknown, cb: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) {
      const h = saved.setInterval(cb, ms, ...args);
      const where = mine();
      if (where) live.set(h, `interval ${ms} ms at ${where}`);
      return h;
    };
    const clear = (orig: (h?: NodeJS.Timeout) => void) => (h?: NodeJS.Timeout): void => { live.delete(h); orig(h); };
    Object.assign(wrapTimeout, saved.setTimeout);
    Object.assign(wrapInterval, saved.setInterval);
    globalThis.setTimeout = wrapTimeout as unknown as typeof setTimeout;
    globalThis.setInterval = wrapInterval as unknown as typeof setInterval;
    globalThis.clearTimeout = clear(saved.clearTimeout as (h?: NodeJS.Timeout) => void) as typeof clearTimeout;
    globalThis.clearInterval = clear(saved.clearInterval as (h?: NodeJS.Timeout) => void) as typeof clearInterval;
  }

  uninstall(): void {
    Object.assign(globalThis, this.saved);
  }

  pending(): string[] {
    return [...this.live.values()];
  }
}

/** A corpus long enough to stop in the middle: 400,000 words over 2,000 (Zipf-like), 20 a line. */
function longCorpus(): vscode.Uri {
  const words = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}`);
  let seed = 12345;
  const rand = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32; };
  const lines: string[] = [];
  for (let l = 0; l < 20_000; l++) {
    const line: string[] = [];
    for (let k = 0; k < 20; k++) line.push(words[Math.floor(words.length * rand() ** 3)]);
    lines.push(line.join(' '));
  }
  return tempFile('long.txt', lines.join('\n') + '\n');
}

suite('lifecycle: cancel, close, deactivate in the middle of a run', function () {
  this.timeout(180_000);
  let timers: TimerWatch;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => { rejections.push(reason); };
  let corpus: vscode.Uri;

  suiteSetup(async () => {
    await extensionApi();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    timers = new TimerWatch(vscode.Uri.joinPath(ext.extensionUri, 'dist', 'extension.js').fsPath);
    timers.install();
    process.on('unhandledRejection', onRejection);
    corpus = longCorpus();
  });
  suiteTeardown(() => {
    timers.uninstall();
    process.off('unhandledRejection', onRejection);
  });
  setup(async () => {
    rejections.length = 0;
    await resetSettings();
    // Many epochs: the run lasts long enough to be interrupted in its training phase.
    await setSettings({ ...FAST, epochs: 200, minCount: 1 });
  });
  teardown(async () => {
    await endTest();
    await vscode.workspace.getConfiguration('word2vec').update('openDashboardOnTrain', undefined, vscode.ConfigurationTarget.Global);
  });

  /**
   * Starts a run on the long corpus and waits until it is in `phase`; `outcome` settles when the
   * run ends (wrapped: an async function returning a thenable would wait for it).
   */
  async function startLong(api: Word2VecApi, phase: 'vocab' | 'train' | 'started'): Promise<{ outcome: Thenable<RunOutcome | undefined> }> {
    const outcome = train(corpus);
    if (phase === 'started') await waitFor(() => api.runs.current !== undefined, 20_000, 'the run to start');
    else await waitFor(() => api.runs.progress?.phase === phase, 60_000, () => `the run's ${phase} phase (now ${api.runs.progress?.phase ?? 'no progress'})`);
    return { outcome };
  }

  /**
   * Nothing of a run is left: no worker but the current model's query worker (VectorStore: one
   * while a model is loaded, ended with it), no timer of the extension's (within a second), no
   * unhandled rejection.
   */
  async function assertNothingLeft(api: Word2VecApi, after: string): Promise<void> {
    const l = api.lifecycle;
    const expected = (): number => (api.store.current ? 1 : 0);
    await waitFor(() => l.liveWorkers() === expected() && l.queryWorkers() === expected(), 5_000,
      () => `the workers to end after ${after} (${l.liveWorkers()} running, ${l.queryWorkers()} of them query workers; a model is ${api.store.current ? '' : 'not '}loaded)`);
    // A timeout already due (a last batched dashboard update) may still fire; it must not be renewed.
    await waitFor(() => timers.pending().length === 0, 2_000, () => `the extension's timers to end after ${after}: ${timers.pending().join('; ')}`);
    // Rejections are reported on the next turns of the event loop.
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(rejections.map(String), [], `unhandled rejections after ${after}`);
  }

  /** The next run on the small fixture starts without a question and ends done, with vectors. */
  async function assertNewRunClean(api: Word2VecApi): Promise<void> {
    await setSettings({ ...FAST });
    const asked = api.ui.messages.length;
    const outcome = await train(fixture('corpus.txt'));
    assert.equal(outcome?.kind, 'result', `the new run: ${outcome?.kind === 'error' ? outcome.message : 'no outcome'}`);
    assert.equal(outcome.result.stopReason, 'done');
    assert.ok(!api.ui.messages.slice(asked).some((m) => /already training/.test(m.text)), 'the new run asked about a run still going');
    assert.equal(api.runs.current, undefined);
    await assertNothingLeft(api, 'the new run');
  }

  test('Stop while the corpus is being read: the run ends empty, nothing is left, a new run works', async () => {
    const api = await extensionApi();
    const { outcome } = await startLong(api, 'started');
    assert.ok(api.lifecycle.liveWorkers() > 0, 'the run has a worker');
    assert.equal(api.runs.stop(), true);
    const o = await outcome;
    assert.equal(o?.kind, 'result');
    assert.equal(o.result.stopReason, 'cancelled');
    await assertNothingLeft(api, 'a stop while reading');
    await assertNewRunClean(api);
  });

  test('Cancel while training: the vectors so far are kept, nothing is left, a new run works', async () => {
    const api = await extensionApi();
    const seen = timers.seen;
    const { outcome } = await startLong(api, 'train');
    api.runs.stop();
    const o = await outcome;
    assert.equal(o?.kind, 'result');
    assert.equal(o.result.stopReason, 'cancelled');
    assert.ok(o.result.wordsProcessed > 0 && o.result.wordsProcessed < o.result.vocab.trainWords * 200, `words processed ${o.result.wordsProcessed}`);
    assert.equal(api.store.current?.origin.name, 'long.txt');
    // The stop's grace timer at least (runWorker): the watch does see the extension's timers.
    assert.ok(timers.seen > seen, 'no timer of the extension was seen during the run');
    await assertNothingLeft(api, 'a cancel while training');
    await assertNewRunClean(api);
  });

  test('Closing the dashboard while training: the run goes on, then ends cleanly; the next run opens it again', async () => {
    const api = await extensionApi();
    await setSettings({ openDashboardOnTrain: true });
    const { outcome } = await startLong(api, 'train');
    await waitFor(() => api.dashboard.current !== undefined, 10_000, 'the dashboard to open with the run');
    api.dashboard.current!.panel.dispose();
    await waitFor(() => api.dashboard.current === undefined, 5_000, 'the dashboard to close');
    const before = api.runs.progress?.wordsProcessed ?? 0;
    await waitFor(() => (api.runs.progress?.wordsProcessed ?? 0) > before, 10_000, 'the run to go on after the dashboard closed');
    api.runs.stop();
    const o = await outcome;
    assert.equal(o?.kind, 'result');
    assert.equal(o.result.stopReason, 'cancelled');
    await assertNothingLeft(api, 'closing the dashboard');
    await assertNewRunClean(api);
    await waitFor(() => api.dashboard.current !== undefined, 10_000, 'the dashboard to open for the new run');
  });

  test('Deactivation (as on a window reload) while training: the run is cancelled and its workers end; activated again, training works', async () => {
    let api = await extensionApi();
    const { outcome } = await startLong(api, 'train');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const oldRuns = api.runs;
    const oldStatusBar = api.statusBar;
    api = await api.lifecycle.restart();
    // The same exports object, with new instances: other suites keep working with it.
    assert.strictEqual(api, await extensionApi());
    assert.notStrictEqual(api.runs, oldRuns);
    assert.notStrictEqual(api.statusBar, oldStatusBar);
    assert.equal(oldRuns.current, undefined, 'the old run is over');
    // The old activation's workers, the model's query worker included, are gone; the new one has no model yet.
    assert.equal(api.store.current, undefined);
    await waitFor(() => api.lifecycle.liveWorkers() === 0, 5_000, () => `the old activation's workers to end (${api.lifecycle.liveWorkers()} running)`);
    const o = await outcome;
    assert.equal(o?.kind, 'result');
    assert.equal(o.result.stopReason, 'cancelled');
    await assertNothingLeft(api, 'deactivation');
    await assertNewRunClean(api);
    // The commands were registered again (the new run above went through word2vec.trainOnFile).
    assert.equal(api.runs.lastOutcome?.kind, 'result');
  });
});
