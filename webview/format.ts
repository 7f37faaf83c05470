/** Number formatting for the dashboard (English, fixed, so screenshots and tests are stable). */
import { formatDuration as formatSharedDuration } from '../extension/shared/format';

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

/** A duration as everywhere else (extension/shared/format.ts); '–' when unknown. */
export const formatDuration = (sec: number | null | undefined): string => formatSharedDuration(sec, '–');
