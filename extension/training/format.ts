/** Number formats of the progress notification and the status bar (no vscode: unit-testable). */
import type { TrainProgress } from '../core/train/types';

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 75 -> "1:15", 3725 -> "1:02:05"; unknown or infinite -> "?". */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '?';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Percent of the run done, 0..100. */
export function percentDone(p: TrainProgress): number {
  if (p.phase !== 'train' || !(p.totalWords > 0)) return 0;
  return Math.min(100, (100 * p.wordsProcessed) / p.totalWords);
}

/** "epoch 2/5 · 412,300 words/s · ETA 0:42" */
export function progressLine(p: TrainProgress): string {
  if (p.phase === 'vocab') return `building the vocabulary (${formatCount(p.wordsProcessed)} words read)`;
  return `epoch ${p.epoch}/${p.epochs} · ${formatCount(p.wordsPerSec)} words/s · ETA ${formatDuration(p.etaSec)}`;
}
