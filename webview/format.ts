/** Number formatting for the dashboard (English, fixed, so screenshots and tests are stable). */

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInt(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? intFormat.format(n) : '–';
}

/** 1234567 -> "1.23M", for axis ticks. */
export function formatCompact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${+(n / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return `${+n.toPrecision(3)}`;
}

export function formatNum(n: number | null | undefined, digits = 4): string {
  if (typeof n !== 'number') return '–';
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '−∞';
  return `${+n.toPrecision(digits)}`;
}

/** A relative error: "3.2e-9". */
export function formatErr(n: number | null | undefined): string {
  if (typeof n !== 'number') return '–';
  if (Number.isNaN(n)) return 'NaN';
  if (n === 0) return '0';
  return n.toExponential(1).replace('e+', 'e');
}

export function formatDuration(sec: number | null | undefined): string {
  if (typeof sec !== 'number' || !Number.isFinite(sec) || sec < 0) return '–';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(r).padStart(2, '0')}s`;
  return sec < 10 ? `${+sec.toFixed(1)} s` : `${s} s`;
}
