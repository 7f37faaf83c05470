/**
 * Number formats of the progress notification and the status bar. Pure (no vscode): the caller
 * passes its translator (vscode.l10n.t), so unit tests check the texts.
 */
import type { TrainProgress } from '../core/train/types';
import { formatDuration } from '../shared/format';
import type { Translate } from '../shared/translate';
import { stallMessage } from '../shared/stallMessage';

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Percent of the run done, 0..100. */
export function percentDone(p: TrainProgress): number {
  if (p.phase !== 'train' || !(p.totalWords > 0)) return 0;
  return Math.min(100, (100 * p.wordsProcessed) / p.totalWords);
}

/** "epoch 2/5 · 412,300 words/s · ETA 1:42" */
export function progressLine(p: TrainProgress, t: Translate): string {
  if (p.phase === 'vocab') return t('building the vocabulary ({0} words read)', formatCount(p.wordsProcessed));
  return t('epoch {0}/{1} · {2} words/s · ETA {3}', p.epoch, p.epochs, formatCount(p.wordsPerSec), formatDuration(p.etaSec));
}

/**
 * What the progress notification and the status bar say of a run on `name`: its progress line, or,
 * while reading the corpus has made no progress for 10 s or more (TrainProgress.stalledSec), that
 * the file may be on a drive that stopped answering and what the notification's Cancel does.
 */
export function runStatusLine(p: TrainProgress, name: string, t: Translate): string {
  return p.stalledSec !== undefined ? stallMessage(name, p.stalledSec, p.phase === 'train', 'cancel', t) : progressLine(p, t);
}
