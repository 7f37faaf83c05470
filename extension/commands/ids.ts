/** Command ids, as contributed in package.json. */
export const COMMANDS = {
  trainOnFile: 'word2vec.trainOnFile',
  openDashboard: 'word2vec.openDashboard',
  stopTraining: 'word2vec.stopTraining',
  showNeighbours: 'word2vec.showNeighbours',
  exportVectors: 'word2vec.exportVectors',
  loadVectors: 'word2vec.loadVectors',
  runGradientCheck: 'word2vec.runGradientCheck',
  trainSentiment: 'word2vec.trainSentiment',
  openSampleCorpus: 'word2vec.openSampleCorpus',
} as const;
