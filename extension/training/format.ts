/** Number formats of the progress notification and the status bar (no vscode: unit-testable). */
import type { TrainProgress } from '../core/train/types';
import { formatDuration } from '../shared/format';

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Percent of the run done, 0..100. */
export function percentDone(p: TrainProgress): number {
  if (p.phase !== 'train' || !(p.totalWords > 0)) return 0;
  return Math.min(100, (100 * p.wordsProcessed) / p.totalWords);
}

/** "epoch 2/5 · 412,300 words/s · ETA 1:42" */
export function progressLine(p: TrainProgress): string {
  if (p.phase === 'vocab') return `building the vocabulary (${formatCount(p.wordsProcessed)} words read)`;
  return `epoch ${p.epoch}/${p.epochs} · ${formatCount(p.wordsPerSec)} words/s · ETA ${formatDuration(p.etaSec)}`;
}
