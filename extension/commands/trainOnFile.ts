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
  const target = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    return { error: 'Open a text file (or pick one in the explorer), then run "Word2Vec: Train word2vec on file".' };
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  const name = displayName(target);
  if (doc && (doc.isDirty || doc.uri.scheme !== 'file')) {
    return { source: { kind: 'text', text: doc.getText(), name }, name, documentUri: doc.uri.toString() };
  }
  if (target.scheme !== 'file') {
    return { error: `${name} is not a file on this machine's disk (${target.scheme}:); open it in an editor and train from there.` };
  }
  const stat = await vscode.workspace.fs.stat(target).then((s) => s, () => undefined);
  if (!stat) return { error: `${target.fsPath} does not exist any more; pick another file.` };
  if (stat.type & vscode.FileType.Directory) return { error: `${name} is a folder; pick a text file to train on.` };
  return { source: { kind: 'file', path: target.fsPath }, name, documentUri: target.toString() };
}

function displayName(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : basename(uri.path) || uri.toString();
}
