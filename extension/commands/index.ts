import * as vscode from 'vscode';
import { resolveTrainOptions } from '../core/train/options';
import type { TrainOptions } from '../core/train/types';
import { Dashboard, type DashboardHost } from '../dashboard/dashboard';
import { inSettingTerms, readSettings } from '../settings';
import type { ModelStore } from '../model/store';
import type { RunManager } from '../training/runManager';
import { COMMANDS } from './ids';
import { openSampleCorpus } from './openSampleCorpus';
import { showNeighbours } from './showNeighbours';
import { corpusRequest } from './trainOnFile';
import { trainSentiment } from './trainSentiment';
import type { Ui } from './ui';
import { exportVectors, loadVectors } from './vectorFiles';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  store: ModelStore;
  runs: RunManager;
  ui: Ui;
  dashboardHost: DashboardHost;
  neighbourCount(): number;
}

/** The word a command was given: `{ word }` from a hover's command link, or a plain string. */
function wordArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { word?: unknown }).word === 'string') return (arg as { word: string }).word;
  return undefined;
}

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const openDashboard = (word?: string): Dashboard => {
    const dash = Dashboard.show(d.context, d.dashboardHost);
    if (word) dash.showWord(word);
    return dash;
  };
  return [
    // Resolves with the run's outcome when it ends (tests await it), or undefined when it did not start.
    vscode.commands.registerCommand(COMMANDS.trainOnFile, async (arg?: unknown) => {
      const req = await corpusRequest(arg);
      if ('error' in req) {
        void d.ui.error(req.error);
        return undefined;
      }
      return d.runs.start(req);
    }),
    vscode.commands.registerCommand(COMMANDS.openDashboard, (arg?: unknown) => {
      openDashboard(wordArg(arg));
    }),
    vscode.commands.registerCommand(COMMANDS.stopTraining, () => {
      if (!d.runs.stop()) void d.ui.info('No Word2Vec training run is going.');
    }),
    vscode.commands.registerCommand(COMMANDS.showNeighbours, () =>
      showNeighbours(d.store, d.ui, d.neighbourCount(), (word) => openDashboard(word))),
    vscode.commands.registerCommand(COMMANDS.openSampleCorpus, () => openSampleCorpus(d.context.extensionUri)),
    vscode.commands.registerCommand(COMMANDS.exportVectors, () => exportVectors(d.store, d.ui)),
    vscode.commands.registerCommand(COMMANDS.loadVectors, () => loadVectors(d.store, d.ui)),
    vscode.commands.registerCommand(COMMANDS.trainSentiment, () =>
      trainSentiment(d.store, d.ui, () => Dashboard.show(d.context, d.dashboardHost, { preserveFocus: true }).showTab('sentiment'))),
    // The dashboard's Gradients tab runs the check (in a worker) with the model and loss of the
    // settings; the page's form then lets the user pick others.
    vscode.commands.registerCommand(COMMANDS.runGradientCheck, () => {
      let options: TrainOptions;
      try {
        options = resolveTrainOptions(readSettings().options);
      } catch (e) {
        void d.ui.error(`${inSettingTerms((e as Error).message)} Change it in the Settings (Word2Vec).`);
        return;
      }
      Dashboard.show(d.context, d.dashboardHost).showExplorer({ target: options.model, loss: options.loss, negatives: options.negative, broken: '' });
    }),
  ];
}
