/**
 * The gradient explorer's check, as the dashboard shows it: runs the math core's window check
 * (skip-gram / CBOW, naive softmax / negative sampling) or the network check of seed 001 §2.3 at
 * the parameters the extension gives (a trained model and a real window of the corpus) or at
 * seeded random parameters, and turns the result into the protocol's serialisable ExplorerResult.
 * Also the Markdown and JSON exports. Pure (no vscode): runs in the explorer's worker and in tests.
 */
import { checkNetwork } from '../core/gradcheck/network';
import { checkWindow } from '../core/gradcheck/window';
import type { WindowCheckGroup } from '../core/gradcheck/types';
import { BROKEN_GRADIENTS } from '../core/gradcheck/broken';
import { Rng, randn } from '../core/math/random';
import { negativeTable } from '../core/vocab/negativeTable';
import { check } from '../core/errors';
import type { ExplorerGroup, ExplorerRequest, ExplorerResult } from '../protocol';

export { explorerJson, explorerMarkdown } from './explorerReport';

export const DEFAULT_EXPLORER_REQUEST: ExplorerRequest = { target: 'skipgram', loss: 'neg', negatives: 10, broken: '' };

/** The network of seed 001 §2.3: dimensions [Dx, H, Dy] and 20 data rows. */
export const NETWORK_DIMS: [number, number, number] = [10, 5, 10];
export const NETWORK_ROWS = 20;

/** Naive softmax over a large vocabulary checks the window's rows plus a seeded sample, this many rows in all. */
export const MAX_SOFTMAX_ROWS = 100;

/** Seeded random parameters when there is no model: a small vocabulary, the heatmap stays readable. */
export const RANDOM_VOCAB = 20;
export const RANDOM_DIM = 10;

/** What the extension gives the explorer to check at: the current model and one real window. */
export interface ExplorerParameters {
  /** For display: "the vectors of run 2 (text8-head.txt)". */
  label: string;
  words: string[];
  dim: number;
  /** words.length x dim, row-major (V): never modified. */
  centerVectors: Float32Array | Float64Array;
  /** words.length x dim, row-major (U): never modified. */
  outsideVectors: Float32Array | Float64Array;
  /** Word counts, for the unigram^0.75 negative table (uniform when absent). */
  counts?: number[];
  window: { centerIdx: number; contextIdxs: number[] };
}

/** Runs the check the user asked for. Throws UserInputError for a request that cannot run. */
export function runExplorerCheck(req: ExplorerRequest, params: ExplorerParameters | undefined, seed = 1): ExplorerResult {
  const started = performance.now();
  if (req.broken) {
    const b = BROKEN_GRADIENTS.find((x) => x.id === req.broken);
    const target = req.target === 'network' ? 'network' : req.loss;
    check(!!b?.wrong[target], () => `The broken gradient "${req.broken}" does not apply to ${req.target === 'network' ? 'the network' : `loss '${req.loss}'`}.`);
  }
  if (req.target === 'network') {
    const r = checkNetwork({ dims: NETWORK_DIMS, seed, rows: NETWORK_ROWS, broken: req.broken || undefined });
    return {
      request: { ...req },
      parameters: `seeded random data and parameters (seed ${seed})`,
      network: { dims: [...NETWORK_DIMS], rows: NETWORK_ROWS },
      dim: NETWORK_DIMS[1],
      vocabSize: 0,
      loss: r.loss,
      groups: r.groups.map((g) => group(g.name, g.shape, Array.from({ length: g.shape[0] }, (_, i) => (g.shape[0] === 1 ? g.name : `row ${i}`)), g)),
      seconds: (performance.now() - started) / 1000,
    };
  }
  const p = params ?? randomParameters(seed);
  const vocabSize = p.words.length;
  const r = checkWindow({
    model: req.target,
    loss: req.loss,
    dim: p.dim,
    vocabSize,
    centerVectors: p.centerVectors,
    outsideVectors: p.outsideVectors,
    centerIdx: p.window.centerIdx,
    contextIdxs: p.window.contextIdxs,
    negatives: req.loss === 'neg' ? req.negatives : undefined,
    negativeTable: req.loss === 'neg' && p.counts ? negativeTable(p.counts) : undefined,
    seed,
    maxOutsideRows: req.loss === 'softmax' && vocabSize > MAX_SOFTMAX_ROWS ? MAX_SOFTMAX_ROWS : undefined,
    broken: req.broken || undefined,
  });
  const word = (i: number) => p.words[i] ?? `row ${i}`;
  const result: ExplorerResult = {
    request: { ...req },
    parameters: p.label,
    window: { center: word(p.window.centerIdx), context: p.window.contextIdxs.map(word) },
    dim: p.dim,
    vocabSize,
    loss: r.loss,
    groups: r.groups.map((g: WindowCheckGroup) => group(g.name, [g.rows.length, p.dim], g.rows.map(word), g)),
    seconds: (performance.now() - started) / 1000,
  };
  if (r.negatives) result.negatives = r.negatives.map((ks) => ks.map(word));
  if (r.inputScale !== undefined && r.inputScale !== 1) result.inputScale = r.inputScale;
  return result;
}

function group(
  name: string, shape: [number, number], rowLabels: string[],
  g: { count: number; totalInGroup: number; maxRelError: number; relErrors: Float64Array; analytic: Float64Array; numeric: Float64Array; worstIndex: number },
): ExplorerGroup {
  return {
    name, shape: [shape[0], shape[1]], rowLabels, count: g.count, totalInGroup: g.totalInGroup, maxRelError: g.maxRelError,
    relErrors: Array.from(g.relErrors), analytic: Array.from(g.analytic), numeric: Array.from(g.numeric), worstIndex: g.worstIndex,
  };
}

/**
 * A real window of the open corpus at seeded random parameters (when no model with outside
 * vectors exists): the vocabulary is the window's distinct words plus filler rows up to RANDOM_VOCAB,
 * so negatives and softmax have other words to draw.
 */
export function randomParametersForWindow(center: string, context: string[], seed: number, source = 'the open document'): ExplorerParameters {
  check(context.length > 0, 'The window has no context words; put the cursor in a line with at least two words.');
  const words: string[] = [];
  const index = (w: string) => {
    let i = words.indexOf(w);
    if (i < 0) i = words.push(w) - 1;
    return i;
  };
  const centerIdx = index(center);
  const contextIdxs = context.map(index);
  for (let i = 0; words.length < RANDOM_VOCAB; i++) if (!words.includes(`row ${i}`)) words.push(`row ${i}`);
  const p = randomParameters(seed, words.length);
  return { ...p, label: `seeded random parameters (seed ${seed}) on a window of ${source}`, words, window: { centerIdx, contextIdxs } };
}

/** Seeded random V and U (small, like the seeds' dummy vectors) and the window: center row 0, context rows 1-4. */
export function randomParameters(seed: number, vocab = RANDOM_VOCAB): ExplorerParameters {
  const rng = new Rng(seed);
  const V = randn(vocab, RANDOM_DIM, rng, 0.5).data;
  const U = randn(vocab, RANDOM_DIM, rng, 0.5).data;
  return {
    label: `seeded random parameters (seed ${seed}; no trained center and outside vectors were given)`,
    words: Array.from({ length: vocab }, (_, i) => `row ${i}`),
    dim: RANDOM_DIM,
    centerVectors: V,
    outsideVectors: U,
    window: { centerIdx: 0, contextIdxs: [1, 2, 3, 4] },
  };
}
