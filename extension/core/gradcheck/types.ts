/** The request and result of a window gradient check (the contract in the project brief). */
import type { AliasTable } from '../math/alias';
import type { LossKind, ModelKind } from '../train/types';

export interface WindowCheckRequest {
  model: ModelKind;
  loss: LossKind;
  dim: number;
  vocabSize: number;
  /** vocabSize x dim, row-major; never modified. */
  centerVectors: Float32Array | Float64Array;
  /** vocabSize x dim, row-major; never modified. */
  outsideVectors: Float32Array | Float64Array;
  centerIdx: number;
  contextIdxs: number[];
  /** K, for loss 'neg' (required there). */
  negatives?: number;
  /** The unigram^0.75 table negatives are drawn from; uniform over the vocabulary when absent. */
  negativeTable?: AliasTable;
  /** Seeds the negatives and the sample of other outside rows. */
  seed: number;
  /** Naive softmax over a big vocabulary: check the window's rows plus a seeded sample of others, this many rows in all. */
  maxOutsideRows?: number;
  /** An id from BROKEN_GRADIENTS: the analytic gradient is computed with that mistake. */
  broken?: string;
}

/** 'inner nodes': the hierarchical softmax's output rows (the training kernel's check only). */
export type WindowGroupName = 'center vectors' | 'outside vectors' | 'inner nodes';

/** One parameter group's errors: what every check (window, network) reports per group. */
export interface CheckedGroup {
  /** Parameters checked. */
  count: number;
  /** Parameters of this group that the loss touches (count <= totalInGroup). */
  totalInGroup: number;
  maxRelError: number;
  /** One relative error per checked parameter, row-major. */
  relErrors: Float64Array;
  analytic: Float64Array;
  numeric: Float64Array;
  /** Index into relErrors of the largest error. */
  worstIndex: number;
}

export interface WindowCheckGroup extends CheckedGroup {
  name: WindowGroupName;
  /** Vocabulary rows checked, in the order of the arrays (window rows first); count = rows.length * dim,
   *  and entry i of the arrays is row rows[floor(i / dim)], component i % dim. */
  rows: number[];
}

export interface WindowCheckResult {
  /** The window's loss (float64) at the checked point. */
  loss: number;
  groups: WindowCheckGroup[];
  /** The negatives drawn for each (center, outside) pair ('neg' only; skip-gram: one list per context word). */
  negatives?: number[][];
  /** 1, except for the 'softmax-no-shift' variant, which checks at the center vectors scaled by this factor. */
  inputScale?: number;
}
