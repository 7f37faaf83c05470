/**
 * The negative sampler: K words drawn from the unigram distribution raised to 0.75 (word2vec's
 * choice, which flattens the distribution so rare words are drawn more often than their frequency),
 * never the outside word itself (redrawn, as the assignment's getNegativeSamples does).
 */
import { UserInputError } from '../errors';
import { AliasTable, aliasDraw, aliasTable } from './alias';
import { LossAndGradient, negSamplingLossAndGradient } from './losses';
import { assertIndex } from './matrix';
import { Rng } from './random';

export const UNIGRAM_POWER = 0.75;

/** The alias table of counts^power (power 0.75 by default). */
export function unigramTable(counts: ArrayLike<number>, power = UNIGRAM_POWER): AliasTable {
  const w = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    if (!Number.isFinite(counts[i]) || counts[i] < 0) throw new UserInputError(`Word count ${i} is ${counts[i]}; counts must be finite and >= 0.`);
    w[i] = Math.pow(counts[i], power);
  }
  return aliasTable(w);
}

/** Can the table yield anything other than `excluded`? (Checked only after many redraws in a row.) */
function canDrawOther(t: AliasTable, excluded: number): boolean {
  for (let i = 0; i < t.prob.length; i++) {
    if (i !== excluded && t.prob[i] > 0) return true;
    if (t.prob[i] < 1 && t.alias[i] !== excluded) return true;
  }
  return false;
}

/** K draws from the table with the given generator, none equal to outsideWordIdx; repeats allowed. */
export function drawNegatives(t: AliasTable, rng: Rng, outsideWordIdx: number, K: number): Int32Array {
  if (!Number.isInteger(K) || K < 0) throw new UserInputError(`The number of negative samples must be an integer >= 0, got ${K}.`);
  assertIndex(outsideWordIdx, t.prob.length, 'outsideWordIdx');
  const out = new Int32Array(K);
  for (let k = 0; k < K; k++) {
    let tries = 0;
    let w: number;
    do {
      w = aliasDraw(t, rng.next(), rng.next());
      if (++tries === 64 && !canDrawOther(t, outsideWordIdx)) {
        throw new UserInputError(`No negative sample can be drawn: every word but ${outsideWordIdx} has zero weight; the vocabulary needs at least two words with counts.`);
      }
    } while (w === outsideWordIdx);
    out[k] = w;
  }
  return out;
}

export interface NegativeSampler {
  table: AliasTable;
  rng: Rng;
  /** K negatives for this outside word (advances the generator). */
  sample(outsideWordIdx: number, K: number): Int32Array;
}

/** A sampler over counts^0.75 with its own generator seeded by `seed`. */
export function makeNegativeSampler(counts: ArrayLike<number>, seed: number, power = UNIGRAM_POWER): NegativeSampler {
  const table = unigramTable(counts, power);
  const rng = new Rng(seed);
  return { table, rng, sample: (o, K) => drawNegatives(table, rng, o, K) };
}

/** negSamplingLossAndGradient with K fresh negatives per call from the sampler, as skipgram/cbow call it. */
export function negSamplingLoss(sampler: NegativeSampler, K: number): LossAndGradient {
  return (centerWordVec, outsideWordIdx, outsideVectors) =>
    negSamplingLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, sampler.sample(outsideWordIdx, K));
}
