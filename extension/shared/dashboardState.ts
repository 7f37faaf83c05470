/**
 * What the dashboard shows of the current run, as one pure value that both sides keep: the
 * extension records into one (extension/dashboard/recorder.ts) and the page keeps its own copy
 * (webview/main.ts), and a snapshot of either loads into the other. No `vscode` and no DOM.
 */
import type { TrainProgress, VocabStats } from '../core/train/types';
import { GradHistory } from './gradHistory';
import { LossHistory } from './lossHistory';
import type { DashboardSnapshot, VectorsInfo, RunEnd, RunView } from './protocol';

export class DashboardState {
  run: RunView | undefined;
  vocab: VocabStats | undefined;
  progress: TrainProgress | undefined;
  ended: RunEnd | undefined;
  model: VectorsInfo | undefined;
  loss = new LossHistory();
  grad = new GradHistory();

  /** A new run: the previous run's data goes; the model (what neighbours come from) stays. */
  startRun(run: RunView): void {
    this.run = run;
    this.vocab = this.progress = this.ended = undefined;
    this.loss = new LossHistory();
    this.grad = new GradHistory();
  }

  snapshot(): DashboardSnapshot {
    const s: DashboardSnapshot = { loss: this.loss.state(), grad: this.grad.state() };
    if (this.run) s.run = this.run;
    if (this.vocab) s.vocab = this.vocab;
    if (this.progress) s.progress = this.progress;
    if (this.ended) s.ended = this.ended;
    if (this.model) s.model = this.model;
    return s;
  }

  load(s: DashboardSnapshot): void {
    this.run = s.run;
    this.vocab = s.vocab;
    this.progress = s.progress;
    this.ended = s.ended;
    this.model = s.model;
    this.loss = LossHistory.fromState(s.loss);
    this.grad = GradHistory.fromState(s.grad);
  }
}
