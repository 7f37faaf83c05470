/**
 * One window through the training kernel's own update code, outside training: the kernel's
 * checking build (float64, the exact sigmoid and log, updates deferred) for the gradient check,
 * or the training build itself (float32, the sigmoid table, updates in place) to compare the two.
 *
 * The window's rows are copied into a private memory of their own (a compact local vocabulary:
 * the window's words and its negatives, or every word for the naive softmax, which reads them all),
 * so the model's matrices are never written. The kernel runs the window's update there and reports
 * its loss; the update of every touched row is read back as Δ = (before − after) / learning rate,
 * which is the kernel's analytic gradient of the window's loss.
 *
 * Rows touched twice in one window (the center's output row in every skip-gram pair, a negative
 * drawn twice): the checking build defers every update into zeroed shadow matrices (the kernel's
 * `dst`), so every dot product of the window reads the weights as they were before it, and the
 * shadow sums each row's steps. Δ is then exactly the gradient of the window's loss at those
 * weights, whatever the learning rate. The training build updates in place, as training does: a
 * row's second use sees its first step, a difference of order lr² that the comparison test bounds.
 */
import checkBytes from '../../../build/kernel-check.wasm';
import { UserInputError } from '../errors';
import type { HuffmanTree } from './huffman';
import { kernelModule, LOSS_CODES, type KernelExports } from './kernel';
import { EXP_TABLE_SIZE, fillTables, RESERVED, WASM_PAGE } from './layout';
import type { CbowUpdate, ModelKind, TrainLoss } from './types';

/** Which build of the kernel runs the window: the checking build, the training build, or a mutation-test build's bytes. */
export type KernelBuild = 'checking' | 'training' | { name: string; bytes: Uint8Array<ArrayBuffer> };

const modules = new Map<string, WebAssembly.Module>();

function moduleFor(build: KernelBuild): WebAssembly.Module {
  if (build === 'training') return kernelModule();
  const key = build === 'checking' ? 'checking' : build.name;
  let m = modules.get(key);
  if (!m) {
    m = new WebAssembly.Module(build === 'checking' ? checkBytes : build.bytes);
    modules.set(key, m);
  }
  return m;
}

/** A model as the kernel window sees it: V and U, `vocab` rows of `rowStride` floats (the first `dim` used). */
export interface KernelModel {
  model: ModelKind;
  loss: TrainLoss;
  cbowUpdate: CbowUpdate;
  /** Hierarchical softmax: the run's Huffman tree (U's rows are its inner nodes). */
  tree?: HuffmanTree;
  dim: number;
  vocab: number;
  /** Floats per row in V and U: dim, or the training memory's padded stride. */
  rowStride: number;
  /** The input (center) vectors V. */
  V: Float32Array | Float64Array;
  /** The output (outside) vectors U. */
  U: Float32Array | Float64Array;
}

/** A window as the kernel trains it. */
export interface KernelWindowInput {
  center: number;
  /** The context words, in order (the first half before the center, the rest after it). */
  context: number[];
  /**
   * Negative sampling: the K negatives of each (input, target) pair, in the kernel's order:
   * skip-gram one list per context word (the pair context → center), CBOW one list. A negative
   * equal to the pair's target is skipped by the kernel, as word2vec.c does.
   */
  negatives?: number[][];
  /** The learning rate of the step (Δ is divided by it again). */
  alpha: number;
  /**
   * Naive softmax: the words the softmax runs over (the window's words must be among them); every
   * vocabulary word when absent. A sample keeps a check of a large vocabulary quick: it checks the
   * same code at the same rows, with a smaller normaliser.
   */
  softmaxRows?: number[];
}

/** The rows the window touches and the kernel's update of each, as the analytic gradient. */
export interface KernelWindowUpdate {
  /** The window's loss as the kernel computes it. */
  loss: number;
  /** Vocabulary rows of V the update may move (the input rows: the context words), in order. */
  inputRows: number[];
  /** Rows of U the update may move (neg: the center and the negatives; softmax: every row; hs: the inner nodes on the center's path). */
  outputRows: number[];
  /** inputRows.length x dim: (before − after) / alpha for each input row. */
  inputGrad: Float64Array;
  /** outputRows.length x dim, the same for the output rows. */
  outputGrad: Float64Array;
}

interface Prepared {
  k: KernelExports;
  mem: WebAssembly.Memory;
  bytes: number;
  stride: number;
  /** Byte offsets of the local matrices and their shadows (checking build). */
  syn0: number;
  syn1: number;
  defer: number;
  negatives: number;
  sen: number;
  n: number;
  centerPos: number;
  /** The window as the kernel's sentence (vocabulary ids). */
  words: number[];
  /** The trace region (checking builds) and the most terms it holds. */
  trace: number;
  maxTerms: number;
  /** Local row of U -> vocabulary row (or inner node). */
  rowsU: number[];
  /** Local rows: R, at least as many as either matrix holds. */
  R: number;
  /** Vocabulary row (U: inner node, for hs) -> local row, per matrix. */
  localV: Map<number, number>;
  localU: Map<number, number>;
}

const align = (n: number): number => Math.ceil(n / 64) * 64;
/** Bytes per recorded term of the kernel's trace (its TRACE_BYTES). */
const TRACE_BYTES = 48;

function distinct(xs: number[]): number[] {
  return [...new Set(xs)];
}

function validate(m: KernelModel, w: KernelWindowInput): void {
  const bad = (msg: string): never => { throw new UserInputError(msg); };
  if (m.model !== 'skipgram' && m.model !== 'cbow') bad(`model must be 'skipgram' or 'cbow', got ${JSON.stringify(m.model)}.`);
  if (m.loss !== 'neg' && m.loss !== 'softmax' && m.loss !== 'hs') bad(`loss must be 'neg', 'softmax' or 'hs', got ${JSON.stringify(m.loss)}.`);
  if (m.loss === 'hs' && !(m.tree && m.tree.offsets.length === m.vocab + 1)) bad(`The hierarchical softmax needs the Huffman tree of the ${m.vocab} words.`);
  if (!(m.rowStride >= m.dim && m.V.length >= m.vocab * m.rowStride && m.U.length >= m.vocab * m.rowStride)) {
    bad(`The model's matrices hold ${m.V.length} and ${m.U.length} values; ${m.vocab} rows of ${m.rowStride} need ${m.vocab * m.rowStride}.`);
  }
  if (w.context.length === 0) bad('The window has no context words; pick another window.');
  for (const id of [w.center, ...w.context, ...(w.negatives ?? []).flat()]) {
    if (!Number.isInteger(id) || id < 0 || id >= m.vocab) bad(`Word id ${id} is outside the vocabulary (0 to ${m.vocab - 1}).`);
  }
  if (m.loss === 'neg') {
    const pairs = m.model === 'skipgram' ? w.context.length : 1;
    const K = w.negatives?.[0]?.length ?? 0;
    if (!w.negatives || w.negatives.length !== pairs || K < 1 || w.negatives.some((l) => l.length !== K)) {
      bad(`Negative sampling needs ${pairs} list(s) of K >= 1 negatives, one per (input, target) pair.`);
    }
  }
  if (!(w.alpha > 0 && Number.isFinite(w.alpha))) bad(`The learning rate must be a positive number, got ${w.alpha}.`);
}

function prepare(m: KernelModel, w: KernelWindowInput, build: KernelBuild): Prepared {
  validate(m, w);
  const module = moduleFor(build);
  // The window as the kernel's sentence: the first half of the context, the center, the rest.
  const half = Math.ceil(w.context.length / 2);
  const words = [...w.context.slice(0, half), w.center, ...w.context.slice(half)];
  const negs = (w.negatives ?? []).flat();
  const K = w.negatives?.[0]?.length ?? 0;
  // The local rows of each matrix: the window's words and negatives (one id space for V and U), the
  // softmax's words, or for the hierarchical softmax the window's words (V) and the inner nodes on
  // the center's path (U; the center is every pair's target).
  const path = m.loss === 'hs' ? centerPath(m, w.center) : undefined;
  const rowsV = m.loss === 'softmax' ? softmaxRows(m, w) : path ? distinct(words) : distinct([...words, ...negs]);
  const rowsU = path ? path.points : rowsV;
  const localV = new Map(rowsV.map((r, i) => [r, i]));
  const localU = new Map(rowsU.map((r, i) => [r, i]));
  const R = Math.max(rowsV.length, rowsU.length);
  const stride = Math.ceil(m.dim / 4) * 4;

  // A probe instance tells the build's float width (the layout depends on it).
  const probeMem = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const bytes = (new WebAssembly.Instance(module, { env: { memory: probeMem, abort: () => undefined } }).exports as unknown as KernelExports).realBytes();
  const matrix = R * stride * bytes;
  let at = RESERVED;
  const take = (n: number): number => { const s = at; at = align(at + n); return s; };
  const cancel = take(64);
  const sigTable = take(EXP_TABLE_SIZE * 4);
  const lossPosTable = take(EXP_TABLE_SIZE * 4);
  const lossNegTable = take(EXP_TABLE_SIZE * 4);
  const syn0 = take(matrix);
  const syn1 = take(matrix);
  const defer = at - syn0; // the shadows follow: syn0 + defer, syn1 + defer
  take(matrix);
  take(matrix);
  const sen = take(words.length * 4);
  const neu1 = take(stride * bytes);
  const neu1e = take(stride * bytes);
  const scores = take(R * bytes);
  const negScratch = take((K + 1) * (4 + bytes));
  const negatives = take(Math.max(1, negs.length) * 4);
  const L = path?.points.length ?? 0;
  const pairs = m.model === 'skipgram' ? w.context.length : 1;
  const maxTerms = pairs * (m.loss === 'softmax' ? R : m.loss === 'hs' ? L : K + 1);
  const trace = take(maxTerms * TRACE_BYTES);
  const treeOffsets = take((R + 1) * 4);
  const treePoints = take(Math.max(1, L) * 4);
  const treeCodes = take(Math.max(1, L) * 4);
  const pages = Math.ceil(at / WASM_PAGE);
  const mem = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const buf = mem.buffer as unknown as SharedArrayBuffer;
  fillTables(buf, { sigTable, lossPosTable, lossNegTable });
  const k = new WebAssembly.Instance(module, {
    env: { memory: mem, abort: () => { throw new Error('word2vec kernel aborted'); } },
  }).exports as unknown as KernelExports;
  k.configure(m.model === 'cbow' ? 1 : 0, LOSS_CODES[m.loss], R, stride, words.length, K,
    syn0, syn1, sigTable, lossPosTable, lossNegTable, 0, 0, sen, neu1, neu1e, scores, negScratch, cancel, 1, 0,
    m.cbowUpdate === 'word2vec' ? 1 : 0);
  k.configureDefer(defer);
  k.configureTree(treeOffsets, treePoints, treeCodes);
  if (path) {
    // Only the center's path is read: every other local word's path is empty.
    const c = localV.get(w.center)!;
    new Int32Array(buf, treeOffsets, R + 1).set(Array.from({ length: R + 1 }, (_, i) => (i <= c ? 0 : L)));
    new Int32Array(buf, treePoints, L).set(path.points.map((x) => localU.get(x)!));
    new Int32Array(buf, treeCodes, L).set(path.codes);
  }
  const V = bytes === 8 ? new Float64Array(buf, syn0, R * stride) : new Float32Array(buf, syn0, R * stride);
  const U = bytes === 8 ? new Float64Array(buf, syn1, R * stride) : new Float32Array(buf, syn1, R * stride);
  const copy = (to: Float32Array | Float64Array, from: Float32Array | Float64Array, rows: number[]): void => rows.forEach((r, i) => {
    for (let c = 0; c < m.dim; c++) to[i * stride + c] = from[r * m.rowStride + c];
  });
  copy(V, m.V, rowsV);
  copy(U, m.U, rowsU);
  new Int32Array(buf, sen, words.length).set(words.map((x) => localV.get(x)!));
  new Int32Array(buf, negatives, negs.length).set(negs.map((x) => localV.get(x)!));
  return { k, mem, bytes, stride, syn0, syn1, defer, negatives, sen, n: words.length, centerPos: half, words, R, localV, localU, trace, maxTerms, rowsU };
}

/** The inner nodes and codes on word w's path from the root of the Huffman tree. */
function centerPath(m: KernelModel, w: number): { points: number[]; codes: number[] } {
  const t = m.tree!;
  const a = t.offsets[w], b = t.offsets[w + 1];
  const points = Array.from(t.points.subarray(a, b));
  for (const p of points) if (!(p >= 0 && p < m.vocab - 1)) throw new UserInputError(`The Huffman tree's inner node ${p} is outside 0 to ${m.vocab - 2}.`);
  return { points, codes: Array.from(t.codes.subarray(a, b)) };
}

function softmaxRows(m: KernelModel, w: KernelWindowInput): number[] {
  if (!w.softmaxRows) return Array.from({ length: m.vocab }, (_, i) => i);
  const rows = distinct([w.center, ...w.context, ...w.softmaxRows]);
  for (const r of rows) if (!Number.isInteger(r) || r < 0 || r >= m.vocab) throw new UserInputError(`Softmax row ${r} is outside the vocabulary (0 to ${m.vocab - 1}).`);
  return rows;
}

/** The rows of V and U the window's update may move (global ids). */
function touchedRows(m: KernelModel, w: KernelWindowInput): { input: number[]; output: number[] } {
  const input = distinct(w.context);
  if (m.loss === 'softmax') return { input, output: softmaxRows(m, w) };
  if (m.loss === 'hs') return { input, output: centerPath(m, w.center).points };
  const output = m.model === 'skipgram'
    ? distinct([w.center, ...w.context.flatMap((_, p) => w.negatives![p])])
    : distinct([w.center, ...w.negatives![0]]);
  return { input, output };
}

/** A float array view of the build's memory (float32 or float64 by the build). */
function view(p: Prepared, offset: number, length: number): Float32Array | Float64Array {
  const buf = p.mem.buffer as unknown as SharedArrayBuffer;
  return p.bytes === 8 ? new Float64Array(buf, offset, length) : new Float32Array(buf, offset, length);
}

/**
 * Runs one window's update through a build of the kernel and returns its loss and Δ = (before −
 * after) / alpha for every row it may move. The model's matrices are never written.
 */
export function kernelWindowUpdate(m: KernelModel, w: KernelWindowInput, build: KernelBuild = 'checking'): KernelWindowUpdate {
  return runUpdate(prepare(m, w, build), m, w);
}

/**
 * The update and the loss of one window from ONE copy of its rows (a checking build leaves the
 * weights as they were). The live check needs that: the training workers keep moving the model's
 * rows, so two copies taken a moment apart would be two different points.
 */
export function kernelWindowCheck(m: KernelModel, w: KernelWindowInput, build: Exclude<KernelBuild, 'training'> = 'checking'): { update: KernelWindowUpdate; loss: KernelLoss } {
  const p = prepare(m, w, build);
  return { update: runUpdate(p, m, w), loss: lossOf(p, m, w) };
}

function runUpdate(p: Prepared, m: KernelModel, w: KernelWindowInput): KernelWindowUpdate {
  const R = p.R;
  const before0 = Float64Array.from(view(p, p.syn0, R * p.stride));
  const before1 = Float64Array.from(view(p, p.syn1, R * p.stride));
  const loss = p.k.windowUpdate(p.n, p.centerPos, w.alpha, p.negatives);
  if (Number.isNaN(loss)) throw new UserInputError('The kernel stopped on this window: a dot product is not finite (the model has diverged). Retrain with a lower learning rate.');
  // Checking build: after = before + the deferred steps in the shadows; training build: in place.
  const deferred = p.k.realBytes() === 8;
  const after0 = view(p, deferred ? p.syn0 + p.defer : p.syn0, R * p.stride);
  const after1 = view(p, deferred ? p.syn1 + p.defer : p.syn1, R * p.stride);
  const { input, output } = touchedRows(m, w);
  const grad = (rows: number[], local: Map<number, number>, before: Float64Array, after: Float32Array | Float64Array): Float64Array => {
    const out = new Float64Array(rows.length * m.dim);
    rows.forEach((r, i) => {
      const l = local.get(r)!;
      for (let c = 0; c < m.dim; c++) {
        // (before − after) / α, with after = before + the deferred step in a checking build.
        out[i * m.dim + c] = deferred ? -after[l * p.stride + c] / w.alpha : (before[l * p.stride + c] - after[l * p.stride + c]) / w.alpha;
      }
    });
    return out;
  };
  return { loss, inputRows: input, outputRows: output, inputGrad: grad(input, p.localV, before0, after0), outputGrad: grad(output, p.localU, before1, after1) };
}

/** The kernel's loss of one window as a function of single weights, for central differences. */
export interface KernelLoss {
  /**
   * The loss, with weight (matrix, vocabulary row, column) set to `value` (then restored), of the
   * window's pairs that read that weight: the other pairs' terms are the same at θ + h and θ − h,
   * so they cancel in a central difference (skip-gram: a context row is read by its own pair only).
   */
  lossWith(matrix: 'V' | 'U', row: number, column: number, value: number): number;
  /** The weight's current value. */
  weight(matrix: 'V' | 'U', row: number, column: number): number;
}

/** The checking build's loss of one window, evaluable at perturbed weights (numeric gradients). */
export function kernelWindowLoss(m: KernelModel, w: KernelWindowInput, build: KernelBuild = 'checking'): KernelLoss {
  return lossOf(prepare(m, w, build), m, w);
}

function lossOf(p: Prepared, m: KernelModel, w: KernelWindowInput): KernelLoss {
  const R = p.R;
  const V = view(p, p.syn0, R * p.stride);
  const U = view(p, p.syn1, R * p.stride);
  const at = (matrix: 'V' | 'U', row: number, column: number): number => {
    const l = (matrix === 'V' ? p.localV : p.localU).get(row);
    if (l === undefined || column < 0 || column >= m.dim) throw new UserInputError(`Row ${row}, column ${column} is not read by this window.`);
    return l * p.stride + column;
  };
  // Skip-gram's pairs (context word j → center) are separate terms of the window's loss: the kernel
  // runs just the pairs that read a weight, as a shorter window (those context words, then the center).
  const buf = p.mem.buffer as unknown as SharedArrayBuffer;
  const sen = new Int32Array(buf, p.sen, p.n);
  const negs = new Int32Array(buf, p.negatives, (w.negatives ?? []).flat().length);
  const readers = (matrix: 'V' | 'U', row: number): number[] | undefined => {
    if (m.model !== 'skipgram') return undefined;
    const all = w.context.map((_, j) => j);
    if (matrix === 'V') return all.filter((j) => w.context[j] === row);
    if (m.loss !== 'neg' || row === w.center) return undefined;
    return all.filter((j) => w.negatives![j].includes(row));
  };
  const local = (ids: number[]): Int32Array => Int32Array.from(ids, (x) => p.localV.get(x)!);
  const fullSen = local(p.words);
  const fullNegs = local((w.negatives ?? []).flat());
  const center = p.localV.get(w.center)!;
  let whole = true; // sen and negs hold the whole window
  const runPairs = (pairs: number[] | undefined): number => {
    if (!pairs) {
      if (!whole) { sen.set(fullSen); negs.set(fullNegs); whole = true; }
      return p.k.windowUpdate(p.n, p.centerPos, w.alpha, p.negatives);
    }
    whole = false;
    pairs.forEach((j, i) => { sen[i] = fullSen[j < p.centerPos ? j : j + 1]; });
    sen[pairs.length] = center;
    if (w.negatives) {
      const K = w.negatives[0].length;
      pairs.forEach((j, i) => negs.set(fullNegs.subarray(j * K, (j + 1) * K), i * K));
    }
    return p.k.windowUpdate(pairs.length + 1, pairs.length, w.alpha, p.negatives);
  };
  return {
    weight: (matrix, row, column) => (matrix === 'V' ? V : U)[at(matrix, row, column)],
    lossWith: (matrix, row, column, value) => {
      const a = matrix === 'V' ? V : U;
      const i = at(matrix, row, column);
      const old = a[i];
      a[i] = value;
      const loss = runPairs(readers(matrix, row));
      a[i] = old;
      return loss;
    },
  };
}

/** One term of a window's loss as the kernel computed it (a logistic term, or one word of the naive softmax). */
export interface KernelTerm {
  /** The (input → target) pair: skip-gram the context word's index in the window, CBOW 0. */
  pair: number;
  /** The output row: a word (neg, softmax) or an inner node (hs). */
  row: number;
  /** The score u_rowᵀx (NaN for the naive softmax, which records the probability only). */
  score: number;
  /** σ(score), or the softmax's ŷ_row. */
  probability: number;
  /** 1 for the target (hs: 1 − code), 0 for a negative or another word. */
  label: number;
  /** label − probability: the step of the output row is α·error·x, of the input α·error·u_row. */
  error: number;
  /** This term's part of the loss: −log σ(±score), or −log ŷ_target. */
  loss: number;
}

/** One update of one window, step by step, with the numbers a student would compute by hand. */
export interface KernelWindowSteps extends KernelWindowUpdate {
  alpha: number;
  terms: KernelTerm[];
  /** The window's loss at the weights after this one step (the same negatives). */
  lossAfter: number;
  /** The touched rows after the step: before − α·Δ (inputRows x dim, outputRows x dim). */
  inputAfter: Float64Array;
  outputAfter: Float64Array;
}

/**
 * The kernel's checking build runs one window's update and records every term it computes (the
 * forward values and the errors), then applies the step and computes the window's loss again.
 * The model's matrices are never written.
 */
export function kernelWindowSteps(m: KernelModel, w: KernelWindowInput, build: Exclude<KernelBuild, 'training'> = 'checking'): KernelWindowSteps {
  const p = prepare(m, w, build);
  p.k.configureTrace(p.trace, p.maxTerms);
  const R = p.R;
  const update = runUpdate(p, m, w);
  const count = p.k.traced();
  const dv = new DataView(p.mem.buffer as unknown as SharedArrayBuffer);
  const terms: KernelTerm[] = [];
  for (let i = 0; i < count; i++) {
    const at = p.trace + i * TRACE_BYTES;
    terms.push({
      pair: dv.getInt32(at, true), row: p.rowsU[dv.getInt32(at + 4, true)], score: dv.getFloat64(at + 8, true),
      probability: dv.getFloat64(at + 16, true), label: Math.round(dv.getFloat64(at + 24, true)),
      error: dv.getFloat64(at + 32, true), loss: dv.getFloat64(at + 40, true),
    });
  }
  // Apply the step (after = before + the deferred increments), then the loss there.
  for (const [base] of [[p.syn0], [p.syn1]]) {
    const a = view(p, base, R * p.stride);
    const d = view(p, base + p.defer, R * p.stride);
    for (let i = 0; i < a.length; i++) { a[i] += d[i]; d[i] = 0; }
  }
  p.k.configureTrace(0, 0);
  const lossAfter = p.k.windowUpdate(p.n, p.centerPos, w.alpha, p.negatives);
  const after = (rows: number[], local: Map<number, number>, base: number): Float64Array => {
    const a = view(p, base, R * p.stride);
    const out = new Float64Array(rows.length * m.dim);
    rows.forEach((r, i) => { for (let c = 0; c < m.dim; c++) out[i * m.dim + c] = a[local.get(r)! * p.stride + c]; });
    return out;
  };
  return {
    ...update, alpha: w.alpha, terms, lossAfter,
    inputAfter: after(update.inputRows, p.localV, p.syn0), outputAfter: after(update.outputRows, p.localU, p.syn1),
  };
}
