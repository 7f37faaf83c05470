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
import { percentDone, runStatusLine } from './training/format';
import { RunManager } from './training/runManager';
import { inputFiles } from './training/exportGuard';
import { endWorkers, liveWorkerCount, retiringWorkerCount } from './core/util/runWorker';
import { runningQueryWorkers } from './vectors/vectorQueries';

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
  /** The time each hover took, ms, the last 1,000: the host's own work and the round trip to the query worker. */
  hoverTimes: number[];
  /** For the lifecycle host tests: what VS Code does on deactivation and on the next activation. */
  lifecycle: Lifecycle;
}

export interface Lifecycle {
  /** Worker threads started through runWorker (training, vector files, sentiment...) still running. */
  liveWorkers(): number;
  /** Of those, the current model's query worker (one while a model is loaded, VectorStore). */
  queryWorkers(): number;
  /**
   * Ends this activation as VS Code does when the window reloads or the extension is disabled
   * (deactivate(), then the subscriptions disposed), then activates again in the same context: the
   * returned API (this same object, its fields replaced) holds the new instances.
   */
  restart(): Promise<Word2VecApi>;
}

/** The current activation: its API (one object for its whole life) and how to end it. */
let session: { api: Word2VecApi; end: () => Promise<void> } | undefined;

export function activate(context: vscode.ExtensionContext): Word2VecApi {
  const api = session?.api ?? ({} as Word2VecApi);
  const started = startSession(context);
  Object.assign(api, started.api, {
    lifecycle: {
      // Every thread not yet ended, idle answered ones included.
      liveWorkers: () => liveWorkerCount() + retiringWorkerCount(),
      queryWorkers: runningQueryWorkers,
      restart: async () => {
        await deactivate();
        return activate(context);
      },
    },
  } satisfies Pick<Word2VecApi, 'lifecycle'>);
  session = { api, end: started.end };
  return api;
}

/**
 * Called by VS Code before the extension host stops (a reload, a window closed, the extension
 * disabled). A run in progress is cancelled and awaited (its workers are terminated), then every
 * disposable of the activation is disposed; nothing of it may fire afterwards.
 */
export async function deactivate(): Promise<void> {
  const ending = session;
  if (!ending) return;
  await ending.end();
}

/** How long deactivate() waits for a cancelled run to end (VS Code gives deactivate a few seconds). */
const SHUTDOWN_MS = 3000;

function startSession(context: vscode.ExtensionContext): { api: Omit<Word2VecApi, 'lifecycle'>; end: () => Promise<void> } {
  const subscriptions: vscode.Disposable[] = [];
  const output = vscode.window.createOutputChannel('Word2Vec');
  const ui = new Ui();
  const store = new VectorStore();
  const statusBar = new RunStatusBar(COMMANDS.openDashboard, store);
  const runs = new RunManager(store, ui, statusBar);

  // Read once and on change, not on every hover.
  let neighbours = readSettings().neighbours;
  const neighbourCount = (): number => neighbours;
  const hoverTimes: number[] = [];
  const dashboard = new Dashboard(context, dashboardHost(store, neighbourCount, (line) => output.appendLine(line), () => inputFiles(store, runs), ui));
  const link = linkDashboard(dashboard, store, runs, () => readSettings().openDashboardOnTrain);

  subscriptions.push(
    output,
    // Terminates the current model's query worker.
    store,
    statusBar,
    runs,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('word2vec.neighbours')) neighbours = readSettings().neighbours;
    }),
    link.disposable,
    // Ends the dashboard's workers (neighbours over time, a gradient check, a map projection) and timers; the panel stays.
    { dispose: () => dashboard.stopWork() },
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
          ? vscode.l10n.t('Word2Vec is training on this document ({0}%, {1}); neighbours appear when the run ends or when you stop it.', percentDone(p).toFixed(0), runStatusLine(p, run.name, vscode.l10n.t))
          : vscode.l10n.t('Word2Vec is training on this document; neighbours appear when the run ends or when you stop it.');
      },
      timed: (ms) => {
        hoverTimes.push(ms);
        if (hoverTimes.length > 1000) hoverTimes.shift();
      },
    }),
    ...registerCommands({ context, store, runs, ui, dashboard: link.actions, neighbourCount }),
  );
  // The panel itself stays open on deactivation: VS Code restores it after a reload (the serializer).
  subscriptions.push(dashboard.registerSerializer());
  let ended = false;
  const dispose = (): void => {
    if (ended) return;
    ended = true;
    for (const d of subscriptions.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (e) {
        console.error('[word2vec] dispose failed', e);
      }
    }
  };
  // VS Code disposes the context's subscriptions itself after deactivate(), and on its own when deactivate is not awaited.
  context.subscriptions.push({ dispose });
  const end = async (): Promise<void> => {
    await runs.shutdown(SHUTDOWN_MS);
    dispose();
    // Whatever thread is left (one that answered just before, in its idle pause) ends now.
    await endWorkers(SHUTDOWN_MS);
  };
  return { api: { ui, store, runs, statusBar, dashboard, hoverTimes }, end };
}
