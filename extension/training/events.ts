import type { CorpusSource, GradCheckReport, TrainOptions, TrainProgress, TrainResult, VocabStats } from '../core/train/types';

/** A run as the UI knows it: what it trains on and with which options. */
export interface RunInfo {
  id: number;
  /** The corpus' name as shown to the user. */
  name: string;
  sourceKind: CorpusSource['kind'];
  /** The trained document's URI (string form), when it came from a document or a file. */
  documentUri?: string;
  /** The options the run uses, resolved (defaults filled in), recorded when it starts. */
  options: TrainOptions;
  startedAt: number;
}

/** How a run ended: with vectors (done, cancelled or diverged), or with an error message. */
export type RunOutcome =
  | { kind: 'result'; run: RunInfo; result: TrainResult }
  | { kind: 'error'; run: RunInfo | undefined; message: string; userError: boolean };

/** Everything a run reports, in order; the dashboard, the status bar and tests listen to these. */
export interface RunListener {
  runStarted?(run: RunInfo): void;
  vocab?(run: RunInfo, stats: VocabStats): void;
  progress?(run: RunInfo, p: TrainProgress): void;
  gradCheck?(run: RunInfo, r: GradCheckReport): void;
  runEnded?(outcome: RunOutcome): void;
}
