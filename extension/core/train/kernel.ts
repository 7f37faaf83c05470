import kernelBytes from '../../../build/kernel.wasm';
import type { MemoryLayout } from './layout';
import type { KernelMistake } from './mistakes';
import { mistakenTrainingBytes } from './mistakeBuilds';
import type { TrainLoss } from './types';

/** The exports of the WebAssembly kernel (extension/core/train/assembly/kernel.ts). */
export interface KernelExports {
  configure(model: number, loss: number, vocab: number, stride: number, window: number, negative: number,
    syn0: number, syn1: number, sig: number, lossPos: number, lossNeg: number, keep: number, neg: number,
    sen: number, neu1: number, neu1e: number, scores: number, negs: number, cancel: number, seedLo: number, seedHi: number,
    cbowUpdate: number): void;
  /** Checking builds: the byte offset of the shadow matrices the updates are deferred into. */
  configureDefer(bytes: number): void;
  /** The width of the corpus ids trainChunk reads: 2 (u16, 0xffff ends a sentence) or 4 (i32, -1). */
  configureIds(bytes: number): void;
  /** Hierarchical softmax: the Huffman tree's paths (i32 arrays: offsets, points, codes). */
  configureTree(offsets: number, points: number, codes: number): void;
  /** Checking builds: record the next window's terms at `at` (TRACE_BYTES each, up to max); 0 = off. */
  configureTrace(at: number, max: number): void;
  /** The terms recorded. */
  traced(): number;
  /** 4 (the training build, float32) or 8 (the checking build, float64). */
  realBytes(): number;
  /** The planted mistake of a mutation-test build (0: none). */
  mutation(): number;
  initWeights(dim: number): void;
  trainChunk(ids: number, start: number, end: number, alpha: number): number;
  /** One window's update (the n words at `sen`, the center at centerPos) with the given negatives (0: drawn); returns its loss. */
  windowUpdate(n: number, centerPos: number, alpha: number, negatives: number): number;
  lossTotal(): number;
  pairTotal(): number;
  diverged(): number;
}

/** The kernel's lossKind for each loss. */
export const LOSS_CODES: Record<TrainLoss, number> = { neg: 0, softmax: 1, hs: 2 };

const compiled = new Map<string, WebAssembly.Module>();

/**
 * The compiled kernel module (compiled once per thread; it can also be posted to workers): the
 * correct training build, or the build with a planted mistake for a run that asks for one.
 */
export function kernelModule(mistake?: KernelMistake): WebAssembly.Module {
  const key = mistake?.id ?? '';
  let m = compiled.get(key);
  if (!m) {
    m = new WebAssembly.Module(mistake ? mistakenTrainingBytes(mistake) : kernelBytes);
    compiled.set(key, m);
  }
  return m;
}

export function sharedMemory(layout: MemoryLayout): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
}

export interface KernelConfig {
  model: 'skipgram' | 'cbow';
  loss: TrainLoss;
  cbowUpdate: 'corrected' | 'word2vec';
  window: number;
  negative: number;
}

/**
 * An instance of the kernel over the shared memory, configured for one worker (its scratch region
 * and its own random stream, seeded from the run's seed and the worker's index).
 */
export function instantiateKernel(module: WebAssembly.Module, memory: WebAssembly.Memory, layout: MemoryLayout,
  config: KernelConfig, worker: number, seed: number): KernelExports {
  const instance = new WebAssembly.Instance(module, {
    env: {
      memory,
      abort: () => { throw new Error('word2vec kernel aborted'); },
    },
  });
  const k = instance.exports as unknown as KernelExports;
  const s = layout.scratch[Math.max(0, worker)]; // worker -1: the coordinator, which only initialises the weights
  // Each worker's LCG starts from the seed mixed with its index (word2vec.c seeds by thread id).
  const mixed = BigInt.asUintN(64, BigInt(seed) * 6364136223846793005n + BigInt(worker + 1) * 1442695040888963407n);
  k.configure(config.model === 'cbow' ? 1 : 0, LOSS_CODES[config.loss], layout.vocab, layout.stride,
    config.window, config.negative, layout.syn0, layout.syn1, layout.sigTable, layout.lossPosTable,
    layout.lossNegTable, layout.keepTable, layout.negTable, s.sen, s.neu1, s.neu1e, s.scores, s.negs, layout.cancel,
    Number(mixed & 0xffffffffn) | 0, Number(mixed >> 32n) | 0, config.cbowUpdate === 'word2vec' ? 1 : 0);
  k.configureTree(layout.treeOffsets, layout.treePoints, layout.treeCodes);
  k.configureIds(layout.idBytes);
  return k;
}
