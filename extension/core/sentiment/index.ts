/** Sentiment classification with word vectors (CS224d problem set 1, §4): loaders, features, classifier, sweep. */
export type {
  LabeledSentences, FeatureSet, SweepInput, FitOptions, SweepRow, SplitSummary, SentimentResult,
} from './types';
export { parseLabeledText, loadLabeledFile, checkSplits, classCounts, MAX_CLASSES, type Tokenizer } from './load';
export { encodeSentences, averageFeatures, sentenceFeatures, type VectorLookup, type EncodedSentences } from './features';
export {
  regressionParamCount, softmaxRegressionCostAndGradient, crossEntropy, weightNormSq, predict, accuracy, confusionMatrix,
  type RegressionData,
} from './softmaxRegression';
export { minimizeLbfgs, type CostFunction, type LbfgsOptions, type LbfgsResult } from './lbfgs';
export {
  runSentimentSweep, fitSoftmaxRegression, DEFAULT_REGS, DEFAULT_FIT_OPTIONS, SST_CLASS_NAMES, sstClassNames, type FittedModel,
} from './sweep';
export { formatSentimentReport, fmtReg } from './format';
export { encodeSplits, sentimentJob, prepareSentimentJob, runSentimentJob, type SentimentJob, type EncodedSplit, type EncodedSplits } from './job';
export { runSentimentInWorker, type SentimentRun, type SentimentWorkerMessage } from './worker';
