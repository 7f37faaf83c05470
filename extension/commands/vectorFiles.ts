import * as vscode from 'vscode';
import { basename } from 'node:path';
import { FORMAT_DESCRIPTIONS, metadataPathFor, type VectorFormat } from '../core/vectors';
import type { VectorStore } from '../vectors/vectorStore';
import { readVectorsOffThread, writeVectorsOffThread } from '../vectors/vectorsIo';
import { formatCount } from '../training/format';
import { NO_VECTORS } from '../vectors/vectorStore';
import type { ProgressReport, Ui } from './ui';
import type { NamedPath } from '../core/util/outputGuard';
import { chooseExport } from '../dashboard/saveExport';
import { isCancelled } from '../core/errors';
import { STALL_NOTICE_MS } from '../core/util/stall';

/** The export picker (built when shown, so its details are translated; format names stay as their tools spell them). */
const formats = (): { label: string; format: VectorFormat; ext: string; detail: string }[] => [
  { label: 'word2vec text', format: 'text', ext: 'txt', detail: vscode.l10n.t('One word and its numbers per line; readable, about 3x larger.') },
  { label: 'word2vec binary', format: 'binary', ext: 'bin', detail: vscode.l10n.t('The original C tool\'s binary format (float32); compact and exact.') },
  { label: 'fastText .vec', format: 'fasttext', ext: 'vec', detail: FORMAT_DESCRIPTIONS.fasttext },
  { label: 'GloVe text', format: 'glove', ext: 'txt', detail: FORMAT_DESCRIPTIONS.glove },
  { label: 'Embedding Projector TSV', format: 'tsv', ext: 'tsv', detail: vscode.l10n.t('vectors.tsv and metadata.tsv beside it, for projector.tensorflow.org.') },
];

/** The load picker: detection first (it reads every format), or a format named when it guesses wrong. */
const loadFormats = (): { label: string; format?: VectorFormat; detail: string }[] => [
  { label: vscode.l10n.t('Detect from the content'), detail: vscode.l10n.t('word2vec text or binary, fastText .vec, GloVe or the Projector\'s vectors.tsv') },
  ...formats().filter((f) => f.format !== 'fasttext').map(({ label, format, detail }) => ({ label, format, detail })),
];

/** A vector file's reader or writer reports bytes or rows done of a total: the notification shows the percentage. */
const inPercent = (report: ProgressReport) => (done: number, total: number): void => {
  const pct = total > 0 ? Math.floor((100 * done) / total) : 0;
  report(vscode.l10n.t('{0}%', pct), pct);
};

/**
 * Runs `work` reporting its percentage (inPercent); once it has reported nothing for
 * STALL_NOTICE_MS (a file on a drive that stopped answering), the notification says
 * `stalled(seconds)` instead, until it moves again.
 */
async function watchingStall<T>(report: ProgressReport, stalled: (seconds: number) => string, work: (progress: (done: number, total: number) => void) => Promise<T>): Promise<T> {
  const percent = inPercent(report);
  let movedAt = performance.now();
  const watch = setInterval(() => {
    const ms = performance.now() - movedAt;
    if (ms >= STALL_NOTICE_MS) report(stalled(Math.floor(ms / 1000)));
  }, 1000);
  try {
    return await work((done, total) => {
      movedAt = performance.now();
      percent(done, total);
    });
  } finally {
    clearInterval(watch);
  }
}

/** "Export vectors": format, then file, then an atomic write in a worker. Resolves with the path written. */
export async function exportVectors(store: VectorStore, ui: Ui, inputs: NamedPath[] = []): Promise<string | undefined> {
  const model = store.current;
  if (!model) {
    void ui.error(vscode.l10n.t(NO_VECTORS));
    return undefined;
  }
  const choice = await ui.pick(formats(), { title: vscode.l10n.t('Export word vectors as') });
  if (!choice) return undefined;
  const stem = model.origin.name.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'vectors';
  let target: vscode.Uri | undefined;
  try {
    // The dashboard's exports' dialog and guard: never over an input (the corpus, the vectors file
    // loaded), by real path and inode; the Projector's TSV writes its words file beside the vectors.
    target = await chooseExport({ saveDialog: (options) => ui.saveDialog(options), inputFiles: () => inputs }, {
      title: vscode.l10n.t('Export word vectors'),
      saveLabel: vscode.l10n.t('Export'),
      name: `${stem}.vectors.${choice.ext}`,
      filters: { [choice.label]: [choice.ext], [vscode.l10n.t('All files')]: ['*'] },
      ...(choice.format === 'tsv' ? { alongside: (path: string) => [{ flag: vscode.l10n.t("the export's words file"), path: metadataPathFor(path) }] } : {}),
    });
  } catch (e) {
    void ui.error(vscode.l10n.t('Nothing was exported: {0}', (e as Error).message));
    return undefined;
  }
  if (!target) return undefined;
  if (target.scheme !== 'file') {
    void ui.error(vscode.l10n.t("Vectors can only be written to a file on this machine's disk, not {0}.", target.toString()));
    return undefined;
  }
  const name = basename(target.fsPath);
  try {
    // Cancel ends the writing worker (a drive that stopped answering): the target is left as it was, the vectors stay in use.
    await ui.progress(vscode.l10n.t('Exporting {0}', name), true, (report, signal) => watchingStall(report,
      (seconds) => vscode.l10n.t('writing {0} has made no progress for {1} s; the drive may have stopped answering. Cancel stops; the vectors stay in use.', name, seconds),
      (progress) => writeVectorsOffThread(target.fsPath, model.vectors, choice.format, progress, signal)));
  } catch (e) {
    if (isCancelled(e)) {
      void ui.info(vscode.l10n.t('Stopped exporting {0}; nothing was written there. The vectors of {1} are still in use: export them to another folder.', name, model.origin.name));
      return undefined;
    }
    void ui.error(vscode.l10n.t('Could not export the vectors: {0}', (e as Error).message));
    return undefined;
  }
  const words = choice.format === 'tsv' ? vscode.l10n.t(' (the words in {0})', basename(metadataPathFor(target.fsPath))) : '';
  void ui.info(vscode.l10n.t('Exported {0} vectors of {1} dimensions to {2} ({3}){4}.', formatCount(model.vectors.size), model.vectors.dim, name, choice.label, words));
  return target.fsPath;
}

/** "Load vectors": the format (detected by default), then the file, which becomes the model for hovers and neighbours. */
export async function loadVectors(store: VectorStore, ui: Ui): Promise<number | undefined> {
  const choice = await ui.pick(loadFormats(), { title: vscode.l10n.t('Load word vectors: which format?') });
  if (!choice) return undefined;
  // Starts in the workspace folder, as the export and the Evaluation tab's dialogs do (not in the folder of whatever file is active).
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await ui.openDialog({
    ...(folder ? { defaultUri: folder } : {}),
    title: vscode.l10n.t('Load word vectors ({0})', choice.format ? choice.label : vscode.l10n.t('any format')),
    openLabel: vscode.l10n.t('Load'),
    canSelectMany: false,
    filters: { [vscode.l10n.t('Word vectors')]: ['txt', 'vec', 'bin', 'tsv', 'vectors'], [vscode.l10n.t('All files')]: ['*'] },
  });
  if (!target) return undefined;
  if (target.scheme !== 'file') {
    void ui.error(vscode.l10n.t("Vectors can only be read from a file on this machine's disk, not {0}.", target.toString()));
    return undefined;
  }
  const name = basename(target.fsPath);
  try {
    // Cancel ends the reading worker (a huge file, or one on a drive that stopped answering); the model stays as it was.
    const vectors = await ui.progress(vscode.l10n.t('Loading {0}', name), true, (report, signal) => readVectorsOffThread(target.fsPath, { format: choice.format }, inPercent(report), signal));
    store.set(vectors, { kind: 'loaded', name, path: target.fsPath });
    void ui.info(vscode.l10n.t('Loaded {0} vectors of {1} dimensions from {2}. Hover a word in a text or Markdown file to see its neighbours.',
      formatCount(vectors.size), vectors.dim, name));
    return vectors.size;
  } catch (e) {
    if (isCancelled(e)) {
      const current = store.current;
      void ui.info(current
        ? vscode.l10n.t('Stopped loading {0}. The vectors of {1} are still the ones in use.', name, current.origin.name)
        : vscode.l10n.t('Stopped loading {0}. No vectors are loaded.', name));
      return undefined;
    }
    void ui.error(vscode.l10n.t('Could not load {0}: {1}', name, (e as Error).message));
    return undefined;
  }
}
