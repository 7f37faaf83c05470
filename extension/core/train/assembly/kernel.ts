// The word2vec training kernel in AssemblyScript, compiled to WebAssembly with SIMD (f32x4).
//
// Every training worker instantiates this module over the same shared WebAssembly.Memory, which
// holds the weight matrices, the lookup tables and the corpus as word ids; the workers update the
// weights without locks (Hogwild, as word2vec.c and gensim do). Module globals are per instance,
// so each worker has its own configuration, random state and loss counters.
//
// The math is word2vec.c's: skip-gram trains (context word -> center word) pairs, CBOW the mean of
// the context vectors -> center word (gensim's default cbow_mean=1); negative sampling uses the
// sigmoid table (MAX_EXP 6, 1000 entries) and the naive softmax is the full softmax over the
// vocabulary. Rows are `stride` floats (dim rounded up to a multiple of 4; the padding stays 0) so
// every vector loop is whole f32x4 steps. The loss of every pair is computed from tables beside
// the sigmoid table, so it costs one load.

const MAX_EXP: f32 = 6.0;
const EXP_TABLE_SIZE: i32 = 1000;
const TABLE_SCALE: f32 = <f32>EXP_TABLE_SIZE / MAX_EXP / 2.0;

let model: i32 = 0; // 0 skip-gram, 1 CBOW
let lossKind: i32 = 0; // 0 negative sampling, 1 naive softmax
let vocab: i32 = 0;
let stride: i32 = 0; // floats per row
let rowBytes: usize = 0;
let window: i32 = 5;
let negative: i32 = 5;
let syn0: usize = 0; // input (center) vectors, vocab x stride
let syn1: usize = 0; // output (outside) vectors, vocab x stride
let sigTable: usize = 0; // f32 x 1000: sigmoid(x)
let lossPosTable: usize = 0; // f32 x 1000: -log sigmoid(x)
let lossNegTable: usize = 0; // f32 x 1000: -log sigmoid(-x)
let keepTable: usize = 0; // u32 per word: keep when a random u32 <= this (subsampling)
let negTable: usize = 0; // (u32 threshold, i32 alias) per word: the alias table of unigram^0.75
let sen: usize = 0; // i32 x maxSentence scratch: the current sentence after subsampling
let neu1: usize = 0; // f32 x stride scratch
let neu1e: usize = 0; // f32 x stride scratch
let scores: usize = 0; // f32 x vocab scratch (softmax)
let negScratch: usize = 0; // (i32 + f32) x (negative + 1) scratch: the targets and their dot products
let cancelPtr: usize = 0; // i32: non-zero = stop now

let rng: u64 = 1;
let alpha: f32 = 0.025;
let lossSum: f64 = 0;
let pairCount: f64 = 0;
let divergedFlag: i32 = 0;

export function configure(
  model_: i32, loss_: i32, vocab_: i32, stride_: i32, window_: i32, negative_: i32,
  syn0_: usize, syn1_: usize, sig_: usize, lossPos_: usize, lossNeg_: usize, keep_: usize, neg_: usize,
  sen_: usize, neu1_: usize, neu1e_: usize, scores_: usize, negs_: usize, cancel_: usize, seedLo: u32, seedHi: u32,
): void {
  model = model_; lossKind = loss_; vocab = vocab_; stride = stride_; rowBytes = <usize>stride_ << 2;
  window = window_; negative = negative_;
  syn0 = syn0_; syn1 = syn1_; sigTable = sig_; lossPosTable = lossPos_; lossNegTable = lossNeg_;
  keepTable = keep_; negTable = neg_; sen = sen_; neu1 = neu1_; neu1e = neu1e_; scores = scores_; negScratch = negs_;
  cancelPtr = cancel_;
  rng = (<u64>seedHi << 32) | <u64>seedLo;
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
  const scale: f32 = 1.0 / <f32>dim;
  for (let w = 0; w < vocab; w++) {
    const row = syn0 + <usize>w * rowBytes;
    for (let i = 0; i < dim; i++) {
      const u = <f32>(<f64>(nextRandom() >> 40) / 16777216.0);
      store<f32>(row + (<usize>i << 2), (u - 0.5) * scale);
    }
  }
}

// @ts-ignore: decorator
@inline function dot(a: usize, b: usize): f32 {
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
  return (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
}

// @ts-ignore: decorator
@inline function zero(p: usize): void {
  const z = f32x4.splat(0);
  for (let i: usize = 0; i < rowBytes; i += 16) v128.store(p + i, z);
}

// dst += src
// @ts-ignore: decorator
@inline function addTo(dst: usize, src: usize): void {
  for (let i: usize = 0; i < rowBytes; i += 16) v128.store(dst + i, f32x4.add(v128.load(dst + i), v128.load(src + i)));
}

// err += g * out; out += g * inp  (the gradient step of one output row, fused in one pass)
// @ts-ignore: decorator
@inline function update(err: usize, out: usize, inp: usize, g: f32): void {
  const gv = f32x4.splat(g);
  for (let i: usize = 0; i < rowBytes; i += 16) {
    const o = v128.load(out + i);
    v128.store(err + i, f32x4.add(v128.load(err + i), f32x4.mul(gv, o)));
    v128.store(out + i, f32x4.add(o, f32x4.mul(gv, v128.load(inp + i))));
  }
}

// Negative sampling from the input row l1 towards `target`: accumulates the input's gradient
// step in neu1e and updates the output rows. Returns false when the weights went non-finite.
function negativeSampling(l1: usize, target: i32): bool {
  // Draw every target and take every dot product first, then the updates: the K+1 rows load
  // independently (several cache misses in flight instead of one at a time), which measured
  // 1.6x faster than word2vec's dot-update-dot-update order. The one difference: a word drawn
  // twice sees its first update only in the second update, not in the second dot product.
  const tgt = negScratch; // i32 x (K+1)
  const dots = negScratch + (<usize>(negative + 1) << 2); // f32 x (K+1)
  let m = 0;
  for (let d = 0; d <= negative; d++) {
    let word = target;
    if (d > 0) {
      const bucket = <i32>((<u64>randomU32() * <u64>vocab) >> 32);
      const entry = negTable + (<usize>bucket << 3);
      word = randomU32() <= load<u32>(entry) ? bucket : load<i32>(entry, 4);
      if (word == target) continue;
    }
    store<i32>(tgt + (<usize>m << 2), word);
    store<f32>(dots + (<usize>m << 2), dot(l1, syn1 + <usize>word * rowBytes));
    m++;
  }
  let loss: f32 = 0;
  for (let d = 0; d < m; d++) {
    const word = load<i32>(tgt + (<usize>d << 2));
    const f = load<f32>(dots + (<usize>d << 2));
    const label: f32 = d == 0 ? 1 : 0;
    let g: f32;
    if (f > -MAX_EXP && f < MAX_EXP) {
      const idx = <usize>(<i32>((f + MAX_EXP) * TABLE_SCALE)) << 2;
      g = label - load<f32>(sigTable + idx);
      loss += load<f32>((d == 0 ? lossPosTable : lossNegTable) + idx);
    } else if (f >= MAX_EXP) {
      g = label - 1;
      loss += d == 0 ? <f32>Math.log1p(Math.exp(-<f64>f)) : f;
    } else if (f <= -MAX_EXP) {
      g = label;
      loss += d == 0 ? -f : <f32>Math.log1p(Math.exp(<f64>f));
    } else {
      divergedFlag = 1;
      return false;
    }
    update(neu1e, syn1 + <usize>word * rowBytes, l1, g * alpha);
  }
  lossSum += <f64>loss;
  pairCount += 1;
  return true;
}

// The naive softmax over the whole vocabulary from the input row l1 towards `target`.
function fullSoftmax(l1: usize, target: i32): bool {
  let max: f32 = -Infinity;
  for (let w = 0; w < vocab; w++) {
    const s = dot(l1, syn1 + <usize>w * rowBytes);
    store<f32>(scores + (<usize>w << 2), s);
    if (s > max) max = s;
  }
  if (!isFinite<f32>(max)) { divergedFlag = 1; return false; }
  let sum: f64 = 0;
  for (let w = 0; w < vocab; w++) {
    const p = scores + (<usize>w << 2);
    const e = Mathf.exp(load<f32>(p) - max);
    store<f32>(p, e);
    sum += <f64>e;
  }
  const targetScore = load<f32>(scores + (<usize>target << 2));
  lossSum += -Math.log(<f64>targetScore / sum);
  pairCount += 1;
  const inv = <f32>(1.0 / sum);
  for (let w = 0; w < vocab; w++) {
    const p = load<f32>(scores + (<usize>w << 2)) * inv;
    const g = ((w == target ? <f32>1 : <f32>0) - p) * alpha;
    update(neu1e, syn1 + <usize>w * rowBytes, l1, g);
  }
  return true;
}

// @ts-ignore: decorator
@inline function predict(l1: usize, target: i32): bool {
  return lossKind == 0 ? negativeSampling(l1, target) : fullSoftmax(l1, target);
}

// Trains one sentence (after subsampling) of n words in `sen`. Returns false to stop.
function trainSentence(n: i32): bool {
  for (let i = 0; i < n; i++) {
    if (atomic.load<i32>(cancelPtr) != 0) return false;
    const center = load<i32>(sen + (<usize>i << 2));
    const w = window - <i32>(randomU32() % <u32>window); // word2vec's reduced window
    const lo = i - w > 0 ? i - w : 0;
    const hi = i + w < n - 1 ? i + w : n - 1;
    if (model == 0) {
      for (let j = lo; j <= hi; j++) {
        if (j == i) continue;
        const l1 = syn0 + <usize>load<i32>(sen + (<usize>j << 2)) * rowBytes;
        zero(neu1e);
        if (!predict(l1, center)) return false;
        addTo(l1, neu1e);
      }
    } else {
      if (hi == lo) continue;
      zero(neu1);
      for (let j = lo; j <= hi; j++) {
        if (j != i) addTo(neu1, syn0 + <usize>load<i32>(sen + (<usize>j << 2)) * rowBytes);
      }
      const inv = f32x4.splat(1.0 / <f32>(hi - lo));
      for (let k: usize = 0; k < rowBytes; k += 16) v128.store(neu1 + k, f32x4.mul(v128.load(neu1 + k), inv));
      zero(neu1e);
      if (!predict(neu1, center)) return false;
      for (let j = lo; j <= hi; j++) {
        if (j != i) addTo(syn0 + <usize>load<i32>(sen + (<usize>j << 2)) * rowBytes, neu1e);
      }
    }
  }
  return true;
}

/**
 * Trains the word ids ids[start..end) (i32; -1 ends a sentence) at learning rate alpha_.
 * Returns the words read (before subsampling); the loss and pair counters accumulate in
 * lossTotal()/pairTotal(). Stops early when the cancel flag is set or the weights diverge.
 */
export function trainChunk(ids: usize, start: i32, end: i32, alpha_: f32): i32 {
  alpha = alpha_;
  let words = 0;
  let n = 0;
  for (let p = start; p <= end; p++) {
    const id = p < end ? load<i32>(ids + (<usize>p << 2)) : -1;
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

export function lossTotal(): f64 { return lossSum; }
export function pairTotal(): f64 { return pairCount; }
export function diverged(): i32 { return divergedFlag; }
