// Shared by the extension-host suites (not a suite itself: index.ts runs only *.test.js).
import * as vscode from 'vscode';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Word2VecApi } from '../../../extension/extension';
import type { RunOutcome } from '../../../extension/training/events';

export const EXTENSION_ID = 'w2v-explorer.word2vec-gradient-explorer';

/** The running extension's own objects (activating it if needed). */
export async function extensionApi(): Promise<Word2VecApi> {
  const ext = vscode.extensions.getExtension<Word2VecApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  return ext.activate();
}

/** The workspace copy of test/host/fixtures/workspace that the runner opened. */
export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Small, fast training settings for tests; each suite resets them in teardown. */
export const FAST: Record<string, unknown> = { dimensions: 16, epochs: 2, minCount: 2, threads: 1, seed: 7, window: 3, negatives: 4 };

export async function setSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('word2vec');
  for (const [k, v] of Object.entries(values)) await config.update(k, v, vscode.ConfigurationTarget.Global);
}

export async function resetSettings(): Promise<void> {
  const config = vscode.workspace.getConfiguration('word2vec');
  const keys = ['model', 'loss', 'dimensions', 'window', 'negatives', 'minCount', 'sample', 'epochs', 'learningRate', 'threads', 'seed', 'neighbours'];
  for (const k of keys) if (config.inspect(k)?.globalValue !== undefined) await config.update(k, undefined, vscode.ConfigurationTarget.Global);
}

export function train(uri?: vscode.Uri): Thenable<RunOutcome | undefined> {
  return vscode.commands.executeCommand<RunOutcome | undefined>('word2vec.trainOnFile', ...(uri ? [uri] : []));
}

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A fresh file outside the workspace (the fixtures stay untouched). */
export function tempFile(name: string, content: string | Uint8Array): vscode.Uri {
  const dir = mkdtempSync(join(tmpdir(), 'w2v-host-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return vscode.Uri.file(path);
}

/** Cosine similarity of two rows, computed here from the raw vectors (not by the code under test). */
export function cosine(vectors: Float32Array, dim: number, a: number, b: number): number {
  let ab = 0, aa = 0, bb = 0;
  for (let j = 0; j < dim; j++) {
    const x = vectors[a * dim + j], y = vectors[b * dim + j];
    ab += x * y; aa += x * x; bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Word counts of a text by the project's tokenizer rules, computed independently: lower-cased runs of letters/digits. */
export function countWords(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu) ?? []) {
    const k = w.replace(/’/g, "'");
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** After a test: no answers left queued, no run going (stopped and ended), no editor open, the default settings. */
export async function endTest(): Promise<void> {
  const api = await extensionApi();
  api.ui.answers.length = 0;
  if (api.runs.current) {
    api.runs.stop();
    await waitFor(() => !api.runs.current, 10_000, 'the run to stop');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await resetSettings();
}
