/**
 * Shapes of the sentiment classifier (CS224d problem set 1, §4): labelled sentences in, a regularization sweep
 * out. Everything here is plain data (numbers, strings, arrays, typed arrays) so it can cross a
 * worker boundary with postMessage and the result can be written as JSON for the dashboard.
 */

/** One split (train, dev or test) as read from a file: labels and tokenized sentences. */
export interface LabeledSentences {
  /** Where it came from, for messages ("stsa.fine.dev"). */
  name: string;
  /** Label of each sentence, 0-based class index. */
  labels: Int32Array;
  /** Tokens of each sentence (the same tokenizer that builds the vocabulary of the vectors). */
  sentences: string[][];
  /** 1-based line number of each sentence in its file, to point at a line in messages. */
  lines: Int32Array;
  /** max label + 1. */
  numClasses: number;
}

/** Sentence features: one row of `dim` numbers per sentence, float64, row-major. */
export interface FeatureSet {
  /** The split's name (its file), for reports. */
  name: string;
  n: number;
  dim: number;
  /** n x dim, row-major: the average of the sentence's known word vectors. */
  x: Float64Array;
  /** Class index per row. */
  y: Int32Array;
  /** Sentences with no word in the vocabulary (their row is all zeros). */
  noKnownWord: number;
  /** Tokens found in the vocabulary / all tokens. */
  knownTokens: number;
  tokens: number;
}

/** Input of one sweep, all typed arrays: what a worker receives. */
export interface SweepInput {
  numClasses: number;
  train: FeatureSet;
  dev: FeatureSet;
  test: FeatureSet;
  /** Regularization strengths to try (reg in cost = mean CE + ½·reg·‖W‖²). */
  regs: number[];
  /** Optimiser limits; defaults in DEFAULT_FIT_OPTIONS. */
  fit?: Partial<FitOptions>;
  /** Start each fit from the previous (larger reg) optimum; default true. false: every fit from 0. */
  warmStart?: boolean;
  /** Names of the classes for reports; default "0", "1", ... */
  classNames?: string[];
}

export interface FitOptions {
  /** Stop when the largest gradient component is below this. */
  gradTol: number;
  /** Stop when the relative decrease of the cost over one iteration is below this. */
  costTol: number;
  /** Upper bound of L-BFGS iterations per regularization value. */
  maxIterations: number;
  /** L-BFGS memory (pairs of steps kept). */
  memory: number;
}

/** One row of the regularization sweep (the assignment's reg_v_acc plot: x = reg, log axis). */
export interface SweepRow {
  reg: number;
  /** Fractions in [0, 1]. */
  trainAccuracy: number;
  devAccuracy: number;
  /** Final cost on train (mean cross-entropy + ½·reg·‖W‖²) and its cross-entropy part. */
  trainCost: number;
  trainCrossEntropy: number;
  /** ‖W‖² of the fitted weights (the bias excluded). */
  weightNormSq: number;
  iterations: number;
  /** Cost-and-gradient evaluations (L-BFGS iterations plus extra line-search steps). */
  evaluations: number;
  /** True when the optimiser stopped on a tolerance rather than on maxIterations. */
  converged: boolean;
  seconds: number;
}

/** Summary of one split for the report. */
export interface SplitSummary {
  name: string;
  sentences: number;
  /** Sentences per class. */
  classCounts: number[];
  noKnownWord: number;
  /** Fraction of tokens found in the vocabulary. */
  tokenCoverage: number;
}

/**
 * The whole result, JSON-able (no typed arrays): what the CLI prints / writes with --json and what
 * the dashboard plots (train/dev accuracy against reg, dev confusion matrix).
 */
export interface SentimentResult {
  numClasses: number;
  /** Human names of the classes when known (SST 5 or 2 classes), else "0", "1", ... */
  classNames: string[];
  dim: number;
  splits: { train: SplitSummary; dev: SplitSummary; test: SplitSummary };
  sweep: SweepRow[];
  /** The reg with the best dev accuracy (ties: the larger reg, the simpler model). */
  chosenReg: number;
  chosenIndex: number;
  devAccuracy: number;
  /** Test accuracy, measured once, for chosenReg only. */
  testAccuracy: number;
  /** devConfusion[trueClass][predictedClass] = sentence count, for chosenReg. */
  devConfusion: number[][];
  /** The fitted model for chosenReg: weights class-major (numClasses x dim: class c's weights at [c·dim, (c+1)·dim)), bias per class. */
  model: { reg: number; weights: number[]; bias: number[] };
  seconds: number;
}
