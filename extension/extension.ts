import * as vscode from 'vscode';
import { Dashboard } from './dashboard/dashboard';
import { COMMANDS } from './commands/ids';
import { registerCommands } from './commands/index';
import { Ui } from './commands/ui';
import { registerHover } from './hover';
import { VectorStore } from './vectors/vectorStore';
import { readSettings } from './settings';
import { RunStatusBar } from './statusBar';
import { dashboardHost, linkDashboard } from './training/dashboardLink';
import { percentDone, progressLine } from './training/format';
import { RunManager } from './training/runManager';

/**
 * What activate() returns: the extension's live objects, for the host tests (they must use these
 * instances; a test bundle importing the modules would get copies with their own state).
 */
export interface Word2VecApi {
  ui: Ui;
  store: VectorStore;
  runs: RunManager;
  statusBar: RunStatusBar;
  dashboard: Dashboard;
  /** The time each hover took on the extension host's thread, ms, the last 1,000. */
  hoverTimes: number[];
}

export function activate(context: vscode.ExtensionContext): Word2VecApi {
  const output = vscode.window.createOutputChannel('Word2Vec');
  const ui = new Ui();
  const store = new VectorStore();
  const statusBar = new RunStatusBar(COMMANDS.openDashboard, store);
  const runs = new RunManager(store, ui, statusBar);

  // Read once and on change, not on every hover.
  let neighbours = readSettings().neighbours;
  const neighbourCount = (): number => neighbours;
  const hoverTimes: number[] = [];
  const dashboard = new Dashboard(context, dashboardHost(store, neighbourCount, (line) => output.appendLine(line)));
  const link = linkDashboard(dashboard, store, runs, () => readSettings().openDashboardOnTrain);

  context.subscriptions.push(
    output,
    // Terminates the current model's query worker.
    store,
    statusBar,
    runs,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('word2vec.neighbours')) neighbours = readSettings().neighbours;
    }),
    link.disposable,
    // Context keys for the menus' `when` clauses (Stop training, Show neighbours).
    runs.listen({
      runStarted: () => void vscode.commands.executeCommand('setContext', 'word2vec.training', true),
      runEnded: () => void vscode.commands.executeCommand('setContext', 'word2vec.training', runs.current !== undefined),
    }),
    store.onDidChange((m) => void vscode.commands.executeCommand('setContext', 'word2vec.hasModel', m !== undefined)),
    registerHover({
      store,
      neighbours: neighbourCount,
      trainingStatus: (uri) => {
        const run = runs.current;
        if (!run || run.documentUri !== uri.toString()) return undefined;
        const p = runs.progress;
        return p
          ? vscode.l10n.t('Word2Vec is training on this document ({0}%, {1}); neighbours appear when the run ends or when you stop it.', percentDone(p).toFixed(0), progressLine(p))
          : vscode.l10n.t('Word2Vec is training on this document; neighbours appear when the run ends or when you stop it.');
      },
      timed: (ms) => {
        hoverTimes.push(ms);
        if (hoverTimes.length > 1000) hoverTimes.shift();
      },
    }),
    ...registerCommands({ context, store, runs, ui, dashboard: link.actions, neighbourCount }),
  );
  dashboard.registerSerializer();
  return { ui, store, runs, statusBar, dashboard, hoverTimes };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; disposing the run manager cancels a run in progress.
}
