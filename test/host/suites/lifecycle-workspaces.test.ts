// Untrusted and virtual workspaces: what package.json declares, and that training works on a
// document of a virtual file system (no file on disk), from the editor and from the explorer.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../extension/commands/ids';
import { endTest, EXTENSION_ID, extensionApi, FAST, fixture, resetSettings, setSettings } from './support';

/** A read-only file system in memory: what a virtual workspace (a GitHub repository...) looks like to an extension. */
class MemoryFs implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Uint8Array>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  put(path: string, text: string): void { this.files.set(path, new TextEncoder().encode(text)); }
  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }
  stat(uri: vscode.Uri): vscode.FileStat {
    const f = this.files.get(uri.path);
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: f.length };
  }
  readDirectory(): [string, vscode.FileType][] { return [...this.files.keys()].map((k) => [k.slice(1), vscode.FileType.File]); }
  readFile(uri: vscode.Uri): Uint8Array {
    const f = this.files.get(uri.path);
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return f;
  }
  createDirectory(): void { throw vscode.FileSystemError.NoPermissions('read-only'); }
  writeFile(): void { throw vscode.FileSystemError.NoPermissions('read-only'); }
  delete(): void { throw vscode.FileSystemError.NoPermissions('read-only'); }
  rename(): void { throw vscode.FileSystemError.NoPermissions('read-only'); }
}

suite('lifecycle: untrusted and virtual workspaces', function () {
  this.timeout(120_000);
  const fs = new MemoryFs();
  let registration: vscode.Disposable;

  suiteSetup(async () => {
    await extensionApi();
    registration = vscode.workspace.registerFileSystemProvider('w2vmem', fs, { isReadonly: true });
    fs.put('/corpus.txt', readFileSync(fixture('corpus.txt').fsPath, 'utf8'));
  });
  suiteTeardown(() => registration.dispose());
  setup(async () => {
    await resetSettings();
    await setSettings(FAST);
  });
  teardown(async () => {
    await endTest();
  });

  test('package.json declares limited support for both, restricting only settings it contributes', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      capabilities?: { untrustedWorkspaces?: { supported: unknown; description?: string; restrictedConfigurations?: string[] }; virtualWorkspaces?: { supported: unknown; description?: string } };
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    const untrusted = pkg.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.ok((untrusted.description ?? '').length > 40 && !untrusted.description!.startsWith('%'), 'a description, localised (not the %key%)');
    assert.ok(untrusted.restrictedConfigurations?.length, 'restricted settings');
    for (const key of untrusted.restrictedConfigurations!) assert.ok(key in pkg.contributes.configuration.properties, `${key} is not a setting of the extension`);
    assert.equal(pkg.capabilities?.virtualWorkspaces?.supported, 'limited');
    assert.ok((pkg.capabilities?.virtualWorkspaces?.description ?? '').length > 40);
  });

  test('a document of a virtual file system trains from its text: open in the editor, and picked as a URI', async () => {
    const api = await extensionApi();
    const uri = vscode.Uri.parse('w2vmem:/corpus.txt');
    // Picked (as from the explorer) without being open: VS Code reads it, the engine trains on its text.
    const picked = await vscode.commands.executeCommand<{ kind: string; run?: { sourceKind: string } ; result?: { stopReason: string; words: string[] } }>(COMMANDS.trainOnFile, uri);
    assert.equal(picked?.kind, 'result', JSON.stringify(api.ui.messages.slice(-2)));
    assert.equal(picked.run?.sourceKind, 'text');
    assert.equal(picked.result?.stopReason, 'done');
    assert.ok(api.store.current!.vectors.indexOf('animal') >= 0);
    // From the editor.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const fromEditor = await vscode.commands.executeCommand<{ kind: string; run?: { sourceKind: string; documentUri?: string } }>(COMMANDS.trainOnFile);
    assert.equal(fromEditor?.kind, 'result');
    assert.equal(fromEditor.run?.documentUri, uri.toString());
    // Exporting to the virtual file system is refused with a message, not an exception.
    const shown = api.ui.messages.length;
    api.ui.answers.push('word2vec text', vscode.Uri.parse('w2vmem:/vectors.txt'));
    assert.equal(await vscode.commands.executeCommand(COMMANDS.exportVectors), undefined);
    assert.match(api.ui.messages.slice(shown).find((m) => m.level === 'error')?.text ?? '', /only be written to a file on this machine's disk/);
  });
});
