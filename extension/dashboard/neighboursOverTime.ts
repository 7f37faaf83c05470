/**
 * The Neighbours tab's "over time" table, on the extension side: a searched word's neighbours at
 * each snapshot the training run kept (CurrentVectors.snapshots), computed in a worker. One
 * request at a time; a newer search cancels the older one.
 */
import * as vscode from 'vscode';
import { isCancelled } from '../core/errors';
import type { ToWebview } from '../shared/protocol';
import type { DashboardHost } from './host';
import { runWorker } from '../core/util/runWorker';
import type { OverTimeRequest, OverTimeResult } from './neighboursOverTime.worker';

/** Columns of the table: the top 10 at most, whatever k the list shows (a row per snapshot must stay readable). */
export const OVER_TIME_K = 10;

export class NeighboursOverTime {
  private running: AbortController | undefined;

  constructor(private readonly host: DashboardHost, private readonly post: (m: ToWebview) => void, private readonly log: (line: string) => void) {}

  /** Answers a search with the word's neighbours per snapshot (no rows when the model kept no snapshots, or `known` is false). */
  async request(requestId: number, word: string, k: number, known = true): Promise<void> {
    this.running?.abort();
    const s = this.host.vectors?.()?.snapshots;
    const answer = (rows: Extract<ToWebview, { type: 'neighboursOverTime' }>['rows'], error?: string): void =>
      this.post({ type: 'neighboursOverTime', requestId, word, k, words: s?.words.length ?? 0, rows, ...(error ? { error } : {}) });
    if (!s || s.snapshots.length === 0 || !known) return answer([]);
    if (!s.words.includes(word)) {
      return answer([], vscode.l10n.t('“{0}” is not among the {1} most frequent words whose vectors the run kept while training.', word, s.words.length.toLocaleString('en-US')));
    }
    const abort = new AbortController();
    this.running = abort;
    try {
      const rows = await runWorker<OverTimeRequest, never, OverTimeResult>('neighboursOverTime.worker',
        { words: s.words, dim: s.dim, snapshots: s.snapshots, word, k: Math.min(k, OVER_TIME_K, s.words.length - 1) },
        { what: 'Neighbours over time', signal: abort.signal });
      answer(rows.map((r, i) => ({ label: r.label, epoch: s.snapshots[i].epoch, wordsProcessed: s.snapshots[i].wordsProcessed, stop: s.snapshots[i].stop, neighbours: r.neighbours })));
    } catch (e) {
      if (isCancelled(e)) return;
      this.log(`neighbours over time failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      answer([], vscode.l10n.t('Could not find the neighbours over time: {0}', e instanceof Error ? e.message : String(e)));
    } finally {
      if (this.running === abort) this.running = undefined;
    }
  }

  dispose(): void {
    this.running?.abort();
  }
}
