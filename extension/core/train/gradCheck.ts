import { checkKernelWindow } from '../gradcheck/kernelCheck';
import { checkWindow } from '../gradcheck/window';
import type { AliasTable } from '../math/alias';
import { drawNegatives } from '../math/negatives';
import { Rng } from '../math/random';
import type { Vocab } from '../vocab/vocab';
import type { HuffmanTree } from './huffman';
import { unpadRows, wordAt, type EncodedIds, type MemoryLayout } from './layout';
import { kernelMistake } from './mistakes';
import { mistakenCheckingBuild } from './mistakeBuilds';
import type { GradCheckReport, GradCheckSource, TrainOptions } from './types';

export interface GradCheckInput {
  syn0: Float32Array;
  syn1: Float32Array;
  layout: MemoryLayout;
  options: TrainOptions;
  vocab: Vocab;
  negTable: AliasTable;
  /** Hierarchical softmax: the run's Huffman tree. */
  tree?: HuffmanTree;
  /** The encoded corpus (-1, or 0xffff in 16 bits, ends a sentence). */
  ids: EncodedIds;
  wordsProcessed: number;
  /** Picks the window; defaults to one derived from wordsProcessed. */
  seed?: number;
  /** The learning rate now (the kernel's step is divided by it again); default options.alpha. */
  alpha?: number;
}

/**
 * A real window of the corpus: a center word at a pseudo-random position and the words around
 * it within `window` in the same sentence. Undefined when the position has no context.
 */
export function pickWindow(ids: EncodedIds, window: number, seed: number): { center: number; context: number[] } | undefined {
  if (ids.length === 0) return undefined;
  // A few tries: a position can be a sentence end or a one-word sentence.
  let x = (seed >>> 0) || 1;
  for (let tries = 0; tries < 16; tries++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const p = x % ids.length;
    const center = wordAt(ids, p);
    if (center < 0) continue;
    const context: number[] = [];
    for (let j = p - 1; j >= 0 && j >= p - window && wordAt(ids, j) >= 0; j--) context.unshift(wordAt(ids, j));
    for (let j = p + 1; j < ids.length && j <= p + window && wordAt(ids, j) >= 0; j++) context.push(wordAt(ids, j));
    if (context.length) return { center, context };
  }
  return undefined;
}

/** Outside rows checked for the naive softmax (every row is touched; a seeded sample is checked). */
const SOFTMAX_CHECK_ROWS = 50;

/**
 * Where the training kernel and CS224n's formulas define the model differently, in the words a
 * student needs to read the two checks side by side.
 */
export function definitionNotes(o: Pick<TrainOptions, 'model' | 'cbowUpdate'> & Partial<Pick<TrainOptions, 'loss' | 'mistake'>>, contextWords: number): string[] {
  const mistake = kernelMistake(o.mistake);
  const hs = o.loss === 'hs'
    ? ['Hierarchical softmax: CS224n assignment 2 has no formulas for it, so only the training kernel is checked; its outside vectors are the inner nodes of the Huffman tree on the center word\'s path.']
    : [];
  if (mistake) hs.unshift(`Trained with a planted mistake, ${mistake.label}: ${mistake.wrong} The training kernel's check checks the kernel that trains, mistake included.`);
  if (o.model === 'skipgram') {
    return [...hs, 'Pair direction: the training kernel trains (context word → center word) pairs, as word2vec.c does, so its center-vector rows are the context words\' input vectors; CS224n\'s formulas (CS224n assignment 2, written part (f)) predict each context word from the center word.'];
  }
  const notes = [...hs, 'Sum against mean: the training kernel\'s CBOW hidden vector is the mean of the context vectors (word2vec.c, gensim\'s default); CS224n\'s formulas (CS224d problem set 1, §3.5) use their sum.'];
  if (o.cbowUpdate === 'word2vec') {
    notes.push(`word2vec's CBOW update: the kernel adds the whole hidden vector's error to each of the ${contextWords} context vectors, as word2vec.c and gensim do. The hidden vector is their mean, so that step is ${contextWords} times each context vector's gradient: the training kernel's center-vector group is off by a factor of ${contextWords}. See İrsoy, Benton & Stratos, "Corrected CBOW Performs as well as Skip-gram" (Insights from Negative Results in NLP, 2021); cbowUpdate "corrected" steps by the gradient.`);
  }
  return notes;
}

/**
 * The gradient check of one real window at the current parameters, twice: the training kernel's own
 * update (its checking build, float64) against central differences of its own loss, and CS224n's
 * formulas (the math core's checkWindow) on the same window. The workers keep training meanwhile
 * (Hogwild), so both must see parameters that hold still: the kernel check copies the rows it
 * reads once, at its start; checkWindow for negative sampling does too, so the live matrices can be
 * passed when rows are unpadded; the softmax reads every outside row repeatedly, so it gets a copy
 * (its vocabulary is at most MAX_SOFTMAX_VOCAB).
 */
export function runGradCheck(input: GradCheckInput): GradCheckReport | undefined {
  const { layout, options: o, vocab } = input;
  const seed = input.seed ?? (o.seed * 2654435761 + input.wordsProcessed) >>> 0;
  const win = pickWindow(input.ids, o.window, seed);
  if (!win) return undefined;

  // The training kernel, at the live rows (copied once), with negatives drawn from the run's table.
  const mistake = kernelMistake(o.mistake);
  const rng = new Rng(seed);
  const pairs = o.model === 'skipgram' ? win.context.length : 1;
  const negatives = o.loss === 'neg' ? Array.from({ length: pairs }, () => Array.from(drawNegatives(input.negTable, rng, win.center, o.negative))) : undefined;
  const kernel = checkKernelWindow({
    model: { model: o.model, loss: o.loss, cbowUpdate: o.cbowUpdate ?? 'corrected', dim: layout.dim, vocab: layout.vocab, rowStride: layout.stride, V: input.syn0, U: input.syn1, tree: input.tree },
    window: { center: win.center, context: win.context, negatives, alpha: input.alpha ?? o.alpha },
    seed,
    // A run trained with a planted mistake is checked with that mistake: the check checks what trains.
    build: mistake ? mistakenCheckingBuild(mistake) : 'checking',
  });
  const report = (source: GradCheckSource) => (g: { name: string; count: number; maxRelError: number; relErrors: Float64Array }) =>
    ({ name: g.name, source, count: g.count, maxRelError: g.maxRelError, relErrors: Array.from(g.relErrors) });
  const result: GradCheckReport = {
    wordsProcessed: input.wordsProcessed,
    centerWord: vocab.words[win.center],
    contextWords: win.context.map((i) => vocab.words[i]),
    groups: kernel.groups.map(report('the training kernel')),
    notes: definitionNotes(o, win.context.length),
  };
  // CS224n's formulas have no hierarchical softmax: for it the training kernel is checked alone.
  if (o.loss === 'hs') return result;

  const live = o.loss === 'neg' && layout.stride === layout.dim;
  const matrix = (m: Float32Array): Float32Array => (live ? m.subarray(0, layout.vocab * layout.dim) : unpadRows(m, layout));
  const formulas = checkWindow({
    model: o.model, loss: o.loss, dim: layout.dim, vocabSize: layout.vocab,
    centerVectors: matrix(input.syn0), outsideVectors: matrix(input.syn1),
    centerIdx: win.center, contextIdxs: win.context,
    negatives: o.loss === 'neg' ? o.negative : undefined, negativeTable: input.negTable,
    seed, maxOutsideRows: SOFTMAX_CHECK_ROWS,
  });
  result.formulaGroups = formulas.groups.map(report("CS224n's formulas"));
  return result;
}
