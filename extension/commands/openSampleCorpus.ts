import * as vscode from 'vscode';

/** The corpus the walkthrough trains on, shipped in the package (scripts/package-sample.mjs writes it). */
export const SAMPLE_CORPUS = ['media', 'walkthrough', 'wordnet-sample.txt'] as const;

/**
 * "Open the sample corpus" (the walkthrough's first step): opens the packaged WordNet sample in an
 * editor, so "Train word2vec on file" has a text to train on. It is opened from the extension's own
 * folder and trained from disk; nothing is written there.
 */
export async function openSampleCorpus(extensionUri: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(extensionUri, ...SAMPLE_CORPUS));
  // From the walkthrough (the Welcome page active, no text editor): beside it, so the next step's
  // "Train" link finds the corpus in view and the walkthrough stays open.
  const besideWelcome = !vscode.window.activeTextEditor && vscode.window.tabGroups.activeTabGroup.activeTab !== undefined;
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: besideWelcome ? vscode.ViewColumn.Beside : undefined });
}
