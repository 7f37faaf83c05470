import * as vscode from 'vscode';
import { startTraining } from '../core/train';
import { EXTENSION_SNAPSHOT_WORDS } from '../core/train/snapshots';
import type { CorpusSource, TrainOptions, TrainProgress, TrainResult, TrainingRun } from '../core/train/types';
import { UserInputError } from '../core/errors';
import { orDeadline } from '../core/util/deadline';
import { WordVectors } from '../core/vectors/WordVectors';
import type { ProgressReport, Ui } from '../commands/ui';
import type { VectorStore } from '../vectors/vectorStore';
import { resolveRunOptions } from '../settings';
import type { RunStatusBar } from '../statusBar';
import type { RunInfo, RunListener, RunOutcome } from './events';
import { percentDone, runStatusLine } from './format';
import { failureMessage, resultMessage, type OutcomeAction, type OutcomeMessage } from './outcomeMessage';
import { COMMANDS } from '../commands/ids';
import { kernelMistake } from '../core/train/mistakes';

export interface RunRequest {
  source: CorpusSource;
  /** The corpus' name as shown to the user. */
  name: string;
  documentUri?: string;
  /** Options that override the settings for this run (train with a mistake: the mistake, or none). */
  options?: Partial<TrainOptions>;
}

interface Active {
  info: RunInfo;
  run: TrainingRun;
  /** Settles (never rejects) once the run's outcome is handled and the run is no longer active. */
  ended: Promise<RunOutcome>;
  last?: TrainProgress;
}

/** The English label of the "already training" question's button (host tests answer with it; shown through vscode.l10n.t). */
export const STOP_AND_START = 'Stop and start';

/** The notification buttons' labels (translated when shown) and the commands they run. */
const ACTION_LABELS: Record<OutcomeAction, () => string> = {
  openDashboard: () => vscode.l10n.t('Open dashboard'),
  exportVectors: () => vscode.l10n.t('Export vectors'),
  openSettings: () => vscode.l10n.t('Open settings'),
};
const ACTION_COMMANDS: Record<OutcomeAction, [string, ...unknown[]]> = {
  openDashboard: [COMMANDS.openDashboard],
  exportVectors: [COMMANDS.exportVectors],
  openSettings: ['workbench.action.openSettings', 'word2vec.learningRate'],
};

/**
 * Starts, follows and stops training runs, one at a time. The engine trains in worker threads;
 * this class only relays its messages (progress notification, status bar, listeners such as the
 * dashboard) and, when a run ends for any reason, puts its vectors in the model store.
 */
export class RunManager implements vscode.Disposable {
  private active: Active | undefined;
  private nextId = 1;
  private readonly listeners = new Set<RunListener>();
  /** Set on deactivation: a run that ends afterwards is neither kept nor announced (its UI is gone). */
  private disposed = false;
  /** The last run's outcome (for tests and for "Show neighbours" messages). */
  lastOutcome: RunOutcome | undefined;

  constructor(
    private readonly store: VectorStore,
    private readonly ui: Ui,
    private readonly statusBar: RunStatusBar,
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
      const stopAndStart = vscode.l10n.t('Stop and start');
      const choice = await this.ui.ask(
        vscode.l10n.t('Word2Vec is already training on {0}.', going.info.name),
        vscode.l10n.t('Stop that run and start training on {0}? The vectors it has trained so far are kept.', req.name),
        stopAndStart,
      );
      if (choice !== stopAndStart) return undefined;
      if (this.active === going) going.run.cancel();
      await going.ended;
    }

    let options: TrainOptions;
    try {
      options = resolveRunOptions(req.options);
    } catch (e) {
      return this.fail(undefined, e);
    }
    // A run with a planted mistake says so wherever its name appears: notifications, status bar, dashboard, hovers.
    const mistake = kernelMistake(options.mistake);
    const info: RunInfo = {
      id: this.nextId++,
      name: mistake ? vscode.l10n.t('{0} (planted mistake: {1})', req.name, mistake.label) : req.name,
      sourceKind: req.source.kind,
      documentUri: req.documentUri,
      options,
      startedAt: Date.now(),
    };

    let run: TrainingRun;
    let report: ProgressReport | undefined;
    try {
      // U too: the gradient explorer checks at the trained V and U.
      // And snapshots of the top words during training, for "how words move" (the map, the Neighbours tab).
      run = startTraining(req.source, { snapshotWords: EXTENSION_SNAPSHOT_WORDS, ...options, keepOutsideVectors: true }, {
        onVocab: (stats) => this.emit((l) => l.vocab?.(info, stats)),
        onProgress: (p) => {
          if (this.active?.info === info) this.active.last = p;
          // One line for both the notification and the status bar.
          const line = runStatusLine(p, info.name, vscode.l10n.t);
          const pct = p.phase === 'train' ? percentDone(p) : undefined;
          report?.(line, pct);
          this.statusBar.training(info.name, pct, line, p.stalledSec !== undefined);
          this.emit((l) => l.progress?.(info, p));
        },
        onGradCheck: (r) => this.emit((l) => l.gradCheck?.(info, r)),
      });
    } catch (e) {
      return this.fail(info, e);
    }

    const ended = this.follow(info, run);
    this.active = { info, run, ended };
    this.statusBar.training(info.name, undefined, vscode.l10n.t('reading the corpus'));
    this.emit((l) => l.runStarted?.(info));

    // The notification's Cancel stops the run as "Stop training" does: the vectors so far are kept.
    void this.ui.progress(vscode.l10n.t('Word2Vec: training on {0}', info.name), true, async (progress, signal) => {
      signal.addEventListener('abort', () => run.cancel());
      report = progress;
      progress(vscode.l10n.t('reading the corpus'));
      await ended;
    });
    return ended;
  }

  /** Stops the active run (its vectors so far are kept); false when none is going. */
  stop(): boolean {
    if (!this.active) return false;
    this.active.run.cancel();
    return true;
  }

  /**
   * Cancels the active run and waits (at most `ms`) until it has ended and its workers are gone;
   * then disposes. For deactivation: nothing of a run may outlive the extension.
   */
  async shutdown(ms: number): Promise<void> {
    const going = this.active;
    if (going) {
      going.run.cancel();
      await orDeadline(going.ended, ms, undefined);
    }
    this.dispose();
  }

  dispose(): void {
    this.disposed = true;
    this.active?.run.cancel();
    this.listeners.clear();
  }

  private async follow(info: RunInfo, run: TrainingRun): Promise<RunOutcome> {
    let outcome: RunOutcome;
    try {
      const result = await run.result;
      if (this.disposed) {
        if (this.active?.info === info) this.active = undefined;
        return { kind: 'result', run: info, result };
      }
      this.keep(info, result);
      this.announce(info, result);
      outcome = { kind: 'result', run: info, result };
    } catch (e) {
      if (this.disposed) {
        if (this.active?.info === info) this.active = undefined;
        return { kind: 'error', run: info, message: e instanceof Error ? e.message : String(e), userError: false };
      }
      outcome = this.failure(info, e);
    }
    if (this.active?.info === info) this.active = undefined;
    this.statusBar.trainingEnded();
    this.lastOutcome = outcome;
    this.emit((l) => l.runEnded?.(outcome));
    return outcome;
  }

  /** Puts a finished (or stopped, or diverged) run's vectors in the store for hovers and neighbours. */
  private keep(info: RunInfo, result: TrainResult): void {
    if (result.words.length === 0) return;
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
      { rare: result.rare, outside, snapshots: result.snapshots },
    );
  }

  private announce(info: RunInfo, r: TrainResult): void {
    this.show(resultMessage(info.name, r, vscode.l10n.t));
  }

  /** Shows an outcome's notification and runs the command of the button the user clicks. */
  private show(m: OutcomeMessage): void {
    const labels = m.actions.map((a) => ACTION_LABELS[a]());
    const shown = m.level === 'error' ? this.ui.error(m.text, ...labels) : m.level === 'warning' ? this.ui.warn(m.text, ...labels) : this.ui.info(m.text, ...labels);
    void Promise.resolve(shown).then((choice) => {
      const action = m.actions[labels.indexOf(choice ?? '')];
      if (action) void vscode.commands.executeCommand(...ACTION_COMMANDS[action]);
    });
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
    const shown = failureMessage(text, userError, vscode.l10n.t);
    if (!userError) console.error('[word2vec] training failed', e);
    this.show(shown);
    return { kind: 'error', run: info, message: shown.text, userError };
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
