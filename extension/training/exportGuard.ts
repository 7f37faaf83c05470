import * as vscode from 'vscode';
import { guardOutputs, type NamedPath } from '../core/util/outputGuard';
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

/**
 * Why the extension must not write `outputs` (each an absolute path), or undefined when it may:
 * the output guard of the CLI (outputGuard.ts: real paths and inodes, never strings), so an
 * export never overwrites an input nor another file of the same export, never replaces a FIFO
 * or a device, and finds an unwritable folder before any work.
 */
export async function unsafeOutput(outputs: NamedPath[], inputs: NamedPath[]): Promise<string | undefined> {
  try {
    await guardOutputs(inputs, outputs);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
