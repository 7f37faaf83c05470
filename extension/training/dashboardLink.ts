import * as vscode from 'vscode';
import { pickCorpusWindow, pickCorpusWindowFromFile } from '../core/gradcheck/corpusWindow';
import { Dashboard, type DashboardHost } from '../dashboard/dashboard';
import type { ExplorerParameters } from '../dashboard/explorer';
import { NO_VECTORS, type VectorStore } from '../vectors/vectorStore';
import type { RunListener } from './events';

/**
 * The one place where the extension meets the dashboard: what the dashboard asks of us (neighbours,
 * completions from the model store) and what we tell it (every run event, every model change).
 * The dashboard records these whether or not its panel is open, so a panel opened late gets the run.
 */
export function dashboardHost(store: VectorStore, neighbourCount: () => number, log: (line: string) => void): DashboardHost {
  return {
    neighbours(word, k) {
      const model = store.current;
      if (!model) return { error: NO_VECTORS };
      if (model.vectors.indexOf(word) < 0) return { error: `"${word}" is not in the vocabulary of ${model.origin.name} (${model.vectors.size} words).` };
      return model.vectors.neighbours(word, k);
    },
    complete: (prefix, limit) => store.complete(prefix, limit),
    neighbourCount,
    log,
    gradientParameters: () => gradientParameters(store),
  };
}

let windowSeed = 1;

/**
 * Where the gradient explorer checks: the trained model's V and U at a real window of its corpus:
 * the trained document if it is open (unsaved edits included), else the corpus file on disk, else
 * the active editor's text. Undefined, so that the explorer uses seeded random parameters, when the
 * model has no outside vectors (loaded vectors) or there is no text to take a window from.
 */
async function gradientParameters(store: VectorStore): Promise<ExplorerParameters | undefined> {
  const model = store.current;
  if (!model?.outside || model.origin.kind !== 'trained') return undefined;
  const origin = model.origin;
  const v = model.vectors;
  const corpus = origin.documentUri ? vscode.Uri.parse(origin.documentUri) : undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === origin.documentUri);
  // The file on disk is read only a few KB around random positions, so a big corpus is cheap.
  let w;
  if (open) w = pickCorpusWindow(open.getText(), v, origin.options.window, windowSeed++);
  else if (corpus?.scheme === 'file') w = await pickCorpusWindowFromFile(corpus.fsPath, v, origin.options.window, windowSeed++);
  else {
    const active = vscode.window.activeTextEditor?.document;
    if (!active) return undefined;
    w = pickCorpusWindow(active.getText(), v, origin.options.window, windowSeed++);
  }
  return {
    label: `the vectors trained on ${origin.name}, at "${w.text}"`,
    words: v.words,
    dim: v.dim,
    centerVectors: v.vectors,
    outsideVectors: model.outside,
    counts: v.counts,
    window: { centerIdx: w.centerIdx, contextIdxs: w.contextIdxs },
  };
}

/** Relays run events to the dashboard's recorder. */
export const dashboardRunListener: RunListener = {
  runStarted: (run) => Dashboard.runStarted({ runId: run.id, source: run.name, options: run.options }),
  vocab: (_run, stats) => Dashboard.vocab(stats),
  progress: (_run, p) => Dashboard.progress(p),
  gradCheck: (_run, r) => Dashboard.gradCheck(r),
  runEnded: (outcome) => {
    if (outcome.kind === 'result') {
      const r = outcome.result;
      Dashboard.runEnded({ stopReason: r.stopReason, message: r.message, seconds: r.seconds, wordsProcessed: r.wordsProcessed, finalLoss: r.finalLoss });
    } else if (outcome.run) {
      // A run that failed after it started (bad corpus found by the engine): the page says why.
      Dashboard.runEnded({ stopReason: 'cancelled', message: outcome.message, seconds: (Date.now() - outcome.run.startedAt) / 1000, wordsProcessed: 0, finalLoss: NaN });
    }
  },
};

/** Tells the dashboard which vectors neighbours now come from. */
export function relayModelChanges(store: VectorStore): vscode.Disposable {
  const sub = store.onDidChange((m) => {
    if (m) Dashboard.modelChanged({ words: m.vectors.size, dim: m.vectors.dim, source: m.origin.name });
  });
  return { dispose: () => sub.dispose() };
}
