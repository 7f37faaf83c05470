/**
 * The dashboard's record of the current run, on the extension side: one instance, created in
 * activate(), that outlives any panel. Run events are recorded whether or not a panel is open, so
 * a panel opened late, reopened, or restored after a reload gets everything in one snapshot. Live
 * updates to an open page are batched: loss points and gradient-check reports are posted at most
 * 1000/FLUSH_MS times a second. No `vscode` import.
 */
import type { GradCheckReport, TrainProgress, VocabStats } from '../core/train/types';
import type { ExplorerResult } from '../core/gradcheck/explorer';
import type { SentimentResult } from '../core/sentiment/types';
import { DashboardState } from '../shared/dashboardState';
import { RunsRecorder, type RunStorage } from './runs';
import type {
  DashboardSnapshot, ExplorerResultView, LossPoint, VectorsInfo, RunEnd, RunView, SentimentView, ToWebview,
} from '../shared/protocol';

export const FLUSH_MS = 200;

/** Where the recorder posts: the open panel whose page listens, if any. */
export type UpdateSink = () => { post(message: ToWebview): void } | undefined;

export class DashboardRecorder {
  readonly state = new DashboardState();
  /** The last gradient-explorer check, as the page shows it and as the core gave it (for the exports). */
  explorer: { view: ExplorerResultView; core: ExplorerResult } | undefined;
  sentiment: SentimentView | undefined;
  // Not yet posted to the open page.
  private pendingPoints: LossPoint[] = [];
  private pendingReports: GradCheckReport[] = [];
  private pendingProgress = false;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** The x of the last loss point recorded. */
  private lastX = 0;

  /** The last few runs, for the Runs tab (kept in `storage`, the workspace's, when given). */
  readonly runs: RunsRecorder;

  constructor(private readonly sink: UpdateSink, storage?: RunStorage) {
    this.runs = new RunsRecorder(storage, () => this.notify(this.runsMessage()));
  }

  /** The 'runs' message: the run list as the Runs tab draws it. */
  runsMessage(): Extract<ToWebview, { type: 'runs' }> {
    return { type: 'runs', runs: [...this.runs.runs] };
  }

  /** A new run: clears the previous run's curve and checks. */
  runStarted(run: RunView): void {
    this.state.startRun({ ...run, options: { ...run.options } });
    this.lastX = 0;
    this.clearPending();
    this.notify({ type: 'runStarted', run: this.state.run! });
    this.runs.started(this.state.run!);
  }

  vocab(stats: VocabStats): void {
    this.state.vocab = stats;
    this.notify({ type: 'vocab', stats });
  }

  progress(p: TrainProgress): void {
    // The curve's points go to the loss history (and the page) once, not with every progress.
    const { lossPoints, ...progress } = p;
    this.state.progress = progress;
    for (const q of lossPoints ?? []) {
      // Workers log in parallel: a point can come a tick after one a little further on. Keep x sorted.
      const point = { x: Math.max(q.wordsProcessed, this.lastX), raw: q.loss };
      this.lastX = point.x;
      if (this.state.loss.add(point)) this.pendingPoints.push(point);
    }
    this.pendingProgress = true;
    this.scheduleFlush();
  }

  gradCheck(r: GradCheckReport): void {
    this.state.grad.add(r);
    this.runs.checked(r);
    this.pendingReports.push(r);
    this.scheduleFlush();
  }

  runEnded(end: RunEnd): void {
    this.flush();
    this.state.ended = { ...end };
    // The run list first: the page's last word about a run is its end.
    this.runs.ended(this.state.ended, this.state.loss.smoothPoints());
    this.notify({ type: 'runEnded', end: this.state.ended });
  }

  /** The vectors used for neighbours and hovers changed (a run finished, or vectors were loaded). */
  vectorsChanged(model: VectorsInfo): void {
    this.state.model = { ...model };
    this.notify({ type: 'model', model: this.state.model });
  }

  /** A sentiment sweep finished: shown in the Sentiment tab (kept across runs). `vectors`: where the features' word vectors came from. */
  sentimentSwept(result: SentimentResult, vectors?: string): void {
    const { model: _weights, ...view } = result;
    this.sentiment = vectors !== undefined ? { ...view, vectors } : view;
    this.notify({ type: 'sentiment', result: this.sentiment });
  }

  explorerChecked(view: ExplorerResultView, core: ExplorerResult): void {
    this.explorer = { view, core };
  }

  /** Everything recorded, as a panel receives it. */
  snapshot(): DashboardSnapshot {
    return this.state.snapshot();
  }

  /** The 'snapshot' message for a page that has just loaded; it carries every batched update not yet posted. */
  snapshotMessage(neighbourCount: number | undefined): ToWebview {
    this.clearPending();
    return {
      type: 'snapshot',
      snapshot: this.snapshot(),
      ...(neighbourCount !== undefined ? { neighbourCount } : {}),
      ...(this.explorer ? { explorer: this.explorer.view } : {}),
      ...(this.sentiment ? { sentiment: this.sentiment } : {}),
      runs: [...this.runs.runs],
    };
  }

  /**
   * After a reload the extension starts empty: take the run the page had. A run recorded since
   * (or a model) is newer than the page's, so it wins.
   */
  restore(snapshot: DashboardSnapshot): void {
    if (this.state.run || this.state.model) return;
    this.state.load(snapshot);
    this.clearPending();
  }

  /** Posts batched progress and checks now (or drops them when no page listens: its next snapshot has them). */
  flush(): void {
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    const page = this.sink();
    if (page) {
      if (this.pendingProgress && this.state.progress) {
        page.post({ type: 'progress', progress: this.state.progress, points: this.pendingPoints });
      }
      if (this.pendingReports.length > 0) page.post({ type: 'gradCheck', reports: this.pendingReports });
    }
    if (this.pendingProgress) this.runs.curve(() => this.state.loss.smoothPoints());
    this.clearPending();
  }

  dispose(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  /** Posts to the open page if it listens; otherwise its next snapshot carries the change. */
  private notify(message: ToWebview): void {
    this.sink()?.post(message);
  }

  private scheduleFlush(): void {
    if (this.flushTimer === undefined) this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  private clearPending(): void {
    this.pendingPoints = [];
    this.pendingReports = [];
    this.pendingProgress = false;
  }
}
