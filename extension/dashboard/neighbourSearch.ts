/**
 * A word's neighbours as a dashboard list shows them, on the extension side: the Neighbours tab's
 * search and the Map's neighbour focus. Each answers the page's request from the current model, and
 * when the model is replaced or cleared (a run ended, vectors were loaded) answers the list shown
 * again, under its request id, from the new model: the page never keeps the neighbours of a model
 * that is gone (a word the new model lacks gets its message instead of the old list). An answer
 * asked of a model replaced meanwhile (its worker ended: "cancelled") is dropped: the new model's
 * answer is the one posted. (Of several requests, the page keeps the answer to its newest by
 * request id.) No `vscode` import.
 */
import type { Neighbour, ToWebview } from '../shared/protocol';
import type { DashboardHost } from './host';
import { settled } from './settled';

/** A request as the page asked it. */
export interface NeighbourQuestion { requestId: number; word: string; k: number }

/** The host's answer: the neighbours, or why there are none (no vectors, an unknown word). */
export type NeighbourAnswer = Neighbour[] | { error: string };

/** The "over time" table's side (NeighboursOverTime): asked after each answer. */
export interface OverTimeRequests {
  request(requestId: number, word: string, k: number, known: boolean): Promise<void>;
}

export class NeighbourSearch {
  /** The last request the page asked (the list it shows). */
  private shown: NeighbourQuestion | undefined;
  /** Bumped by each new model (and by dispose): an answer asked before is not posted. */
  private model = 0;
  private readonly listening: { dispose(): void } | undefined;

  constructor(
    private readonly host: Pick<DashboardHost, 'neighbours' | 'onVectorsChange'>,
    /** Posts an answer of the current model to the page. */
    private readonly answered: (question: NeighbourQuestion, answer: NeighbourAnswer) => void,
  ) {
    this.listening = host.onVectorsChange?.(() => {
      this.model++;
      if (this.shown) void this.answer(this.shown);
    });
  }

  /** Answers the page's request (and remembers it, to answer it again for a new model). */
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

  private async answer(question: NeighbourQuestion): Promise<void> {
    const model = this.model;
    // A synchronous throw becomes an answer with its message, as a rejection does.
    const answer = await settled(() => this.host.neighbours(question.word, question.k))
      .catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
    if (model !== this.model) return;
    this.answered(question, answer);
  }
}

/** The Neighbours tab's search: posted as 'neighbours', then the word's neighbours over the run's snapshots. */
export function neighboursTabSearch(host: Pick<DashboardHost, 'neighbours' | 'onVectorsChange'>, post: (m: ToWebview) => void, overTime: OverTimeRequests): NeighbourSearch {
  return new NeighbourSearch(host, ({ requestId, word, k }, answer) => {
    if (Array.isArray(answer)) post({ type: 'neighbours', requestId, word, k, results: answer });
    else post({ type: 'neighbours', requestId, word, k, results: [], error: answer.error });
    // And, when the run kept snapshots, the word's neighbours at each of them (in a worker);
    // nothing for a word without neighbours (the list says why), which hides an older table.
    void overTime.request(requestId, word, k, Array.isArray(answer));
  });
}

/** The Map's neighbour focus (a clicked point's neighbours in the full space, drawn as lines): posted as 'mapNeighbours'. */
export function mapFocusSearch(host: Pick<DashboardHost, 'neighbours' | 'onVectorsChange'>, post: (m: ToWebview) => void): NeighbourSearch {
  return new NeighbourSearch(host, ({ requestId, word }, answer) => {
    if (Array.isArray(answer)) post({ type: 'mapNeighbours', requestId, word, results: answer });
    else post({ type: 'mapNeighbours', requestId, word, results: [], error: answer.error });
  });
}
