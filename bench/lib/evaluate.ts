import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateAnalogiesFile, evaluateWordPairsFile } from '../../extension/core/eval';
import { readVectors } from '../../extension/core/vectors';

/** Quality of one vectors file, by the project's own evaluation code (the same code for both tools). */
export interface Quality {
  /** Spearman correlation on WordSim-353 (pairs with an out-of-vocabulary word skipped). */
  wordsim353: number | null;
  simlex999: number | null;
  /** Analogy accuracy as a fraction 0..1 over the questions whose four words are among the 30,000
   *  most frequent (others skipped, as gensim and compute-accuracy do). */
  analogy: number | null;
  details: Record<string, unknown>;
}

/** Reads a word2vec text/binary file and scores it on the files in `evalDir` that exist
 *  (wordsim353.tsv, simlex999.txt, questions-words.txt) with extension/core/eval. */
export async function evaluateVectors(path: string, evalDir: string): Promise<Quality> {
  const wv = await readVectors(path);
  const q: Quality = { wordsim353: null, simlex999: null, analogy: null, details: {} };
  const ws = join(evalDir, 'wordsim353.tsv');
  if (existsSync(ws)) {
    const r = await evaluateWordPairsFile(wv, ws);
    q.wordsim353 = r.spearman;
    q.details.wordsim353 = { pairs: r.pairs, oov: r.oov, pearson: r.pearson };
  }
  const sl = join(evalDir, 'simlex999.txt');
  if (existsSync(sl)) {
    const r = await evaluateWordPairsFile(wv, sl);
    q.simlex999 = r.spearman;
    q.details.simlex999 = { pairs: r.pairs, oov: r.oov, pearson: r.pearson };
  }
  const an = join(evalDir, 'questions-words.txt');
  if (existsSync(an)) {
    const r = await evaluateAnalogiesFile(wv, an, 30_000);
    q.analogy = r.overall.accuracy;
    q.details.analogy = { correct: r.overall.correct, total: r.overall.total, skipped: r.overall.skipped };
  }
  return q;
}
