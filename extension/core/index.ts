/**
 * The library API (bundled as dist/core.js with dist/core.d.ts): the math of the seeds in float64,
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
