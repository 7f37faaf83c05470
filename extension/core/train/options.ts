import { availableParallelism } from 'node:os';
import { UserInputError } from '../errors';
import type { TrainOptions } from './types';
import { MAX_NEGATIVE } from './layout';
import { KERNEL_MISTAKES, kernelMistake } from './mistakes';
import { MAX_SNAPSHOT_WORDS } from './snapshots';

/**
 * The largest vocabulary the naive (full) softmax loss accepts. Each (center, context) pair costs
 * 2 x vocabulary x dim multiply-adds, so at 5,000 words and dim 100 a pair is ~1M flops, about
 * 1,000 times the cost of negative sampling with K=5: the softmax is for small corpora where the
 * exact gradient is the point. Beyond this, use negative sampling.
 */
export const MAX_SOFTMAX_VOCAB = 5000;

/** word2vec's and gensim's defaults (alpha 0.025 for skip-gram; CBOW's default depends on its update: defaultAlpha). */
export const DEFAULT_OPTIONS: TrainOptions = {
  model: 'skipgram',
  loss: 'neg',
  cbowUpdate: 'corrected',
  mistake: '',
  dim: 100,
  window: 5,
  negative: 5,
  minCount: 5,
  maxVocab: 0,
  sample: 1e-3,
  epochs: 5,
  alpha: 0.025,
  threads: Math.min(64, Math.max(1, availableParallelism())),
  seed: 1,
  output: 'input',
};

/** Corrected CBOW's default starting learning rate, from a sweep on text8-head (README, "Corrected CBOW"). */
export const CORRECTED_CBOW_ALPHA = 0.2;

/**
 * The starting learning rate when the caller gives none: word2vec.c's per-model default (0.025
 * skip-gram, 0.05 CBOW with word2vec's update). Corrected CBOW steps each context vector by 1/n of
 * what word2vec's update does, so it wants a larger rate (kōan's example uses 0.075); ours is swept.
 */
export function defaultAlpha(model: TrainOptions['model'], cbowUpdate: TrainOptions['cbowUpdate'] = 'corrected'): number {
  if (model !== 'cbow') return 0.025;
  return cbowUpdate === 'word2vec' ? 0.05 : CORRECTED_CBOW_ALPHA;
}

export type NumericOption = 'dim' | 'window' | 'negative' | 'minCount' | 'maxVocab' | 'sample' | 'epochs' | 'alpha' | 'threads' | 'seed';

export const OPTION_RANGES: Record<NumericOption, { min: number; max: number; integer: boolean }> = {
  dim: { min: 1, max: 1000, integer: true },
  window: { min: 1, max: 100, integer: true },
  negative: { min: 1, max: MAX_NEGATIVE, integer: true },
  minCount: { min: 1, max: 1e9, integer: true },
  maxVocab: { min: 0, max: 1e8, integer: true },
  sample: { min: 0, max: 1, integer: false },
  epochs: { min: 1, max: 1000, integer: true },
  alpha: { min: 1e-6, max: 10, integer: false },
  threads: { min: 1, max: 64, integer: true },
  seed: { min: 0, max: 2 ** 32 - 1, integer: true },
};

/**
 * Fills in the defaults and validates every option. Throws a UserInputError naming the option and
 * its allowed range. An unset alpha takes the model's default (0.025 skip-gram; CBOW 0.2 corrected, 0.05 word2vec's update).
 */
export function resolveTrainOptions(partial: Partial<TrainOptions>): TrainOptions {
  const given = Object.fromEntries(Object.entries(partial ?? {}).filter(([, v]) => v !== undefined)) as Partial<TrainOptions>;
  const o: TrainOptions = { ...DEFAULT_OPTIONS, ...given };
  if (given.alpha === undefined) o.alpha = defaultAlpha(o.model, o.cbowUpdate);
  if (o.model !== 'skipgram' && o.model !== 'cbow') {
    throw new UserInputError(`Unknown model "${String(o.model)}": use "skipgram" or "cbow".`);
  }
  if (o.loss !== 'neg' && o.loss !== 'softmax' && o.loss !== 'hs') {
    throw new UserInputError(`Unknown loss "${String(o.loss)}": use "neg" (negative sampling), "softmax" (naive softmax) or "hs" (hierarchical softmax).`);
  }
  if (o.cbowUpdate !== 'corrected' && o.cbowUpdate !== 'word2vec') {
    throw new UserInputError(`Unknown cbowUpdate "${String(o.cbowUpdate)}": use "corrected" (the gradient of CBOW's mean) or "word2vec" (word2vec.c's update).`);
  }
  if (o.mistake) {
    const m = kernelMistake(o.mistake);
    if (!m) throw new UserInputError(`Unknown mistake "${String(o.mistake)}": use one of ${KERNEL_MISTAKES.map((x) => x.id).join(', ')}, or none for a correct run.`);
    if (!m.models.includes(o.model) || !m.losses.includes(o.loss) || (m.id === 'unscaled-cbow-context' && o.cbowUpdate === 'word2vec')) {
      throw new UserInputError(`The mistake "${m.id}" (${m.label}) does not change ${o.model} with loss ${o.loss}${o.model === 'cbow' ? ` and the ${o.cbowUpdate} update` : ''}; pick a mistake of that model and loss.`);
    }
  }
  if (o.output !== 'input' && o.output !== 'input+output') {
    throw new UserInputError(`Unknown output "${String(o.output)}": use "input" or "input+output".`);
  }
  for (const [name, r] of Object.entries(OPTION_RANGES) as [NumericOption, (typeof OPTION_RANGES)[NumericOption]][]) {
    const v = o[name];
    const kind = r.integer ? 'an integer' : 'a number';
    if (typeof v !== 'number' || !Number.isFinite(v) || v < r.min || v > r.max || (r.integer && !Number.isInteger(v))) {
      throw new UserInputError(`Option ${name} is ${String(v)}; it must be ${kind} from ${r.min} to ${r.max}.`, { option: name });
    }
  }
  if (o.maxWordsInMemory !== undefined && !(Number.isInteger(o.maxWordsInMemory) && o.maxWordsInMemory >= 0)) {
    throw new UserInputError(`Option maxWordsInMemory is ${String(o.maxWordsInMemory)}; it must be an integer >= 0.`, { option: 'maxWordsInMemory' });
  }
  if (o.snapshotWords !== undefined && !(Number.isInteger(o.snapshotWords) && o.snapshotWords >= 0 && o.snapshotWords <= MAX_SNAPSHOT_WORDS)) {
    throw new UserInputError(`Option snapshotWords is ${String(o.snapshotWords)}; it must be an integer from 0 to ${MAX_SNAPSHOT_WORDS}.`, { option: 'snapshotWords' });
  }
  return o;
}

/**
 * Corpora up to this many words are held in memory as ids (200 MB; text8 is 17M words, the IMDB
 * reviews 12M); larger files are re-read every epoch, so the peak memory stays bounded whatever
 * the corpus size (a generated 1 GB corpus held as ids took 1.6 GB and swapped).
 */
export const DEFAULT_MAX_WORDS_IN_MEMORY = 50_000_000;
