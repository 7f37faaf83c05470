/**
 * A real (small) training run through the RunManager, with the fake `vscode`: what the status bar
 * says while it trains and after, and the notification at the end with its buttons.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fake from './fakeVscode';
import { RunManager } from '../../extension/training/runManager';
import { RunStatusBar } from '../../extension/statusBar';
import { Ui } from '../../extension/commands/ui';
import { VectorStore } from '../../extension/vectors/vectorStore';
import { withSmallJson } from '../../extension/commands/index';

const text = Array.from({ length: 4000 }, (_, i) => `the cat sat on the mat while the dog ran to the park ${i % 13} and back`).join('\n');

test('while a run trains the status bar shows its progress; after, which vectors are loaded; the notification has its buttons', async () => {
  for (const [k, v] of Object.entries({ epochs: 3, dimensions: 10, minCount: 1, threads: 1 })) fake.settings.set(k, v);
  const store = new VectorStore();
  const statusBar = new RunStatusBar('word2vec.openDashboard', store);
  const item = fake.statusBarItems.at(-1)!;
  assert.equal(item.visible, false, 'hidden with no vectors and no run');
  const runs = new RunManager(store, new Ui(), statusBar);
  const seen = fake.messages.length;
  const outcome = await runs.start({ source: { kind: 'text', text, name: 'corpus.txt' }, name: 'corpus.txt' });
  assert.ok(outcome?.kind === 'result' && outcome.result.stopReason === 'done', JSON.stringify(outcome?.kind === 'error' ? outcome.message : ''));
  assert.ok(item.shown.some((t) => /^\$\(sync~spin\) word2vec: training on corpus\.txt, \d+%$/.test(t)), `progress shown: ${JSON.stringify(item.shown.slice(0, 5))}`);
  const words = outcome.result.words.length.toLocaleString('en-US');
  assert.equal(item.text, `$(symbol-array) word2vec: corpus.txt, ${words} words`);
  assert.ok(item.visible);
  assert.deepEqual(item.command, { command: 'word2vec.openDashboard', title: 'Open the Word2Vec dashboard' });
  const said = fake.messages.slice(seen);
  assert.equal(said.length, 1, JSON.stringify(said));
  assert.match(said[0].text, new RegExp(`^Trained [\\d,]+ words in [\\d.]+ s: ${words} words in the vocabulary, final loss [\\d.]+ \\(mean over the last epoch\\)\\.$`));
  assert.deepEqual(said[0].actions, ['Open dashboard', 'Export vectors']);
  // What the train command returns: the whole outcome to a caller in the extension host, and a
  // summary when the workbench (a person) ran it and VS Code serialises the result as JSON.
  const returned = withSmallJson(outcome);
  assert.equal(returned.kind === 'result' && returned.result.vectors, outcome.result.vectors);
  assert.ok(JSON.stringify(outcome.result).length > 5 * outcome.result.vectors.length, 'the full result spells out every vector component');
  const json = JSON.stringify(returned);
  assert.ok(json.length < 300, json);
  assert.deepEqual(JSON.parse(json), { kind: 'result', runId: outcome.run.id, stopReason: 'done', words: outcome.result.words.length, wordsProcessed: outcome.result.wordsProcessed });
  // No vectors any more: the item goes.
  store.clear();
  assert.equal(item.visible, false);
  runs.dispose();
  statusBar.dispose();
  fake.settings.clear();
});

test('a run\'s progress notification shows the status line and the percentage; its Cancel stops the run and keeps the vectors', async () => {
  for (const [k, v] of Object.entries({ epochs: 1000, dimensions: 10, minCount: 1, threads: 1 })) fake.settings.set(k, v);
  const store = new VectorStore();
  const statusBar = new RunStatusBar('word2vec.openDashboard', store);
  const ui = new Ui();
  const runs = new RunManager(store, ui, statusBar);
  const title = 'Word2Vec: training on long.txt';
  const pending = runs.start({ source: { kind: 'text', text, name: 'long.txt' }, name: 'long.txt' });
  try {
    const end = Date.now() + 30_000;
    while (!(runs.progress?.phase === 'train' && runs.progress.wordsProcessed > 0 && ui.progressMessage(title) !== 'reading the corpus')) {
      assert.ok(Date.now() < end, `no training progress in the notification (${ui.progressMessage(title)})`);
      await new Promise((r) => setTimeout(r, 10));
    }
    // The notification and the status bar show the same line, built once per tick.
    assert.equal(statusBar.shownTooltip, `Training on long.txt: ${ui.progressMessage(title)}`);
    assert.match(ui.progressMessage(title)!, /^epoch \d+\/1000 · [\d,.]+[kM]? words\/s · ETA /);
    const shown = fake.progressShown.find((p) => p.title === title)!;
    assert.ok(shown, 'the run went through Ui.progress');
    assert.equal(ui.cancelProgress(title), true, 'the notification is cancellable');
    const outcome = await pending;
    assert.ok(outcome?.kind === 'result' && outcome.result.stopReason === 'cancelled', JSON.stringify(outcome?.kind));
    assert.ok(outcome.result.wordsProcessed > 0);
    assert.equal(store.current?.vectors.size, outcome.result.words.length, 'the vectors trained so far are kept');
    assert.equal(ui.cancelProgress(title), false, 'the notification is gone');
    const increments = shown.reports.map((r) => r.increment ?? 0);
    assert.ok(increments.every((x) => x >= 0) && increments.reduce((a, b) => a + b, 0) <= 100, `the bar only moves forward, to at most 100% (${increments.join(' ')})`);
  } finally {
    // A failed check must not leave 1,000 epochs training; the model's query worker ends with it.
    runs.dispose();
    store.clear();
    statusBar.dispose();
    fake.settings.clear();
  }
});
