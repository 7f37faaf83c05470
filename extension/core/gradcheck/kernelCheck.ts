/**
 * The gradient check of the training kernel itself: the kernel's own update of one window
 * (its checking build: float64, the exact sigmoid and log, the same update code) against central
 * differences of the kernel's own loss of that window, at the same rows.
 *
 * What is checked is what trains, with the kernel's definitions: skip-gram pairs are
 * (context word → center word), as in word2vec.c, so the input rows V are the context words'; CBOW's
 * hidden vector is the mean of the context vectors; the update is word2vec.c's, with CBOW's
 * context step corrected (each context row gets 1/n of the hidden error) unless cbowUpdate is
 * 'word2vec', whose step is n times the gradient: the check then shows the context rows off by n.
 * The hierarchical softmax's output rows are the inner nodes on the center word's path: their own group.
 */
import { check } from '../errors';
import { GRADCHECK_H } from '../math/gradcheck';
import { Rng } from '../math/random';
import { kernelWindowCheck, type KernelBuild, type KernelModel, type KernelWindowInput } from '../train/kernelWindow';
import type { WindowCheckGroup, WindowCheckResult, WindowGroupName } from './types';
import { makeGroup } from './window';

export interface KernelCheckRequest {
  model: KernelModel;
  window: Omit<KernelWindowInput, 'softmaxRows'>;
  /** Seeds the sampled softmax rows. */
  seed: number;
  /** The checking build (default) or a mutation-test build. */
  build?: Exclude<KernelBuild, 'training'>;
  /** Naive softmax over a larger vocabulary: the softmax runs over the window's words and a seeded sample, this many words in all (default 50). */
  maxSoftmaxRows?: number;
  /** Naive softmax: output rows checked (the window's first, then sampled ones; default 12). */
  maxCheckedOutputRows?: number;
}

export interface KernelCheckResult extends WindowCheckResult {
  /** Naive softmax: the words its normaliser ran over (the vocabulary, or a sample of it). */
  softmaxWords?: number;
  /** Naive softmax over a sample: the sampled words (the window's first). */
  softmaxRows?: number[];
}

export const DEFAULT_KERNEL_SOFTMAX_ROWS = 50;
export const DEFAULT_KERNEL_CHECKED_OUTPUT_ROWS = 12;

/** `count` distinct seeded picks from `pool` (all of it when it is smaller), in pool order. */
function sample(pool: number[], count: number, rng: Rng): number[] {
  if (pool.length <= count) return pool.slice();
  const a = pool.slice();
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  const picked = new Set(a.slice(0, count));
  return pool.filter((x) => picked.has(x));
}

export function checkKernelWindow(req: KernelCheckRequest): KernelCheckResult {
  const m = req.model;
  const d = m.dim;
  check(Number.isFinite(req.seed), `seed must be a finite number, got ${req.seed}.`);
  const rng = new Rng(req.seed);
  const window: KernelWindowInput = { ...req.window };
  let checkedOutput: number[] | undefined;
  if (m.loss === 'softmax') {
    const maxRows = req.maxSoftmaxRows ?? DEFAULT_KERNEL_SOFTMAX_ROWS;
    const own = [...new Set([window.center, ...window.context])];
    if (m.vocab > maxRows) {
      const others = Array.from({ length: m.vocab }, (_, i) => i).filter((i) => !own.includes(i));
      window.softmaxRows = [...own, ...sample(others, Math.max(0, maxRows - own.length), rng)];
    }
    const rows = window.softmaxRows ?? Array.from({ length: m.vocab }, (_, i) => i);
    const maxChecked = req.maxCheckedOutputRows ?? DEFAULT_KERNEL_CHECKED_OUTPUT_ROWS;
    const rest = rows.filter((r) => !own.includes(r));
    checkedOutput = [...own.filter((r) => rows.includes(r)), ...sample(rest, Math.max(0, maxChecked - own.length), rng)];
  }
  const build = req.build ?? 'checking';
  // One copy of the rows for the analytic and the numeric side (the live model keeps training).
  const { update, loss } = kernelWindowCheck(m, window, build);
  const numeric = (matrix: 'V' | 'U', row: number, c: number): number => {
    const w0 = loss.weight(matrix, row, c);
    return (loss.lossWith(matrix, row, c, w0 + GRADCHECK_H) - loss.lossWith(matrix, row, c, w0 - GRADCHECK_H)) / (2 * GRADCHECK_H);
  };
  const group = (name: WindowGroupName, matrix: 'V' | 'U', all: number[], grad: Float64Array, rows: number[]): WindowCheckGroup => {
    const analytic = new Float64Array(rows.length * d);
    const num = new Float64Array(rows.length * d);
    rows.forEach((r, i) => {
      const at = all.indexOf(r);
      for (let c = 0; c < d; c++) {
        analytic[i * d + c] = grad[at * d + c];
        num[i * d + c] = numeric(matrix, r, c);
      }
    });
    return makeGroup(name, rows, d, all.length * d, analytic, num);
  };
  const result: KernelCheckResult = {
    loss: update.loss,
    groups: [
      group('center vectors', 'V', update.inputRows, update.inputGrad, update.inputRows),
      group(m.loss === 'hs' ? 'inner nodes' : 'outside vectors', 'U', update.outputRows, update.outputGrad, checkedOutput ?? update.outputRows),
    ],
    negatives: window.negatives?.map((l) => l.slice()),
  };
  if (m.loss === 'softmax') {
    result.softmaxWords = update.outputRows.length;
    if (window.softmaxRows) result.softmaxRows = window.softmaxRows;
  }
  return result;
}
