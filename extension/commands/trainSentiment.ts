import * as vscode from 'vscode';
import { basename } from 'node:path';
import {
  DEFAULT_REGS, fmtReg, formatSentimentReport, runSentimentInWorker, sstClassNames, type SentimentResult,
} from '../core/sentiment';
import type { VectorStore } from '../vectors/vectorStore';
import { NO_VECTORS } from '../vectors/vectorStore';
import { sentimentJobFor } from '../training/sentimentJob';
import { isCancelled } from '../core/errors';
import type { ProgressReport, Ui } from './ui';
import type { ReportDocuments } from './reportDocuments';

const SPLITS = [
  { key: 'train', label: () => vscode.l10n.t('training') },
  { key: 'dev', label: () => vscode.l10n.t('development (picks the regularization)') },
  { key: 'test', label: () => vscode.l10n.t('test (measured once)') },
] as const;

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * "Train sentiment classifier" (CS224d problem set 1, §4): sentence features = the average of the current
 * model's word vectors; softmax regression swept over the regularization values, the best on dev
 * measured once on test. The sweep runs in the sentiment worker; the dashboard's Sentiment tab plots
 * train and dev accuracy against regularization and the dev confusion matrix, and the report opens
 * as a document to copy from.
 * Resolves with the result (tests read it), or undefined when the user stopped or something failed.
 */
export async function trainSentiment(store: VectorStore, ui: Ui, reports: ReportDocuments, showInDashboard: (result: SentimentResult, vectors: string) => void): Promise<SentimentResult | undefined> {
  const model = store.current;
  if (!model) {
    void ui.error(vscode.l10n.t(NO_VECTORS));
    return undefined;
  }
  const paths: string[] = [];
  for (const split of SPLITS) {
    const uri = await ui.openDialog({
      title: vscode.l10n.t('Sentiment classifier: the {0} file ("label sentence" or "label<TAB>text" per line)', split.label()),
      openLabel: vscode.l10n.t('Use as {0}', split.key),
      canSelectMany: false,
      defaultUri: paths.length ? vscode.Uri.file(paths[paths.length - 1]) : vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    if (!uri) return undefined;
    if (uri.scheme !== 'file') {
      void ui.error(vscode.l10n.t("Sentiment files must be on this machine's disk, not {0}.", uri.toString()));
      return undefined;
    }
    paths.push(uri.fsPath);
  }
  let run: ReturnType<typeof runSentimentInWorker>;
  let numClasses: number;
  try {
    // The files are read, checked and encoded as the model's rows by its query worker (it holds the
    // word index: none is built here); the features and the sweep, the heavy part, run in the sentiment worker.
    const job = await sentimentJobFor(model, paths as [string, string, string], [...DEFAULT_REGS], {
      classNames: (k) => sstClassNames(k, basename(paths[0])),
    });
    numClasses = job.numClasses;
    let report: ProgressReport | undefined;
    let done = 0;
    run = runSentimentInWorker(job, (row) => {
      done++;
      report?.(vscode.l10n.t('reg {0}: train {1}, dev {2}', fmtReg(row.reg), pct(row.trainAccuracy), pct(row.devAccuracy)), (100 * done) / DEFAULT_REGS.length);
    });
    // The notification's Cancel ends the sweep's worker; the command then says it was stopped.
    void ui.progress(vscode.l10n.t('Word2Vec: sentiment classifier on {0}', basename(paths[0])), true, async (progress, signal) => {
      signal.addEventListener('abort', () => run.cancel());
      report = progress;
      progress(vscode.l10n.t('{0} regularization values, {1} classes', DEFAULT_REGS.length, numClasses));
      await run.result.catch(() => undefined);
    });
  } catch (e) {
    void ui.error((e as Error).message);
    return undefined;
  }
  try {
    const r = await run.result;
    showInDashboard(r, model.origin.name);
    // Read-only, beside the dashboard, so its Sentiment tab stays in view.
    const title = vscode.l10n.t('Sentiment classifier on the vectors of {0}', model.origin.name);
    await reports.show(title, `# ${title}\n\n\`\`\`text\n${formatSentimentReport(r)}\n\`\`\`\n`);
    void ui.info(vscode.l10n.t('Sentiment ({0} classes): regularization {1} chosen on dev ({2}); test accuracy {3}.',
      numClasses, fmtReg(r.chosenReg), pct(r.devAccuracy), pct(r.testAccuracy)));
    return r;
  } catch (e) {
    if (isCancelled(e)) void ui.info(vscode.l10n.t('The sentiment classifier was stopped.'));
    else void ui.error(e instanceof Error ? e.message : String(e));
    return undefined;
  }
}
