/**
 * The library API (bundled as dist/core.js with dist/core.d.ts): the math of CS224n assignment 2 and CS224d problem set 1 in float64,
 * usable without VS Code from scripts, notebooks and benchmarks.
 */
export { UserInputError, check } from './errors';

export type { Matrix } from './math/matrix';
export { matrix, zeros, fromRows, toRows, row, dot } from './math/matrix';
export { Rng, makeRng, randn } from './math/random';
export { softmax, softmaxInto } from './math/softmax';
export { sigmoid, sigmoidGrad, sigmoidScalar, logSigmoid } from './math/sigmoid';
export { normalizeRows } from './math/normalize';
export type { LossAndGradient, LossAndGradientResult } from './math/losses';
export { naiveSoftmaxLossAndGradient, negSamplingLossAndGradient } from './math/losses';
export type { Word2VecModel, Word2VecResult } from './math/models';
export { skipgram, cbow } from './math/models';
export type { NetworkDims, NetworkBackwardVariant } from './math/network';
export { forwardBackwardProp, paramCount, paramLayout } from './math/network';
export type { GradcheckOptions, GradcheckResult } from './math/gradcheck';
export { gradcheck, relError, GRADCHECK_H } from './math/gradcheck';
export type { Objective, SgdOptions, SgdProgress, SgdResult, ContextDataset } from './math/sgd';
export { sgd, word2vecSgdWrapper, tokenDataset } from './math/sgd';
export type { AliasTable } from './math/alias';
export { aliasTable, aliasDraw } from './math/alias';
export type { NegativeSampler } from './math/negatives';
export { UNIGRAM_POWER, unigramTable, drawNegatives, makeNegativeSampler, negSamplingLoss } from './math/negatives';

// The gradient explorer's checks (extension/core/gradcheck/).
export type { WindowCheckRequest, WindowCheckResult, WindowCheckGroup, WindowGroupName } from './gradcheck/types';
export { checkWindow } from './gradcheck/window';
export type { BrokenGradient, BrokenGradientId, BrokenTarget } from './gradcheck/broken';
export { BROKEN_GRADIENTS, brokenGradient } from './gradcheck/broken';
export type { NetworkCheckRequest, NetworkCheckResult, NetworkCheckGroup, NetworkGroupName } from './gradcheck/network';
export { checkNetwork } from './gradcheck/network';
export type { GradientFormula } from './gradcheck/formulas';
export { GRADIENT_FORMULAS, formulasFor } from './gradcheck/formulas';

// Word vectors: the word2vec text/binary formats, nearest neighbours, analogies (extension/core/vectors/).
export * from './vectors';
// Evaluation on word-pair similarity and analogy files (extension/core/eval/).
export * from './eval';

// The gradient explorer: a cancellable check in a worker, on a real window of a corpus.
export type {
  ExplorerRequest, ExplorerResult, ExplorerTarget, ExplorerParameters, ExplorerWindow, ExplorerGroup, ExplorerEntry, ExplorerHistogram,
} from './gradcheck/explorer';
export {
  runExplorerCheck, computeExplorerResult, isExplorerCancelled, ExplorerCancelledError,
  PASS_THRESHOLD, HISTOGRAM_EDGES, LOG10_FLOOR, DEFAULT_MAX_OUTSIDE_ROWS, DEFAULT_RANDOM_VOCAB,
} from './gradcheck/explorer';
export { explorerResultToMarkdown, explorerResultToJson } from './gradcheck/report';
export type { CorpusWindow, VocabularyLookup } from './gradcheck/corpusWindow';
export { pickCorpusWindow, pickCorpusWindowFromFile } from './gradcheck/corpusWindow';
// The training kernel's own gradient check: its checking build runs one window's update (extension/core/train/kernelWindow.ts).
export type { KernelCheckRequest, KernelCheckResult } from './gradcheck/kernelCheck';
export { checkKernelWindow } from './gradcheck/kernelCheck';
export type { KernelBuild, KernelModel, KernelWindowInput, KernelWindowUpdate, KernelWindowSteps, KernelTerm } from './train/kernelWindow';
export { kernelWindowUpdate, kernelWindowSteps } from './train/kernelWindow';
export type { KernelMistake, KernelMistakeId } from './train/mistakes';
export { KERNEL_MISTAKES } from './train/mistakes';
export type { HuffmanTree } from './train/huffman';
export { huffmanTree } from './train/huffman';

// The training engine: streams a corpus, trains in worker threads (extension/core/train/).
export { startTraining, DEFAULT_OPTIONS, OPTION_RANGES, MAX_SOFTMAX_VOCAB, resolveTrainOptions, defaultAlpha } from './train/index';
export type * from './train/types';
// The tokenizer shared by training and hovers.
export { tokenizeLine, wordAt } from './text/tokenize';

// The sentiment classifier of CS224d problem set 1, §4: averaged word vectors, softmax regression with L2 (extension/core/sentiment/).
export * from './sentiment';
