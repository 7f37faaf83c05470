/**
 * Float32 <-> decimal text for the word2vec text format, exact in both directions: a number written
 * by formatFloat32 and read back by parseFloatToken gives the same float32 bits.
 */

/**
 * A short decimal (at most 9 significant digits, which always suffice for float32; the shortest
 * when that has 6 to 9) that reads back,
 * through parseFloatToken, as exactly `x` (a float32 value). The check uses the reader's own path
 * (decimal -> double -> float32), so the round trip is exact by construction.
 */
export function formatFloat32(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  // Most float32 values need 7 or 8 digits: start at 7 (then try 6, which also yields the short
  // forms of round values, as String() drops trailing zeros), else 8, else 9.
  const at = (p: number): string | undefined => {
    const n = Number(x.toPrecision(p));
    return Math.fround(n) === x ? String(n) : undefined;
  };
  const seven = at(7);
  if (seven !== undefined) return at(6) ?? seven;
  return at(8) ?? String(Number(x.toPrecision(9)));
}

/** The longest text formatFloat32 gives: "-0.00000123456789" is 17 bytes, a 21-digit integer with its sign 22. */
export const FLOAT32_TEXT_MAX_BYTES = 22;

/**
 * formatFloat32(x)'s text, written as ASCII into out[at...] (room for FLOAT32_TEXT_MAX_BYTES);
 * returns where it ends. The same steps in integer and double arithmetic, without making a
 * string: writing millions of numbers as strings filled V8's young generation with garbage (the
 * peak memory of writing a model's text vectors). Where doubles cannot decide a step exactly (a
 * rounding too near a tie, a power of ten beyond 10^22: numbers below about 1e-14, or NaN, ±inf
 * and ±0) it writes formatFloat32's own string.
 */
export function writeFloat32(x: number, out: Uint8Array, at: number): number {
  if (x !== 0 && Number.isFinite(x)) {
    const ax = Math.abs(x);
    let r = roundTo(ax, 7, true);
    if (r === 1) {
      const n7 = roundedN, q7 = roundedQ;
      r = roundTo(ax, 6, true);
      if (r === 0) { roundedN = n7; roundedQ = q7; r = 1; }
    } else if (r === 0) {
      r = roundTo(ax, 8, true);
      if (r === 0) r = roundTo(ax, 9, false);
    }
    if (r === 1) return writeDecimal(x < 0, roundedN, roundedQ, out, at);
  }
  const s = formatFloat32(x);
  for (let i = 0; i < s.length; i++) out[at++] = s.charCodeAt(i);
  return at;
}

/** roundTo's answer: the decimal roundedN x 10^roundedQ. */
let roundedN = 0;
let roundedQ = 0;

/**
 * `ax` (> 0) rounded to p significant digits as toPrecision(p) rounds it (the nearest, a tie to
 * the larger), into roundedN and roundedQ. Returns 1 when that decimal, read as a double (as
 * Number() reads it: correctly rounded), is `ax` again as a float32 (or when `check` is false);
 * 0 when it is not; -1 when double arithmetic cannot tell exactly.
 */
function roundTo(ax: number, p: number, check: boolean): number {
  const k = p - 1 - Math.floor(Math.log10(ax));
  if (k > 22 || k < -22) return -1;
  // One correctly rounded operation with an exact power of ten: y is within y * 2^-53 of the exact value.
  const y = k >= 0 ? ax * POW10[k] : ax / POW10[-k];
  // log10 a hair off near a power of ten, or a rounding up to 10^p: rare, left to formatFloat32.
  if (y < POW10[p - 1] || y >= POW10[p] - 0.5) return -1;
  const floor = Math.floor(y);
  const frac = y - floor;
  if (Math.abs(frac - 0.5) <= y * 2 ** -50) return -1;
  const n = frac > 0.5 ? floor + 1 : floor;
  // n < 2^53 and 10^|k| are exact: one operation gives the correctly rounded double, as Number() would.
  if (check && Math.fround(k >= 0 ? n / POW10[k] : n * POW10[-k]) !== ax) return 0;
  roundedN = n;
  roundedQ = -k;
  return 1;
}

const DIGITS = new Uint8Array(10);

/**
 * n x 10^q (n < 10^9) as String() writes the double nearest to it: that double's shortest decimal
 * is this one (two decimals of at most 9 digits are too far apart to read as one double), so the
 * digits are n's without its trailing zeros, laid out by Number::toString's rules.
 */
function writeDecimal(negative: boolean, n: number, q: number, out: Uint8Array, at: number): number {
  if (negative) out[at++] = 0x2d;
  while (n % 10 === 0) { n /= 10; q++; }
  let k = 0;
  for (let s = n; s > 0; s = (s - (s % 10)) / 10) k++;
  for (let i = k - 1, s = n; i >= 0; i--, s = (s - (s % 10)) / 10) DIGITS[i] = 0x30 + (s % 10);
  // The decimal point after the first `point` digits (Number::toString's n).
  const point = q + k;
  if (k <= point && point <= 21) {
    for (let i = 0; i < k; i++) out[at++] = DIGITS[i];
    for (let i = k; i < point; i++) out[at++] = 0x30;
  } else if (0 < point && point <= 21) {
    for (let i = 0; i < point; i++) out[at++] = DIGITS[i];
    out[at++] = 0x2e;
    for (let i = point; i < k; i++) out[at++] = DIGITS[i];
  } else if (-6 < point && point <= 0) {
    out[at++] = 0x30;
    out[at++] = 0x2e;
    for (let i = point; i < 0; i++) out[at++] = 0x30;
    for (let i = 0; i < k; i++) out[at++] = DIGITS[i];
  } else {
    out[at++] = DIGITS[0];
    if (k > 1) {
      out[at++] = 0x2e;
      for (let i = 1; i < k; i++) out[at++] = DIGITS[i];
    }
    const e = point - 1;
    out[at++] = 0x65;
    out[at++] = e < 0 ? 0x2d : 0x2b;
    const ae = Math.abs(e);
    if (ae >= 10) out[at++] = 0x30 + Math.floor(ae / 10);
    out[at++] = 0x30 + (ae % 10);
  }
  return at;
}

// What Python's float() accepts for a word2vec number, minus underscores and surrounding blanks.
const NUMBER = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** A decimal token as a number, or undefined when it is not one (Number('') or Number('0x1f') would be too lenient). */
export function parseFloatToken(token: string): number | undefined {
  if (NUMBER.test(token)) return Number(token);
  const m = SPECIAL.exec(token);
  if (!m) return undefined;
  if (m[2].toLowerCase() === 'nan') return NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}

/** Exact powers of ten as doubles (10^22 is the largest that is exact). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const MAX_EXACT = 2 ** 53;

/**
 * The decimal in bytes[start, end) as a number, without making a string: the value Number() gives
 * for the same text (so reading stays exact), or undefined when the bytes are not a plain decimal
 * ("nan", "inf" and anything malformed go to parseFloatToken's slower, stricter path).
 *
 * Fast path (Clinger 1990): when the significant digits fit in 2^53 and the power of ten is at most
 * 22, the mantissa and 10^|e| are both exact doubles, so one multiplication or division, which IEEE
 * rounds correctly, gives the correctly rounded value. Other numbers (more than 15 to 16 digits,
 * tiny or huge exponents) fall back to Number() on the token's text.
 */
export function parseDecimalBytes(b: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  let neg = false;
  if (b[i] === 0x2d) { neg = true; i++; } else if (b[i] === 0x2b) i++;
  let m = 0;
  let exp = 0;
  let digits = 0;
  let exact = true;
  for (; i < end; i++) {
    const d = b[i] - 0x30;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    digits++;
  }
  if (i < end && b[i] === 0x2e) {
    for (i++; i < end; i++) {
      const d = b[i] - 0x30;
      if (d < 0 || d > 9) break;
      m = m * 10 + d;
      exp--;
      digits++;
    }
  }
  if (digits === 0) return undefined;
  if (i < end && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    let eneg = false;
    if (b[i] === 0x2d) { eneg = true; i++; } else if (b[i] === 0x2b) i++;
    let e = 0;
    const from = i;
    for (; i < end; i++) {
      const d = b[i] - 0x30;
      if (d < 0 || d > 9) break;
      if (e < 1e6) e = e * 10 + d;
    }
    if (i === from) return undefined;
    exp += eneg ? -e : e;
  }
  if (i !== end) return undefined;
  if (m >= MAX_EXACT) exact = false;
  if (exact && exp >= -22 && exp <= 22) {
    const v = exp < 0 ? m / POW10[-exp] : m * POW10[exp];
    return neg ? -v : v;
  }
  return Number(Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1'));
}
