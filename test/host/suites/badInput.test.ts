import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MAX_SOFTMAX_VOCAB, OPTION_RANGES } from '../../../extension/core/train/options';
import { extensionApi, FAST, fixture, resetSettings, setSettings, tempFile, train, waitFor } from './support';

suite('bad input gets a clear message', function () {
  this.timeout(120_000);

  setup(async () => {
    await resetSettings();
    await setSettings(FAST);
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings();
  });

  /** Trains, expects an error outcome, returns the error message the user saw. */
  async function expectError(uri?: vscode.Uri): Promise<string> {
    const api = await extensionApi();
    const seen = api.ui.messages.length;
    const outcome = await train(uri);
    assert.ok(outcome && outcome.kind === 'error', `expected an error, got ${JSON.stringify(outcome && { ...outcome, result: undefined })}`);
    assert.ok(outcome.userError, `not reported as a user mistake: ${outcome.message}`);
    const shown = api.ui.messages.slice(seen).filter((m) => m.level === 'error');
    assert.equal(shown.length, 1);
    assert.equal(shown[0].text, outcome.message);
    // Still responsive: the next command runs and the run slot is free.
    assert.equal(api.runs.current, undefined);
    return shown[0].text;
  }

  test('an empty file', async () => {
    assert.match(await expectError(fixture('empty.txt')), /empty|no words/i);
  });

  test('an empty unsaved document', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' }));
    assert.match(await expectError(), /empty|no words/i);
  });

  test('whitespace only', async () => {
    assert.match(await expectError(fixture('whitespace.txt')), /whitespace|no words|empty/i);
  });

  test('a binary file', async () => {
    assert.match(await expectError(fixture('binary.bin')), /binary|NUL|UTF-8/i);
  });

  test('too few distinct words for the window and negatives', async () => {
    assert.match(await expectError(fixture('tiny.txt')), /distinct words|too few/i);
  });

  test('naive softmax over a too large vocabulary', async () => {
    await setSettings({ loss: 'softmax', minCount: 1 });
    const words: string[] = [];
    for (let i = 0; i <= MAX_SOFTMAX_VOCAB; i++) words.push(`w${i.toString(36)}x`, `w${i.toString(36)}x`);
    assert.match(await expectError(tempFile('big-vocab.txt', words.join(' ') + '\n')), /softmax/i);
  });

  test('a setting out of its range', async () => {
    await setSettings({ dimensions: 0 });
    assert.equal(await expectError(fixture('corpus.txt')),
      `The setting word2vec.dimensions is 0; it must be an integer from ${OPTION_RANGES.dim.min} to ${OPTION_RANGES.dim.max}. Change it in the Settings (Word2Vec).`);
  });

  test('a divergent learning rate stops the run, says so and keeps the last good vectors', async () => {
    const api = await extensionApi();
    await setSettings({ learningRate: 10, epochs: 50 });
    const seen = api.ui.messages.length;
    const outcome = await train(fixture('corpus.txt'));
    assert.ok(outcome?.kind === 'result', JSON.stringify(outcome));
    assert.equal(outcome.result.stopReason, 'diverged');
    const shown = api.ui.messages.slice(seen).filter((m) => m.level === 'error');
    assert.equal(shown.length, 1);
    assert.match(shown[0].text, /learning rate|learningRate|alpha/i);
    assert.ok(outcome.result.vectors.every((x) => Number.isFinite(x)), 'the kept vectors hold NaN or Inf');
    assert.equal(api.store.current?.vectors.size, outcome.result.words.length);
  });

  test('no document and no file', async () => {
    const api = await extensionApi();
    await waitFor(() => vscode.window.activeTextEditor === undefined, 5000, 'no active editor');
    const seen = api.ui.messages.length;
    assert.equal(await train(), undefined);
    assert.match(api.ui.messages.slice(seen)[0]?.text ?? '', /Open a text file/);
  });
});
