/**
 * "Train with a mistake": the planted mistakes of the training kernel (its MUTATION builds, from the
 * same source as the correct kernel). A run may train with one of them to show what it does to the
 * loss, the live kernel check and the neighbours; a correct run never loads a mistaken build. Each
 * mistake also has a checking build, so the live check of such a run checks the kernel that trains.
 * The mutation tests plant each of them and require the kernel check to fail. The builds themselves
 * are in mistakeBuilds.ts (this list is also the dashboard page's, which carries no WebAssembly).
 */
import type { ModelKind, TrainLoss } from './types';

export type KernelMistakeId =
  | 'missing-lr-output' | 'dropped-one-minus-sigma' | 'wrong-target-error' | 'unscaled-cbow-context'
  | 'negative-sign-flip' | 'softmax-dropped-label' | 'missing-lr-input';

export interface KernelMistake {
  id: KernelMistakeId;
  /** The kernel's MUTATION constant. */
  mutation: number;
  label: string;
  /** What the kernel does wrong, in the formulas' terms. */
  wrong: string;
  /** The models and losses whose update the mistake changes. */
  models: ModelKind[];
  losses: TrainLoss[];
}

const ALL_MODELS: ModelKind[] = ['skipgram', 'cbow'];
const LOGISTIC: TrainLoss[] = ['neg', 'hs'];

export const KERNEL_MISTAKES: readonly KernelMistake[] = [
  { id: 'missing-lr-output', mutation: 1, label: 'missing learning rate (output rows)', wrong: 'u ← u + (label − σ)·x instead of u ← u + α(label − σ)·x: the output rows step without the learning rate α.', models: ALL_MODELS, losses: ['neg', 'softmax', 'hs'] },
  { id: 'dropped-one-minus-sigma', mutation: 2, label: 'dropped (1 − σ) factor', wrong: 'The positive target\'s error is 1 instead of 1 − σ(uᵀx) (hierarchical softmax: every label-1 node\'s).', models: ALL_MODELS, losses: LOGISTIC },
  { id: 'wrong-target-error', mutation: 3, label: 'output rows stepped with the wrong target\'s error', wrong: 'Every output row of a pair steps with the first target\'s error (the positive word\'s, or the root\'s) instead of its own.', models: ALL_MODELS, losses: LOGISTIC },
  { id: 'unscaled-cbow-context', mutation: 4, label: 'unscaled CBOW context update', wrong: 'Corrected CBOW adds the whole hidden error to each of the n context vectors instead of 1/n of it.', models: ['cbow'], losses: ['neg', 'softmax', 'hs'] },
  { id: 'negative-sign-flip', mutation: 5, label: 'negatives\' error with the wrong sign', wrong: 'The negatives\' error is +σ(u_kᵀx) instead of −σ(u_kᵀx) (hierarchical softmax: every label-0 node\'s).', models: ALL_MODELS, losses: LOGISTIC },
  { id: 'softmax-dropped-label', mutation: 6, label: 'naive softmax without the one-hot y', wrong: 'The naive softmax\'s error is −ŷ for every word, the target too, instead of y − ŷ.', models: ALL_MODELS, losses: ['softmax'] },
  { id: 'missing-lr-input', mutation: 7, label: 'missing learning rate (input rows)', wrong: 'v ← v + Σ (label − σ)·u instead of v ← v + α Σ (label − σ)·u: the input rows step without the learning rate α.', models: ALL_MODELS, losses: ['neg', 'softmax', 'hs'] },
];

export function kernelMistake(id: string | undefined): KernelMistake | undefined {
  return id ? KERNEL_MISTAKES.find((m) => m.id === id) : undefined;
}
