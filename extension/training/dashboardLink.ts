import * as vscode from 'vscode';
import type { NamedPath } from '../core/util/outputGuard';
import type { Dashboard, DashboardHost } from '../dashboard/dashboard';
import type { SentimentResult } from '../core/sentiment/types';
import type { ExplorerForm } from '../shared/protocol';
import type { RunManager } from './runManager';
import type { ExplorerInputs } from '../dashboard/explorer';
import { explorerInputsAt } from '../dashboard/explorerInputs';
import type { CorpusSource } from '../vectors/vectorQueryOps';
import { NO_VECTORS, type VectorStore } from '../vectors/vectorStore';
import { trainWithMistake } from '../dashboard/mistakeRun';
import type { Ui } from '../commands/ui';

/**
 * The one place where the extension meets the dashboard: what the dashboard asks of us (neighbours,
 * completions and the gradient check's inputs, from the vector store; below) and what we tell it
 * (linkDashboard: every run event, every change of vectors, and the commands' requests).
 */
export function dashboardHost(store: VectorStore, neighbourCount: () => number, log: (line: string) => void, inputs: () => NamedPath[] = () => [], ui?: Pick<Ui, 'saveDialog' | 'error'>): DashboardHost {
  let windowSeed = 1;
  return {
    async neighbours(word, k) {
      const model = store.current;
      if (!model) return { error: vscode.l10n.t(NO_VECTORS) };
      const { row, neighbours } = await model.queries.ask('lookup', { word, k });
      if (row < 0) return { error: vscode.l10n.t('"{0}" is not in the vocabulary of {1} ({2} words).', word, model.origin.name, model.vectors.size) };
      return neighbours;
    },
    complete: (prefix, limit) => store.complete(prefix, limit),
    neighbourCount,
    log,
    gradientParameters: () => gradientParameters(store, () => windowSeed++),
    vectors: () => store.current,
    onVectorsChange: (listener) => store.onDidChange(() => listener()),
    inputFiles: inputs,
    ...(ui ? { saveDialog: (options: vscode.SaveDialogOptions) => ui.saveDialog(options), showError: (text: string) => void ui.error(text) } : {}),
  };
}

/**
 * Where the gradient explorer checks: the trained model's V and U at a real window of its corpus:
 * the trained document if it is open (unsaved edits included), else the corpus file on disk, else
 * the active editor's text. Undefined, so that the explorer uses seeded random parameters, when the
 * model has no outside vectors (loaded vectors) or there is no text to take a window from.
 */
async function gradientParameters(store: VectorStore, nextSeed: () => number): Promise<ExplorerInputs | undefined> {
  const model = store.current;
  if (!model?.outside || model.origin.kind !== 'trained') return undefined;
  const origin = model.origin;
  const corpus = origin.documentUri ? vscode.Uri.parse(origin.documentUri) : undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === origin.documentUri);
  // The window is picked by the model's query worker (explorerInputsAt); a file on disk is read
  // there only a few KB around random positions, so a big corpus is cheap. An open document's text
  // goes only when it differs from its file (unsaved edits, untitled).
  let source: CorpusSource;
  if (open) source = open.isDirty || open.uri.scheme !== 'file' ? { text: open.getText() } : { path: open.uri.fsPath };
  else if (corpus?.scheme === 'file') source = { path: corpus.fsPath };
  else {
    const active = vscode.window.activeTextEditor?.document;
    if (!active) return undefined;
    source = { text: active.getText() };
  }
  return explorerInputsAt(model, source, nextSeed());
}

/** What the commands ask of the dashboard. */
export interface DashboardActions {
  /** Opens (or reveals) the dashboard; with a word, searches its neighbours. */
  open(word?: string, opts?: { preserveFocus?: boolean }): void;
  /** Records a sentiment sweep and shows it in the Sentiment tab. `vectors`: where the features' word vectors came from. */
  showSentiment(result: SentimentResult, vectors: string): void;
  /** Opens the Gradients tab and runs a check of this form. */
  showExplorer(form: Partial<ExplorerForm>): void;
}

/**
 * Connects the dashboard to the extension: every run event and every change of vectors is
 * recorded (whether or not a panel is open, so a panel opened late gets the run), a run that
 * starts opens (or reveals) the dashboard when `openOnRunStart()` says so, and the commands reach
 * the dashboard through the returned actions.
 */
export function linkDashboard(dashboard: Dashboard, store: VectorStore, runs: RunManager, openOnRunStart: () => boolean): { actions: DashboardActions; disposable: vscode.Disposable } {
  const recorder = dashboard.recorder;
  const listening = runs.listen({
    runStarted: (run) => {
      recorder.runStarted({ runId: String(run.id), source: run.name, options: run.options, startedAt: run.startedAt });
      // Beside the editor, which keeps the focus: the user can go on typing while it trains.
      if (openOnRunStart()) dashboard.show({ preserveFocus: true });
    },
    vocab: (_run, stats) => recorder.vocab(stats),
    progress: (_run, p) => recorder.progress(p),
    gradCheck: (_run, r) => recorder.gradCheck(r),
    runEnded: (outcome) => {
      if (outcome.kind === 'result') {
        const r = outcome.result;
        recorder.runEnded({ stopReason: r.stopReason, message: r.message, seconds: r.seconds, wordsProcessed: r.wordsProcessed, finalLoss: r.finalLoss });
        // The Runs tab compares runs by the neighbours of a few probe words too.
        // The run's vectors are the store's model by now (RunManager keeps them before this event):
        // its query worker answers, bound to that model (a newer model cancels the probe).
        const id = recorder.runs.currentId;
        const model = store.current;
        if (id && r.words.length > 1 && model?.origin.kind === 'trained' && model.vectors.size === r.words.length) {
          recorder.runs.probe(id, r.words, (word, k) => model.queries.ask('lookup', { word, k })).catch(() => undefined);
        }
      } else if (outcome.run) {
        // A run that failed after it started (bad corpus found by the engine): the page says why.
        recorder.runEnded({ stopReason: 'failed', message: outcome.message, seconds: (Date.now() - outcome.run.startedAt) / 1000, wordsProcessed: 0, finalLoss: NaN });
      }
    },
  });
  dashboard.host.trainWithMistake = (mistake) => trainWithMistake(mistake, runs, recorder);
  const vectorsChanged = store.onDidChange((m) => {
    if (m) recorder.vectorsChanged({ words: m.vectors.size, dim: m.vectors.dim, source: m.origin.name });
  });
  const actions: DashboardActions = {
    open(word, opts) {
      const panel = dashboard.show(opts);
      if (word) panel.showWord(word);
    },
    showSentiment(result, vectors) {
      recorder.sentimentSwept(result, vectors);
      dashboard.show({ preserveFocus: true }).showTab('sentiment');
    },
    showExplorer: (form) => dashboard.show().showExplorer(form),
  };
  // Unlinking leaves the panel open: VS Code restores it after a reload (the serializer).
  return { actions, disposable: { dispose: () => { listening.dispose(); vectorsChanged.dispose(); recorder.dispose(); } } };
}
