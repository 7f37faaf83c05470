export { spearman, pearson, averageRanks } from './spearman';
export { parseWordPairs, evaluateWordPairs, evaluateWordPairsFile, type WordPair, type WordPairsResult } from './wordPairs';
export {
  parseAnalogies, evaluateAnalogies, evaluateAnalogiesFile,
  type AnalogyQuestion, type AnalogySection, type AnalogySectionResult, type AnalogyResult,
} from './analogies';
