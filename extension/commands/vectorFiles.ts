import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { VectorFormat } from '../core/vectors';
import type { VectorStore } from '../vectors/vectorStore';
import { readVectorsOffThread, writeVectorsOffThread } from '../vectors/vectorsIo';
import { formatCount } from '../training/format';
import { NO_VECTORS } from '../vectors/vectorStore';
import type { Ui } from './ui';

const FORMATS: { label: string; format: VectorFormat; ext: string; detail: string }[] = [
  { label: 'word2vec text', format: 'text', ext: 'txt', detail: 'One word and its numbers per line; readable, about 3x larger.' },
  { label: 'word2vec binary', format: 'binary', ext: 'bin', detail: 'The original C tool\'s binary format (float32); compact and exact.' },
];

/** "Export vectors": format, then file, then an atomic write in a worker. Resolves with the path written. */
export async function exportVectors(store: VectorStore, ui: Ui): Promise<string | undefined> {
  const model = store.current;
  if (!model) {
    void ui.error(NO_VECTORS);
    return undefined;
  }
  const choice = await ui.pick(FORMATS, { title: 'Export word vectors as' });
  if (!choice) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const stem = model.origin.name.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'vectors';
  const target = await ui.saveDialog({
    title: 'Export word vectors',
    saveLabel: 'Export',
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${stem}.vectors.${choice.ext}`) : undefined,
    filters: { [choice.label]: [choice.ext], 'All files': ['*'] },
  });
  if (!target) return undefined;
  if (target.scheme !== 'file') {
    void ui.error(`Vectors can only be written to a file on this machine's disk, not ${target.toString()}.`);
    return undefined;
  }
  try {
    await writeVectorsOffThread(target.fsPath, model.vectors, choice.format);
  } catch (e) {
    void ui.error(`Could not export the vectors: ${(e as Error).message}`);
    return undefined;
  }
  void ui.info(`Exported ${formatCount(model.vectors.size)} vectors of ${model.vectors.dim} dimensions to ${basename(target.fsPath)} (${choice.label}).`);
  return target.fsPath;
}

/** "Load vectors": any word2vec text or binary file becomes the model for hovers and neighbours. */
export async function loadVectors(store: VectorStore, ui: Ui): Promise<number | undefined> {
  const target = await ui.openDialog({
    title: 'Load word vectors (word2vec text or binary)',
    openLabel: 'Load',
    canSelectMany: false,
    filters: { 'Word vectors': ['txt', 'vec', 'bin', 'vectors'], 'All files': ['*'] },
  });
  if (!target) return undefined;
  if (target.scheme !== 'file') {
    void ui.error(`Vectors can only be read from a file on this machine's disk, not ${target.toString()}.`);
    return undefined;
  }
  try {
    const vectors = await readVectorsOffThread(target.fsPath);
    const name = basename(target.fsPath);
    store.set(vectors, { kind: 'loaded', name, path: target.fsPath });
    void ui.info(`Loaded ${formatCount(vectors.size)} vectors of ${vectors.dim} dimensions from ${name}. ` +
      `Hover a word in a text or Markdown file to see its neighbours.`);
    return vectors.size;
  } catch (e) {
    void ui.error(`Could not load ${basename(target.fsPath)}: ${(e as Error).message}`);
    return undefined;
  }
}
