/**
 * "Train with a mistake" from the dashboard's Runs tab: the last run's corpus trained with one of
 * the kernel's planted mistakes, then a correct run of the same corpus, settings and seed, so the
 * Runs tab shows the two side by side (loss curves overlaid, live kernel checks, neighbours). The
 * runs go one after the other through the run manager, like any run (one at a time, cancellable).
 */
import * as vscode from 'vscode';
import { corpusRequest } from '../commands/trainOnFile';
import { UserInputError } from '../core/errors';
import { kernelMistake, type KernelMistakeId } from '../core/train/mistakes';
import { resolveRunOptions } from '../settings';
import type { RunManager } from '../training/runManager';
import type { DashboardRecorder } from './recorder';
import { runRecordId } from './runs';

/** Trains the pair; resolves, once both have ended (or one failed, was stopped or did not start), with what the Runs tab says of them. */
export async function trainWithMistake(id: KernelMistakeId, runs: RunManager, recorder: DashboardRecorder): Promise<string> {
  const mistake = kernelMistake(id);
  if (!mistake) throw new UserInputError(vscode.l10n.t('Unknown mistake {0}.', id));
  const uri = (runs.current ?? runs.lastOutcome?.run)?.documentUri;
  if (!uri) {
    throw new UserInputError(vscode.l10n.t('Train on a corpus first ("Word2Vec: Train word2vec on file"): the mistaken run and the correct run beside it train on the last run\'s corpus.'));
  }
  const req = await corpusRequest(vscode.Uri.parse(uri));
  if ('error' in req) throw new UserInputError(req.error);
  // A mistake that does not change the settings' model and loss is refused here, before any run, with the engine's words.
  resolveRunOptions({ mistake: id });
  const label = mistake.label;
  const mistaken = await runs.start({ ...req, options: { mistake: id } });
  if (!mistaken) return vscode.l10n.t('Did not train with “{0}”: you kept the run that was going.', label);
  if (mistaken.kind === 'error') return vscode.l10n.t('The run with “{0}” failed, so the correct run beside it was not started: {1}', label, mistaken.message);
  if (mistaken.result.stopReason === 'cancelled') return vscode.l10n.t('The run with “{0}” was stopped, so the correct run beside it was not started.', label);
  // The mistaken run's own id: another run may have started since it ended.
  recorder.runs.pairNext(runRecordId({ startedAt: mistaken.run.startedAt, runId: String(mistaken.run.id) }), req.name);
  let correct;
  try {
    // The correct twin: the same corpus, settings and seed, and no mistake whatever the setting says.
    correct = await runs.start({ ...req, options: { mistake: '' } });
  } finally {
    // It may not have started (the user kept the run that was going): no later run is its twin.
    recorder.runs.pairNext(undefined);
  }
  if (!correct) return vscode.l10n.t('Trained with “{0}”; the correct run beside it did not start: you kept the run that was going.', label);
  if (correct.kind === 'error') return vscode.l10n.t('Trained with “{0}”; the correct run beside it failed: {1}', label, correct.message);
  if (correct.result.stopReason === 'cancelled') return vscode.l10n.t('Trained with “{0}”; the correct run beside it was stopped before the end: compare them below.', label);
  return vscode.l10n.t('Trained with “{0}” and the correct run beside it: compare them below.', label);
}
