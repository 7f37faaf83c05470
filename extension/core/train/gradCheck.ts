import { checkWindow } from '../gradcheck/window';
import type { AliasTable } from '../math/alias';
import type { Vocab } from '../vocab/vocab';
import { unpadRows, type MemoryLayout } from './layout';
import type { GradCheckReport, TrainOptions } from './types';

export interface GradCheckInput {
  syn0: Float32Array;
  syn1: Float32Array;
  layout: MemoryLayout;
  options: TrainOptions;
  vocab: Vocab;
  negTable: AliasTable;
  /** The encoded corpus (-1 ends a sentence). */
  ids: Int32Array;
  wordsProcessed: number;
  /** Picks the window; defaults to one derived from wordsProcessed. */
  seed?: number;
}

/**
 * A real window of the corpus: a center word at a pseudo-random position and the words around
 * it within `window` in the same sentence. Undefined when the position has no context.
 */
export function pickWindow(ids: Int32Array, window: number, seed: number): { center: number; context: number[] } | undefined {
  if (ids.length === 0) return undefined;
  // A few tries: a position can be a sentence end or a one-word sentence.
  let x = (seed >>> 0) || 1;
  for (let tries = 0; tries < 16; tries++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const p = x % ids.length;
    if (ids[p] < 0) continue;
    const context: number[] = [];
    for (let j = p - 1; j >= 0 && j >= p - window && ids[j] >= 0; j--) context.unshift(ids[j]);
    for (let j = p + 1; j < ids.length && j <= p + window && ids[j] >= 0; j++) context.push(ids[j]);
    if (context.length) return { center: ids[p], context };
  }
  return undefined;
}

/** Outside rows checked for the naive softmax (every row is touched; a seeded sample is checked). */
const SOFTMAX_CHECK_ROWS = 50;

/**
 * The gradient check of one real window at the current parameters, in float64, with the math
 * core's checkWindow. The workers keep training meanwhile (Hogwild), so checkWindow must see
 * parameters that hold still: for negative sampling it copies the few rows it reads once, at its
 * start, so the live matrices can be passed when rows are unpadded; the softmax reads every
 * outside row repeatedly, so it gets a copy (its vocabulary is at most MAX_SOFTMAX_VOCAB).
 */
export function runGradCheck(input: GradCheckInput): GradCheckReport | undefined {
  const { layout, options: o, vocab } = input;
  const seed = input.seed ?? (o.seed * 2654435761 + input.wordsProcessed) >>> 0;
  const win = pickWindow(input.ids, o.window, seed);
  if (!win) return undefined;
  const live = o.loss === 'neg' && layout.stride === layout.dim;
  const matrix = (m: Float32Array): Float32Array => {
    return live ? m.subarray(0, layout.vocab * layout.dim) : unpadRows(m, layout);
  };
  const result = checkWindow({
    model: o.model, loss: o.loss, dim: layout.dim, vocabSize: layout.vocab,
    centerVectors: matrix(input.syn0), outsideVectors: matrix(input.syn1),
    centerIdx: win.center, contextIdxs: win.context,
    negatives: o.loss === 'neg' ? o.negative : undefined, negativeTable: input.negTable,
    seed, maxOutsideRows: SOFTMAX_CHECK_ROWS,
  });
  return {
    wordsProcessed: input.wordsProcessed,
    centerWord: vocab.words[win.center],
    contextWords: win.context.map((i) => vocab.words[i]),
    groups: result.groups.map((g) => ({ name: g.name, count: g.count, maxRelError: g.maxRelError, relErrors: Array.from(g.relErrors) })),
  };
}
