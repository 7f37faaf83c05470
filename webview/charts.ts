/**
 * The dashboard's three charts (loss curve, worst gradient error over time, error histogram).
 * Chart.js registers only what is used (tree-shaken). Streaming settings: no animation, no
 * parsing, sorted {x, y} points, update('none'); the decimation plugin keeps the loss curve at
 * screen resolution. Colours come from the theme and are re-applied by applyTheme().
 */
import {
  BarController, BarElement, CategoryScale, Chart, Decimation, Legend, LinearScale, LineController,
  LineElement, LogarithmicScale, PointElement, Tooltip,
  type ChartDataset, type Plugin, type ScatterDataPoint,
} from 'chart.js';
import type { GradCheckPoint } from '../extension/shared/gradHistory';
import { formatCompact, formatErr, formatInt, formatNum } from './format';
import { type ThemeColours, withAlpha } from './theme';
import { ChartTable } from './chartTable';
import { t } from './l10n';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale,
  LogarithmicScale, CategoryScale, Tooltip, Legend, Decimation);

export const THRESHOLD = 1e-5;

/**
 * What every chart of the dashboard shares: no animation (they stream), sized by their container,
 * the legend at the top right. Fresh objects each call: styleChart changes them per chart.
 */
export function baseOptions() {
  return { animation: false, responsive: true, maintainAspectRatio: false } as const;
}

export function legendOptions() {
  return { position: 'top', align: 'end', labels: { boxWidth: 12, boxHeight: 12 } } as const;
}
/** Relative errors of exactly 0 cannot sit on a log axis: they are drawn at this floor. */
export const ERROR_FLOOR = 1e-16;

type Point = ScatterDataPoint;

/** Draws a dashed line at a value of one axis: the 1e-5 threshold. */
interface ThresholdOptions {
  axis: 'x' | 'y';
  /** A value on the axis, or for a category axis the boundary before this label index (may be fractional). */
  value: number;
  category?: boolean;
  colour: string;
  label: string;
}

const thresholdPlugin: Plugin = {
  id: 'threshold',
  afterDatasetsDraw(chart, _args, options) {
    const opts = options as Partial<ThresholdOptions> | undefined;
    if (!opts || !opts.colour || !opts.axis || opts.value === undefined) return;
    const scale = chart.scales[opts.axis];
    if (!scale) return;
    let px: number;
    if (opts.category) {
      const i = Math.floor(opts.value);
      px = (scale.getPixelForValue(i - 1) + scale.getPixelForValue(i)) / 2;
    } else {
      px = scale.getPixelForValue(opts.value);
    }
    const area = chart.chartArea;
    if (!Number.isFinite(px)) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = opts.colour;
    ctx.fillStyle = opts.colour;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    if (opts.axis === 'y') {
      if (px < area.top || px > area.bottom) { ctx.restore(); return; }
      ctx.moveTo(area.left, px);
      ctx.lineTo(area.right, px);
    } else {
      if (px < area.left || px > area.right) { ctx.restore(); return; }
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = `${Chart.defaults.font.size ?? 12}px ${Chart.defaults.font.family ?? 'sans-serif'}`;
    if (opts.axis === 'y') {
      ctx.textAlign = 'right';
      ctx.textBaseline = 'bottom';
      ctx.fillText(opts.label ?? '', area.right - 4, px - 3);
    } else {
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(opts.label ?? '', px + 4, area.top + 2);
    }
    ctx.restore();
  },
};
Chart.register(thresholdPlugin);

export function applyDefaults(theme: ThemeColours): void {
  Chart.defaults.color = theme.foreground;
  Chart.defaults.borderColor = theme.grid;
  Chart.defaults.font.family = theme.font;
  Chart.defaults.font.size = Math.max(11, theme.fontSize - 1);
}

/** Re-applies a theme to an existing chart: defaults, scales, legend and tooltip (the canvas does not follow CSS). */
export function styleChart(chart: Chart, theme: ThemeColours): void {
  applyDefaults(theme);
  const tooltip = chart.options.plugins?.tooltip;
  if (tooltip) Object.assign(tooltip, tooltipColours(theme));
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (!scale) continue;
    scale.grid = { ...(scale.grid ?? {}), color: theme.grid };
    scale.ticks = { ...(scale.ticks ?? {}), color: theme.foreground };
    const s = scale as { title?: { color?: string } };
    if (s.title) s.title.color = theme.foreground;
    if ('border' in scale) (scale as { border: { color?: string } }).border = { ...(scale as { border: object }).border, color: theme.grid };
  }
  const legend = chart.options.plugins?.legend;
  if (legend?.labels) legend.labels.color = theme.foreground;
}

/** Re-styles a chart for a theme, colours its datasets, and redraws it (a full update: see LossChart.applyTheme). */
export function restyleChart(chart: Chart, theme: ThemeColours, colour: () => void): void {
  styleChart(chart, theme);
  colour();
  chart.update();
}

/** One colour for a line and its points. */
export function paintLine(d: { borderColor?: unknown; backgroundColor?: unknown; pointBackgroundColor?: unknown; pointBorderColor?: unknown }, c: string): void {
  d.borderColor = c;
  d.backgroundColor = c;
  d.pointBackgroundColor = c;
  d.pointBorderColor = c;
}

export function tooltipColours(theme: ThemeColours) {
  return {
    backgroundColor: theme.kind === 'light' || theme.kind === 'high-contrast-light' ? 'rgba(255,255,255,0.95)' : 'rgba(30,30,30,0.95)',
    titleColor: theme.foreground,
    bodyColor: theme.foreground,
    borderColor: theme.highContrast ? theme.foreground : theme.grid,
    borderWidth: 1,
  };
}

// ---------------------------------------------------------------------------------------------

export class LossChart {
  readonly chart: Chart<'line', Point[]>;
  private raw: Point[] = [];
  private smooth: Point[] = [];
  private readonly table: ChartTable;

  constructor(canvas: HTMLCanvasElement, theme: ThemeColours, tableId: string) {
    this.table = new ChartTable(tableId);
    applyDefaults(theme);
    this.chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: t('Mean loss per point'), data: [], showLine: false, pointRadius: 1.5, pointHoverRadius: 3, borderWidth: 0, order: 2 },
          { label: t('Smoothed (centred fit)'), data: [], pointRadius: 0, pointHoverRadius: 3, borderWidth: 2, tension: 0, order: 1 },
        ],
      },
      options: {
        ...baseOptions(),
        parsing: false,
        normalized: true,
        indexAxis: 'x',
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: t('Words processed') }, ticks: { callback: (v) => formatCompact(Number(v)), maxTicksLimit: 8 } },
          y: { type: 'linear', title: { display: true, text: t('Loss per pair') }, ticks: { callback: (v) => formatNum(Number(v), 3) } },
        },
        plugins: {
          decimation: { enabled: true, algorithm: 'min-max' },
          legend: legendOptions(),
          tooltip: { callbacks: { title: (items) => t('{0} words', formatCompact(items[0]?.parsed.x ?? 0)), label: (i) => `${i.dataset.label}: ${formatNum(i.parsed.y)}` } },
        },
      },
    });
    this.applyTheme(theme);
  }

  /**
   * Replaces the drawn points (the history is decimated, so this stays a few thousand). `xMax`:
   * where the x axis ends (see lossAxisEnd in main.ts): the words processed so far while a run
   * goes, so the curve fills the chart and the axis grows with it instead of the curve being
   * squeezed at the left of the whole planned run. `means`: the buckets' mean points, which with
   * `smooth` make the table.
   */
  setData(raw: Point[], smooth: Point[], xMax?: number, means: { x: number; y: number; n: number }[] = []): void {
    this.table.set([t('Words processed'), t('Mean loss'), t('Points averaged'), t('Smoothed')],
      () => means.map((m, i) => [formatInt(m.x), formatNum(m.y), String(m.n), formatNum(smooth[i]?.y)]));
    const x = this.chart.options.scales?.x;
    if (x) {
      x.min = 0;
      // Never cut off a point: the axis reaches at least the last one.
      const end = Math.max(xMax ?? 0, raw.length ? raw[raw.length - 1].x ?? 0 : 0);
      x.max = end > 0 ? end : undefined;
    }
    this.raw = raw;
    this.smooth = smooth;
    // A short run has a handful of points: draw them big enough to see.
    this.chart.data.datasets[0].pointRadius = raw.length < 300 ? 3 : 1.5;
    // The decimation plugin swaps dataset.data for its own view: assign our arrays back each time.
    this.chart.data.datasets[0].data = this.raw;
    this.chart.data.datasets[1].data = this.smooth;
    this.chart.update('none');
  }

  applyTheme(theme: ThemeColours): void {
    const [raw, smooth] = this.chart.data.datasets;
    const rawColour = withAlpha(theme.series[0], theme.highContrast ? 1 : 0.5);
    raw.backgroundColor = rawColour;
    raw.borderColor = rawColour;
    raw.pointBackgroundColor = rawColour;
    raw.pointBorderColor = rawColour;
    raw.pointBorderWidth = 0;
    smooth.borderColor = theme.series[1];
    smooth.backgroundColor = theme.series[1];
    smooth.borderWidth = theme.highContrast ? 3 : 2;
    styleChart(this.chart, theme);
    // Not update('none'): in that mode Chart.js keeps the points' shared options object it made
    // first, so new point colours would never reach the canvas (checked with 4.6.1).
    this.chart.update();
  }
}

// ---------------------------------------------------------------------------------------------

export class GradChart {
  readonly chart: Chart<'line', Point[]>;
  private theme: ThemeColours;
  private readonly table: ChartTable;

  constructor(canvas: HTMLCanvasElement, theme: ThemeColours, tableId: string) {
    this.table = new ChartTable(tableId);
    applyDefaults(theme);
    this.theme = theme;
    this.chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        ...baseOptions(),
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: t('Words processed') }, ticks: { callback: (v) => formatCompact(Number(v)), maxTicksLimit: 8 } },
          y: {
            type: 'logarithmic',
            title: { display: true, text: t('Max relative error') },
            suggestedMin: 1e-11,
            suggestedMax: 1e-3,
            ticks: { callback: (v) => decadeLabel(Number(v)) },
          },
        },
        plugins: {
          legend: legendOptions(),
          tooltip: { callbacks: { title: (items) => t('{0} words', formatCompact(items[0]?.parsed.x ?? 0)), label: (i) => `${i.dataset.label}: ${formatErr(i.parsed.y)}` } },
          // Registered plugin options are not in Chart.js's option types.
          ...({ threshold: { axis: 'y', value: THRESHOLD, colour: theme.threshold, label: t('threshold 1e-5') } } as object),
        },
      },
    });
    this.applyTheme(theme);
  }

  setData(points: readonly GradCheckPoint[]): void {
    const names: string[] = [];
    for (const p of points) for (const g of p.groups) if (!names.includes(g.name)) names.push(g.name);
    this.table.set([t('Words processed'), ...names.map((n) => t('Worst relative error, {0}', n))],
      () => points.map((p) => [formatInt(p.x), ...names.map((n) => formatErr(p.groups.find((g) => g.name === n)?.maxRelError))]));
    const datasets: ChartDataset<'line', Point[]>[] = names.map((name) => ({
      label: name,
      data: points.flatMap((p) => {
        const g = p.groups.find((q) => q.name === name);
        return g ? [{ x: p.x, y: clampErr(g.maxRelError) }] : [];
      }),
      pointRadius: points.length > 200 ? 0 : 2.5,
      borderWidth: 2,
    }));
    this.chart.data.datasets = datasets;
    this.colour();
    // A few hundred points at most: a full update re-resolves the point colours (see LossChart).
    this.chart.update();
  }

  applyTheme(theme: ThemeColours): void {
    this.theme = theme;
    const plugins = this.chart.options.plugins as Record<string, unknown>;
    plugins.threshold = { axis: 'y', value: THRESHOLD, colour: theme.threshold, label: t('threshold 1e-5') };
    restyleChart(this.chart, theme, () => this.colour());
  }

  private colour(): void {
    this.chart.data.datasets.forEach((d, i) => paintLine(d, this.theme.series[i % this.theme.series.length]));
  }
}

// ---------------------------------------------------------------------------------------------

/** Decade bins: bin d holds errors in [10^d, 10^(d+1)); 0 and tiny errors go to the lowest bin. */
export const HIST_MIN_DECADE = -16;
export const HIST_MAX_DECADE = 0;

export function histogram(errors: ArrayLike<number | null>): { decade: number; count: number }[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i];
    let d: number;
    if (e === null || Number.isNaN(e)) d = HIST_MAX_DECADE; // a NaN gradient is as bad as it gets
    else if (e < 10 ** (HIST_MIN_DECADE + 1)) d = HIST_MIN_DECADE;
    else d = Math.min(HIST_MAX_DECADE, Math.floor(Math.log10(e)));
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([decade, count]) => ({ decade, count }));
}

export class HistChart {
  readonly chart: Chart<'bar', number[], string>;
  private theme: ThemeColours;
  private decades: number[] = [];
  private readonly table: ChartTable;

  constructor(canvas: HTMLCanvasElement, theme: ThemeColours, tableId: string) {
    this.table = new ChartTable(tableId);
    applyDefaults(theme);
    this.theme = theme;
    this.chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        ...baseOptions(),
        scales: {
          x: { type: 'category', title: { display: true, text: t('Relative error (decade bins, log scale)') }, grid: { display: false } },
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: t('Parameters') }, ticks: { precision: 0 } },
        },
        plugins: {
          legend: legendOptions(),
          tooltip: { callbacks: { label: (i) => t('{0}: {1} parameters', i.dataset.label ?? '', i.parsed.y ?? 0) } },
        },
      },
    });
    this.applyTheme(theme);
  }

  setData(groups: { name: string; relErrors: ArrayLike<number | null> }[]): void {
    const hists = groups.map((g) => histogram(g.relErrors));
    let lo = -10, hi = -4; // always show the threshold with some room either side
    for (const h of hists) for (const b of h) { lo = Math.min(lo, b.decade); hi = Math.max(hi, b.decade); }
    this.decades = [];
    for (let d = lo; d <= hi; d++) this.decades.push(d);
    this.chart.data.labels = this.decades.map((d) => (d === HIST_MIN_DECADE ? `<1e${d + 1}` : d === HIST_MAX_DECADE ? '≥1' : `1e${d}`));
    this.chart.data.datasets = groups.map((g, i) => ({
      label: g.name,
      data: this.decades.map((d) => hists[i].find((b) => b.decade === d)?.count ?? 0),
      borderWidth: 1,
    }));
    const labels = this.chart.data.labels as string[];
    const datasets = this.chart.data.datasets;
    this.table.set([t('Relative error (decade)'), ...groups.map((g) => t('Parameters, {0}', g.name))],
      () => labels.map((l, i) => [l, ...datasets.map((d) => String(d.data[i]))]));
    this.colour();
    this.chart.update();
  }

  applyTheme(theme: ThemeColours): void {
    this.theme = theme;
    restyleChart(this.chart, theme, () => this.colour());
  }

  private colour(): void {
    const plugins = this.chart.options.plugins as Record<string, unknown>;
    const idx = this.decades.indexOf(Math.log10(THRESHOLD));
    plugins.threshold = idx > 0 ? { axis: 'x', category: true, value: idx, colour: this.theme.threshold, label: '1e-5' } : undefined;
    this.chart.data.datasets.forEach((d, i) => {
      const c = this.theme.series[i % this.theme.series.length];
      d.backgroundColor = withAlpha(c, this.theme.highContrast ? 1 : 0.7);
      d.borderColor = c;
    });
  }
}

function clampErr(e: number | null): number {
  if (e === null || Number.isNaN(e)) return 1;
  return Math.max(ERROR_FLOOR, e);
}

function decadeLabel(v: number): string {
  const l = Math.log10(v);
  return Math.abs(l - Math.round(l)) < 1e-9 ? `1e${Math.round(l)}` : '';
}
