import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SentimentResult } from '../../../extension/core/sentiment';
import { DEFAULT_REGS } from '../../../extension/core/sentiment/sweep';
import { extensionApi, FAST, fixture, resetSettings, setSettings, tempFile, train, waitFor } from './support';

suite('sentiment classifier command', function () {
  this.timeout(120_000);

  let files: { train: vscode.Uri; dev: vscode.Uri; test: vscode.Uri };
  suiteSetup(async () => {
    await resetSettings();
    await setSettings(FAST);
    const outcome = await train(fixture('corpus.txt'));
    assert.ok(outcome?.kind === 'result');
    // "label sentence" lines from the fixture's glosses; the label is whether the gloss mentions
    // an animal word, so that the classes differ in their words.
    const lines = readFileSync(fixture('corpus.txt').fsPath, 'utf8').split('\n').filter((l) => l.trim().length > 0);
    const animal = /\b(animal|bird|fish|mammal|dog|insect|animals|birds|fishes|mammals|dogs)\b/i;
    const labelled = lines.map((l) => `${animal.test(l) ? 1 : 0} ${l}`);
    const part = (i: number) => labelled.filter((_, j) => j % 5 === i || (i === 0 && j % 5 > 2)).join('\n') + '\n';
    files = { train: tempFile('s.train', part(0)), dev: tempFile('s.dev', part(1)), test: tempFile('s.test', part(2)) };
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings();
  });

  test('sweeps the regularization values, picks the best on dev, measures test once and opens the report', async () => {
    const api = await extensionApi();
    api.ui.answers.push(files.train, files.dev, files.test);
    const r = await vscode.commands.executeCommand<SentimentResult | undefined>('word2vec.trainSentiment');
    assert.ok(r, `no result: ${JSON.stringify(api.ui.messages.slice(-2))}`);
    assert.equal(r.numClasses, 2);
    assert.deepEqual(r.sweep.map((s) => s.reg), [...DEFAULT_REGS]);
    const best = Math.max(...r.sweep.map((s) => s.devAccuracy));
    assert.equal(r.devAccuracy, best);
    assert.equal(r.sweep[r.chosenIndex].reg, r.chosenReg);
    const devCount = readFileSync(files.dev.fsPath, 'utf8').trim().split('\n').length;
    const total = r.devConfusion.flat().reduce((a, b) => a + b, 0);
    assert.equal(total, devCount);
    assert.equal(r.devConfusion[0][0] + r.devConfusion[1][1], Math.round(r.devAccuracy * devCount));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.languageId, 'markdown');
    assert.match(editor!.document.getText(), /Sentiment classifier on the vectors of corpus\.txt/);
    // A read-only report (a virtual document), not an unsaved one that asks to be saved when closed.
    assert.equal(editor!.document.uri.scheme, 'word2vec-report');
    assert.ok(!editor!.document.isUntitled && !editor!.document.isDirty);
    assert.match(api.ui.messages[api.ui.messages.length - 1].text, /chosen on dev .* test accuracy \d+\.\d%/);
    // The dashboard's Sentiment tab gets the sweep (accuracy against regularization, the confusion matrix).
    assert.equal(api.dashboard.recorder.sentiment?.chosenReg, r.chosenReg);
    assert.deepEqual(api.dashboard.recorder.sentiment?.devConfusion, r.devConfusion);
    // A panel opened by the command gets it in its first snapshot; an open panel as a message of its own.
    await waitFor(() => api.dashboard.current?.webviewStatus()?.tab === 'sentiment', 30_000, 'the dashboard to show its Sentiment tab');
    const delivered = api.dashboard.current!.postedMessages().some((m) =>
      (m.type === 'sentiment' && m.result.chosenReg === r.chosenReg) || (m.type === 'snapshot' && m.sentiment?.chosenReg === r.chosenReg));
    assert.ok(delivered, 'the panel was sent the sweep');
  });

  test("the sweep's notification shows each regularization value; its Cancel stops the sweep and says so", async () => {
    const api = await extensionApi();
    // A training file long enough that the sweep is still going when Cancel is pressed.
    const long = tempFile('long.train', readFileSync(files.train.fsPath, 'utf8').repeat(40));
    const title = 'Word2Vec: sentiment classifier on long.train';
    api.ui.answers.push(long, files.dev, files.test);
    const pending = vscode.commands.executeCommand<SentimentResult | undefined>('word2vec.trainSentiment');
    await waitFor(() => api.ui.progressMessage(title) !== undefined, 60_000, 'the sweep\'s notification');
    assert.match(api.ui.progressMessage(title)!, /^\d+ regularization values, 2 classes$|^reg \S+: train \d+\.\d%, dev \d+\.\d%$/);
    assert.equal(api.ui.cancelProgress(title), true);
    assert.equal(await pending, undefined);
    assert.equal(api.ui.messages[api.ui.messages.length - 1].text, 'The sentiment classifier was stopped.');
    assert.equal(api.ui.cancelProgress(title), false, 'the notification is gone');
  });

  test('a bad label in a file gives the loader\'s message', async () => {
    const api = await extensionApi();
    const bad = tempFile('bad.train', '0 a fine sentence\nx not a label\n');
    api.ui.answers.push(bad, files.dev, files.test);
    assert.equal(await vscode.commands.executeCommand('word2vec.trainSentiment'), undefined);
    const last = api.ui.messages[api.ui.messages.length - 1];
    assert.equal(last.level, 'error');
    assert.match(last.text, /bad\.train/);
    assert.match(last.text, /line 2/);
  });
});
