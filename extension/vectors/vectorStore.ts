import type { TrainOptions, VocabStats, StopReason } from '../core/train/types';
import type { Neighbour, WordVectors } from '../core/vectors/WordVectors';
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
  /** The run's outside vectors U (words x dim), when the engine reports them: the gradient explorer checks at (V, U). */
  outside?: Float32Array;
  origin: VectorsOrigin;
  /** Corpus words that min-count dropped, with their counts, when the engine reported them. */
  rare?: ReadonlyMap<string, number>;
  /** A trained model's snapshots of its top words during training (engine option snapshotWords), the last being the final vectors. */
  snapshots?: { words: string[]; dim: number; snapshots: Snapshot[] };
}

/**
 * The one model that hovers, "Show neighbours", export and the dashboard's search use. Setting a
 * model computes its unit-length rows at once (WordVectors caches them), so that no query, least
 * of all a hover during a training run, pays for the normalisation. No `vscode` import: the hover
 * benchmark uses it in plain Node.
 */
export class VectorStore {
  private model: CurrentVectors | undefined;
  private readonly listeners = new Set<(m: CurrentVectors | undefined) => void>();

  get current(): CurrentVectors | undefined {
    return this.model;
  }

  set(vectors: WordVectors, origin: VectorsOrigin, extra: Pick<CurrentVectors, 'rare' | 'outside' | 'snapshots'> = {}): CurrentVectors {
    vectors.normalized();
    vectors.indexOf(''); // builds the word index now, not on the first hover
    const model: CurrentVectors = { vectors, origin, ...extra };
    this.model = model;
    for (const l of [...this.listeners]) l(model);
    return model;
  }

  clear(): void {
    this.model = undefined;
    for (const l of [...this.listeners]) l(undefined);
  }

  onDidChange(listener: (m: CurrentVectors | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The k nearest words of `word`, or undefined when there is no model or the word has no vector. */
  neighbours(word: string, k: number): Neighbour[] | undefined {
    const v = this.model?.vectors;
    if (!v || v.indexOf(word) < 0) return undefined;
    return v.neighbours(word, k);
  }

  /** Vocabulary words starting with `prefix`, most frequent first (vocabularies are stored by count). */
  complete(prefix: string, limit: number): string[] {
    const out: string[] = [];
    const words = this.model?.vectors.words ?? [];
    for (let i = 0; i < words.length && out.length < limit; i++) if (words[i].startsWith(prefix)) out.push(words[i]);
    return out;
  }
}
