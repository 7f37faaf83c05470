import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { RunRequest } from '../training/runManager';

/**
 * What "Train word2vec on file" trains on. From the palette or the editor's context menu: the
 * document as it is in the editor. From the explorer: the file picked, streamed from disk by the
 * engine (it never has to fit in an editor). One rule covers both: an open document with unsaved
 * edits, or one not on disk (untitled), is passed as text (the engine's worker tokenizes it, not
 * this thread); anything else on disk is passed as a path.
 */
export async function corpusRequest(arg: unknown): Promise<RunRequest | { error: string }> {
  const notText = arg instanceof vscode.Uri ? undefined : activeEditorNotText();
  if (notText) return { error: notText };
  const target = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    return { error: vscode.l10n.t('Open a text file (or pick one in the explorer), then run "Word2Vec: Train word2vec on file".') };
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  const name = displayName(target);
  if (doc && (doc.isDirty || doc.uri.scheme !== 'file')) {
    return { source: { kind: 'text', text: doc.getText(), name }, name, documentUri: doc.uri.toString() };
  }
  if (target.scheme !== 'file') {
    // A virtual workspace (a remote repository...): the engine cannot read it from disk, so VS Code reads it as a document.
    const opened = await vscode.workspace.openTextDocument(target).then((d) => d, () => undefined);
    if (opened) return { source: { kind: 'text', text: opened.getText(), name }, name, documentUri: opened.uri.toString() };
    return { error: `${name} is not a file on this machine's disk (${target.scheme}:); open it in an editor and train from there.` };
  }
  const stat = await vscode.workspace.fs.stat(target).then((s) => s, () => undefined);
  if (!stat) return { error: `${target.fsPath} does not exist any more; pick another file.` };
  if (stat.type & vscode.FileType.Directory) return { error: `${name} is a folder; pick a text file to train on.` };
  return { source: { kind: 'file', path: target.fsPath }, name, documentUri: target.toString() };
}

/** Text editors that show no file of the user's: the Output panel, the debug console, a notebook's cells. */
const NOT_A_CORPUS: Record<string, string> = {
  output: 'the Output panel',
  debug: 'a debugger view',
  'vscode-notebook-cell': 'a notebook cell',
};

/**
 * When the active editor is not a text file (an image, a notebook, the Output panel...), what to
 * do instead; undefined when it is one, or when there is no active editor at all.
 */
function activeEditorNotText(): string | undefined {
  const what = (thing: string): string => vscode.l10n.t('The active editor is {0}, not a text file: Word2Vec trains on plain text. Click in a text file (.txt or .md) or pick one in the explorer, then run "Word2Vec: Train word2vec on file" again.', thing);
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const thing = NOT_A_CORPUS[editor.document.uri.scheme];
    return thing ? what(vscode.l10n.t(thing)) : undefined;
  }
  const tab = vscode.window.tabGroups?.activeTabGroup.activeTab;
  // No tab, or the dashboard or a text tab with the focus elsewhere: the general message.
  if (!tab || tab.input instanceof vscode.TabInputWebview || tab.input instanceof vscode.TabInputText) return undefined;
  if (tab.input instanceof vscode.TabInputNotebook) return what(vscode.l10n.t('the notebook {0}', tab.label));
  return what(vscode.l10n.t('{0}, which is not shown as text (an image, a preview or another custom view)', tab.label));
}

function displayName(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : basename(uri.path) || uri.toString();
}
