import * as vscode from 'vscode';
import type { TrainOptions } from '../core/train/types';
import type { DashboardActions } from '../training/dashboardLink';
import { resolveRunOptions } from '../settings';
import type { VectorStore } from '../vectors/vectorStore';
import type { RunManager } from '../training/runManager';
import type { RunOutcome } from '../training/events';
import { COMMANDS } from './ids';
import { openSampleCorpus } from './openSampleCorpus';
import { showNeighbours } from './showNeighbours';
import { corpusRequest } from './trainOnFile';
import { trainSentiment } from './trainSentiment';
import type { Ui } from './ui';
import { ReportDocuments } from './reportDocuments';
import { exportVectors, loadVectors } from './vectorFiles';
import { inputFiles } from '../training/exportGuard';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  store: VectorStore;
  runs: RunManager;
  ui: Ui;
  dashboard: DashboardActions;
  neighbourCount(): number;
}

/** The word a command was given: `{ word }` from a hover's command link, or a plain string. */
function wordArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { word?: unknown }).word === 'string') return (arg as { word: string }).word;
  return undefined;
}

/**
 * A command's result goes to whoever ran it: as it is to a caller in this extension host (the host
 * tests), but as JSON to the workbench when a person runs it from the palette or a menu. A run's
 * outcome holds its vectors (a Float32Array that JSON spells out key by key): serialising that
 * blocked the extension host for seconds after every run. The workbench gets a summary instead.
 */
export function withSmallJson(outcome: RunOutcome): RunOutcome {
  const summary = outcome.kind === 'result'
    ? { kind: outcome.kind, runId: outcome.run.id, stopReason: outcome.result.stopReason, words: outcome.result.words.length, wordsProcessed: outcome.result.wordsProcessed }
    : { kind: outcome.kind, runId: outcome.run?.id, message: outcome.message };
  return Object.defineProperty({ ...outcome }, 'toJSON', { value: () => summary, enumerable: false });
}

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const openDashboard = (word?: string): void => d.dashboard.open(word);
  const reports = new ReportDocuments();
  return [
    reports.register(),
    // Resolves with the run's outcome when it ends (tests await it), or undefined when it did not start.
    vscode.commands.registerCommand(COMMANDS.trainOnFile, async (arg?: unknown) => {
      const req = await corpusRequest(arg);
      if ('error' in req) {
        // Not awaited: the command ends now; the button, if clicked, opens the sample and trains it.
        const trainSample = vscode.l10n.t('Train on the sample corpus');
        void d.ui.error(req.error, ...(req.offerSample ? [trainSample] : [])).then(async (choice) => {
          if (choice !== trainSample) return;
          await openSampleCorpus(d.context.extensionUri);
          await vscode.commands.executeCommand(COMMANDS.trainOnFile);
        });
        return undefined;
      }
      const outcome = await d.runs.start(req);
      return outcome && withSmallJson(outcome);
    }),
    vscode.commands.registerCommand(COMMANDS.openDashboard, (arg?: unknown) => {
      openDashboard(wordArg(arg));
    }),
    vscode.commands.registerCommand(COMMANDS.stopTraining, () => {
      if (!d.runs.stop()) void d.ui.info(vscode.l10n.t('No Word2Vec training run is going.'));
    }),
    vscode.commands.registerCommand(COMMANDS.showNeighbours, () =>
      showNeighbours(d.store, d.ui, d.neighbourCount(), (word) => openDashboard(word))),
    vscode.commands.registerCommand(COMMANDS.openSampleCorpus, () => openSampleCorpus(d.context.extensionUri)),
    vscode.commands.registerCommand(COMMANDS.exportVectors, () => exportVectors(d.store, d.ui, inputFiles(d.store, d.runs))),
    vscode.commands.registerCommand(COMMANDS.loadVectors, () => loadVectors(d.store, d.ui)),
    vscode.commands.registerCommand(COMMANDS.trainSentiment, () =>
      trainSentiment(d.store, d.ui, reports, d.dashboard.showSentiment)),
    // The dashboard's Gradients tab runs the check (in a worker) with the model and loss of the
    // settings; the page's form then lets the user pick others.
    vscode.commands.registerCommand(COMMANDS.runGradientCheck, () => {
      let options: TrainOptions;
      try {
        options = resolveRunOptions();
      } catch (e) {
        void d.ui.error(e instanceof Error ? e.message : String(e));
        return;
      }
      d.dashboard.showExplorer({ target: options.model, loss: options.loss === 'hs' ? 'neg' : options.loss, negatives: options.negative, broken: '' });
    }),
  ];
}
