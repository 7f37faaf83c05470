import * as vscode from 'vscode';
import type { NamedPath } from '../core/util/outputGuard';
import type { VectorStore } from '../vectors/vectorStore';
import type { RunManager } from './runManager';

/**
 * The files the extension reads that a save must never replace: the corpus of the current
 * vectors, the corpus of the run in progress, and the vectors file loaded. Files only: an unsaved
 * or virtual document has no path an export could reach.
 */
export function inputFiles(store: VectorStore, runs: RunManager): NamedPath[] {
  const inputs: NamedPath[] = [];
  const corpus = (uri: string | undefined): void => {
    if (!uri) return;
    const u = vscode.Uri.parse(uri);
    if (u.scheme === 'file') inputs.push({ flag: vscode.l10n.t('the corpus'), path: u.fsPath });
  };
  const origin = store.current?.origin;
  if (origin?.kind === 'trained') corpus(origin.documentUri);
  if (origin?.kind === 'loaded') inputs.push({ flag: vscode.l10n.t('the vectors file loaded'), path: origin.path });
  if (runs.current?.sourceKind === 'file') corpus(runs.current.documentUri);
  return inputs;
}
