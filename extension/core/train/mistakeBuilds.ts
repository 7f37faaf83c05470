/** The WebAssembly builds of the planted mistakes (KERNEL_MISTAKES): training and checking, mistake N at index N − 1. */
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
import type { KernelMistake } from './mistakes';

const TRAINING: Uint8Array<ArrayBuffer>[] = [train1, train2, train3, train4, train5, train6, train7];
const CHECKING: Uint8Array<ArrayBuffer>[] = [check1, check2, check3, check4, check5, check6, check7];

/** The training build with the mistake planted. */
export function mistakenTrainingBytes(m: KernelMistake): Uint8Array<ArrayBuffer> {
  return TRAINING[m.mutation - 1];
}

/** The checking build with the same mistake (the live check of a mistaken run checks what trains). */
export function mistakenCheckingBuild(m: KernelMistake): { name: string; bytes: Uint8Array<ArrayBuffer> } {
  return { name: `check-mutant-${m.mutation}`, bytes: CHECKING[m.mutation - 1] };
}
