/**
 * The dashboard's exports (the Map's coordinates, the gradient check's JSON) save the same way:
 * ask where through the host's save dialog (the extension's Ui, which the host tests answer),
 * refuse a file the extension read (training/exportGuard.ts, the CLI's output guard: real paths
 * and inodes, never strings) before anything is written, then write atomically.
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
  /** Files the view read besides the extension's own (the Map's evaluation set): never overwritten either. */
  inputs?: readonly NamedPath[];
}

/**
 * Asks where to save `file`, refuses a path that is (or links to) an input, and writes `text()`
 * atomically. Resolves with where it was written (the path, or the URI of a location that is not
 * a file on disk, written through workspace.fs), or undefined when the dialog was closed. Rejects
 * with a UserInputError that names the input when the chosen file is one; nothing is written then.
 */
export async function saveExport(host: ExportHost, file: ExportFile, text: () => string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const saveDialog = host.saveDialog ?? ((options: vscode.SaveDialogOptions) => vscode.window.showSaveDialog(options));
  const uri = await saveDialog({
    title: file.title,
    filters: file.filters,
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, file.name) } : {}),
  });
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text()));
    return uri.toString();
  }
  const inputs = [...(host.inputFiles?.() ?? []), ...(file.inputs ?? [])];
  await guardOutputs(inputs, [{ flag: vscode.l10n.t('the export'), path: uri.fsPath, example: file.name }]);
  await atomicWriteFile(uri.fsPath, text());
  return uri.fsPath;
}
