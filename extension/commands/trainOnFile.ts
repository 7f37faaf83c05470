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
export async function corpusRequest(arg: unknown): Promise<RunRequest | CorpusError> {
  // No active text editor (the Welcome page's walkthrough has the focus, or the dashboard): the
  // one text file in view is the one meant; several, or none, and the user is asked.
  const inView = arg instanceof vscode.Uri || vscode.window.activeTextEditor ? undefined : onlyVisibleCorpus();
  const notText = arg instanceof vscode.Uri || inView ? undefined : activeEditorNotText();
  if (notText) return { error: notText, offerSample: true };
  const target = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri ?? inView;
  if (!target) {
    return { error: vscode.l10n.t('Open a text file (or pick one in the explorer), then run "Word2Vec: Train word2vec on file".'), offerSample: true };
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
    return { error: vscode.l10n.t("{0} is not a file on this machine's disk ({1}:); open it in an editor and train from there.", name, target.scheme) };
  }
  const stat = await vscode.workspace.fs.stat(target).then((s) => s, () => undefined);
  if (!stat) return { error: vscode.l10n.t('{0} does not exist any more; pick another file.', target.fsPath) };
  if (stat.type & vscode.FileType.Directory) return { error: vscode.l10n.t('{0} is a folder; pick a text file to train on.', name) };
  return { source: { kind: 'file', path: target.fsPath }, name, documentUri: target.toString() };
}

/** Why there is nothing to train on; `offerSample`: no text is in front of the user, so the sample corpus is offered. */
export interface CorpusError {
  error: string;
  offerSample?: boolean;
}

/** The document of the only text editor in view that shows a corpus (not the Output panel...), if exactly one does. */
function onlyVisibleCorpus(): vscode.Uri | undefined {
  const uris = new Map<string, vscode.Uri>();
  for (const e of vscode.window.visibleTextEditors ?? []) {
    const uri = e.document.uri;
    if (!Object.hasOwn(NOT_A_CORPUS, uri.scheme)) uris.set(uri.toString(), uri);
  }
  return uris.size === 1 ? [...uris.values()][0] : undefined;
}

/** Text editors that show no file of the user's: the Output panel, the debug console, a notebook's cells. */
const NOT_A_CORPUS: Record<string, () => string> = {
  output: () => vscode.l10n.t('the Output panel'),
  debug: () => vscode.l10n.t('a debugger view'),
  'vscode-notebook-cell': () => vscode.l10n.t('a notebook cell'),
};

/**
 * When the active editor is not a text file (an image, a notebook, the Output panel...), what to
 * do instead; undefined when it is one, or when there is no active editor at all.
 */
function activeEditorNotText(): string | undefined {
  const what = (thing: string): string => vscode.l10n.t('The active editor is {0}, not a text file: Word2Vec trains on plain text. Click in a text file (.txt or .md) or pick one in the explorer, then run "Word2Vec: Train word2vec on file" again.', thing);
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const scheme = editor.document.uri.scheme;
    const thing = Object.hasOwn(NOT_A_CORPUS, scheme) ? NOT_A_CORPUS[scheme] : undefined;
    return thing ? what(thing()) : undefined;
  }
  const tab = vscode.window.tabGroups?.activeTabGroup.activeTab;
  // No tab, or the dashboard or a text tab with the focus elsewhere: the general message.
  if (!tab || tab.input instanceof vscode.TabInputWebview || tab.input instanceof vscode.TabInputText) return undefined;
  if (tab.input instanceof vscode.TabInputNotebook) return what(vscode.l10n.t('the notebook {0}', tab.label));
  if (tab.input instanceof vscode.TabInputCustom) return what(vscode.l10n.t('{0}, which is not shown as text (an image, a preview or another custom view)', tab.label));
  // The Welcome page, a walkthrough, the settings: no file at all, so the general message.
  return undefined;
}

function displayName(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : basename(uri.path) || uri.toString();
}
