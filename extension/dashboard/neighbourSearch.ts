/**
 * The Neighbours tab's search, on the extension side: answers the page's 'neighbours' requests from
 * the current model (then asks for the word's neighbours over the run's snapshots), and when the
 * model is replaced or cleared (a run ended, vectors were loaded) answers the search shown again,
 * under its request id, from the new model: the page never keeps the neighbours of a model that is
 * gone. An answer asked of a model replaced meanwhile (its worker ended: "cancelled") is dropped:
 * the new model's answer is the one posted. (Of several searches, the page keeps the answer to its
 * newest by request id.) No `vscode` import.
 */
import type { ToWebview } from '../shared/protocol';
import type { DashboardHost } from './host';
import { settled } from './settled';

/** A search as the page asked it. */
interface Search { requestId: number; word: string; k: number }

/** The "over time" table's side (NeighboursOverTime): asked after each answer. */
export interface OverTimeRequests {
  request(requestId: number, word: string, k: number, known: boolean): Promise<void>;
}

export class NeighbourSearch {
  /** The last search the page asked (the one it shows). */
  private shown: Search | undefined;
  /** Bumped by each new model (and by dispose): an answer asked before is not posted. */
  private model = 0;
  private readonly listening: { dispose(): void } | undefined;

  constructor(
    private readonly host: Pick<DashboardHost, 'neighbours' | 'onVectorsChange'>,
    private readonly post: (m: ToWebview) => void,
    private readonly overTime: OverTimeRequests,
  ) {
    this.listening = host.onVectorsChange?.(() => {
      this.model++;
      if (this.shown) void this.answer(this.shown);
    });
  }

  /** Answers the page's search (and remembers it, to answer it again for a new model). */
  ask(requestId: number, word: string, k: number): Promise<void> {
    this.shown = { requestId, word, k };
    return this.answer(this.shown);
  }

  /** Stops answering: the panel is gone, or the extension deactivates. */
  dispose(): void {
    this.model++;
    this.shown = undefined;
    this.listening?.dispose();
  }

  private async answer({ requestId, word, k }: Search): Promise<void> {
    const model = this.model;
    // A synchronous throw becomes an answer with its message, as a rejection does.
    const answer = await settled(() => this.host.neighbours(word, k))
      .catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
    if (model !== this.model) return;
    if (Array.isArray(answer)) this.post({ type: 'neighbours', requestId, word, k, results: answer });
    else this.post({ type: 'neighbours', requestId, word, k, results: [], error: answer.error });
    // And, when the run kept snapshots, the word's neighbours at each of them (in a worker);
    // nothing for a word without neighbours (the list says why), which hides an older table.
    void this.overTime.request(requestId, word, k, Array.isArray(answer));
  }
}
