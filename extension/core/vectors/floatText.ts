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
