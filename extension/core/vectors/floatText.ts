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
