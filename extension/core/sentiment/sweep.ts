import { UserInputError } from '../errors';
import { minimizeLbfgs } from './lbfgs';
import { classCounts } from './load';
import {
  accuracy, confusionMatrix, regressionParamCount, predict, softmaxRegressionCostAndGradient, weightNormSq,
} from './softmaxRegression';
import type { FeatureSet, FitOptions, SentimentResult, SplitSummary, SweepInput, SweepRow } from './types';

/** The regularization values of issue 6 (seed 001 §4's sweep), smallest first. */
export const DEFAULT_REGS: readonly number[] = [0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1];

/**
 * Tolerances. The gradient is the stopping test: on SST-5 with gensim vectors, tightening gradTol
 * from 1e-6 to 1e-8 changed no dev prediction at reg 0, 1e-5, 3e-4 or 1e-2, while going from 1e-5
 * to 1e-6 still changed up to 3 of the 1101. A cost-decrease test is off (costTol 0): near reg = 0 the cost falls
 * by only ~1e-10 per iteration while predictions still move, so any such test stops too early.
 * The iteration cap only binds for reg = 0 on (nearly) separable data, where ‖W‖ grows forever.
 */
export const DEFAULT_FIT_OPTIONS: FitOptions = { gradTol: 1e-6, costTol: 0, maxIterations: 1000, memory: 10 };

/** SST's class names, used when the files are SST's (5 or 2 classes). */
export const SST_CLASS_NAMES: Record<number, string[]> = {
  5: ['very negative', 'negative', 'neutral', 'positive', 'very positive'],
  2: ['negative', 'positive'],
};

/** SST's class names when `fileName` is an SST file (stsa.*) with 5 or 2 classes; else undefined ("0", "1", ...). */
export function sstClassNames(numClasses: number, fileName: string): string[] | undefined {
  return fileName.startsWith('stsa.') ? SST_CLASS_NAMES[numClasses] : undefined;
}

export interface FittedModel {
  reg: number;
  params: Float64Array;
  cost: number;
  iterations: number;
  /** Cost-and-gradient evaluations (iterations + extra line-search steps). */
  evaluations: number;
  converged: boolean;
}

/**
 * Fits softmax regression with L2 strength `reg` on `train` (deterministic: no sampling; from zero
 * weights unless `start` is given).
 *
 * The optimiser works on centered features x - μ (μ = the train mean): with an unregularized bias
 * this is an exact reparametrization, x W + b = (x - μ) W + (b + μ W) with the same W and so the
 * same ½·reg·‖W‖², hence the same optimum and the same predictions, but the bias no longer couples
 * with every weight, which makes the problem better conditioned. L-BFGS also gets a diagonal
 * preconditioner (the inverse Hessian diagonal at W = 0). Measured on SST-5 with our 20-epoch
 * vectors, the sweep's L-BFGS iterations: 1820 raw, 788 centered, 302 centered + diagonal; same
 * dev accuracies. The returned parameters are for the raw features.
 */
export function fitSoftmaxRegression(
  train: FeatureSet, numClasses: number, reg: number, fit: Partial<FitOptions> = {}, start?: Float64Array,
): FittedModel {
  const opts = { ...DEFAULT_FIT_OPTIONS, ...fit };
  checkFeatures(train, numClasses, 'train');
  const { n, dim } = train;
  const k = numClasses;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += train.x[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= n;
  const xc = new Float64Array(train.x.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) xc[i * dim + j] = train.x[i * dim + j] - mean[j];
  const centered = { n, dim, x: xc, y: train.y };
  // b_centered = b + μ W (class-major W: class c's weights at c·dim).
  const shiftBias = (p: Float64Array, sign: number): Float64Array => {
    const q = Float64Array.from(p);
    for (let c = 0; c < k; c++) {
      let mw = 0;
      for (let j = 0; j < dim; j++) mw += mean[j] * p[c * dim + j];
      q[dim * k + c] += sign * mw;
    }
    return q;
  };
  // Diagonal preconditioner: the inverse of the Hessian's diagonal estimated at W = 0, where
  // every class has probability 1/K: ∂²J/∂W_cj² ≈ (1/K)(1 - 1/K)·Var(x_j) + reg, ∂²J/∂b_c² ≈ (1/K)(1 - 1/K).
  const pk = (1 / k) * (1 - 1 / k);
  const diagonal = new Float64Array(regressionParamCount(dim, k));
  const variance = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) variance[j] += xc[i * dim + j] ** 2 / n;
  for (let c = 0; c < k; c++) for (let j = 0; j < dim; j++) diagonal[c * dim + j] = 1 / (pk * variance[j] + reg + 1e-12);
  for (let c = 0; c < k; c++) diagonal[dim * k + c] = 1 / pk;
  const scratch = new Float64Array(k);
  const r = minimizeLbfgs(
    (p, g) => softmaxRegressionCostAndGradient(p, centered, k, reg, g, scratch),
    start ? shiftBias(start, +1) : new Float64Array(regressionParamCount(dim, k)),
    { ...opts, diagonal },
  );
  return { reg, params: shiftBias(r.x, -1), cost: r.cost, iterations: r.iterations, evaluations: r.evaluations, converged: r.converged };
}

/**
 * The regularization sweep of seed 001 §4: fit one model per reg on train, measure train and dev
 * accuracy, choose the reg with the best dev accuracy (ties: the larger reg), then measure test
 * accuracy once, for that model only. Pure function over typed arrays (runs in a worker).
 * `onRow` reports each sweep point as it finishes (for a progress display).
 */
export function runSentimentSweep(input: SweepInput, onRow?: (row: SweepRow, index: number) => void): SentimentResult {
  const started = Date.now();
  if (typeof input !== 'object' || input === null) throw new UserInputError('runSentimentSweep(input) needs an object {numClasses, train, dev, test, regs}.');
  const { numClasses: k, train, dev, test, regs } = input;
  if (!(Number.isInteger(k) && k >= 2)) throw new UserInputError(`runSentimentSweep: numClasses must be an integer >= 2, got ${String(k)}.`);
  checkFeatures(train, k, 'train');
  checkFeatures(dev, k, 'dev');
  checkFeatures(test, k, 'test');
  if (!Array.isArray(regs)) throw new UserInputError('runSentimentSweep: regs must be an array of numbers >= 0, e.g. [0, 1e-4, 1e-2].');
  if (regs.length === 0) throw new UserInputError('No regularization values to try; give at least one, e.g. --regs 0,1e-4,1e-2.');
  for (const r of regs) {
    if (!(Number.isFinite(r) && r >= 0)) {
      throw new UserInputError(`Regularization ${r} is not a number >= 0; use values like 0, 1e-5, 3e-3.`);
    }
  }
  for (const s of [dev, test]) {
    if (s.dim !== train.dim) throw new Error(`feature dims differ: ${train.name} ${train.dim}, ${s.name} ${s.dim}`);
  }
  const rows: SweepRow[] = new Array(regs.length);
  const models: FittedModel[] = new Array(regs.length);
  const devPredictions: Int32Array[] = new Array(regs.length);
  // Fit from the largest reg down, each fit starting from the previous optimum (warm start): the
  // optimum moves smoothly with reg and strongly regularized fits converge in few iterations.
  // Each fit still runs to the same gradient tolerance, so the order changes no prediction
  // beyond the tolerance's own effect (see DEFAULT_FIT_OPTIONS).
  const order = regs.map((_, i) => i).sort((a, b) => regs[b] - regs[a] || a - b);
  let previous: Float64Array | undefined;
  for (const index of order) {
    const reg = regs[index];
    const t0 = Date.now();
    const m = fitSoftmaxRegression(train, k, reg, input.fit, input.warmStart === false ? undefined : previous);
    previous = m.params;
    const devPred = predict(m.params, dev, k);
    const wsq = weightNormSq(m.params, train.dim, k);
    const row: SweepRow = {
      reg,
      trainAccuracy: accuracy(predict(m.params, train, k), train.y),
      devAccuracy: accuracy(devPred, dev.y),
      trainCost: m.cost,
      trainCrossEntropy: m.cost - 0.5 * reg * wsq,
      weightNormSq: wsq,
      iterations: m.iterations,
      evaluations: m.evaluations,
      converged: m.converged,
      seconds: (Date.now() - t0) / 1000,
    };
    rows[index] = row;
    models[index] = m;
    devPredictions[index] = devPred;
    onRow?.(row, index);
  }
  let best = 0;
  for (let i = 1; i < rows.length; i++) {
    const better = rows[i].devAccuracy > rows[best].devAccuracy;
    const tieLarger = rows[i].devAccuracy === rows[best].devAccuracy && rows[i].reg > rows[best].reg;
    if (better || tieLarger) best = i;
  }
  const chosen = models[best];
  const testAccuracy = accuracy(predict(chosen.params, test, k), test.y);
  const nW = train.dim * k;
  return {
    numClasses: k,
    classNames: input.classNames ?? Array.from({ length: k }, (_, i) => String(i)),
    dim: train.dim,
    splits: { train: summary(train, k), dev: summary(dev, k), test: summary(test, k) },
    sweep: rows,
    chosenReg: rows[best].reg,
    chosenIndex: best,
    devAccuracy: rows[best].devAccuracy,
    testAccuracy,
    devConfusion: confusionMatrix(devPredictions[best], dev.y, k),
    model: { reg: chosen.reg, weights: Array.from(chosen.params.subarray(0, nW)), bias: Array.from(chosen.params.subarray(nW)) },
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * A feature set the classifier can fit: consistent sizes, labels 0..k-1, and every feature finite.
 * A NaN or infinite feature comes from NaN or infinite word vectors; the optimiser would report
 * "converged" on NaN costs, so it is refused, naming the sentence.
 */
function checkFeatures(s: FeatureSet, k: number, split: string): void {
  if (typeof s !== 'object' || s === null || !(s.x instanceof Float64Array) || !(s.y instanceof Int32Array)) {
    throw new UserInputError(`The ${split} features must be a FeatureSet (x: Float64Array, y: Int32Array), e.g. from sentenceFeatures().`);
  }
  const { n, dim, x, y } = s;
  if (!(Number.isInteger(n) && n > 0 && Number.isInteger(dim) && dim > 0) || x.length !== n * dim || y.length !== n) {
    throw new UserInputError(`The ${split} features ${s.name} are inconsistent: n ${String(n)}, dim ${String(dim)}, ${x.length} values, ${y.length} labels (expected n x dim values and n labels, n and dim >= 1).`);
  }
  for (let i = 0; i < n; i++) {
    if (!(y[i] >= 0 && y[i] < k)) throw new UserInputError(`${s.name || split} sentence ${i + 1}: label ${y[i]} is not a class 0..${k - 1}.`);
  }
  for (let p = 0; p < x.length; p++) {
    if (!Number.isFinite(x[p])) {
      throw new UserInputError(`${s.name || split} sentence ${Math.floor(p / dim) + 1}: its feature ${p % dim + 1} is ${x[p]}. The word vectors hold NaN or infinite values; check (or retrain) the vectors file.`);
    }
  }
}

function summary(s: FeatureSet, k: number): SplitSummary {
  return {
    name: s.name,
    sentences: s.n,
    classCounts: classCounts(s.y, k),
    noKnownWord: s.noKnownWord,
    tokenCoverage: s.tokens === 0 ? 0 : s.knownTokens / s.tokens,
  };
}
