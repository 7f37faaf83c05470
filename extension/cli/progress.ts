import type { TrainProgress } from '../core/train/types';
import { compact, duration } from './output';

/** Plain (non-terminal) progress lines at most this often: a log file should not fill up. */
const PLAIN_EVERY_MS = 5000;
/** Redraws of the terminal bar at most this often. */
const BAR_EVERY_MS = 100;
const BAR_WIDTH = 28;

/**
 * Training progress on stderr: a redrawn bar with words/s and ETA on a terminal, otherwise a plain
 * line every few seconds. Messages print on their own line above the bar.
 */
export class ProgressReporter {
  private last = 0;
  private barShown = false;
  private readonly tty: boolean;

  constructor(private readonly stream: NodeJS.WriteStream, private readonly quiet = false) {
    this.tty = stream.isTTY === true;
  }

  private clearBar(): void {
    if (this.barShown) {
      this.stream.write('\r\x1b[2K');
      this.barShown = false;
    }
  }

  message(text: string): void {
    if (this.quiet) return;
    this.clearBar();
    this.stream.write(text + '\n');
  }

  progress(p: TrainProgress): void {
    if (this.quiet || p.wordsProcessed === 0) return;
    const now = Date.now();
    if (now - this.last < (this.tty ? BAR_EVERY_MS : PLAIN_EVERY_MS)) return;
    this.last = now;
    const frac = p.totalWords > 0 ? Math.min(1, p.wordsProcessed / p.totalWords) : 0;
    if (p.phase === 'vocab') {
      // Reading the corpus and counting words (totalWords is estimated from the bytes read).
      const line = `Reading the corpus: ${(100 * frac).toFixed(0)}% (${compact(p.wordsProcessed)} words, ${duration(p.elapsedSec)})`;
      if (this.tty) {
        this.stream.write('\r\x1b[2K' + line.slice(0, (this.stream.columns || 100) - 1));
        this.barShown = true;
      } else this.stream.write(line + '\n');
      return;
    }
    // Most important first: a narrow terminal cuts the end of the line.
    const stats = `${(100 * frac).toFixed(1).padStart(5)}%  ${compact(p.wordsPerSec)} words/s  ETA ${p.wordsPerSec > 0 ? duration(p.etaSec) : '?'}  epoch ${p.epoch}/${p.epochs}  loss ${Number.isFinite(p.loss) ? p.loss.toFixed(4) : '-'}  alpha ${p.alpha.toPrecision(3)}`;
    if (this.tty) {
      const filled = Math.round(frac * BAR_WIDTH);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${stats}`;
      const cols = this.stream.columns || 100;
      this.stream.write('\r\x1b[2K' + line.slice(0, cols - 1));
      this.barShown = true;
    } else {
      this.stream.write(`progress ${stats}  (${compact(p.wordsProcessed)} of ${compact(p.totalWords)} words, ${duration(p.elapsedSec)} elapsed)\n`);
    }
  }

  /** Removes the bar before the summary. */
  done(): void {
    this.clearBar();
  }
}
