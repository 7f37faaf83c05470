/**
 * The loss curve of one run, decimated so that a run of millions of updates stays a few thousand
 * points: consecutive points are grouped into buckets of `per` points; each bucket keeps its
 * lowest and highest raw loss (so spikes survive) and the sums of its points' x and loss (for
 * their mean). When the buckets reach `capacity`, neighbours merge in pairs and `per` doubles.
 * The smoothed line is a centred local linear fit through the buckets' means (smoothPoints).
 *
 * Pure and deterministic: the extension and the webview both run it (no vscode, no DOM), so
 * the webview that applies the same appends to a snapshot ends up with the same buckets.
 */

/** One point of the curve: x = words processed, raw = the engine's mean loss per pair over the words since its previous point. */
export interface LossPoint {
  x: number;
  raw: number;
}

/** Serialisable state: `per` points per full bucket, and buckets as flat numbers (BUCKET_FIELDS each). */
export interface LossHistoryState {
  capacity: number;
  per: number;
  /** Points added in total (skipped non-finite ones excluded). */
  added: number;
  /** Non-finite points ignored (a divergent run). */
  skipped: number;
  buckets: number[];
}

// n, minX, minY, maxX, maxY, sumX, sumY
const F = 7;
export const BUCKET_FIELDS = F;
export const DEFAULT_LOSS_CAPACITY = 2048;

export class LossHistory {
  private capacity: number;
  private per = 1;
  private added = 0;
  private skipped = 0;
  private b: number[] = [];

  constructor(capacity = DEFAULT_LOSS_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 4 || capacity % 2 !== 0) {
      throw new Error(`LossHistory capacity must be an even integer >= 4, got ${capacity}`);
    }
    this.capacity = capacity;
  }

  static fromState(s: LossHistoryState): LossHistory {
    const h = new LossHistory(s.capacity);
    h.per = s.per;
    h.added = s.added;
    h.skipped = s.skipped;
    h.b = s.buckets.slice();
    return h;
  }

  state(): LossHistoryState {
    return { capacity: this.capacity, per: this.per, added: this.added, skipped: this.skipped, buckets: this.b.slice() };
  }

  get size(): number {
    return this.added;
  }

  get bucketCount(): number {
    return this.b.length / F;
  }

  get pointsPerBucket(): number {
    return this.per;
  }

  get skippedCount(): number {
    return this.skipped;
  }

  /** Adds one point; non-finite losses (divergence) are counted and ignored. Returns false when ignored. */
  add(p: LossPoint): boolean {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.raw)) {
      this.skipped++;
      return false;
    }
    this.added++;
    const n = this.b.length;
    if (n > 0 && this.b[n - F] < this.per) {
      const o = n - F;
      const b = this.b;
      b[o] += 1;
      if (p.raw < b[o + 2]) { b[o + 1] = p.x; b[o + 2] = p.raw; }
      if (p.raw >= b[o + 4]) { b[o + 3] = p.x; b[o + 4] = p.raw; }
      b[o + 5] += p.x;
      b[o + 6] += p.raw;
      return true;
    }
    if (n / F === this.capacity) this.mergePairs();
    this.b.push(1, p.x, p.raw, p.x, p.raw, p.x, p.raw);
    return true;
  }

  private mergePairs(): void {
    const b = this.b;
    const out: number[] = [];
    for (let o = 0; o < b.length; o += 2 * F) {
      const q = o + F;
      out.push(
        b[o] + b[q],
        b[q + 2] < b[o + 2] ? b[q + 1] : b[o + 1],
        Math.min(b[o + 2], b[q + 2]),
        b[q + 4] >= b[o + 4] ? b[q + 3] : b[o + 3],
        Math.max(b[o + 4], b[q + 4]),
        b[o + 5] + b[q + 5],
        b[o + 6] + b[q + 6],
      );
    }
    this.b = out;
    this.per *= 2;
  }

  /** Raw points to draw, sorted by x: each bucket's minimum and maximum (one point when they coincide). */
  rawPoints(): { x: number; y: number }[] {
    const out: { x: number; y: number }[] = [];
    const b = this.b;
    for (let o = 0; o < b.length; o += F) {
      const minX = b[o + 1], minY = b[o + 2], maxX = b[o + 3], maxY = b[o + 4];
      if (minX === maxX) out.push({ x: minX, y: minY === maxY ? minY : Math.max(minY, maxY) });
      else if (minX < maxX) out.push({ x: minX, y: minY }, { x: maxX, y: maxY });
      else out.push({ x: maxX, y: maxY }, { x: minX, y: minY });
    }
    return out;
  }

  /** Each bucket's mean point: the mean x and the mean loss of the points it holds. */
  meanPoints(): { x: number; y: number; n: number }[] {
    const out: { x: number; y: number; n: number }[] = [];
    for (let o = 0; o < this.b.length; o += F) {
      const n = this.b[o];
      out.push({ x: this.b[o + 5] / n, y: this.b[o + 6] / n, n });
    }
    return out;
  }

  /** The smoothed curve: smoothLoss() of the buckets' means. */
  smoothPoints(): { x: number; y: number }[] {
    return smoothLoss(this.meanPoints());
  }
}

/**
 * A smoothed line that follows the data: at each point, a straight line fitted by weighted least
 * squares to the 2h + 1 nearest points (tricube weights in the distance in points, times each
 * point's count), evaluated there. Centred, so it does not lag behind a falling loss as a running
 * average does; a local line rather than a local mean, so it keeps the slope at the ends, where
 * the window can only reach back (it then takes as many points as inside, to stay as steady).
 * h: about a 25th of the points, at least 2.
 */
export function smoothLoss(points: readonly { x: number; y: number; n?: number }[], h = Math.max(2, Math.round(points.length / 25))): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  const last = points.length - 1;
  for (let i = 0; i < points.length; i++) {
    const lo = Math.max(0, Math.min(i - h, last - 2 * h));
    const hi = Math.min(last, lo + 2 * h);
    const reach = Math.max(i - lo, hi - i) + 1;
    let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    const x0 = points[i].x;
    for (let j = lo; j <= hi; j++) {
      const d = Math.abs(j - i) / reach;
      const w = (1 - d * d * d) ** 3 * (points[j].n ?? 1);
      const dx = points[j].x - x0;
      sw += w; sx += w * dx; sy += w * points[j].y; sxx += w * dx * dx; sxy += w * dx * points[j].y;
    }
    const varX = sxx * sw - sx * sx;
    // The line's value at x0 (dx = 0) is its intercept; with all x equal, the weighted mean.
    const y = varX > 1e-12 * sw * sxx ? (sy * sxx - sx * sxy) / varX : sy / sw;
    out.push({ x: x0, y });
  }
  return out;
}

/** Checks a LossHistoryState that came from outside (webview state restored after a reload). */
export function isLossHistoryState(v: unknown): v is LossHistoryState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const int = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  if (!int(s.capacity) || s.capacity < 4 || s.capacity % 2 !== 0 || s.capacity > 1 << 20) return false;
  if (!int(s.per) || s.per < 1 || !int(s.added) || !int(s.skipped)) return false;
  if (!Array.isArray(s.buckets) || s.buckets.length % F !== 0 || s.buckets.length / F > s.capacity) return false;
  return s.buckets.every((x) => typeof x === 'number' && Number.isFinite(x));
}
