/**
 * The gradient explorer, without VS Code: one request (what to check, at which
 * parameters, on which window, optionally with a broken gradient) in, one JSON-able result out
 * (per-group errors, a heatmap matrix, a histogram, the worst entries, the formulas, timing).
 *
 * `runExplorerCheck` runs the check in a worker thread so the extension host never waits for it,
 * and cancels by terminating that worker. The request's arrays are cloned into the worker, so the
 * caller's (trained) model cannot be written by the check, whatever a broken variant does.
 * `computeExplorerResult` is the same check, synchronous: the worker runs it; tests and benchmarks may.
 */
import { CancelledError, UserInputError, check } from '../errors';
import { gradcheck } from '../math/gradcheck';
import { aliasDraw } from '../math/alias';
import { unigramTable } from '../math/negatives';
import { Rng } from '../math/random';
import { regressionParamCount, softmaxRegressionCostAndGradient } from '../sentiment/softmaxRegression';
import { definitionNotes } from '../train/gradCheck';
import type { CbowUpdate, GradCheckSource, LossKind, ModelKind, TrainLoss } from '../train/types';
import { huffmanTree } from '../train/huffman';
import { runWorker } from '../util/runWorker';
import { yieldUnlessAborted } from '../util/eventLoop';
import { packWords } from '../vectors/packedWords';
import { sharedBytes } from '../util/sharedMemory';
import { type BrokenTarget, brokenGradient } from './broken';
import { GRADIENT_FORMULAS, type GradientFormula, formulasFor } from './formulas';
import { checkNetwork } from './network';
import { kernelWindowSteps, type KernelTerm } from '../train/kernelWindow';
import { KERNEL_MISTAKES, kernelMistake, type KernelMistakeId } from '../train/mistakes';
import { mistakenCheckingBuild } from '../train/mistakeBuilds';
import { checkKernelWindow } from './kernelCheck';
import type { WindowCheckGroup, WindowCheckResult } from './types';
import { checkWindow } from './window';

// ---- request ----------------------------------------------------------------------------------

/** What to check. */
export type ExplorerTarget =
  /**
   * One window of skip-gram / CBOW under naive softmax, negative sampling (K = negatives) or the
   * hierarchical softmax ('hs': the training kernel alone, CS224n has no formulas for it).
   */
  | {
    kind: 'word2vec'; model: ModelKind; loss: TrainLoss; negatives?: number; dim: number; window: number;
    /** The run's CBOW update and planted mistake, so the kernel check checks the kernel that trained it. */
    cbowUpdate?: CbowUpdate; mistake?: KernelMistakeId | '';
  }
  /** The one-hidden-layer network of CS224d problem set 1, §2.3 on `rows` seeded random data rows (default 20). */
  | { kind: 'network'; dims: [number, number, number]; rows?: number }
  /**
   * The sentiment classifier of CS224d problem set 1, §4 (softmax regression with L2 weight `reg`, default 1e-3)
   * on `rows` feature vectors (default 20) of `classes` classes (default 5).
   */
  | { kind: 'sentiment'; dim: number; classes?: number; rows?: number; reg?: number };

/** Where the parameters come from. */
export type ExplorerParameters =
  /**
   * A trained model: one word per row of inputVectors (V), and its output vectors (U), which a
   * training run returns when asked (keepOutsideVectors). Vectors loaded from a file have no U:
   * without outputVectors the check uses a copy of the input vectors as U and says so.
   */
  | { kind: 'trained'; label?: string; words: string[]; inputVectors: Float32Array | Float64Array; outputVectors?: Float32Array | Float64Array; counts?: number[] }
  /** Seeded random vectors, rows of length 1 (as the assignments' tests' dummy vectors); words are "#0", "#1", ... */
  | { kind: 'random'; vocabSize: number; seed: number };

/** A window of the corpus: a CorpusWindow from pickCorpusWindow fits (only the indices are required). */
export interface ExplorerWindow {
  centerIdx: number;
  contextIdxs: number[];
  /** The window as text ("the quick [brown] fox"); built from the words when absent. */
  text?: string;
  outOfVocabulary?: string[];
}

export interface ExplorerRequest {
  target: ExplorerTarget;
  /** word2vec and sentiment; default: seeded random, DEFAULT_RANDOM_VOCAB words, seed = request seed. */
  parameters?: ExplorerParameters;
  /** word2vec: required with trained parameters; a seeded random window (2 x target.window context rows) otherwise. */
  window?: ExplorerWindow;
  /** An id from BROKEN_GRADIENTS ('' or absent: the correct gradient). */
  broken?: string;
  /** Naive softmax: outside rows checked (the window's rows plus a seeded sample); default DEFAULT_MAX_OUTSIDE_ROWS. */
  maxOutsideRows?: number;
  /** Seeds negatives, sampled rows, random windows and random data; default 1. */
  seed?: number;
  /** Worst entries listed per group, 0 to 1000; default 10. */
  worstCount?: number;
}

export const DEFAULT_RANDOM_VOCAB = 50;
/** The learning rate of the explorer's "one update, step by step" (word2vec's skip-gram default). */
export const EXPLORER_STEP_ALPHA = 0.025;
export const DEFAULT_MAX_OUTSIDE_ROWS = 100;
/** The pass/fail threshold of the assignments' gradcheck ("Gradient check failed" above it). */
export const PASS_THRESHOLD = 1e-5;
/** log10 of a relative error of exactly 0 (or below 1e-17) in the heatmap and the histogram. */
export const LOG10_FLOOR = -17;
/**
 * Histogram bin edges of log10(relative error): bin 0 is below -16 (exact zeros included), bin i
 * (1..16) is [edges[i-1], edges[i]), bin 17 is >= 0. Non-finite errors are counted apart.
 */
export const HISTOGRAM_EDGES: readonly number[] = Array.from({ length: 17 }, (_, i) => i - 16);

// ---- result -----------------------------------------------------------------------------------

export interface ExplorerEntry {
  /** The row's word (word2vec), or the matrix row's name ("x3", "h1", "b2", "class 0"). */
  row: string;
  /** Vocabulary row (word2vec) or matrix row. */
  rowIndex: number;
  column: number;
  analytic: number;
  numeric: number;
  relError: number;
}

export interface ExplorerHistogram {
  /** HISTOGRAM_EDGES.length + 1 counts (see HISTOGRAM_EDGES). */
  counts: number[];
  /** Relative errors that are Infinity (a NaN/Infinity analytic gradient). */
  nonFinite: number;
}

export interface ExplorerGroup {
  /** 'center vectors' | 'outside vectors' | 'W1' | 'b1' | 'W2' | 'b2' | 'W' | 'b'. */
  name: string;
  /** word2vec: whose gradient was checked, the training kernel's or CS224n's formulas'. */
  source?: GradCheckSource;
  /** [checked rows, columns]: the heatmap's grid. */
  shape: [number, number];
  rowLabels: string[];
  rowIndices: number[];
  /** Parameters checked, and parameters of this group that the loss touches. */
  count: number;
  totalInGroup: number;
  /** "checked rowsChecked of rowsTotal rows" (they differ for a sampled naive softmax). */
  rowsChecked: number;
  rowsTotal: number;
  maxRelError: number;
  /** maxRelError <= PASS_THRESHOLD. */
  passed: boolean;
  /** True when the chosen broken gradient feeds this group (its errors should light up here). */
  brokenFeeds: boolean;
  /** The largest errors first (at most worstCount). */
  worst: ExplorerEntry[];
  histogram: ExplorerHistogram;
  /** shape[0] x shape[1], row-major: log10 of each relative error, at least LOG10_FLOOR; +Infinity for a non-finite one. */
  log10RelErrors: Float32Array;
  /** The check's own numbers, same layout (entry i: row rowIndices[floor(i / cols)], column i % cols). */
  relErrors: Float64Array;
  analytic: Float64Array;
  numeric: Float64Array;
}

/** One touched row of the kernel's step, for "any row can be expanded". */
export interface KernelStepRow {
  /** Its parameter group: 'center vectors' (V), 'outside vectors' or 'inner nodes' (U). */
  group: string;
  /** Its word, or "node N" for an inner node of the hierarchical softmax. */
  row: string;
  rowIndex: number;
  before: Float64Array;
  /** The kernel's analytic gradient of the window's loss, Δ = (before − after) / α. */
  grad: Float64Array;
  after: Float64Array;
}

export interface ExplorerResult {
  version: 1;
  target: ExplorerTarget;
  parameters: {
    kind: 'trained' | 'random';
    /** "the model of run 2 (text8-head)", "seeded random parameters (seed 1)". */
    label: string;
    /** word2vec only. */
    vocabSize?: number;
    dim?: number;
    /** word2vec, trained: where U came from. */
    outsideVectors?: 'model' | 'copy of the input vectors';
  };
  /** word2vec: the window checked. */
  window?: { center: string; centerIdx: number; context: string[]; contextIdxs: number[]; text: string; outOfVocabulary?: string[] };
  broken?: { id: string; label: string; wrong: string; feeds: string[] };
  /** The loss at the checked point. */
  loss: number;
  /** 'softmax-no-shift' only: the factor the center vectors were scaled by. */
  inputScale?: number;
  /** Negative sampling: the K negatives of each (center, outside) pair, as words. */
  negatives?: string[][];
  /**
   * word2vec: the training kernel's own check on the same window and parameters (its update
   * against central differences of its own loss), beside `groups`, which check CS224n's formulas.
   * Never broken: the "break a gradient" mistakes apply to the formulas.
   */
  kernel?: {
    groups: ExplorerGroup[];
    passed: boolean;
    loss: number;
    /** The kernel's pairs are (input → target): skip-gram one list per context word, CBOW one. */
    negatives?: string[][];
    /** Naive softmax: the words the kernel's softmax ran over (a sample of a large vocabulary). */
    softmaxWords?: number;
    /** Where the kernel and the formulas define the model differently (sum against mean, pair direction). */
    notes: string[];
    /**
     * One update, step by step, at learning rate `alpha`: every term the kernel computed (its output
     * row as a word, or "node N" for an inner node of the hierarchical softmax), and the window's
     * loss before and after the step. Each touched row's gradient is in `groups` (analytic).
     */
    steps: {
      alpha: number; loss: number; lossAfter: number; terms: (Omit<KernelTerm, 'row'> & { row: string; rowIndex: number })[];
      /** Every touched row, input rows (V) first: its values before the step, its gradient Δ and after = before − α·Δ. */
      rows: KernelStepRow[];
    };
  };
  threshold: number;
  /** Every group passed. */
  passed: boolean;
  groups: ExplorerGroup[];
  /** Over all groups. */
  histogram: ExplorerHistogram;
  histogramEdges: number[];
  formulas: GradientFormula[];
  seed: number;
  timing: {
    /** The check itself (numeric and analytic gradients) of CS224n's formulas. */
    checkMs: number;
    /** word2vec: the training kernel's check and its step by step. */
    kernelMs?: number;
    /** The whole computeExplorerResult (check + result building). */
    computeMs: number;
    /** runExplorerCheck only: from the call to its result, worker start and copies included. */
    totalMs?: number;
    /** runExplorerCheck only: from the call until the worker's code ran (spawn + copying the request). */
    workerStartMs?: number;
    /** runExplorerCheck only: time the caller's thread was busy (copying the model, starting the worker), in all ... */
    callerMs?: number;
    /** ... and its longest single stretch (the copy yields to the event loop between slices). */
    callerLongestMs?: number;
  };
}

// ---- the check ----------------------------------------------------------------------------------

const now = (): number => performance.now();

/** Runs the check in this thread. Throws UserInputError for a request that cannot run. */
export function computeExplorerResult(request: ExplorerRequest): ExplorerResult {
  const started = now();
  check(request !== null && typeof request === 'object', 'The gradient check needs a request object.');
  const t = request.target;
  check(t !== null && typeof t === 'object', 'The request has no target.');
  const seed = request.seed ?? 1;
  check(Number.isFinite(seed), `seed must be a finite number, got ${seed}.`);
  const worstCount = request.worstCount ?? 10;
  check(Number.isInteger(worstCount) && worstCount >= 0 && worstCount <= 1000, `worstCount must be an integer from 0 to 1000, got ${worstCount}.`);
  let result: ExplorerResult;
  if (t.kind === 'word2vec') result = word2vecCheck(request, t, seed, worstCount);
  else if (t.kind === 'network') result = networkCheck(request, t, seed, worstCount);
  else if (t.kind === 'sentiment') result = sentimentCheck(request, t, seed, worstCount);
  else throw new UserInputError(`Unknown target kind ${JSON.stringify((t as { kind: unknown }).kind)}; use 'word2vec', 'network' or 'sentiment'.`);
  result.timing.computeMs = now() - started;
  return result;
}

interface RawGroup {
  name: string;
  shape: [number, number];
  rowLabels: string[];
  rowIndices: number[];
  totalInGroup: number;
  rowsTotal: number;
  relErrors: Float64Array;
  analytic: Float64Array;
  numeric: Float64Array;
}

function brokenInfo(id: string | undefined, target: BrokenTarget): ExplorerResult['broken'] {
  const b = brokenGradient(id, target);
  return b && { id: b.id, label: b.label, wrong: b.wrong[target]!, feeds: b.feeds[target] ?? [] };
}

/** The building blocks shown beside a target's own formulas. */
function blocks(...groups: string[]): GradientFormula[] {
  return groups.map((g) => GRADIENT_FORMULAS.find((f) => f.model === 'any' && f.group === g)).filter((f): f is GradientFormula => f !== undefined);
}

function finish(
  base: Pick<ExplorerResult, 'target' | 'parameters' | 'window' | 'broken' | 'loss' | 'inputScale' | 'negatives' | 'formulas'> & Partial<Pick<ExplorerResult, 'kernel'>>,
  raw: RawGroup[], seed: number, worstCount: number, checkMs: number,
): ExplorerResult {
  const feeds = new Set(base.broken?.feeds ?? []);
  const groups = raw.map((g) => summarize(g, worstCount, feeds.has(g.name)));
  const histogram: ExplorerHistogram = { counts: new Array<number>(HISTOGRAM_EDGES.length + 1).fill(0), nonFinite: 0 };
  for (const g of groups) {
    g.histogram.counts.forEach((c, i) => { histogram.counts[i] += c; });
    histogram.nonFinite += g.histogram.nonFinite;
  }
  const result: ExplorerResult = {
    version: 1, ...base, threshold: PASS_THRESHOLD, passed: groups.every((g) => g.passed), groups, histogram,
    histogramEdges: [...HISTOGRAM_EDGES], seed, timing: { checkMs, computeMs: 0 },
  };
  // Keep the optional fields absent rather than undefined (the JSON and the tests compare shapes).
  for (const k of ['window', 'broken', 'inputScale', 'negatives', 'kernel'] as const) if (result[k] === undefined) delete result[k];
  return result;
}

function histogramBin(log10: number): number {
  if (log10 < HISTOGRAM_EDGES[0]) return 0;
  if (log10 >= HISTOGRAM_EDGES[HISTOGRAM_EDGES.length - 1]) return HISTOGRAM_EDGES.length;
  return Math.floor(log10 - HISTOGRAM_EDGES[0]) + 1;
}

function summarize(g: RawGroup, worstCount: number, brokenFeeds: boolean): ExplorerGroup {
  const n = g.relErrors.length;
  const cols = g.shape[1];
  const log10RelErrors = new Float32Array(n);
  const histogram: ExplorerHistogram = { counts: new Array<number>(HISTOGRAM_EDGES.length + 1).fill(0), nonFinite: 0 };
  // The worst entries: a small sorted list (largest first), so a 500k-entry group needs no full sort.
  const worst: number[] = [];
  let maxRelError = 0;
  for (let i = 0; i < n; i++) {
    const e = g.relErrors[i];
    if (e > maxRelError) maxRelError = e;
    if (e === Infinity) {
      log10RelErrors[i] = Infinity;
      histogram.nonFinite++;
    } else {
      const l = e > 0 ? Math.max(LOG10_FLOOR, Math.log10(e)) : LOG10_FLOOR;
      log10RelErrors[i] = l;
      histogram.counts[histogramBin(l)]++;
    }
    if (worstCount > 0 && (worst.length < worstCount || e > g.relErrors[worst[worst.length - 1]])) {
      let j = worst.length < worstCount ? worst.length : worst.length - 1;
      while (j > 0 && g.relErrors[worst[j - 1]] < e) j--;
      worst.splice(j, 0, i);
      if (worst.length > worstCount) worst.pop();
    }
  }
  return {
    name: g.name, shape: g.shape, rowLabels: g.rowLabels, rowIndices: g.rowIndices,
    count: n, totalInGroup: g.totalInGroup, rowsChecked: g.shape[0], rowsTotal: g.rowsTotal,
    maxRelError, passed: maxRelError <= PASS_THRESHOLD, brokenFeeds,
    worst: worst.map((i) => {
      const r = Math.floor(i / cols);
      return { row: g.rowLabels[r], rowIndex: g.rowIndices[r], column: i % cols, analytic: g.analytic[i], numeric: g.numeric[i], relError: g.relErrors[i] };
    }),
    histogram, log10RelErrors, relErrors: g.relErrors, analytic: g.analytic, numeric: g.numeric,
  };
}

const isFloatArray = (a: unknown): a is Float32Array | Float64Array => a instanceof Float32Array || a instanceof Float64Array;

/** Seeded random rows of length 1 (the assignments' tests use normalizeRows(randn)). */
function unitRows(rows: number, dim: number, rng: Rng): Float64Array {
  const out = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    let ss = 0;
    for (let k = 0; k < dim; k++) { const v = rng.normal(); out[r * dim + k] = v; ss += v * v; }
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let k = 0; k < dim; k++) out[r * dim + k] *= inv;
  }
  return out;
}

interface ResolvedParameters {
  info: ExplorerResult['parameters'];
  words: string[];
  center: Float32Array | Float64Array;
  outside: Float32Array | Float64Array;
  counts?: number[];
}

function resolveParameters(p: ExplorerParameters | undefined, dim: number, seed: number): ResolvedParameters {
  check(Number.isInteger(dim) && dim >= 1 && dim <= 10000, `dim must be an integer from 1 to 10000, got ${dim}.`);
  const params: ExplorerParameters = p ?? { kind: 'random', vocabSize: DEFAULT_RANDOM_VOCAB, seed };
  if (params.kind === 'random') {
    const V = params.vocabSize;
    check(Number.isInteger(V) && V >= 2 && V <= 1_000_000, `The random vocabulary size must be an integer from 2 to 1000000, got ${V}.`);
    check(Number.isFinite(params.seed), `The parameters' seed must be a finite number, got ${params.seed}.`);
    const rng = new Rng(params.seed);
    const center = unitRows(V, dim, rng);
    const outside = unitRows(V, dim, rng);
    return {
      info: { kind: 'random', label: `seeded random parameters (seed ${params.seed}, ${V} words, dim ${dim})`, vocabSize: V, dim },
      words: Array.from({ length: V }, (_, i) => `#${i}`), center, outside,
    };
  }
  check(params.kind === 'trained', `Unknown parameters kind ${JSON.stringify((params as { kind: unknown }).kind)}; use 'trained' or 'random'.`);
  check(Array.isArray(params.words) && params.words.length >= 2, 'The trained model needs at least 2 words.');
  const V = params.words.length;
  check(isFloatArray(params.inputVectors), 'The trained model\'s inputVectors must be a Float32Array or Float64Array.');
  check(params.inputVectors.length === V * dim,
    () => `The trained model has ${params.inputVectors.length} input vector values, but ${V} words x dim ${dim} needs ${V * dim}; set the target's dim to the model's.`);
  if (params.outputVectors !== undefined) {
    check(isFloatArray(params.outputVectors) && params.outputVectors.length === V * dim,
      () => `The trained model's outputVectors must be a Float32Array or Float64Array of ${V} x ${dim} values.`);
  }
  if (params.counts !== undefined) {
    check(Array.isArray(params.counts) && params.counts.length === V, `The trained model has ${params.counts?.length} counts for ${V} words.`);
  }
  return {
    info: {
      kind: 'trained', label: params.label ?? `the trained model (${V} words, dim ${dim})`, vocabSize: V, dim,
      outsideVectors: params.outputVectors ? 'model' : 'copy of the input vectors',
    },
    words: params.words,
    center: params.inputVectors,
    // Why the input vectors: they have the trained model's scale, so the scores are realistic; the
    // gradient's correctness does not depend on which values U holds.
    outside: params.outputVectors ?? params.inputVectors,
    counts: params.counts,
  };
}

function word2vecCheck(req: ExplorerRequest, t: Extract<ExplorerTarget, { kind: 'word2vec' }>, seed: number, worstCount: number): ExplorerResult {
  check(t.model === 'skipgram' || t.model === 'cbow', `model must be 'skipgram' or 'cbow', got ${JSON.stringify(t.model)}.`);
  check(t.loss === 'neg' || t.loss === 'softmax' || t.loss === 'hs', `loss must be 'neg', 'softmax' or 'hs', got ${JSON.stringify(t.loss)}.`);
  check(Number.isInteger(t.window) && t.window >= 1 && t.window <= 100, `window must be an integer from 1 to 100, got ${t.window}.`);
  if (t.loss === 'neg') check(Number.isInteger(t.negatives) && t.negatives! >= 1 && t.negatives! <= 1000, `negatives (K) must be an integer from 1 to 1000 for negative sampling, got ${t.negatives}.`);
  const hs = t.loss === 'hs';
  // "Break a gradient" breaks CS224n's formulas, which have no hierarchical softmax.
  if (hs && req.broken) {
    throw new UserInputError(`The broken gradient "${req.broken}" breaks CS224n's formulas, which have no hierarchical softmax; train with a planted mistake (word2vec.mistake) to break the kernel's.`);
  }
  const broken = hs ? undefined : brokenInfo(req.broken, t.loss as LossKind);
  const p = resolveParameters(req.parameters, t.dim, seed);
  const V = p.words.length;

  let win = req.window;
  if (!win) {
    check(p.info.kind === 'random', 'A check at a trained model needs a window of the corpus: pick one with pickCorpusWindow (open the corpus file).');
    const rng = new Rng(seed ^ 0x5bd1e995);
    win = { centerIdx: rng.int(V), contextIdxs: Array.from({ length: 2 * t.window }, () => rng.int(V)) };
  }
  check(Array.isArray(win.contextIdxs) && win.contextIdxs.length >= 1 && win.contextIdxs.length <= 2 * t.window,
    () => `The window has ${win!.contextIdxs?.length} context words; window ${t.window} allows 1 to ${2 * t.window}.`);

  const word = (i: number): string => p.words[i];
  // The hierarchical softmax's output rows are the inner nodes of the Huffman tree, not words.
  const node = (i: number): string => `node ${i}`;
  const toRaw = (g: WindowCheckGroup): RawGroup => ({
    name: g.name, shape: [g.rows.length, t.dim], rowLabels: g.rows.map(g.name === 'inner nodes' ? node : word), rowIndices: g.rows,
    totalInGroup: g.totalInGroup, rowsTotal: g.totalInGroup / t.dim, relErrors: g.relErrors, analytic: g.analytic, numeric: g.numeric,
  });

  // CS224n's formulas (none for the hierarchical softmax).
  let r: WindowCheckResult | undefined;
  const t0 = now();
  if (!hs) {
    let maxOutsideRows: number | undefined;
    if (t.loss === 'softmax') {
      maxOutsideRows = req.maxOutsideRows ?? DEFAULT_MAX_OUTSIDE_ROWS;
      check(Number.isInteger(maxOutsideRows) && maxOutsideRows >= 1, `maxOutsideRows must be a positive integer, got ${maxOutsideRows}.`);
      if (maxOutsideRows >= V) maxOutsideRows = undefined;
    }
    r = checkWindow({
      model: t.model, loss: t.loss as LossKind, dim: t.dim, vocabSize: V, centerVectors: p.center, outsideVectors: p.outside,
      centerIdx: win.centerIdx, contextIdxs: win.contextIdxs, negatives: t.loss === 'neg' ? t.negatives : undefined,
      negativeTable: t.loss === 'neg' && p.counts ? unigramTable(p.counts) : undefined, seed, maxOutsideRows, broken: broken?.id,
    });
  }
  const checkMs = now() - t0;
  const half = Math.ceil(win.contextIdxs.length / 2);
  const text = win.text ?? [...win.contextIdxs.slice(0, half).map(word), `[${word(win.centerIdx)}]`, ...win.contextIdxs.slice(half).map(word)].join(' ');
  const window: NonNullable<ExplorerResult['window']> = {
    center: word(win.centerIdx), centerIdx: win.centerIdx, context: win.contextIdxs.map(word), contextIdxs: [...win.contextIdxs], text,
  };
  if (win.outOfVocabulary?.length) window.outOfVocabulary = [...win.outOfVocabulary];

  // The training kernel's own check of the same window (its pairs are context → center; its own negatives).
  const cbowUpdate = t.cbowUpdate ?? 'corrected';
  const rng = new Rng(seed ^ 0x2545f491);
  const table = p.counts ? unigramTable(p.counts) : undefined;
  const kernelNegatives = t.loss === 'neg'
    ? Array.from({ length: t.model === 'skipgram' ? win.contextIdxs.length : 1 }, () => Array.from({ length: t.negatives! }, () => (table ? aliasDraw(table, rng.next(), rng.next()) : rng.int(V))))
    : undefined;
  const k0 = now();
  const mistake = kernelMistake(t.mistake);
  if (t.mistake) check(mistake !== undefined, `Unknown mistake ${JSON.stringify(t.mistake)}; use one of ${KERNEL_MISTAKES.map((m) => m.id).join(', ')}.`);
  // The Huffman tree of the model's counts (seeded random parameters: Zipf-like counts, so paths differ in length).
  const tree = hs ? huffmanTree(p.counts ?? Array.from({ length: V }, (_, i) => Math.round(1e6 / (i + 1)))) : undefined;
  const model = { model: t.model, loss: t.loss, cbowUpdate, dim: t.dim, vocab: V, rowStride: t.dim, V: p.center, U: p.outside, tree };
  const k = checkKernelWindow({
    model,
    window: { center: win.centerIdx, context: win.contextIdxs, negatives: kernelNegatives, alpha: EXPLORER_STEP_ALPHA },
    seed, build: mistake ? mistakenCheckingBuild(mistake) : 'checking',
  });
  const kernelRaw = k.groups.map(toRaw);
  const kernelGroups = kernelRaw.map((g) => summarize(g, worstCount, false));
  const steps = kernelWindowSteps(model,
    { center: win.centerIdx, context: win.contextIdxs, negatives: kernelNegatives, alpha: EXPLORER_STEP_ALPHA, softmaxRows: k.softmaxRows },
    mistake ? mistakenCheckingBuild(mistake) : 'checking',
  );
  kernelGroups.forEach((g) => { g.source = 'the training kernel'; });
  const outputGroup = hs ? 'inner nodes' : 'outside vectors';
  const stepRows = (group: string, rows: number[], matrix: Float32Array | Float64Array, grad: Float64Array, after: Float64Array, label: (i: number) => string): KernelStepRow[] =>
    rows.map((x, i) => ({
      group, row: label(x), rowIndex: x,
      before: Float64Array.from(matrix.subarray(x * t.dim, (x + 1) * t.dim)),
      grad: grad.slice(i * t.dim, (i + 1) * t.dim), after: after.slice(i * t.dim, (i + 1) * t.dim),
    }));
  const kernel: NonNullable<ExplorerResult['kernel']> = {
    groups: kernelGroups, passed: kernelGroups.every((g) => g.passed), loss: k.loss,
    notes: definitionNotes({ model: t.model, loss: t.loss, cbowUpdate, mistake: t.mistake }, win.contextIdxs.length),
    steps: {
      alpha: steps.alpha, loss: steps.loss, lossAfter: steps.lossAfter,
      terms: steps.terms.map((x) => ({ ...x, row: hs ? node(x.row) : word(x.row), rowIndex: x.row })),
      rows: [
        ...stepRows('center vectors', steps.inputRows, p.center, steps.inputGrad, steps.inputAfter, word),
        ...stepRows(outputGroup, steps.outputRows, p.outside, steps.outputGrad, steps.outputAfter, hs ? node : word),
      ],
    },
  };
  if (k.negatives) kernel.negatives = k.negatives.map((ks) => ks.map(word));
  const kernelMs = now() - k0;
  if (k.softmaxWords !== undefined) kernel.softmaxWords = k.softmaxWords;
  const result = finish({
    target: { ...t }, parameters: p.info, window, broken, loss: r ? r.loss : k.loss, kernel,
    inputScale: r?.inputScale !== undefined && r.inputScale !== 1 ? r.inputScale : undefined,
    negatives: r?.negatives?.map((ks) => ks.map(word)),
    formulas: [...formulasFor(t.model, t.loss), ...blocks(t.loss === 'softmax' ? 'softmax' : 'sigmoid', 'relative error')],
    // The hierarchical softmax: the kernel's groups are the check's (heatmaps, histogram, worst entries).
  }, r ? r.groups.map(toRaw) : kernelRaw, seed, worstCount, checkMs);
  result.groups.forEach((g) => { g.source = r ? "CS224n's formulas" : 'the training kernel'; });
  result.timing.kernelMs = kernelMs;
  return result;
}

function networkCheck(req: ExplorerRequest, t: Extract<ExplorerTarget, { kind: 'network' }>, seed: number, worstCount: number): ExplorerResult {
  check(Array.isArray(t.dims) && t.dims.length === 3 && t.dims.every((x) => Number.isInteger(x) && x >= 1 && x <= 1000),
    () => `The network's dims must be three integers [Dx, H, Dy] from 1 to 1000, got ${JSON.stringify(t.dims)}.`);
  const rows = t.rows ?? 20;
  check(Number.isInteger(rows) && rows >= 1 && rows <= 10000, `The network's rows must be an integer from 1 to 10000, got ${rows}.`);
  const broken = brokenInfo(req.broken, 'network');
  const t0 = now();
  const r = checkNetwork({ dims: [t.dims[0], t.dims[1], t.dims[2]], seed, rows, broken: broken?.id });
  const checkMs = now() - t0;
  // W1 rows are the inputs x_i, W2 rows the hidden units h_i (CS224d problem set 1, §2.3: h = σ(xW1 + b1), ŷ = softmax(hW2 + b2)).
  const rowName: Record<string, (i: number) => string> = { W1: (i) => `x${i}`, b1: () => 'b1', W2: (i) => `h${i}`, b2: () => 'b2' };
  const raw: RawGroup[] = r.groups.map((g) => ({
    name: g.name, shape: [g.shape[0], g.shape[1]], rowLabels: Array.from({ length: g.shape[0] }, (_, i) => rowName[g.name](i)),
    rowIndices: Array.from({ length: g.shape[0] }, (_, i) => i), totalInGroup: g.totalInGroup, rowsTotal: g.shape[0],
    relErrors: g.relErrors, analytic: g.analytic, numeric: g.numeric,
  }));
  return finish({
    target: { kind: 'network', dims: [t.dims[0], t.dims[1], t.dims[2]], rows },
    parameters: { kind: 'random', label: `seeded random data and parameters (seed ${seed}, ${rows} rows); the network is never trained here` },
    broken, loss: r.loss,
    formulas: [...formulasFor('network'), ...blocks('sigmoid', 'softmax', 'relative error')],
  }, raw, seed, worstCount, checkMs);
}

function sentimentCheck(req: ExplorerRequest, t: Extract<ExplorerTarget, { kind: 'sentiment' }>, seed: number, worstCount: number): ExplorerResult {
  const K = t.classes ?? 5;
  const n = t.rows ?? 20;
  const reg = t.reg ?? 1e-3;
  check(Number.isInteger(K) && K >= 2 && K <= 100, `classes must be an integer from 2 to 100, got ${K}.`);
  check(Number.isInteger(n) && n >= 1 && n <= 10000, `rows must be an integer from 1 to 10000, got ${n}.`);
  check(Number.isFinite(reg) && reg >= 0, `reg must be a number >= 0, got ${reg}.`);
  if (req.broken) {
    throw new UserInputError(`The broken gradient "${req.broken}" does not apply to the sentiment classifier; there is no broken variant of it.`);
  }
  const d = t.dim;
  const p = req.parameters?.kind === 'trained' ? resolveParameters(req.parameters, d, seed) : undefined;
  const rng = new Rng(seed);
  // Features: rows of the trained input vectors (one-word sentences, so the features have the
  // model's real scale), or seeded random rows of length 1.
  let x: Float64Array;
  let label: string;
  if (p) {
    x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const w = rng.int(p.words.length);
      for (let k = 0; k < d; k++) x[i * d + k] = p.center[w * d + k];
    }
    label = `${p.info.label}: ${n} seeded random words as one-word sentences; seeded random weights (seed ${seed})`;
  } else {
    check(Number.isInteger(d) && d >= 1 && d <= 10000, `dim must be an integer from 1 to 10000, got ${d}.`);
    x = unitRows(n, d, rng);
    label = `seeded random features and weights (seed ${seed}, ${n} rows)`;
  }
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.int(K);
  const total = regressionParamCount(d, K);
  const params = new Float64Array(total);
  for (let i = 0; i < total; i++) params[i] = 0.5 * rng.normal();
  const data = { n, dim: d, x, y };
  const scratch = new Float64Array(K);
  const f = (w: Float64Array) => {
    const grad = new Float64Array(total);
    const loss = softmaxRegressionCostAndGradient(w, data, K, reg, grad, scratch);
    return { loss, grad };
  };
  const t0 = now();
  const r = gradcheck(f, params);
  const checkMs = now() - t0;
  const wLen = d * K;
  // Parameters are class-major (row c = class c's weights), then the K biases.
  const raw: RawGroup[] = [
    {
      name: 'W', shape: [K, d], rowLabels: Array.from({ length: K }, (_, c) => `class ${c}`), rowIndices: Array.from({ length: K }, (_, c) => c),
      totalInGroup: wLen, rowsTotal: K,
      relErrors: r.relErrors.slice(0, wLen), analytic: r.analyticGrad.slice(0, wLen), numeric: r.numericGrad.slice(0, wLen),
    },
    {
      name: 'b', shape: [1, K], rowLabels: ['b'], rowIndices: [0], totalInGroup: K, rowsTotal: 1,
      relErrors: r.relErrors.slice(wLen), analytic: r.analyticGrad.slice(wLen), numeric: r.numericGrad.slice(wLen),
    },
  ];
  return finish({
    target: { kind: 'sentiment', dim: d, classes: K, rows: n, reg },
    parameters: { kind: p ? 'trained' : 'random', label, dim: d },
    loss: f(params).loss,
    formulas: [...formulasFor('sentiment'), ...blocks('softmax', 'relative error')],
  }, raw, seed, worstCount, checkMs);
}

// ---- the worker runner --------------------------------------------------------------------------

/** The rejection of a cancelled check (the one CancelledError; kept under this name for the core's API). */
export { CancelledError as ExplorerCancelledError, isCancelled as isExplorerCancelled } from '../errors';

/** What the worker returns: the result and when the worker started, for the timing. */
export interface ExplorerWorkerResult { result: ExplorerResult; startedAt: number }

const WHAT = 'The gradient check';
const cancelled = (): CancelledError => new CancelledError(WHAT);

/** An absolute time in ms that the caller's and the worker's threads agree on. */
export const wallClock = (): number => performance.timeOrigin + performance.now();

/** Values copied per turn of the caller's event loop (256K floats, about a millisecond), so the copy never holds it for long. */
const COPY_SLICE = 1 << 18;

interface CallerBusy {
  /** Synchronous time spent on the caller's thread, in all. */
  total: number;
  /** The longest single stretch of it. */
  longest: number;
}

/** Counts one synchronous stretch of `ms` on the caller's thread. */
function addBusy(busy: CallerBusy, ms: number): void {
  busy.total += ms;
  busy.longest = Math.max(busy.longest, ms);
}

function busyFor<T>(busy: CallerBusy, f: () => T): T {
  const t0 = wallClock();
  try {
    return f();
  } finally {
    addBusy(busy, wallClock() - t0);
  }
}

/** A private copy of a model matrix, made a slice per event-loop turn (a 71k x 100 model is 28 MB). */
async function copyInSlices(a: Float32Array | Float64Array, signal: AbortSignal | undefined, busy: CallerBusy): Promise<Float32Array | Float64Array> {
  const out = busyFor(busy, () => (a instanceof Float32Array ? new Float32Array(a.length) : new Float64Array(a.length)));
  for (let i = 0; i < a.length; i += COPY_SLICE) {
    busyFor(busy, () => out.set(a.subarray(i, Math.min(a.length, i + COPY_SLICE)), i));
    await yieldUnlessAborted(signal, cancelled);
  }
  return out;
}

/** A trained model's words as they cross to the worker: one UTF-8 block (packedWords.ts) in shared memory, split there. */
export interface PackedExplorerWords { block: Uint8Array; count: number }

/** Pauses for packWords that count each stretch between them as the caller's busy time; `done()` counts the last. */
function countedPauses(signal: AbortSignal | undefined, busy: CallerBusy): { pause(): Promise<void>; done(): void } {
  let t0 = wallClock();
  const stretch = (): void => addBusy(busy, wallClock() - t0);
  return {
    async pause() {
      stretch();
      await yieldUnlessAborted(signal, cancelled);
      t0 = wallClock();
    },
    done: stretch,
  };
}

/**
 * The words packed for the worker, by the words list they were packed from (null: they cannot be,
 * see packForWorker). A model's words are one list for its life (WordVectors.words), so the checks
 * of a model pack them once, not once per check; the list is read as immutable, like the vectors.
 */
const packedByList = new WeakMap<readonly unknown[], PackedExplorerWords | null>();

/**
 * A trained model's words as one block, packed a slice per event-loop turn: cloning a million
 * strings as the worker starts would hold the caller's thread about 60 ms. Undefined (the words
 * go as they are, and the worker names any problem) unless every word is a string without a line
 * break (the block's separator). Packed once per list (packedByList), into shared memory: the
 * workers only read it, so it is posted, not transferred away.
 */
async function packForWorker(words: unknown, signal: AbortSignal | undefined, busy: CallerBusy): Promise<PackedExplorerWords | undefined> {
  if (!Array.isArray(words)) return undefined;
  const known = packedByList.get(words);
  if (known !== undefined && (known === null || known.count === words.length)) return known ?? undefined;
  const packed = await packAll(words, signal, busy);
  packedByList.set(words, packed ?? null);
  return packed;
}

async function packAll(words: unknown[], signal: AbortSignal | undefined, busy: CallerBusy): Promise<PackedExplorerWords | undefined> {
  const slices = countedPauses(signal, busy);
  for (let i = 0; i < words.length; i += COPY_SLICE / 8) {
    const end = Math.min(words.length, i + COPY_SLICE / 8);
    const plain = words.slice(i, end).every((w) => typeof w === 'string' && !w.includes('\n'));
    if (!plain) {
      slices.done();
      return undefined;
    }
    await slices.pause();
  }
  const block = await packWords(words as string[], slices.pause);
  const shared = sharedBytes(block);
  slices.done();
  return { block: shared, count: words.length };
}

/**
 * The request with private copies of the model's arrays, to be moved (transferred, not cloned)
 * into the worker: cloning a big model in postMessage would hold the caller's thread for one long
 * stretch (~100 ms for 71k x 100 on a loaded machine); this copy yields between slices. The words
 * go apart, as one shared block (`words`; the request's list is then empty).
 */
async function copyForWorker(request: ExplorerRequest, signal: AbortSignal | undefined, busy: CallerBusy): Promise<{ copy: ExplorerRequest; transfer: ArrayBuffer[]; words?: PackedExplorerWords }> {
  const p = request.parameters;
  if (p?.kind !== 'trained') return { copy: request, transfer: [] };
  // Anything but typed arrays is passed as it is: the worker validates and names the problem.
  const own = async (a: unknown): Promise<unknown> => (isFloatArray(a) ? copyInSlices(a, signal, busy) : a);
  const params = { ...p, inputVectors: await own(p.inputVectors), outputVectors: await own(p.outputVectors) } as typeof p;
  if (params.outputVectors === undefined) delete params.outputVectors;
  const words = await packForWorker(p.words, signal, busy);
  if (words) params.words = [];
  const transfer = [params.inputVectors, params.outputVectors].filter(isFloatArray).map((a) => a.buffer as ArrayBuffer);
  return { copy: { ...request, parameters: params }, transfer, ...(words ? { words } : {}) };
}

/**
 * Runs the check in a worker thread and resolves with its result. The model's arrays are copied
 * (a slice per event-loop turn) and moved into the worker, so the caller's arrays are never
 * shared, never written. Aborting `signal` terminates the worker and rejects with
 * CancelledError once the thread has stopped. A bad request rejects with UserInputError.
 */
export async function runExplorerCheck(request: ExplorerRequest, options: { signal?: AbortSignal } = {}): Promise<ExplorerResult> {
  const { signal } = options;
  if (signal?.aborted) throw cancelled();
  const calledAt = wallClock();
  const busy: CallerBusy = { total: 0, longest: 0 };
  const { copy, transfer, words } = await copyForWorker(request, signal, busy);
  if (signal?.aborted) throw cancelled();
  // Starting the worker clones the request on this thread: count it as the caller's time.
  const run = busyFor(busy, () => runWorker<{ request: ExplorerRequest; words?: PackedExplorerWords }, never, ExplorerWorkerResult>(
    'explorer.worker', { request: copy, ...(words ? { words } : {}) }, { transfer, signal, what: WHAT }));
  const { result, startedAt } = await run.catch((e: unknown) => {
    // A request that cannot be cloned (a function, a class instance) fails as the worker starts.
    throw e instanceof Error && e.name === 'DataCloneError' ? new UserInputError(`The gradient check's request cannot be sent to its worker: ${e.message}`) : e;
  });
  result.timing.workerStartMs = startedAt - calledAt;
  result.timing.totalMs = wallClock() - calledAt;
  result.timing.callerMs = busy.total;
  result.timing.callerLongestMs = busy.longest;
  return result;
}
