/**
 * Gradient-check reports over a run: the worst relative error per parameter group for each report
 * (for the "max per group over time" chart) and the latest report in full (for the distribution).
 * Reports come every few seconds, so a run keeps them all up to `capacity`; past that, neighbours
 * merge in pairs keeping the worse error, so spikes are never hidden. Pure: used by both sides.
 */
import type { GradCheckReport } from '../core/train/types';

export interface GradCheckPoint {
  /** Words processed when the check ran. */
  x: number;
  centerWord: string;
  groups: { name: string; count: number; maxRelError: number }[];
}

export interface GradHistoryState {
  capacity: number;
  reports: number;
  points: GradCheckPoint[];
  latest?: GradCheckReport;
}

export const DEFAULT_GRAD_CAPACITY = 1024;

export class GradHistory {
  private capacity: number;
  private reports = 0;
  private points: GradCheckPoint[] = [];
  private latestReport: GradCheckReport | undefined;

  constructor(capacity = DEFAULT_GRAD_CAPACITY) {
    this.capacity = capacity;
  }

  static fromState(s: GradHistoryState): GradHistory {
    const h = new GradHistory(s.capacity);
    h.reports = s.reports;
    h.points = s.points.slice();
    h.latestReport = s.latest;
    return h;
  }

  state(): GradHistoryState {
    const s: GradHistoryState = { capacity: this.capacity, reports: this.reports, points: this.points.slice() };
    if (this.latestReport) s.latest = this.latestReport;
    return s;
  }

  get size(): number {
    return this.reports;
  }

  get latest(): GradCheckReport | undefined {
    return this.latestReport;
  }

  series(): readonly GradCheckPoint[] {
    return this.points;
  }

  add(r: GradCheckReport): void {
    this.reports++;
    this.latestReport = r;
    if (this.points.length === this.capacity) this.mergePairs();
    this.points.push({
      x: r.wordsProcessed,
      centerWord: r.centerWord,
      groups: r.groups.map((g) => ({ name: g.name, count: g.count, maxRelError: g.maxRelError })),
    });
  }

  private mergePairs(): void {
    const out: GradCheckPoint[] = [];
    for (let i = 0; i + 1 < this.points.length; i += 2) {
      const a = this.points[i], b = this.points[i + 1];
      const worse = (name: string, fallback: { name: string; count: number; maxRelError: number }) => {
        const other = a.groups.find((g) => g.name === name);
        if (!other || !(other.maxRelError > fallback.maxRelError)) return fallback;
        return other;
      };
      out.push({ x: b.x, centerWord: b.centerWord, groups: b.groups.map((g) => worse(g.name, g)) });
    }
    if (this.points.length % 2 === 1) out.push(this.points[this.points.length - 1]);
    this.points = out;
  }
}
