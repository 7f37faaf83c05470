import type { DroppedWords, TrainOptions, VocabStats, StopReason } from '../core/train/types';
import type { Neighbour, WordVectors } from '../core/vectors/WordVectors';
import type { DoesntMatchResult, MostSimilarQuery } from '../core/vectors/queries';
import type { AnalogyResult, AnalogySection, EvalOptions, WordPair, WordPairsResult } from '../core/eval';
import { isCancelled, UserInputError } from '../core/errors';
import { shareVectors, VectorQueries } from './vectorQueries';
import type { QueryOp, VectorQueryOps } from './vectorQueryOps';
import type { Snapshot } from '../core/vectors/snapshots';

/** Where the current vectors came from: what hovers say and what decides where they apply. */
export type VectorsOrigin =
  | {
      kind: 'trained';
      /** The corpus' name as shown to the user (file name or "Untitled-1"). */
      name: string;
      /** The trained document's URI (string form), for hovers on that document whatever its language. */
      documentUri?: string;
      /** The options the run used, resolved by the engine. */
      options: TrainOptions;
      vocab: VocabStats;
      stopReason: StopReason;
      wordsProcessed: number;
    }
  | { kind: 'loaded'; name: string; path: string };

/** What every command and the dashboard say when there are no vectors yet. */
export const NO_VECTORS = 'No word vectors yet: run "Word2Vec: Train word2vec on file" or "Word2Vec: Load vectors" first.';

export interface CurrentVectors {
  vectors: WordVectors;
  /** The model's queries, answered off this thread by its worker (the store's methods ask the current model's). */
  queries: VectorQueries;
  /** The run's outside vectors U (words x dim), when the engine reports them: the gradient explorer checks at (V, U). */
  outside?: Float32Array;
  origin: VectorsOrigin;
  /**
   * How many corpus words min-count (or maxVocab) dropped, when the engine reported them. The words
   * and their counts went to the query worker, which indexes them (a lookup's `rareCount`): this
   * thread keeps none of them.
   */
  droppedWords?: number;
  /** A trained model's snapshots of its top words during training (engine option snapshotWords), the last being the final vectors. */
  snapshots?: { words: string[]; dim: number; snapshots: Snapshot[] };
}

/**
 * The one model that hovers, "Show neighbours", export, the dashboard and the map use. Its queries
 * run in a worker of their own (VectorQueries), started when the model is set: the unit-length
 * rows, the word index and every search live there, so that no query, least of all a hover during
 * a training run, costs this thread more than a message. The worker is terminated when the model
 * is replaced or cleared and on dispose() (deactivation). No `vscode` import: the hover benchmark
 * uses it in plain Node.
 */
export class VectorStore {
  private model: CurrentVectors | undefined;
  private disposed = false;
  private readonly listeners = new Set<(m: CurrentVectors | undefined) => void>();

  get current(): CurrentVectors | undefined {
    return this.model;
  }

  /**
   * Makes `vectors` the current model and starts its query worker. The matrix is shared with the
   * worker, not copied: when it is not yet in a SharedArrayBuffer (trained and loaded vectors are),
   * the model keeps a shared copy instead of `vectors.vectors`.
   */
  set(vectors: WordVectors, origin: VectorsOrigin, extra: Pick<CurrentVectors, 'outside' | 'snapshots'> & { rare?: DroppedWords } = {}): CurrentVectors {
    const shared = shareVectors(vectors);
    const { rare, ...kept } = extra;
    // The dropped words' buffers are moved to the worker (VectorQueries): read their number first.
    const droppedWords = rare?.count;
    const model: CurrentVectors = { vectors: shared, queries: new VectorQueries(shared, rare), origin, ...kept, ...(droppedWords !== undefined ? { droppedWords } : {}) };
    if (this.disposed) {
      // A run cancelled by the deactivation ends after it: its vectors start no worker.
      model.queries.dispose();
      return model;
    }
    this.model?.queries.dispose();
    this.model = model;
    for (const l of [...this.listeners]) l(model);
    return model;
  }

  clear(): void {
    this.model?.queries.dispose();
    this.model = undefined;
    for (const l of [...this.listeners]) l(undefined);
  }

  /** Terminates the query worker and forgets the model and the listeners (the extension deactivates); later models start none. */
  dispose(): void {
    this.disposed = true;
    this.model?.queries.dispose();
    this.model = undefined;
    this.listeners.clear();
  }

  onDidChange(listener: (m: CurrentVectors | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The k nearest words of `word`, or undefined when there is no model or the word has no vector. */
  async neighbours(word: string, k: number): Promise<Neighbour[] | undefined> {
    const answer = this.model && await this.ask('lookup', { word, k });
    return answer && answer.row >= 0 ? answer.neighbours : undefined;
  }

  /** Vocabulary words starting with `prefix`, most frequent first (vocabularies are stored by count); none without a model. */
  async complete(prefix: string, limit: number): Promise<string[]> {
    return this.model ? this.ask('complete', { prefix, limit }) : [];
  }

  /**
   * The words of rows [start, start + count) (the most frequent first), from the worker: a loaded
   * model's words stay one block on this thread (WordVectors.fromPackedWords), and `vectors.words`
   * would decode them all here.
   */
  async wordsAt(start: number, count: number): Promise<string[]> {
    return this.model ? this.ask('wordsAt', { start, count }) : [];
  }

  /** gensim's most_similar / most_similar_cosmul (queries.ts); rejects with a UserInputError for an unknown word. */
  mostSimilar(query: MostSimilarQuery): Promise<Neighbour[]> {
    return this.ask('mostSimilar', query);
  }

  /** gensim's doesnt_match (queries.ts). */
  doesntMatch(words: string[]): Promise<DoesntMatchResult> {
    return this.ask('doesntMatch', { words });
  }

  /** The k rows nearest by cosine to `vector` (any length is normalised), skipping the rows in `exclude`. */
  neighboursOfVector(vector: ArrayLike<number>, k: number, exclude?: number[], restrict?: number): Promise<Neighbour[]> {
    return this.ask('neighboursOfVector', { vector: Array.from(vector), k, exclude, restrict });
  }

  /** Spearman and Pearson on word pairs, as `w2v eval` (core/eval). */
  evaluateWordPairs(pairs: WordPair[], options?: EvalOptions): Promise<WordPairsResult> {
    return this.ask('evaluateWordPairs', { pairs, options });
  }

  /** Analogy accuracy per section, as `w2v eval` (core/eval). */
  evaluateAnalogies(sections: AnalogySection[], options?: EvalOptions): Promise<AnalogyResult> {
    return this.ask('evaluateAnalogies', { sections, options });
  }

  /**
   * Asks the current model's worker. A question about words whose model is replaced before it is
   * answered is asked again of the new model, so callers never see the replacement; a question
   * about rows or a vector (ROW_OPS) meant the old model's, so it rejects with the CancelledError.
   */
  private async ask<K extends QueryOp>(op: K, args: VectorQueryOps[K]['args']): Promise<VectorQueryOps[K]['result']> {
    for (;;) {
      const q = this.model?.queries;
      if (!q) throw new UserInputError(NO_VECTORS);
      try {
        return await q.ask(op, args);
      } catch (e) {
        if (!isCancelled(e) || !this.model || this.model.queries === q || ROW_OPS.has(op)) throw e;
      }
    }
  }
}

/**
 * The store's questions about row numbers or a vector of the model asked: the next model's rows
 * mean other words. (Callers that want rows of one model ask that model's `queries` themselves.)
 */
const ROW_OPS: ReadonlySet<QueryOp> = new Set<QueryOp>(['wordsAt', 'neighboursOfVector']);
