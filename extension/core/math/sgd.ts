/**
 * Stochastic gradient descent as in the assignments (sgd.py), and the word2vec minibatch wrapper
 * (word2vec_sgd_wrapper): the parameter matrix stacks the center vectors V (first half of the rows)
 * on top of the outside vectors U (second half).
 */
import { UserInputError } from '../errors';
import { LossAndGradient } from './losses';
import { Matrix, assertMatrix } from './matrix';
import { Word2VecModel } from './models';
import { Rng } from './random';

export type Objective = (x: Float64Array) => { loss: number; grad: ArrayLike<number> };

export interface SgdProgress {
  iteration: number;
  /** Exponentially smoothed loss: the first report's loss, then 0.95 * previous + 0.05 * current. */
  smoothedLoss: number;
  /** The loss f returned at this iteration. */
  loss: number;
  /** The current step size (after any halving). */
  step: number;
}

export interface SgdOptions {
  step: number;
  iterations: number;
  /** Halve the step every this many iterations (20000 as in the assignment). */
  annealEvery?: number;
  /** Update the smoothed loss and call onProgress every this many iterations (10 as in the assignment). */
  printEvery?: number;
  /** Applied to x after every step (e.g. normalizeRows); may modify x in place or return a new vector. */
  postprocessing?: (x: Float64Array) => Float64Array | void;
  onProgress?: (p: SgdProgress) => void;
}

export interface SgdResult {
  x: Float64Array;
  /** The loss at the last iteration. */
  loss: number;
  /** The smoothed loss at the last report; null when there was no report (iterations < printEvery). */
  smoothedLoss: number | null;
}

/** x ← x - step * ∇f(x) for `iterations` steps, from a copy of x0 (x0 is not changed). */
export function sgd(f: Objective, x0: Float64Array, options: SgdOptions): SgdResult {
  const { step: step0, iterations } = options;
  const annealEvery = options.annealEvery ?? 20000;
  const printEvery = options.printEvery ?? 10;
  if (!(step0 > 0) || !Number.isFinite(step0)) throw new UserInputError(`sgd: step must be a positive number, got ${step0}.`);
  for (const [name, v] of [['iterations', iterations], ['annealEvery', annealEvery], ['printEvery', printEvery]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new UserInputError(`sgd: ${name} must be a positive integer, got ${v}.`);
  }
  let x: Float64Array = Float64Array.from(x0);
  let step = step0;
  let smoothed: number | null = null;
  let loss = NaN;
  for (let it = 1; it <= iterations; it++) {
    const r = f(x);
    loss = r.loss;
    if (!Number.isFinite(loss)) {
      throw new UserInputError(`sgd: the loss became ${loss} at iteration ${it}; lower the step size (now ${step}).`);
    }
    if (r.grad.length !== x.length) throw new UserInputError(`sgd: f returned a gradient of length ${r.grad.length} for x of length ${x.length}.`);
    for (let i = 0; i < x.length; i++) x[i] -= step * r.grad[i];
    if (options.postprocessing) {
      const p = options.postprocessing(x);
      if (p) x = p;
    }
    if (it % printEvery === 0) {
      smoothed = smoothed === null ? loss : 0.95 * smoothed + 0.05 * loss;
      options.onProgress?.({ iteration: it, smoothedLoss: smoothed, loss, step });
    }
    if (it % annealEvery === 0) step *= 0.5;
  }
  return { x, loss, smoothedLoss: smoothed };
}

/** Where the minibatch wrapper gets its windows: a random center word and its context (word indices). */
export interface ContextDataset {
  getRandomContext(windowSize: number, rng: Rng): { center: number; context: number[] };
}

/**
 * A dataset over a token stream (word indices): a uniformly random position as the center word and up
 * to windowSize words on each side, clipped at the ends. The stream needs at least 2 tokens.
 */
export function tokenDataset(tokens: ArrayLike<number>): ContextDataset {
  if (tokens.length < 2) throw new UserInputError(`A dataset needs at least 2 tokens to form a window, got ${tokens.length}.`);
  return {
    getRandomContext(windowSize, rng) {
      const t = rng.int(tokens.length);
      const context: number[] = [];
      for (let j = Math.max(0, t - windowSize); j <= Math.min(tokens.length - 1, t + windowSize); j++) {
        if (j !== t) context.push(tokens[j]);
      }
      return { center: tokens[t], context };
    },
  };
}

/**
 * One minibatch of word2vec_sgd_wrapper: `batchSize` (50) windows, each of a random size 1..windowSize
 * (C), run through the model; loss and gradient are the batch means. Rows [0, N/2) of wordVectors are
 * the center vectors V, rows [N/2, N) the outside vectors U; grad has the same layout.
 */
export function word2vecSgdWrapper(
  word2vecModel: Word2VecModel,
  wordVectors: Matrix,
  dataset: ContextDataset,
  windowSize: number,
  lossAndGradient: LossAndGradient,
  rng: Rng,
  batchSize = 50,
): { loss: number; grad: Float64Array } {
  assertMatrix(wordVectors, 'wordVectors');
  if (wordVectors.rows % 2 !== 0) {
    throw new UserInputError(`wordVectors has ${wordVectors.rows} rows; it must stack V and U, so the row count must be even.`);
  }
  if (!Number.isInteger(windowSize) || windowSize < 1) throw new UserInputError(`windowSize must be a positive integer, got ${windowSize}.`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UserInputError(`batchSize must be a positive integer, got ${batchSize}.`);
  const half = wordVectors.rows / 2;
  const d = wordVectors.cols;
  const V: Matrix = { rows: half, cols: d, data: wordVectors.data.subarray(0, half * d) };
  const U: Matrix = { rows: half, cols: d, data: wordVectors.data.subarray(half * d) };
  const grad = new Float64Array(wordVectors.data.length);
  let loss = 0;
  for (let b = 0; b < batchSize; b++) {
    const c = rng.intRange(1, windowSize);
    const { center, context } = dataset.getRandomContext(c, rng);
    const r = word2vecModel(center, context, V, U, lossAndGradient);
    loss += r.loss / batchSize;
    for (let i = 0; i < half * d; i++) {
      grad[i] += r.gradCenterVecs.data[i] / batchSize;
      grad[half * d + i] += r.gradOutsideVectors.data[i] / batchSize;
    }
  }
  return { loss, grad };
}
