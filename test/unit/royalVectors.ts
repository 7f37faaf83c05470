import { WordVectors } from '../../extension/core/vectors/WordVectors';

/**
 * Hand-built vectors with the answers built in: axis 0 is royalty, axis 1 is female, axis 2 is
 * "person", axis 3 is fruit. king - man + woman lands exactly on queen's direction, and neighbours
 * stay in their group. Tests add rows of their own.
 */
export const ROYAL_ROWS: [string, number[]][] = [
  ['man', [0, 0, 1, 0]],
  ['woman', [0, 1, 1, 0]],
  ['king', [1, 0, 1, 0]],
  ['queen', [1, 1, 1, 0]],
  ['apple', [0, 0, 0, 1]],
  ['pear', [0, 0.1, 0, 1]],
  ['prince', [1, 0, 1.2, 0]],
];

export function royalVectors(extra: [string, number[]][] = [], counts = false): WordVectors {
  const rows = [...ROYAL_ROWS, ...extra];
  return new WordVectors(rows.map((r) => r[0]), 4, Float32Array.from(rows.flatMap((r) => r[1])), counts ? rows.map((_, i) => 100 - i) : undefined);
}
