/**
 * "Train with a mistake": the planted mistakes of the training kernel (its MUTATION builds, from the
 * same source as the correct kernel). A run may train with one of them to show what it does to the
 * loss, the live kernel check and the neighbours; a correct run never loads a mistaken build. Each
 * mistake also has a checking build, so the live check of such a run checks the kernel that trains.
 * The mutation tests plant each of them and require the kernel check to fail.
 */
import train1 from '../../../build/kernel-mutant-1.wasm';
import check1 from '../../../build/kernel-check-mutant-1.wasm';
import train2 from '../../../build/kernel-mutant-2.wasm';
import check2 from '../../../build/kernel-check-mutant-2.wasm';
import train3 from '../../../build/kernel-mutant-3.wasm';
import check3 from '../../../build/kernel-check-mutant-3.wasm';
import train4 from '../../../build/kernel-mutant-4.wasm';
import check4 from '../../../build/kernel-check-mutant-4.wasm';
import train5 from '../../../build/kernel-mutant-5.wasm';
import check5 from '../../../build/kernel-check-mutant-5.wasm';
import train6 from '../../../build/kernel-mutant-6.wasm';
import check6 from '../../../build/kernel-check-mutant-6.wasm';
import train7 from '../../../build/kernel-mutant-7.wasm';
import check7 from '../../../build/kernel-check-mutant-7.wasm';
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

const TRAINING: Uint8Array<ArrayBuffer>[] = [train1, train2, train3, train4, train5, train6, train7];
const CHECKING: Uint8Array<ArrayBuffer>[] = [check1, check2, check3, check4, check5, check6, check7];

export function kernelMistake(id: string | undefined): KernelMistake | undefined {
  return id ? KERNEL_MISTAKES.find((m) => m.id === id) : undefined;
}

/** The training build with the mistake planted. */
export function mistakenTrainingBytes(m: KernelMistake): Uint8Array<ArrayBuffer> {
  return TRAINING[m.mutation - 1];
}

/** The checking build with the same mistake (the live check of a mistaken run checks what trains). */
export function mistakenCheckingBuild(m: KernelMistake): { name: string; bytes: Uint8Array<ArrayBuffer> } {
  return { name: `check-mutant-${m.mutation}`, bytes: CHECKING[m.mutation - 1] };
}
