/**
 * The gradient check of one real window at the live model's parameters, as the training engine
 * (several times a minute) and the gradient explorer run it.
 *
 * Only the parameters the window's loss touches are checked: the center (input) rows of the window
 * and the outside (output) rows its loss reads. They are copied to float64 (exact for Float32 input);
 * the caller's arrays are never written. The analytic gradient follows the formulas of CS224n assignment 2 and CS224d problem set 1; the
 * numeric one is a central difference (h = 1e-4) of the loss recomputed at the perturbed parameter.
 *
 * Why it is fast: the window loss is a sum of terms, and moving one parameter changes only the
 * terms that read it, so each perturbed evaluation recomputes just those terms (the others cancel
 * exactly in J(θ+h) − J(θ−h)). This is the same central difference as re-evaluating the whole loss,
 * with less rounding. For the naive softmax, whose every term reads all V scores, see checkSoftmax.
 */
import { UserInputError, check } from '../errors';
import { AliasTable, aliasTable } from '../math/alias';
import { GRADCHECK_H, relError } from '../math/gradcheck';
import { assertIndex, dot } from '../math/matrix';
import { drawNegatives } from '../math/negatives';
import { Rng } from '../math/random';
import { logSigmoid, sigmoidScalar } from '../math/sigmoid';
import { BrokenGradientId, brokenGradient } from './broken';
import type { WindowCheckGroup, WindowCheckRequest, WindowCheckResult, WindowGroupName } from './types';

export type { WindowCheckGroup, WindowCheckRequest, WindowCheckResult, WindowGroupName } from './types';

const H = GRADCHECK_H;

/**
 * The central difference (J(θ_i + h) − J(θ_i − h)) / 2h of entry i of `params`, where `loss`
 * evaluates just the terms of J that read that entry (the others cancel in the difference).
 * Restores the entry exactly.
 */
function centralDifference(params: Float64Array, i: number, loss: () => number): number {
  const old = params[i];
  params[i] = old + H;
  const lp = loss();
  params[i] = old - H;
  const lm = loss();
  params[i] = old;
  return (lp - lm) / (2 * H);
}

/** The largest score after scaling in the 'softmax-no-shift' variant: beyond exp's float64 range (709.78). */
const NO_SHIFT_SCORE = 1000;

export function checkWindow(req: WindowCheckRequest): WindowCheckResult {
  validate(req);
  const broken = brokenGradient(req.broken, req.loss)?.id;
  return req.loss === 'neg' ? checkNeg(req, broken) : checkSoftmax(req, broken);
}

function validate(req: WindowCheckRequest): void {
  check(req !== null && typeof req === 'object', 'checkWindow needs a request object.');
  check(req.model === 'skipgram' || req.model === 'cbow', `model must be 'skipgram' or 'cbow', got ${JSON.stringify(req.model)}.`);
  check(req.loss === 'neg' || req.loss === 'softmax', `loss must be 'neg' or 'softmax', got ${JSON.stringify(req.loss)}.`);
  check(Number.isInteger(req.dim) && req.dim >= 1, `dim must be a positive integer, got ${req.dim}.`);
  check(Number.isInteger(req.vocabSize) && req.vocabSize >= 2, `vocabSize must be an integer >= 2, got ${req.vocabSize}.`);
  for (const [name, a] of [['centerVectors', req.centerVectors], ['outsideVectors', req.outsideVectors]] as const) {
    check(a instanceof Float32Array || a instanceof Float64Array, `${name} must be a Float32Array or Float64Array.`);
    check(a.length === req.vocabSize * req.dim, `${name} has ${a.length} values but vocabSize x dim = ${req.vocabSize} x ${req.dim} = ${req.vocabSize * req.dim}.`);
  }
  check(Number.isFinite(req.seed), `seed must be a finite number, got ${req.seed}.`);
  assertIndex(req.centerIdx, req.vocabSize, 'centerIdx');
  check(Array.isArray(req.contextIdxs) && req.contextIdxs.length > 0, 'contextIdxs is empty; a window needs at least one context word.');
  req.contextIdxs.forEach((w, i) => assertIndex(w, req.vocabSize, `contextIdxs[${i}]`));
  if (req.loss === 'neg') {
    check(Number.isInteger(req.negatives) && req.negatives! >= 0, `negatives (K) must be an integer >= 0 for loss 'neg', got ${req.negatives}.`);
    if (req.negativeTable) {
      check(req.negativeTable.prob.length === req.vocabSize && req.negativeTable.alias.length === req.vocabSize,
        `negativeTable has ${req.negativeTable.prob.length} entries but the vocabulary has ${req.vocabSize} words.`);
    }
  }
  if (req.maxOutsideRows !== undefined) {
    check(Number.isInteger(req.maxOutsideRows) && req.maxOutsideRows >= 1, `maxOutsideRows must be a positive integer, got ${req.maxOutsideRows}.`);
  }
}

// ---------------------------------------------------------------------------------------------

function distinct(xs: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if (!seen.has(xs[i])) { seen.add(xs[i]); out.push(xs[i]); }
  return out;
}

/** The given rows of a vocabulary x d matrix, copied to float64 (the model's arrays are never written). */
function copyRows(src: Float32Array | Float64Array, rows: number[], d: number, name: string): Float64Array {
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    for (let k = 0; k < d; k++) {
      const v = src[r * d + k];
      if (!Number.isFinite(v)) throw new UserInputError(`${name} row ${r} has a non-finite value (${v}); the model has diverged, so its gradient cannot be checked. Retrain with a lower learning rate.`);
      out[i * d + k] = v;
    }
  });
  return out;
}

export function makeGroup(name: WindowGroupName, rows: number[], d: number, totalInGroup: number, analytic: Float64Array, numeric: Float64Array): WindowCheckGroup {
  const relErrors = new Float64Array(analytic.length);
  let maxRelError = 0;
  let worstIndex = 0;
  for (let i = 0; i < analytic.length; i++) {
    relErrors[i] = relError(analytic[i], numeric[i]);
    if (relErrors[i] > maxRelError) { maxRelError = relErrors[i]; worstIndex = i; }
  }
  return { name, rows, count: rows.length * d, totalInGroup, maxRelError, relErrors, analytic, numeric, worstIndex };
}

/**
 * The window as (center, outside) pairs of CS224n assignment 2, written part (f). Skip-gram: one pair per context word, each
 * with hidden vector v_c. CBOW: one pair, hidden vector v̂ = Σ_j v_{w_j} (with multiplicity) and the
 * center word as the word to predict.
 */
function windowPairs(req: WindowCheckRequest): { hidden: number[]; target: number }[] {
  return req.model === 'skipgram'
    ? req.contextIdxs.map((o) => ({ hidden: [req.centerIdx], target: o }))
    : [{ hidden: req.contextIdxs.slice(), target: req.centerIdx }];
}

// ---- negative sampling ------------------------------------------------------------------------

function checkNeg(req: WindowCheckRequest, broken: BrokenGradientId | undefined): WindowCheckResult {
  const d = req.dim;
  const K = req.negatives!;
  const table: AliasTable = req.negativeTable ?? aliasTable(new Float64Array(req.vocabSize).fill(1));
  // Negatives drawn once per pair, then held fixed for every evaluation (the loss must be one function).
  const rng = new Rng(req.seed);
  const global = windowPairs(req).map((p) => ({ ...p, negs: Array.from(drawNegatives(table, rng, p.target, K)) }));

  const centerRows = distinct(global.flatMap((p) => p.hidden));
  const outsideRows = distinct([...global.map((p) => p.target), ...global.flatMap((p) => p.negs)]);
  const cIdx = new Map(centerRows.map((r, i) => [r, i]));
  const oIdx = new Map(outsideRows.map((r, i) => [r, i]));
  const pairs = global.map((p) => ({
    hidden: p.hidden.map((r) => cIdx.get(r)!),
    target: oIdx.get(p.target)!,
    negs: p.negs.map((r) => oIdx.get(r)!),
  }));
  const C = copyRows(req.centerVectors, centerRows, d, 'centerVectors');
  const O = copyRows(req.outsideVectors, outsideRows, d, 'outsideVectors');

  const x = new Float64Array(d);
  const hiddenOf = (p: (typeof pairs)[number]): Float64Array => {
    x.fill(0);
    for (const r of p.hidden) for (let k = 0; k < d; k++) x[k] += C[r * d + k];
    return x;
  };
  // J_p = −log σ(u_oᵀx) − Σ_k log σ(−u_kᵀx)   (CS224n assignment 2, written part (e))
  const pairLoss = (p: (typeof pairs)[number]): number => {
    const xv = hiddenOf(p);
    let l = -logSigmoid(dot(O, p.target * d, xv, 0, d));
    for (const k of p.negs) l -= logSigmoid(-dot(O, k * d, xv, 0, d));
    return l;
  };

  // Analytic (CS224n assignment 2, written part (e), summed over the pairs as in f), with the chosen mistake if any.
  const gC = new Float64Array(C.length);
  const gO = new Float64Array(O.length);
  const gx = new Float64Array(d);
  let loss = 0;
  for (const p of pairs) {
    const xv = hiddenOf(p);
    gx.fill(0);
    const st = dot(O, p.target * d, xv, 0, d);
    loss -= logSigmoid(st);
    const cT = -sigmoidScalar(-st); // σ(u_oᵀx) − 1 = −(1 − σ(u_oᵀx))
    const centerCoefT = broken === 'dropped-uo' ? 0 : cT;
    const outsideCoefT = broken === 'missing-one-minus-sigma' ? -1 : broken === 'neg-grad-on-outside' ? sigmoidScalar(st) : cT;
    for (let k = 0; k < d; k++) {
      gx[k] += centerCoefT * O[p.target * d + k];
      gO[p.target * d + k] += outsideCoefT * xv[k];
    }
    for (const w of p.negs) {
      const sk = dot(O, w * d, xv, 0, d);
      loss -= logSigmoid(-sk);
      const ck = sigmoidScalar(sk); // 1 − σ(−u_kᵀx)
      const centerCoef = broken === 'sign-flip' ? -ck : ck;
      for (let k = 0; k < d; k++) {
        gx[k] += centerCoef * O[w * d + k];
        gO[w * d + k] += ck * xv[k];
      }
    }
    for (const r of p.hidden) for (let k = 0; k < d; k++) gC[r * d + k] += gx[k];
  }

  // Numeric, center rows: every term of a pair reads its hidden vector, so re-evaluate those pairs.
  const pairsReadingCenter = centerRows.map((_, r) => pairs.filter((p) => p.hidden.includes(r)));
  const nC = new Float64Array(C.length);
  for (let i = 0; i < C.length; i++) {
    const affected = pairsReadingCenter[Math.floor(i / d)];
    nC[i] = centralDifference(C, i, () => {
      let l = 0;
      for (const p of affected) l += pairLoss(p);
      return l;
    });
  }

  // Numeric, outside rows: u_w appears in the terms −log σ(u_wᵀx_p) (w the pair's outside word) and
  // −log σ(−u_wᵀx_p) (once per draw of w as a negative); only those terms are re-evaluated.
  const xs = pairs.map((p) => hiddenOf(p).slice());
  const uses = outsideRows.map((_, w) => {
    const list: { x: Float64Array; sign: number }[] = [];
    pairs.forEach((p, i) => {
      if (p.target === w) list.push({ x: xs[i], sign: 1 });
      for (const k of p.negs) if (k === w) list.push({ x: xs[i], sign: -1 });
    });
    return list;
  });
  const termsWithRow = (w: number): number => {
    let l = 0;
    for (const u of uses[w]) l -= logSigmoid(u.sign * dot(O, w * d, u.x, 0, d));
    return l;
  };
  const nO = new Float64Array(O.length);
  for (let i = 0; i < O.length; i++) {
    const w = Math.floor(i / d);
    nO[i] = centralDifference(O, i, () => termsWithRow(w));
  }

  return {
    loss,
    groups: [
      makeGroup('center vectors', centerRows, d, centerRows.length * d, gC, nC),
      makeGroup('outside vectors', outsideRows, d, outsideRows.length * d, gO, nO),
    ],
    negatives: global.map((p) => p.negs),
    inputScale: 1,
  };
}

// ---- naive softmax ----------------------------------------------------------------------------

/** `count` distinct rows of [0, n) not in `exclude`, seeded; ascending. */
function sampleRows(n: number, exclude: Set<number>, count: number, rng: Rng): number[] {
  const pool = n - exclude.size;
  const want = Math.min(count, pool);
  const picked = new Set<number>();
  if (want > pool / 2) {
    // Dense: a partial Fisher–Yates over the candidates.
    const cand: number[] = [];
    for (let i = 0; i < n; i++) if (!exclude.has(i)) cand.push(i);
    for (let i = 0; i < want; i++) {
      const j = i + rng.int(cand.length - i);
      [cand[i], cand[j]] = [cand[j], cand[i]];
      picked.add(cand[i]);
    }
  } else {
    while (picked.size < want) {
      const r = rng.int(n);
      if (!exclude.has(r)) picked.add(r);
    }
  }
  return [...picked].sort((a, b) => a - b);
}

/**
 * Both models share one hidden vector x over the window (skip-gram: v_c for every context word;
 * CBOW: v̂), so the window loss is J = Σ_t (log Σ_w exp(u_wᵀx) − u_tᵀx) = n·lse(Ux) − Σ_t u_tᵀx over the
 * n targets t (CS224n assignment 2, written part (a)). Every outside row is touched; with maxOutsideRows < V, the window's rows
 * plus a seeded sample of the others are checked.
 * Perturbed evaluations: moving u_w changes only the score s_w, so J(u_w') = n·log(A_w + exp(s_w' − m))
 * − cnt_w·s_w' + (terms without u_w), with A_w = Σ_{i≠w} exp(s_i − m) computed once per row. Moving a
 * component j of the hidden vector by δ moves every score by δ·U_wj (the dot product is linear), so
 * one evaluation costs V operations instead of V·dim, and the full softmax is still recomputed.
 */
function checkSoftmax(req: WindowCheckRequest, broken: BrokenGradientId | undefined): WindowCheckResult {
  const d = req.dim;
  const V = req.vocabSize;
  const U = req.outsideVectors;
  const hiddenGlobal = req.model === 'skipgram' ? [req.centerIdx] : req.contextIdxs;
  const targets = req.model === 'skipgram' ? req.contextIdxs : [req.centerIdx];
  const n = targets.length;
  const cnt = new Map<number, number>();
  for (const t of targets) cnt.set(t, (cnt.get(t) ?? 0) + 1);

  const centerRows = distinct(hiddenGlobal);
  const cIdx = new Map(centerRows.map((r, i) => [r, i]));
  const hidden = hiddenGlobal.map((r) => cIdx.get(r)!);
  const C = copyRows(req.centerVectors, centerRows, d, 'centerVectors');
  const x = new Float64Array(d);
  const computeHidden = (): void => {
    x.fill(0);
    for (const r of hidden) for (let k = 0; k < d; k++) x[k] += C[r * d + k];
  };
  const s = new Float64Array(V);
  const computeScores = (): void => {
    for (let w = 0; w < V; w++) {
      s[w] = dot(U, w * d, x, 0, d);
      if (!Number.isFinite(s[w])) {
        throw new UserInputError(`outsideVectors row ${w} gives a non-finite score (${s[w]}); the model has diverged, so its gradient cannot be checked. Retrain with a lower learning rate.`);
      }
    }
  };
  computeHidden();
  computeScores();

  let inputScale = 1;
  if (broken === 'softmax-no-shift') {
    // Scale the center vectors (copies) until the largest score is far past exp's range.
    let smax = -Infinity;
    for (let w = 0; w < V; w++) smax = Math.max(smax, s[w]);
    check(smax > 0, 'The no-shift demonstration needs a positive score u_wᵀv_c to scale up; every score in this window is <= 0. Pick another window.');
    inputScale = NO_SHIFT_SCORE / smax;
    for (let i = 0; i < C.length; i++) C[i] *= inputScale;
    computeHidden();
    computeScores();
  }

  // The shifted softmax: exact loss and ŷ.
  let m = -Infinity;
  for (let w = 0; w < V; w++) if (s[w] > m) m = s[w];
  const e = new Float64Array(V);
  let S = 0;
  let comp = 0; // Neumaier compensation: S is reused for A_w = S − e_w below
  for (let w = 0; w < V; w++) {
    e[w] = Math.exp(s[w] - m);
    const t = S + e[w];
    comp += Math.abs(S) >= e[w] ? (S - t) + e[w] : (e[w] - t) + S;
    S = t;
  }
  S += comp;
  const lse = m + Math.log(S);
  let loss = n * lse;
  for (const t of targets) loss -= s[t];

  // ŷ as the analytic side uses it: shifted, or (the mistake) unshifted.
  const yhat = new Float64Array(V);
  if (broken === 'softmax-no-shift') {
    let z = 0;
    for (let w = 0; w < V; w++) z += Math.exp(s[w]);
    for (let w = 0; w < V; w++) yhat[w] = Math.exp(s[w]) / z;
  } else {
    for (let w = 0; w < V; w++) yhat[w] = e[w] / S;
  }

  // Outside rows to check: the window's rows first, then the others (all, or a seeded sample).
  const windowRows = distinct(targets);
  const windowSet = new Set(windowRows);
  const others = req.maxOutsideRows !== undefined && V > req.maxOutsideRows
    ? sampleRows(V, windowSet, Math.max(0, req.maxOutsideRows - windowRows.length), new Rng(req.seed))
    : Array.from({ length: V }, (_, i) => i).filter((i) => !windowSet.has(i));
  const outsideRows = [...windowRows, ...others];
  const O = copyRows(U, outsideRows, d, 'outsideVectors');

  // Analytic: ∂J/∂x = Σ_w (n ŷ_w − cnt_w) u_w = Σ_t Uᵀ(ŷ − y_t); ∂J/∂u_w = (n ŷ_w − cnt_w) x.
  const gx = new Float64Array(d);
  for (let w = 0; w < V; w++) {
    const c = n * yhat[w] - (broken === 'dropped-uo' ? 0 : cnt.get(w) ?? 0);
    if (c !== 0) for (let k = 0; k < d; k++) gx[k] += c * U[w * d + k];
  }
  if (broken === 'sign-flip') for (let k = 0; k < d; k++) gx[k] = -gx[k];
  const gC = new Float64Array(C.length);
  for (const r of hidden) for (let k = 0; k < d; k++) gC[r * d + k] += gx[k];
  const gO = new Float64Array(O.length);
  outsideRows.forEach((w, a) => {
    const c = n * yhat[w] - (cnt.get(w) ?? 0);
    for (let k = 0; k < d; k++) gO[a * d + k] = c * x[k];
  });

  // Numeric, center rows: J as a function of the hidden vector's component j moved by δ.
  const tgt = targets;
  // The shift m (the unperturbed max) stays valid: δ·U_wj is tiny, so no exp can overflow.
  const lossAtShift = (j: number, delta: number): number => {
    let z = 0;
    for (let w = 0; w < V; w++) z += Math.exp(s[w] - m + delta * U[w * d + j]);
    let l = n * (m + Math.log(z));
    for (const t of tgt) l -= s[t] + delta * U[t * d + j];
    return l;
  };
  const cache = new Map<string, number>(); // CBOW: every context row moves x_j by the same δ
  const lossWithCenter = (j: number): number => {
    let xj = 0;
    for (const r of hidden) xj += C[r * d + j];
    const delta = xj - x[j];
    const key = `${j}:${delta}`;
    let v = cache.get(key);
    if (v === undefined) { v = lossAtShift(j, delta); cache.set(key, v); }
    return v;
  };
  const nC = new Float64Array(C.length);
  for (let i = 0; i < C.length; i++) {
    const j = i % d;
    nC[i] = centralDifference(C, i, () => lossWithCenter(j));
  }

  // Numeric, outside rows: only s_w moves; the u_w-free terms of J cancel in the difference.
  const nO = new Float64Array(O.length);
  outsideRows.forEach((w, a) => {
    let A: number;
    if (e[w] / S <= 0.5) {
      A = S - e[w];
    } else {
      // w dominates the sum: add the others directly rather than lose digits in S − e_w.
      A = 0;
      for (let i = 0; i < V; i++) if (i !== w) A += e[i];
    }
    const cw = cnt.get(w) ?? 0;
    const termsWithW = (): number => {
      const sw = dot(O, a * d, x, 0, d);
      return n * Math.log(A + Math.exp(sw - m)) - cw * sw;
    };
    for (let k = 0; k < d; k++) nO[a * d + k] = centralDifference(O, a * d + k, termsWithW);
  });

  return {
    loss,
    groups: [
      makeGroup('center vectors', centerRows, d, centerRows.length * d, gC, nC),
      makeGroup('outside vectors', outsideRows, d, V * d, gO, nO),
    ],
    inputScale,
  };
}
