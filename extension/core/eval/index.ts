export { spearman, pearson, averageRanks } from './spearman';
export { parseWordPairs, evaluateWordPairs, evaluateWordPairsFile, type WordPair, type WordPairsResult, type WorstPair } from './wordPairs';
export { EVAL_PRESETS, type EvalOptions, type EvalPreset } from './options';
export {
  parseAnalogies, evaluateAnalogies, evaluateAnalogiesFile,
  type AnalogyQuestion, type AnalogySection, type AnalogySectionResult, type AnalogyResult, type AnalogyMistake,
} from './analogies';
export { evalFileKind, evaluateFile, type EvalFileResult } from './evaluateFile';
