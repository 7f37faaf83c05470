/**
 * The training engine's public types: what the CLI, the extension and the benchmarks see.
 * The engine itself (corpus streaming, vocabulary, worker threads, the kernel) lives beside this file.
 */

import type { KernelMistakeId } from './mistakes';
import type { LossSample } from './lossCurve';
import type { TrainSnapshots } from './snapshots';

export type ModelKind = 'skipgram' | 'cbow';
/** The losses of CS224n assignment 2: 'neg', negative sampling with `negative` samples; 'softmax', the naive (full) softmax. */
export type LossKind = 'neg' | 'softmax';
/** What the engine trains with: those, or 'hs', the hierarchical softmax over a Huffman tree of the counts (word2vec.c's -hs 1). */
export type TrainLoss = LossKind | 'hs';
/**
 * How CBOW updates its context vectors. Its hidden vector is the mean of the n context vectors, so
 * each one's gradient is 1/n of the hidden vector's: 'corrected' steps by that (İrsoy, Benton &
 * Stratos, "Corrected CBOW Performs as well as Skip-gram", 2021); 'word2vec' adds the whole hidden
 * error to every context vector, as word2vec.c and gensim do (n times the gradient).
 */
export type CbowUpdate = 'corrected' | 'word2vec';

export interface TrainOptions {
  model: ModelKind;
  loss: TrainLoss;
  /** CBOW only: the corrected gradient step ('corrected', the default when absent) or word2vec.c's. */
  cbowUpdate?: CbowUpdate;
  /**
   * "Train with a mistake": the id of a planted mistake of the training kernel (KERNEL_MISTAKES),
   * to watch what it does; '' or absent for a correct run, which never loads a mistaken build.
   */
  mistake?: KernelMistakeId | '';
  /** Vector dimensions. */
  dim: number;
  /** Maximum distance between the center word and a context word (reduced at random per center word). */
  window: number;
  /** Negative samples per (center, context) pair, for loss 'neg'. */
  negative: number;
  /** Words seen fewer times than this are dropped from the vocabulary. */
  minCount: number;
  /** Keep at most this many most frequent words; 0 = no limit. */
  maxVocab: number;
  /** word2vec's frequent-word subsampling threshold; 0 = off. */
  sample: number;
  epochs: number;
  /** Starting learning rate; it decays linearly to alpha * 1e-4 over the run. */
  alpha: number;
  /** Worker threads training at once (Hogwild). */
  threads: number;
  seed: number;
  /** Which vectors the result carries: the input (center) vectors, or input + output averaged per word. */
  output: 'input' | 'input+output';
  /**
   * A file corpus with more words than this is not held in memory as word ids (4 bytes a word):
   * every worker re-reads its share of the file each epoch instead. Default 250,000,000 (1 GB).
   */
  maxWordsInMemory?: number;
  /** Also return the output (outside) vectors U as `TrainResult.outsideVectors` (the extension's
   *  gradient explorer checks at the trained V and U). Off by default: it costs a V x dim copy. */
  keepOutsideVectors?: boolean;
  /**
   * Keep snapshots of the `snapshotWords` most frequent words' vectors while training (0 or absent:
   * none), returned as `TrainResult.snapshots`: at the end of each epoch (every ceil(epochs / 20)-th
   * beyond 20 epochs), or for a one-epoch run every max(1M, a tenth of the run in millions) words;
   * the last is the final vectors. Each costs snapshotWords x dim floats (core/train/snapshots.ts).
   */
  snapshotWords?: number;
}

/** Where the text comes from: a file on disk (streamed), or text already in memory (an unsaved buffer). */
export type CorpusSource =
  | { kind: 'file'; path: string }
  | { kind: 'text'; text: string; name: string };

export interface VocabStats {
  /** Tokens in the corpus (all words, before min-count). */
  corpusWords: number;
  /** Distinct tokens before min-count. */
  distinctWords: number;
  /** Words kept in the vocabulary. */
  vocabSize: number;
  /** Tokens of kept words: the words one epoch trains on before subsampling. */
  trainWords: number;
  /** Lines (sentences) read. */
  sentences: number;
  /** The 20 most frequent words with their counts, for the dashboard. */
  top: { word: string; count: number }[];
}

export interface TrainProgress {
  phase: 'vocab' | 'train';
  /** Words processed so far over all epochs (the x axis of the loss curve). */
  wordsProcessed: number;
  /** Words the whole run will process (trainWords * epochs). */
  totalWords: number;
  epoch: number;
  epochs: number;
  alpha: number;
  /** Smoothed training loss per (center, context) pair. */
  loss: number;
  /** Mean raw loss over the updates since the last progress event. */
  lossRaw: number;
  /** Train phase: the mean loss per pair of the latest epoch so far (the last one's is TrainResult.finalLoss). */
  epochLoss?: number;
  /** Train phase: words per point of the loss curve. */
  lossStep?: number;
  /** Train phase: the loss curve's points since the last progress event, each the mean loss per pair over about lossStep words. */
  lossPoints?: LossSample[];
  wordsPerSec: number;
  elapsedSec: number;
  etaSec: number;
  /**
   * Set when reading the corpus file has given nothing for this many seconds (10 or more): a read
   * is blocked, as on a network drive that stopped answering. Reading phase, and the training of
   * a streamed corpus (re-read every epoch). Sent every second while it lasts.
   */
  stalledSec?: number;
}

/** Where a checked group's analytic gradient comes from. */
export type GradCheckSource = 'the training kernel' | "CS224n's formulas";

/** One parameter group of a gradient check, with its relative errors. */
export interface GradCheckGroupReport {
  /** 'center vectors' (V, the input rows) or 'outside vectors' (U, the output rows). */
  name: string;
  /** What was checked: the training kernel's own update, or the formulas of the math core (the engine always sets it). */
  source?: GradCheckSource;
  /** Parameters checked in this group. */
  count: number;
  maxRelError: number;
  /** Every checked parameter's relative error. */
  relErrors: number[];
}

/**
 * A gradient check at the current parameters on one real window of the corpus, in float64. `groups`
 * check the training kernel itself (its update of the window against central differences of its own
 * loss); `formulaGroups` check CS224n's formulas on the same window. Where the two define the model
 * differently (CBOW's sum against mean, skip-gram's pair direction), `notes` says so.
 */
export interface GradCheckReport {
  wordsProcessed: number;
  centerWord: string;
  contextWords: string[];
  /** The training kernel's groups (source 'the training kernel'). */
  groups: GradCheckGroupReport[];
  /** CS224n's formulas at the same parameters and window (source "CS224n's formulas"). */
  formulaGroups?: GradCheckGroupReport[];
  /** How the kernel and the formulas define the model differently, and why a group may be off. */
  notes?: string[];
}

export type StopReason = 'done' | 'cancelled' | 'diverged';

/**
 * Words as one UTF-8 block (joined by "\n": vectors/packedWords.ts) with their counts. A big corpus
 * drops a million words at min-count 5: as strings, the thread that gets the result would rebuild
 * them all at once (the extension host stalled 100 to 400 ms at a run's end).
 */
export interface DroppedWords { words: Uint8Array; count: number; counts: Float64Array }

export interface TrainResult {
  words: string[];
  counts: number[];
  dim: number;
  /** words.length x dim, row-major. */
  vectors: Float32Array;
  options: TrainOptions;
  vocab: VocabStats;
  wordsProcessed: number;
  seconds: number;
  finalLoss: number;
  stopReason: StopReason;
  /** The output (outside) vectors U, words.length x dim, row-major, when options.keepOutsideVectors. */
  outsideVectors?: Float32Array;
  /** The corpus words left out of the vocabulary (below min-count, or beyond maxVocab), with their
   *  counts: a hover on such a word says why it has no vector. */
  rare?: DroppedWords;
  /** For 'diverged', or a corpus changed on disk during training: what happened and what to do. */
  message?: string;
  /**
   * The corpus file was changed or deleted on disk during training. Held in memory (the usual
   * case), the run went on with the text read at the start; streamed (corpusInMemory false), it
   * stopped (stopReason 'cancelled') with the vectors so far. A change while the corpus was still
   * being read is an error instead: the counts could mix two versions.
   */
  corpusChanged?: 'changed' | 'deleted';
  /** Seconds of training alone (`seconds` is the whole run: reading, vocabulary and training). */
  trainSeconds?: number;
  /** Mean loss per (center, context) pair (skip-gram) or per center word (CBOW) in each epoch trained; finalLoss is the last one. */
  epochLoss?: number[];
  /** With options.snapshotWords: the top words' vectors during training, the last being the final vectors. */
  snapshots?: TrainSnapshots;
  /** False when the corpus was too big to hold as ids (maxWordsInMemory) and was re-read every epoch. */
  corpusInMemory?: boolean;
  /** The planted mistake of the kernel build that trained, as that build reports it (its mutation()): 0 for the correct kernel. */
  kernelMutation?: number;
}

export interface TrainCallbacks {
  onVocab?(stats: VocabStats): void;
  /** At least twice a second while training. */
  onProgress?(p: TrainProgress): void;
  /** Every few seconds while training. */
  onGradCheck?(r: GradCheckReport): void;
}

export interface TrainingRun {
  /** Resolves with the vectors trained so far when the run ends for any reason; rejects with a
   *  UserInputError for bad input (empty corpus, too few words, softmax over a too large vocabulary). */
  readonly result: Promise<TrainResult>;
  /**
   * Stops within a second, in every phase; `result` then resolves with stopReason 'cancelled'.
   * Cancelled while the corpus is being read or the vocabulary built (before any training), the
   * result is empty: no words and no vectors (`words.length === 0`). Cancelled while training, it
   * holds the vectors trained so far. Also when a read (or stat) of the corpus file is blocked, as
   * on a network drive that stopped answering: the run does not wait for it. Such a read cannot be
   * interrupted; it keeps its thread (a worker, or one of libuv's pool) until the drive answers.
   */
  cancel(): void;
}
