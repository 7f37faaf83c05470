// The extension is there, in development mode from this repo, and activates in a real VS Code
// extension host (mocha TDD interface; see test/host/index.ts).
import * as assert from 'node:assert/strict';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import pkg from '../../../package.json';

// dist/tests/host/suites/ -> the repo root, the extension under development.
const repoRoot = join(__dirname, '../../../..');
const extensionId = `${pkg.publisher}.${pkg.name}`;
const TRAIN_COMMAND = 'word2vec.trainOnFile';

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, `extension ${extensionId} is not installed in this host`);
  return ext;
}

suite('activation', () => {
  test('the extension is loaded from this repo in development mode', () => {
    assert.equal(realpathSync(extension().extensionPath), realpathSync(repoRoot));
  });

  test('it activates without throwing', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('every command it contributes is registered once active, the train command among them', async () => {
    await extension().activate();
    const contributed = ((pkg.contributes as { commands?: { command: string }[] }).commands ?? []).map((c) => c.command);
    assert.ok(contributed.includes(TRAIN_COMMAND), `package.json contributes no ${TRAIN_COMMAND} command`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed but not registered');
  });

  test('the fixture workspace is open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    for (const f of ['corpus.txt', 'tiny.txt', 'empty.txt', 'whitespace.txt', 'binary.bin']) {
      assert.ok(existsSync(join(folders[0].uri.fsPath, f)), `fixture ${f} is missing from ${folders[0].uri.fsPath}`);
    }
  });
});
