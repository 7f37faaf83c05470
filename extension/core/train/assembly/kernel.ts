// The word2vec training kernel in AssemblyScript, compiled to WebAssembly.
//
// One source, several builds (scripts/build-wasm.mjs passes the switches with asc's --use):
//   real      f32 for training (f32x4 SIMD), f64 for the checking build.
//   EXACT     0: word2vec.c's sigmoid table and table-read losses; 1: the exact sigmoid and log.
//   CHECK     0: updates go straight into the weights; 1: they are deferred into shadow matrices
//             (see `dst` below), so one window's update is the gradient of that window's loss.
//   MUTATION  0: the correct update; otherwise one planted mistake (see the MUTATION_* constants),
//             used by the mutation tests to show that the kernel's gradient check catches it.
// The update code below is the same in every build: only these constants differ.
//
// Every training worker instantiates the training build over the same shared WebAssembly.Memory,
// which holds the weight matrices, the lookup tables and the corpus as word ids; the workers
// update the weights without locks (Hogwild, as word2vec.c and gensim do). Module globals are per
// instance, so each worker has its own configuration, random state and loss counters.
//
// The math is word2vec.c's: skip-gram trains (context word -> center word) pairs, CBOW the mean of
// the context vectors -> center word (gensim's default cbow_mean=1); negative sampling and the
// hierarchical softmax (a Huffman tree of the counts, word2vec.c's -hs 1) use the sigmoid table
// (MAX_EXP 6, 1000 entries), and the naive softmax is the full softmax over the vocabulary. Rows
// are `stride` reals (dim rounded up to a multiple of 4; the padding stays 0) so every vector loop
// is whole f32x4 steps. The loss of every pair is computed from tables beside
// the sigmoid table, so it costs one load.

// @ts-ignore: the build defines real, EXACT, CHECK and MUTATION (asc --use)
type R = real;

// The planted mistakes (MUTATION), one per build variant of the mutation tests.
const MUTATION_MISSING_LR_OUTPUT: i32 = 1; // output rows stepped without the learning rate
const MUTATION_DROPPED_ONE_MINUS_SIGMA: i32 = 2; // the positive target's error is 1, not 1 - sigma
const MUTATION_WRONG_TARGET_ERROR: i32 = 3; // every output row stepped with the positive target's error
const MUTATION_UNSCALED_CBOW_CONTEXT: i32 = 4; // corrected CBOW adds the hidden error to each context row unscaled
const MUTATION_NEGATIVE_SIGN_FLIP: i32 = 5; // the negatives' error has the wrong sign
const MUTATION_SOFTMAX_DROPPED_LABEL: i32 = 6; // naive softmax error -p for the target too (y dropped)
const MUTATION_MISSING_LR_INPUT: i32 = 7; // input rows stepped without the learning rate

const MAX_EXP: R = 6.0;
const EXP_TABLE_SIZE: i32 = 1000;
const TABLE_SCALE: R = <R>EXP_TABLE_SIZE / MAX_EXP / 2.0;
const BYTES: usize = sizeof<R>();
const SHIFT: usize = BYTES == 4 ? 2 : 3;

let model: i32 = 0; // 0 skip-gram, 1 CBOW
let lossKind: i32 = 0; // 0 negative sampling, 1 naive softmax, 2 hierarchical softmax
let cbowUpdate: i32 = 0; // 0 corrected (each context row gets 1/n of the hidden error), 1 word2vec's (each gets all of it)
let vocab: i32 = 0;
let stride: i32 = 0; // reals per row
let rowBytes: usize = 0;
let window: i32 = 5;
let negative: i32 = 5;
let syn0: usize = 0; // input (center) vectors V, vocab x stride
let syn1: usize = 0; // output (outside) vectors U, vocab x stride
let sigTable: usize = 0; // f32 x 1000: sigmoid(x)
let lossPosTable: usize = 0; // f32 x 1000: -log sigmoid(x)
let lossNegTable: usize = 0; // f32 x 1000: -log sigmoid(-x)
let keepTable: usize = 0; // u32 per word: keep when a random u32 <= this (subsampling)
let negTable: usize = 0; // (u32 threshold, i32 alias) per word: the alias table of unigram^0.75
let sen: usize = 0; // i32 x maxSentence scratch: the current sentence after subsampling
let neu1: usize = 0; // real x stride scratch
let neu1e: usize = 0; // real x stride scratch
let scores: usize = 0; // real x vocab scratch (softmax)
let negScratch: usize = 0; // (i32 + real) x (negative + 1) scratch: the targets and their dot products
let cancelPtr: usize = 0; // i32: non-zero = stop now
// The corpus ids trainChunk reads: 1 for u16 (0xffff ends a sentence), 2 for i32 (-1 ends one).
let idShift: usize = 2;
// Hierarchical softmax: word w's path from the root of the Huffman tree is entries
// treeOffsets[w] .. treeOffsets[w + 1] of treePoints (inner node = row of syn1) and treeCodes (0 or 1).
let treeOffsets: usize = 0;
let treePoints: usize = 0;
let treeCodes: usize = 0;
// CHECK builds: the weights' updates are written this many bytes past the row they update (into
// zeroed shadow matrices), so every dot product of a window reads the weights before the window.
let deferBytes: usize = 0;
// Given negatives (i32 each, consumed in order) instead of draws from negTable; 0 = draw.
let givenNegatives: usize = 0;
// CHECK builds, "one update step by step": when non-zero, every term of a window is recorded here
// (TRACE_BYTES each: pair, output row, score, probability, label, error, loss), up to traceMax terms.
let traceAt: usize = 0;
let traceCount: i32 = 0;
let traceMax: i32 = 0;
let pairIndex: i32 = 0;
let termScore: f64 = 0;
let termProb: f64 = 0;
const TRACE_BYTES: usize = 48;

let rng: u64 = 1;
let alpha: R = 0.025;
let lossSum: f64 = 0;
let pairCount: f64 = 0;
let divergedFlag: i32 = 0;

export function configure(
  model_: i32, loss_: i32, vocab_: i32, stride_: i32, window_: i32, negative_: i32,
  syn0_: usize, syn1_: usize, sig_: usize, lossPos_: usize, lossNeg_: usize, keep_: usize, neg_: usize,
  sen_: usize, neu1_: usize, neu1e_: usize, scores_: usize, negs_: usize, cancel_: usize, seedLo: u32, seedHi: u32,
  cbowUpdate_: i32,
): void {
  model = model_; lossKind = loss_; vocab = vocab_; stride = stride_; rowBytes = <usize>stride_ << SHIFT;
  window = window_; negative = negative_;
  syn0 = syn0_; syn1 = syn1_; sigTable = sig_; lossPosTable = lossPos_; lossNegTable = lossNeg_;
  keepTable = keep_; negTable = neg_; sen = sen_; neu1 = neu1_; neu1e = neu1e_; scores = scores_; negScratch = negs_;
  cancelPtr = cancel_;
  rng = (<u64>seedHi << 32) | <u64>seedLo;
  cbowUpdate = cbowUpdate_;
}

/** The width of the ids trainChunk reads: 2 bytes (u16, 0xffff ends a sentence) or 4 (i32, -1 ends one). */
export function configureIds(bytes: i32): void {
  idShift = bytes == 2 ? 1 : 2;
}

/** Hierarchical softmax: the Huffman tree's paths (i32 arrays; see treeOffsets). */
export function configureTree(offsets: usize, points: usize, codes: usize): void {
  treeOffsets = offsets; treePoints = points; treeCodes = codes;
}

/** CHECK builds: where the deferred updates go (bytes past each weight row); ignored by training builds. */
export function configureDefer(bytes: usize): void {
  deferBytes = bytes;
}

/** CHECK builds: record the terms of the next windowUpdate at `at` (up to `max` of them); 0 = off. */
export function configureTrace(at: usize, max: i32): void {
  traceAt = at; traceMax = max; traceCount = 0;
}
/** The terms recorded so far. */
export function traced(): i32 { return traceCount; }

/** The bytes per real of this build: 4 (training) or 8 (checking). */
export function realBytes(): i32 { return <i32>BYTES; }
/** Which planted mistake this build carries (0: none). */
export function mutation(): i32 { return MUTATION; }

// The address an update of the weight row at p writes: p itself, or its shadow in CHECK builds.
// @ts-ignore: decorator
@inline function dst(p: usize): usize {
  return CHECK ? p + deferBytes : p;
}

// word2vec.c's linear congruential generator.
// @ts-ignore: decorator
@inline function nextRandom(): u64 {
  rng = rng * 25214903917 + 11;
  return rng;
}

// A uniform u32 from the high bits (the low bits of an LCG modulo 2^64 have short periods).
// @ts-ignore: decorator
@inline function randomU32(): u32 {
  return <u32>(nextRandom() >> 32);
}

/** Fills the input vectors with uniform values in [-0.5, 0.5) / dim, as word2vec does. */
export function initWeights(dim: i32): void {
  const scale: R = <R>1.0 / <R>dim;
  for (let w = 0; w < vocab; w++) {
    const row = syn0 + <usize>w * rowBytes;
    for (let i = 0; i < dim; i++) {
      const u = <R>(<f64>(nextRandom() >> 40) / 16777216.0);
      store<R>(row + (<usize>i << SHIFT), (u - <R>0.5) * scale);
    }
  }
}

// ---- vector primitives: f32x4 SIMD in the training build, scalar float64 in the checking build ----

// @ts-ignore: decorator
@inline function dot(a: usize, b: usize): R {
  if (BYTES == 4) {
    // Four independent accumulators: a single running sum is a chain of dependent adds.
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    const n = rowBytes;
    let i: usize = 0;
    for (; i + 64 <= n; i += 64) {
      s0 = f32x4.add(s0, f32x4.mul(v128.load(a + i), v128.load(b + i)));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(a + i + 16), v128.load(b + i + 16)));
      s2 = f32x4.add(s2, f32x4.mul(v128.load(a + i + 32), v128.load(b + i + 32)));
      s3 = f32x4.add(s3, f32x4.mul(v128.load(a + i + 48), v128.load(b + i + 48)));
    }
    for (; i < n; i += 16) s0 = f32x4.add(s0, f32x4.mul(v128.load(a + i), v128.load(b + i)));
    const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
    return <R>((f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3)));
  } else {
    let s: R = 0;
    for (let i: usize = 0; i < rowBytes; i += BYTES) s += load<R>(a + i) * load<R>(b + i);
    return s;
  }
}

// @ts-ignore: decorator
@inline function zero(p: usize): void {
  if (BYTES == 4) {
    const z = f32x4.splat(0);
    for (let i: usize = 0; i < rowBytes; i += 16) v128.store(p + i, z);
  } else {
    for (let i: usize = 0; i < rowBytes; i += BYTES) store<R>(p + i, 0);
  }
}

// dst += src
// @ts-ignore: decorator
@inline function addTo(d: usize, src: usize): void {
  if (BYTES == 4) {
    for (let i: usize = 0; i < rowBytes; i += 16) v128.store(d + i, f32x4.add(v128.load(d + i), v128.load(src + i)));
  } else {
    for (let i: usize = 0; i < rowBytes; i += BYTES) store<R>(d + i, load<R>(d + i) + load<R>(src + i));
  }
}

// p *= c
// @ts-ignore: decorator
@inline function scale(p: usize, c: R): void {
  if (BYTES == 4) {
    const cv = f32x4.splat(<f32>c);
    for (let k: usize = 0; k < rowBytes; k += 16) v128.store(p + k, f32x4.mul(v128.load(p + k), cv));
  } else {
    for (let k: usize = 0; k < rowBytes; k += BYTES) store<R>(p + k, load<R>(p + k) * c);
  }
}

// err += gErr * out; out += gOut * inp: the gradient step of one output row (gErr = gOut =
// alpha * error), fused in one pass. err takes the output row as it was before this step.
// @ts-ignore: decorator
@inline function update(err: usize, out: usize, inp: usize, gErr: R, gOut: R): void {
  const to = dst(out);
  if (BYTES == 4) {
    const ge = f32x4.splat(<f32>gErr);
    const go = f32x4.splat(<f32>gOut);
    for (let i: usize = 0; i < rowBytes; i += 16) {
      const o = v128.load(out + i);
      v128.store(err + i, f32x4.add(v128.load(err + i), f32x4.mul(ge, o)));
      v128.store(to + i, f32x4.add(v128.load(to + i), f32x4.mul(go, v128.load(inp + i))));
    }
  } else {
    for (let i: usize = 0; i < rowBytes; i += BYTES) {
      const o = load<R>(out + i);
      store<R>(err + i, load<R>(err + i) + gErr * o);
      store<R>(to + i, load<R>(to + i) + gOut * load<R>(inp + i));
    }
  }
}

// -log sigmoid(x), exactly and without overflow.
// @ts-ignore: decorator
@inline function softplusNeg(x: f64): f64 {
  return x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
}

// ---- the losses -----------------------------------------------------------------------------

// The next negative: given (a check, or a test feeding both builds the same window), or drawn
// from the alias table of unigram^0.75.
// @ts-ignore: decorator
@inline function nextNegative(): i32 {
  if (givenNegatives != 0) {
    const w = load<i32>(givenNegatives);
    givenNegatives += 4;
    return w;
  }
  const bucket = <i32>((<u64>randomU32() * <u64>vocab) >> 32);
  const entry = negTable + (<usize>bucket << 3);
  return randomU32() <= load<u32>(entry) ? bucket : load<i32>(entry, 4);
}

// The loss of the logistic terms of the current pair so far (and, for the trace, before this term).
let termLoss: R = 0;
let termLossBefore: f64 = 0;

// One logistic term of score f, labelled 1 (positive) or 0: adds its loss -log sigmoid(+-f) to
// termLoss and returns its error label - sigmoid(f). Sets divergedFlag for a non-finite score.
// @ts-ignore: decorator
@inline function logisticError(f: R, positive: bool): R {
  const label: R = positive ? 1 : 0;
  let g: R;
  if (CHECK) { termScore = <f64>f; termProb = 1.0 / (1.0 + Math.exp(-<f64>f)); }
  if (EXACT) {
    if (!isFinite<R>(f)) { divergedFlag = 1; return 0; }
    g = label - <R>(1.0 / (1.0 + Math.exp(-<f64>f)));
    termLoss += <R>softplusNeg(positive ? <f64>f : -<f64>f);
  } else if (f > -MAX_EXP && f < MAX_EXP) {
    const idx = <usize>(<i32>((f + MAX_EXP) * TABLE_SCALE)) << 2;
    g = label - <R>load<f32>(sigTable + idx);
    termLoss += <R>load<f32>((positive ? lossPosTable : lossNegTable) + idx);
  } else if (f >= MAX_EXP) {
    g = label - 1;
    termLoss += positive ? <R>Math.log1p(Math.exp(-<f64>f)) : f;
  } else if (f <= -MAX_EXP) {
    g = label;
    termLoss += positive ? -f : <R>Math.log1p(Math.exp(<f64>f));
  } else {
    divergedFlag = 1;
    return 0;
  }
  if (MUTATION == MUTATION_DROPPED_ONE_MINUS_SIGMA && positive) g = 1;
  if (MUTATION == MUTATION_NEGATIVE_SIGN_FLIP && !positive) g = -g;
  return g;
}

// The gradient step of one logistic term's output row `out` with error g (g0: the pair's first
// term's error, which only the wrong-target mutation uses).
// @ts-ignore: decorator
@inline function step(out: usize, l1: usize, g: R, g0: R): void {
  if (CHECK && traceAt != 0 && traceCount < traceMax) {
    const t = traceAt + <usize>traceCount * TRACE_BYTES;
    store<i32>(t, pairIndex);
    store<i32>(t, <i32>((out - syn1) / rowBytes), 4);
    store<f64>(t, termScore, 8);
    store<f64>(t, termProb, 16);
    store<f64>(t, <f64>(g + termProb), 24); // the label: error = label - probability
    store<f64>(t, <f64>g, 32);
    store<f64>(t, <f64>termLoss - termLossBefore, 40);
    termLossBefore = <f64>termLoss;
    traceCount++;
  }
  const gOut = MUTATION == MUTATION_WRONG_TARGET_ERROR ? g0 : g;
  update(neu1e, out, l1,
    MUTATION == MUTATION_MISSING_LR_INPUT ? g : g * alpha,
    MUTATION == MUTATION_MISSING_LR_OUTPUT ? gOut : gOut * alpha);
}

// Negative sampling from the input row l1 towards `target`: accumulates the input's gradient
// step in neu1e and updates the output rows. Returns false when the weights went non-finite.
function negativeSampling(l1: usize, target: i32): bool {
  // Draw every target and take every dot product first, then the updates: the K+1 rows load
  // independently (several cache misses in flight instead of one at a time), which measured
  // 1.6x faster than word2vec's dot-update-dot-update order. The one difference: a word drawn
  // twice sees its first update only in the second update, not in the second dot product.
  const tgt = negScratch; // i32 x (K+1)
  const dots = negScratch + (<usize>(negative + 1) << 2); // R x (K+1)
  let m = 0;
  for (let d = 0; d <= negative; d++) {
    let word = target;
    if (d > 0) {
      word = nextNegative();
      if (word == target) continue;
    }
    store<i32>(tgt + (<usize>m << 2), word);
    store<R>(dots + (<usize>m << SHIFT), dot(l1, syn1 + <usize>word * rowBytes));
    m++;
  }
  termLoss = 0;
  termLossBefore = 0;
  let g0: R = 0;
  for (let d = 0; d < m; d++) {
    const word = load<i32>(tgt + (<usize>d << 2));
    const g = logisticError(load<R>(dots + (<usize>d << SHIFT)), d == 0);
    if (divergedFlag) return false;
    if (d == 0) g0 = g;
    step(syn1 + <usize>word * rowBytes, l1, g, g0);
  }
  lossSum += <f64>termLoss;
  pairCount += 1;
  return true;
}

// The hierarchical softmax (word2vec.c's -hs 1) from the input row l1 towards `target`: one
// logistic term per inner node on the target's path from the root, label 1 - code.
function hierarchicalSoftmax(l1: usize, target: i32): bool {
  const start = load<i32>(treeOffsets + (<usize>target << 2));
  const end = load<i32>(treeOffsets + (<usize>(target + 1) << 2));
  termLoss = 0;
  termLossBefore = 0;
  let g0: R = 0;
  for (let d = start; d < end; d++) {
    const node = syn1 + <usize>load<i32>(treePoints + (<usize>d << 2)) * rowBytes;
    const g = logisticError(dot(l1, node), load<i32>(treeCodes + (<usize>d << 2)) == 0);
    if (divergedFlag) return false;
    if (d == start) g0 = g;
    step(node, l1, g, g0);
  }
  lossSum += <f64>termLoss;
  pairCount += 1;
  return true;
}

// The naive softmax over the whole vocabulary from the input row l1 towards `target`.
function fullSoftmax(l1: usize, target: i32): bool {
  let max: R = -Infinity;
  for (let w = 0; w < vocab; w++) {
    const s = dot(l1, syn1 + <usize>w * rowBytes);
    store<R>(scores + (<usize>w << SHIFT), s);
    if (s > max) max = s;
  }
  if (!isFinite<R>(max)) { divergedFlag = 1; return false; }
  let sum: f64 = 0;
  for (let w = 0; w < vocab; w++) {
    const p = scores + (<usize>w << SHIFT);
    const e: R = BYTES == 4 ? <R>Mathf.exp(<f32>(load<R>(p) - max)) : <R>Math.exp(<f64>(load<R>(p) - max));
    store<R>(p, e);
    sum += <f64>e;
  }
  const targetScore = load<R>(scores + (<usize>target << SHIFT));
  lossSum += -Math.log(<f64>targetScore / sum);
  pairCount += 1;
  const inv = <R>(1.0 / sum);
  for (let w = 0; w < vocab; w++) {
    const p = load<R>(scores + (<usize>w << SHIFT)) * inv;
    const label: R = w == target && MUTATION != MUTATION_SOFTMAX_DROPPED_LABEL ? 1 : 0;
    const g = label - p;
    if (CHECK) { termScore = NaN; termProb = <f64>p; termLoss = w == target ? <R>(-Math.log(<f64>p)) : 0; termLossBefore = 0; }
    step(syn1 + <usize>w * rowBytes, l1, g, g);
  }
  return true;
}

// @ts-ignore: decorator
@inline function predict(l1: usize, target: i32): bool {
  if (CHECK) pairIndex++;
  return lossKind == 0 ? negativeSampling(l1, target) : lossKind == 1 ? fullSoftmax(l1, target) : hierarchicalSoftmax(l1, target);
}

// ---- one window ---------------------------------------------------------------------------------

// Trains the window sen[lo..hi] around the center word at position i. Returns false to stop.
function trainWindow(i: i32, lo: i32, hi: i32): bool {
  const center = load<i32>(sen + (<usize>i << 2));
  if (model == 0) {
    for (let j = lo; j <= hi; j++) {
      if (j == i) continue;
      const l1 = syn0 + <usize>load<i32>(sen + (<usize>j << 2)) * rowBytes;
      zero(neu1e);
      if (!predict(l1, center)) return false;
      addTo(dst(l1), neu1e);
    }
    return true;
  }
  const n = hi - lo; // context words (the center is inside [lo, hi])
  if (n == 0) return true;
  zero(neu1);
  for (let j = lo; j <= hi; j++) {
    if (j != i) addTo(neu1, syn0 + <usize>load<i32>(sen + (<usize>j << 2)) * rowBytes);
  }
  scale(neu1, <R>1.0 / <R>n); // the hidden vector is the mean of the context vectors
  zero(neu1e);
  if (!predict(neu1, center)) return false;
  // neu1e is alpha times the error at the hidden vector. The hidden vector is the mean, so the
  // gradient of each context row is 1/n of it (corrected CBOW, İrsoy, Benton & Stratos 2021);
  // word2vec.c and gensim add all of it to every context row (cbowUpdate = word2vec).
  if (cbowUpdate == 0 && MUTATION != MUTATION_UNSCALED_CBOW_CONTEXT) scale(neu1e, <R>1.0 / <R>n);
  for (let j = lo; j <= hi; j++) {
    if (j != i) addTo(dst(syn0 + <usize>load<i32>(sen + (<usize>j << 2)) * rowBytes), neu1e);
  }
  return true;
}

// Trains one sentence (after subsampling) of n words in `sen`. Returns false to stop.
function trainSentence(n: i32): bool {
  for (let i = 0; i < n; i++) {
    if (atomic.load<i32>(cancelPtr) != 0) return false;
    const w = window - <i32>(randomU32() % <u32>window); // word2vec's reduced window
    const lo = i - w > 0 ? i - w : 0;
    const hi = i + w < n - 1 ? i + w : n - 1;
    if (!trainWindow(i, lo, hi)) return false;
  }
  return true;
}

/** The id at position p of the corpus at `ids`, or -1 at a sentence end (see configureIds). */
// @ts-ignore: decorator
@inline function idAt(ids: usize, p: i32): i32 {
  if (idShift == 2) return load<i32>(ids + (<usize>p << 2));
  const v = <i32>load<u16>(ids + (<usize>p << 1));
  return v == 0xffff ? -1 : v;
}

/**
 * Trains the word ids ids[start..end) (u16 or i32, see configureIds; a sentence end is -1) at learning rate alpha_.
 * Returns the words read (before subsampling); the loss and pair counters accumulate in
 * lossTotal()/pairTotal(). Stops early when the cancel flag is set or the weights diverge.
 */
export function trainChunk(ids: usize, start: i32, end: i32, alpha_: R): i32 {
  alpha = alpha_;
  let words = 0;
  let n = 0;
  for (let p = start; p <= end; p++) {
    const id = p < end ? idAt(ids, p) : -1;
    if (id >= 0) {
      words++;
      if (randomU32() <= load<u32>(keepTable + (<usize>id << 2))) {
        store<i32>(sen + (<usize>n << 2), id);
        n++;
      }
      continue;
    }
    if (n > 1 && !trainSentence(n)) return words;
    n = 0;
  }
  return words;
}

/**
 * One window's update, as training does it: the n words in `sen` (the center at `centerPos`, the
 * others its context, the whole of it the window), at learning rate alpha_, with the negatives
 * read in order from `negatives` (i32, K per (input, target) pair; 0 = draw them). Returns the
 * window's loss as the kernel computes it. In a CHECK build the weights are left as they were and
 * the update is in the shadow matrices (configureDefer).
 */
export function windowUpdate(n: i32, centerPos: i32, alpha_: R, negatives: usize): f64 {
  alpha = alpha_;
  givenNegatives = negatives;
  pairIndex = -1;
  const before = lossSum;
  const ok = trainWindow(centerPos, 0, n - 1);
  givenNegatives = 0;
  return ok ? lossSum - before : NaN;
}

export function lossTotal(): f64 { return lossSum; }
export function pairTotal(): f64 { return pairCount; }
export function diverged(): i32 { return divergedFlag; }
