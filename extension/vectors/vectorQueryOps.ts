/**
 * What the query worker (vectorQueries.worker.ts) is asked and answers: each operation is the core's
 * own function (WordVectors, queries.ts, core/eval), so the extension's answers are the CLI's and
 * the library's. `answerQuery` is what the worker runs; the tests run it in-thread to compare.
 */
import type { MessagePort } from 'node:worker_threads';
import type { SerializedError } from '../core/util/runWorker';
import type { Neighbour, WordVectors } from '../core/vectors/WordVectors';
import type { DroppedWords } from '../core/train/types';
import { doesntMatch, mostSimilar, type DoesntMatchResult, type MostSimilarQuery } from '../core/vectors/queries';
import { checkSplits, encodeSplits, loadLabeledFile, type EncodedSplits } from '../core/sentiment';
import { pickCorpusWindow, pickCorpusWindowFromFile, type CorpusWindow } from '../core/gradcheck/corpusWindow';
import {
  evaluateAnalogies, evaluateFile, evaluateWordPairs,
  type AnalogyResult, type AnalogySection, type EvalFileResult, type EvalOptions, type WordPair, type WordPairsResult,
} from '../core/eval';

/**
 * A word's row (-1: no vector) and, when it has one, its k nearest words; for a word without one
 * that the run's min-count dropped, its count in the corpus.
 */
export interface WordLookup { row: number; neighbours: Neighbour[]; rareCount?: number }

/** Each operation's arguments and answer. */
export interface VectorQueryOps {
  lookup: { args: { word: string; k: number }; result: WordLookup };
  complete: { args: { prefix: string; limit: number }; result: string[] };
  wordsAt: { args: { start: number; count: number }; result: string[] };
  /**
   * The sentiment classifier's train, dev and test files (their paths) read, checked and encoded as
   * this model's rows: no token of them is looked up on the host's thread (trainSentiment.ts).
   */
  sentimentSplits: { args: { paths: [string, string, string] }; result: EncodedSplits };
  /** A seeded real window of a corpus (its text, or its file read a few KB at a time) as the model's rows: the gradient explorer's. */
  corpusWindow: { args: { source: CorpusSource; window: number; seed: number }; result: CorpusWindow };
  neighboursOfVector: { args: { vector: number[]; k: number; exclude?: number[]; restrict?: number }; result: Neighbour[] };
  mostSimilar: { args: MostSimilarQuery; result: Neighbour[] };
  doesntMatch: { args: { words: string[] }; result: DoesntMatchResult };
  evaluateWordPairs: { args: { pairs: WordPair[]; options?: EvalOptions }; result: WordPairsResult };
  evaluateAnalogies: { args: { sections: AnalogySection[]; options?: EvalOptions }; result: AnalogyResult };
  /**
   * The Evaluation tab's files: read once, here, and scored as word pairs or as analogies by their
   * content (the core's evaluateFile, which decides the kind: a ": section" line first means analogies).
   */
  evaluateFile: { args: { path: string; options?: EvalOptions }; result: EvalFileResult };
}
export type QueryOp = keyof VectorQueryOps;

/** Where a corpus window is picked from: a text (an open document with unsaved edits), or a file on disk. */
export type CorpusSource = { text: string } | { path: string };

export type QueryRequest = { [K in QueryOp]: { id: number; op: K; args: VectorQueryOps[K]['args'] } }[QueryOp];
export type QueryReply = { id: number; result: unknown; error?: undefined } | { id: number; error: SerializedError };

/** The worker's start: the model (the matrix in a SharedArrayBuffer, read in place) and the port it answers on. */
export interface VectorQueriesData {
  port: MessagePort;
  /** The words joined by "\n", UTF-8 (packedWords.ts). */
  words: Uint8Array;
  count: number;
  dim: number;
  vectors: Float32Array;
  /** The words' corpus counts, when the model has them (moved, not cloned: see VectorQueries). */
  counts?: Float64Array;
  /** The corpus words the run's min-count dropped (joined by "\n", UTF-8) and their counts, when the engine reported them. */
  rare?: DroppedWords;
}

/** 'ready': the unit matrix and the word index are built (`ms` after the worker started). */
export interface VectorQueriesEvent { kind: 'ready'; ms: number }

/** Answers one request on the worker's model; `rareCount` gives a dropped word's corpus count. */
export async function answerQuery(wv: WordVectors, req: QueryRequest, rareCount: (word: string) => number | undefined = () => undefined): Promise<unknown> {
  switch (req.op) {
    case 'lookup': {
      const row = wv.indexOf(req.args.word);
      if (row >= 0) return { row, neighbours: wv.neighbours(req.args.word, req.args.k) } satisfies WordLookup;
      const count = rareCount(req.args.word);
      return { row, neighbours: [], ...(count !== undefined ? { rareCount: count } : {}) } satisfies WordLookup;
    }
    case 'complete':
      return complete(wv.words, req.args.prefix, req.args.limit);
    case 'wordsAt':
      return wv.words.slice(req.args.start, req.args.start + req.args.count);
    case 'sentimentSplits': {
      const [train, dev, test] = await Promise.all(req.args.paths.map((p) => loadLabeledFile(p)));
      return encodeSplits(wv, { train, dev, test }, checkSplits(train, dev, test));
    }
    case 'corpusWindow': {
      const { source, window, seed } = req.args;
      return 'text' in source ? pickCorpusWindow(source.text, wv, window, seed) : pickCorpusWindowFromFile(source.path, wv, window, seed);
    }
    case 'neighboursOfVector':
      return wv.neighboursOfVector(req.args.vector, req.args.k, req.args.exclude, req.args.restrict);
    case 'mostSimilar':
      return mostSimilar(wv, req.args);
    case 'doesntMatch':
      return doesntMatch(wv, req.args.words);
    case 'evaluateWordPairs':
      return evaluateWordPairs(wv, req.args.pairs, req.args.options);
    case 'evaluateAnalogies':
      return evaluateAnalogies(wv, req.args.sections, req.args.options);
    case 'evaluateFile':
      return evaluateFile(wv, req.args.path, req.args.options);
  }
}

/** Vocabulary words starting with `prefix`, most frequent first (vocabularies are stored by count). */
export function complete(words: readonly string[], prefix: string, limit: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length && out.length < limit; i++) if (words[i].startsWith(prefix)) out.push(words[i]);
  return out;
}
