/**
 * The one seeded pseudo-random generator of the project: xoshiro128** (Blackman & Vigna, 2018;
 * 128-bit state, period 2^128 - 1, passes BigCrush), seeded by splitmix32 from a single number.
 * Every place randomness enters (initial vectors, negative samples, windows, sampled rows of a
 * gradient check) draws from one of these, so the same seed gives the same run.
 * 32-bit integer arithmetic only (Math.imul, >>>), so it is exact and fast in JS.
 */
import { UserInputError } from '../errors';
import { Matrix, matrix } from './matrix';

function splitmix32(state: number): () => number {
  let a = state | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Any finite number is a seed; integers up to 2^53 are all distinct seeds. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new UserInputError(`The random seed must be a finite number, got ${seed}.`);
    const s = Math.trunc(seed);
    const lo = s >>> 0;
    const hi = Math.floor(s / 4294967296) >>> 0;
    const mix = splitmix32(lo ^ Math.imul(hi, 0x85ebca6b));
    this.s0 = mix() | 0;
    this.s1 = mix() | 0;
    this.s2 = mix() | 0;
    this.s3 = mix() | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits (two draws), like Math.random. */
  next(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new UserInputError(`Rng.int needs a positive integer bound, got ${n}.`);
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi], both ends included (Python's random.randint). */
  intRange(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) throw new UserInputError(`Rng.intRange needs integers lo <= hi, got ${lo}, ${hi}.`);
    return lo + this.int(hi - lo + 1);
  }

  /** Standard normal (Box-Muller; 1 - next() is in (0, 1], so the log is finite). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

export function makeRng(seed: number): Rng {
  return new Rng(seed);
}

/** A rows x cols matrix of independent N(0, scale^2) entries. */
export function randn(rows: number, cols: number, rng: Rng, scale = 1): Matrix {
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = scale * rng.normal();
  return m;
}
