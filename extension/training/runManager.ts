import * as vscode from 'vscode';
import { startTraining } from '../core/train';
import type { CorpusSource, TrainOptions, TrainProgress, TrainResult, TrainingRun } from '../core/train/types';
import { UserInputError } from '../core/errors';
import { WordVectors } from '../core/vectors/WordVectors';
import type { Ui } from '../commands/ui';
import type { VectorStore } from '../vectors/vectorStore';
import { resolveRunOptions } from '../settings';
import type { RunStatusBar } from '../statusBar';
import type { RunInfo, RunListener, RunOutcome } from './events';
import { formatCount, percentDone, progressLine } from './format';

export interface RunRequest {
  source: CorpusSource;
  /** The corpus' name as shown to the user. */
  name: string;
  documentUri?: string;
}

interface Active {
  info: RunInfo;
  run: TrainingRun;
  /** Settles (never rejects) once the run's outcome is handled and the run is no longer active. */
  ended: Promise<RunOutcome>;
  last?: TrainProgress;
}

export const STOP_AND_START = 'Stop and start';

/**
 * Starts, follows and stops training runs, one at a time. The engine trains in worker threads;
 * this class only relays its messages (progress notification, status bar, listeners such as the
 * dashboard) and, when a run ends for any reason, puts its vectors in the model store.
 */
export class RunManager implements vscode.Disposable {
  private active: Active | undefined;
  private nextId = 1;
  private readonly listeners = new Set<RunListener>();
  /** The last run's outcome (for tests and for "Show neighbours" messages). */
  lastOutcome: RunOutcome | undefined;

  constructor(
    private readonly store: VectorStore,
    private readonly ui: Ui,
    private readonly statusBar: RunStatusBar,
    private readonly openDashboardCommand: string,
  ) {}

  get current(): RunInfo | undefined {
    return this.active?.info;
  }

  /** The active run's latest progress. */
  get progress(): TrainProgress | undefined {
    return this.active?.last;
  }

  listen(listener: RunListener): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  /**
   * Starts a run with the current settings and resolves when it ends, with its outcome; resolves
   * undefined when the user chose to keep the run that was going. Never rejects: every failure
   * becomes a message to the user and an 'error' outcome.
   */
  async start(req: RunRequest): Promise<RunOutcome | undefined> {
    while (this.active) {
      const going = this.active;
      const choice = await this.ui.ask(
        `Word2Vec is already training on ${going.info.name}.`,
        `Stop that run and start training on ${req.name}? The vectors it has trained so far are kept.`,
        STOP_AND_START,
      );
      if (choice !== STOP_AND_START) return undefined;
      if (this.active === going) going.run.cancel();
      await going.ended;
    }

    let options: TrainOptions;
    try {
      options = resolveRunOptions();
    } catch (e) {
      return this.fail(undefined, e);
    }
    const info: RunInfo = {
      id: this.nextId++,
      name: req.name,
      sourceKind: req.source.kind,
      documentUri: req.documentUri,
      options,
      startedAt: Date.now(),
    };

    let run: TrainingRun;
    let report: ((p: TrainProgress) => void) | undefined;
    try {
      // U too: the gradient explorer checks at the trained V and U.
      run = startTraining(req.source, { ...options, keepOutsideVectors: true }, {
        onVocab: (stats) => this.emit((l) => l.vocab?.(info, stats)),
        onProgress: (p) => {
          if (this.active?.info === info) this.active.last = p;
          report?.(p);
          this.statusBar.show(
            `word2vec ${percentDone(p).toFixed(0)}%`,
            `Training on ${info.name}: ${progressLine(p)}`,
          );
          this.emit((l) => l.progress?.(info, p));
        },
        onGradCheck: (r) => this.emit((l) => l.gradCheck?.(info, r)),
      });
    } catch (e) {
      return this.fail(info, e);
    }

    const ended = this.follow(info, run);
    this.active = { info, run, ended };
    this.statusBar.show('word2vec starting', `Training on ${info.name}`);
    this.emit((l) => l.runStarted?.(info));

    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Word2Vec: training on ${info.name}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => run.cancel());
        let shown = 0;
        report = (p) => {
          const pct = percentDone(p);
          progress.report({ message: progressLine(p), increment: pct > shown ? pct - shown : undefined });
          shown = Math.max(shown, pct);
        };
        progress.report({ message: 'reading the corpus' });
        await ended;
      },
    );
    return ended;
  }

  /** Stops the active run (its vectors so far are kept); false when none is going. */
  stop(): boolean {
    if (!this.active) return false;
    this.active.run.cancel();
    return true;
  }

  dispose(): void {
    this.active?.run.cancel();
    this.listeners.clear();
  }

  private async follow(info: RunInfo, run: TrainingRun): Promise<RunOutcome> {
    let outcome: RunOutcome;
    try {
      const result = await run.result;
      this.keep(info, result);
      this.announce(info, result);
      outcome = { kind: 'result', run: info, result };
    } catch (e) {
      outcome = this.failure(info, e);
    }
    if (this.active?.info === info) this.active = undefined;
    this.statusBar.hide();
    this.lastOutcome = outcome;
    this.emit((l) => l.runEnded?.(outcome));
    return outcome;
  }

  /** Puts a finished (or stopped, or diverged) run's vectors in the store for hovers and neighbours. */
  private keep(info: RunInfo, result: TrainResult): void {
    if (result.words.length === 0) return;
    const rare = rareWords(result);
    // The outside vectors U, when the engine reports them and the result's vectors are V alone.
    const u = result.outsideVectors;
    const outside = u && result.options.output === 'input' && u.length === result.vectors.length ? u : undefined;
    this.store.set(
      WordVectors.fromTrainResult(result),
      {
        kind: 'trained',
        name: info.name,
        documentUri: info.documentUri,
        options: result.options,
        vocab: result.vocab,
        stopReason: result.stopReason,
        wordsProcessed: result.wordsProcessed,
      },
      { rare, outside },
    );
  }

  private announce(info: RunInfo, r: TrainResult): void {
    const total = r.vocab.trainWords * r.options.epochs;
    if (r.stopReason === 'diverged') {
      void this.ui.error(r.message ?? `Training on ${info.name} diverged (the loss became NaN or infinite). ` +
        `Lower word2vec.learningRate (it was ${r.options.alpha}) and train again; the last good vectors are kept.`);
    } else if (r.stopReason === 'cancelled' && r.words.length === 0) {
      void this.ui.info(`Word2Vec training on ${info.name} stopped while reading the corpus, before any training; no vectors were kept.`);
    } else if (r.stopReason === 'cancelled') {
      void this.ui.info(`Word2Vec training on ${info.name} stopped after ${formatCount(r.wordsProcessed)} of ${formatCount(total)} words; ` +
        `the vectors trained so far (${formatCount(r.words.length)} words) are loaded for hovers and neighbours.`);
    } else {
      void this.ui.info(`Word2Vec trained on ${info.name}: ${formatCount(r.words.length)} words x ${r.dim} dimensions, ` +
        `final loss ${r.finalLoss.toFixed(3)}, ${r.seconds.toFixed(1)} s. Hover a word to see its neighbours.`, 'Open Dashboard')
        .then((choice) => { if (choice) void vscode.commands.executeCommand(this.openDashboardCommand); });
    }
  }

  private fail(info: RunInfo | undefined, e: unknown): RunOutcome {
    const outcome = this.failure(info, e);
    this.lastOutcome = outcome;
    this.emit((l) => l.runEnded?.(outcome));
    return outcome;
  }

  private failure(info: RunInfo | undefined, e: unknown): RunOutcome {
    const userError = e instanceof UserInputError || (e instanceof Error && e.name === 'UserInputError');
    const text = e instanceof Error ? e.message : String(e);
    // A user mistake's message says what to do already; anything else is our bug: say so, log the stack.
    const message = userError ? text : `Word2Vec training failed: ${text}`;
    if (!userError) console.error('[word2vec] training failed', e);
    void this.ui.error(message);
    return { kind: 'error', run: info, message, userError };
  }

  private emit(call: (l: RunListener) => void): void {
    for (const l of [...this.listeners]) {
      try {
        call(l);
      } catch (e) {
        // A broken listener (say, a disposed webview) must not stop the run's other listeners.
        console.error('[word2vec] run listener failed', e);
      }
    }
  }
}

/** The corpus words left out of the vocabulary, with counts, when the engine reports them. */
function rareWords(result: TrainResult): ReadonlyMap<string, number> | undefined {
  const r = result.rare;
  if (!r) return undefined;
  const m = new Map<string, number>();
  r.words.forEach((w, i) => m.set(w, r.counts[i]));
  return m;
}
