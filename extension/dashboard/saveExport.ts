/**
 * The extension's exports (the Map's coordinates, the gradient check's JSON, "Export vectors") ask
 * where the same way: through the host's save dialog (the extension's Ui, which the host tests
 * answer), refusing a file the extension read (training/exportGuard.ts lists them; the CLI's
 * output guard compares real paths and inodes, never strings) before anything is written; then
 * they write atomically (the text here; the vectors in their worker, by the same atomicWrite).
 */
import * as vscode from 'vscode';
import { atomicWriteFile } from '../core/util/atomicWrite';
import type { NamedPath } from '../core/util/outputGuard';
import { guardOutputs } from '../core/util/outputGuard';
import type { DashboardHost } from './host';

/** What a save needs of the extension: its save dialog and the files it read. */
export type ExportHost = Pick<DashboardHost, 'saveDialog' | 'inputFiles'>;

export interface ExportFile {
  /** The save dialog's title. */
  title: string;
  /** The file name suggested, in the first workspace folder. */
  name: string;
  filters: Record<string, string[]>;
  /** The save button's label (VS Code's own when absent). */
  saveLabel?: string;
  /** Files the view read besides the extension's own (the Map's evaluation set): never overwritten either. */
  inputs?: readonly NamedPath[];
  /** The files the export writes beside the one chosen (the Projector's metadata.tsv): guarded as it is. */
  alongside?: (path: string) => NamedPath[];
}

/**
 * Asks where to save `file` (the host's save dialog, starting in the first workspace folder) and,
 * for a file on disk, refuses a path that is (or links to) an input, and any of the files written
 * alongside, before anything is written. Resolves with the location chosen, or undefined when the
 * dialog was closed; rejects with a UserInputError that names the input. Every export asks here:
 * the dashboard's (saveExport below) and "Export vectors" (commands/vectorFiles.ts).
 */
export async function chooseExport(host: ExportHost, file: ExportFile): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const saveDialog = host.saveDialog ?? ((options: vscode.SaveDialogOptions) => vscode.window.showSaveDialog(options));
  const uri = await saveDialog({
    title: file.title,
    filters: file.filters,
    ...(file.saveLabel ? { saveLabel: file.saveLabel } : {}),
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, file.name) } : {}),
  });
  if (!uri || uri.scheme !== 'file') return uri;
  const inputs = [...(host.inputFiles?.() ?? []), ...(file.inputs ?? [])];
  await guardOutputs(inputs, [{ flag: vscode.l10n.t('the export'), path: uri.fsPath, example: file.name }, ...(file.alongside?.(uri.fsPath) ?? [])]);
  return uri;
}

/**
 * Asks where to save `file` (chooseExport) and writes `text()` atomically. Resolves with where it
 * was written (the path, or the URI of a location that is not a file on disk, written through
 * workspace.fs), or undefined when the dialog was closed. Rejects with a UserInputError that names
 * the input when the chosen file is one; nothing is written then.
 */
export async function saveExport(host: ExportHost, file: ExportFile, text: () => string): Promise<string | undefined> {
  const uri = await chooseExport(host, file);
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text()));
    return uri.toString();
  }
  await atomicWriteFile(uri.fsPath, text());
  return uri.fsPath;
}
