/**
 * What the user is told when reading the corpus has given nothing for a while
 * (TrainProgress.stalledSec): the file may be on a network drive that stopped answering, and what
 * stopping does. One sentence for the command line (`w2v train`), the extension's progress
 * notification and status bar, and the dashboard; each names its own way to stop. Pure (no vscode,
 * no DOM): the caller passes its translator (vscode.l10n.t, the page's t(), or `english`).
 */
import type { Translate } from './translate';

/** How the user stops the run where the message is shown: Ctrl-C in a terminal, the notification's Cancel in the extension. */
export type StopControl = 'ctrl-c' | 'cancel';

/**
 * "reading corpus.txt has made no progress for 12 s; the file may be on a network drive that
 * stopped answering. Cancel stops and keeps the vectors trained so far." `training`: the run is
 * past reading (a streamed corpus is re-read every epoch), so stopping keeps what it has trained.
 */
export function stallMessage(file: string, seconds: number, training: boolean, stop: StopControl, t: Translate): string {
  const stalled = t('reading {0} has made no progress for {1} s; the file may be on a network drive that stopped answering.', file, seconds);
  const what = stop === 'ctrl-c'
    ? training ? t('Ctrl-C stops and writes the vectors trained so far.') : t('Ctrl-C stops (nothing is trained yet).')
    : training ? t('Cancel stops and keeps the vectors trained so far.') : t('Cancel stops (nothing is trained yet).');
  return `${stalled} ${what}`;
}
