/**
 * "Break a gradient": mistakes the derivations of CS224n assignment 2 and CS224d problem set 1 warn about, each applied to the ANALYTIC
 * gradient only. The numeric gradient always comes from the correct loss, so the check shows which
 * parameters the mistake reaches and by how much. The model is never touched (the check works on copies).
 */
import { UserInputError } from '../errors';
import type { LossKind } from '../train/types';

export type BrokenGradientId = 'sign-flip' | 'dropped-uo' | 'missing-one-minus-sigma' | 'neg-grad-on-outside' | 'softmax-no-shift';

/** 'neg' / 'softmax': the word2vec window check under that loss; 'network': the one-hidden-layer network. */
export type BrokenTarget = LossKind | 'network';

export interface BrokenGradient {
  id: BrokenGradientId;
  label: string;
  /** Exactly what is computed instead, per target it applies to. */
  wrong: Partial<Record<BrokenTarget, string>>;
  /** The parameter groups the broken term feeds, per target: the errors must light up there. */
  feeds: Partial<Record<BrokenTarget, string[]>>;
}

export const BROKEN_GRADIENTS: readonly BrokenGradient[] = [
  {
    id: 'sign-flip',
    label: 'Sign flip',
    wrong: {
      softmax: '∂J/∂v_c = Uᵀ(y − ŷ) instead of Uᵀ(ŷ − y): the sign printed in CS224d problem set 1, eq. 3.4–3.5 (t_j − ŷ_j).',
      neg: '∂J/∂v_c = −(1 − σ(u_oᵀv_c))u_o − Σ_k σ(u_kᵀv_c)u_k: the negative samples’ sum subtracted instead of added, as printed in CS224d problem set 1, eq. 3.15.',
      network: 'Output error δ = y − ŷ instead of ŷ − y: the sign printed in CS224d problem set 1, eq. 2.9 (t_i − ŷ_i); it reaches every layer.',
    },
    feeds: { softmax: ['center vectors'], neg: ['center vectors'], network: ['W1', 'b1', 'W2', 'b2'] },
  },
  {
    id: 'dropped-uo',
    label: 'Dropped −u_o term',
    wrong: {
      softmax: '∂J/∂v_c = Uᵀŷ = Σ_w ŷ_w u_w: the −u_o (= −Uᵀy) term from differentiating −u_oᵀv_c is dropped.',
      neg: '∂J/∂v_c = Σ_k σ(u_kᵀv_c)u_k: the −(1 − σ(u_oᵀv_c))u_o term of the true outside word is dropped.',
    },
    feeds: { softmax: ['center vectors'], neg: ['center vectors'] },
  },
  {
    id: 'missing-one-minus-sigma',
    label: 'Missing (1 − σ) factor',
    wrong: {
      neg: '∂J/∂u_o = −v_c instead of −(1 − σ(u_oᵀv_c))v_c: d/dx[−log σ(x)] taken as −1, losing the factor 1 − σ(x).',
      network: 'σ′(z) taken as σ(z) instead of σ(z)(1 − σ(z)) in the hidden layer’s error.',
    },
    feeds: { neg: ['outside vectors'], network: ['W1', 'b1'] },
  },
  {
    id: 'neg-grad-on-outside',
    label: 'Negative samples’ gradient applied to the outside word',
    wrong: {
      neg: '∂J/∂u_o = σ(u_oᵀv_c)v_c, the form of a negative sample (CS224d problem set 1, eq. 3.12, t = 0), instead of (σ(u_oᵀv_c) − 1)v_c (eq. 3.14, t = 1).',
    },
    feeds: { neg: ['outside vectors'] },
  },
  {
    id: 'softmax-no-shift',
    label: 'Softmax without the shift, on large inputs',
    wrong: {
      softmax: 'ŷ = exp(s)/Σ exp(s) without subtracting max(s) (CS224d problem set 1, §1), at the center vectors scaled so the largest score u_wᵀv_c is 1000: exp overflows to ∞ and ŷ becomes ∞/∞ = NaN. The loss and the numeric gradient use the shifted softmax at the same point.',
    },
    feeds: { softmax: ['center vectors', 'outside vectors'] },
  },
];

/** The variant with this id, checked to apply to the target; a clear error otherwise. */
export function brokenGradient(id: string | undefined, target: BrokenTarget): BrokenGradient | undefined {
  if (id === undefined || id === '') return undefined;
  const b = BROKEN_GRADIENTS.find((x) => x.id === id);
  if (!b) throw new UserInputError(`Unknown broken gradient "${id}"; use one of: ${BROKEN_GRADIENTS.map((x) => x.id).join(', ')}.`);
  if (!b.wrong[target]) {
    const ok = BROKEN_GRADIENTS.filter((x) => x.wrong[target]).map((x) => x.id).join(', ');
    throw new UserInputError(`The broken gradient "${id}" does not apply to ${target === 'network' ? 'the network' : `loss '${target}'`}; there use one of: ${ok}.`);
  }
  return b;
}
