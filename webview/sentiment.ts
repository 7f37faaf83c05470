/**
 * The Sentiment tab (CS224d problem set 1, §4): train and dev accuracy against the regularization strength on a
 * log axis (the assignment's reg_v_acc plot), the chosen value, test accuracy measured once, and
 * the dev confusion matrix. reg = 0 has no place on a log axis: it is drawn one step left of the
 * smallest positive value and labelled "0".
 */
import { Chart, type ScatterDataPoint } from 'chart.js';
import type { SentimentView } from '../extension/shared/protocol';
import { applyDefaults, baseOptions, legendOptions, paintLine, restyleChart } from './charts';
import { byId, el } from './dom';
import { formatInt, formatNum } from './format';
import type { ThemeColours } from './theme';
import { t } from './l10n';

const pct = (f: number) => `${(f * 100).toFixed(1)}%`;
const SPLIT_NAMES = { train: () => t('train'), dev: () => t('dev'), test: () => t('test') } as const;

/** Where reg = 0 is drawn: a factor below the smallest positive reg (the sweep's steps are ~3x). */
export function zeroPosition(regs: number[]): number {
  const pos = regs.filter((r) => r > 0);
  return pos.length ? Math.min(...pos) / 3 : 1e-6;
}

export class SentimentPanel {
  private chart: Chart<'line', ScatterDataPoint[]>;
  private result: SentimentView | undefined;
  private zeroAt = 1e-6;
  shown = 0;

  constructor(canvas: HTMLCanvasElement, private theme: ThemeColours) {
    applyDefaults(theme);
    const self = this;
    this.chart = new Chart<'line', ScatterDataPoint[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        ...baseOptions(),
        parsing: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: {
            type: 'logarithmic',
            title: { display: true, text: t('Regularization (log scale)') },
            afterBuildTicks(scale) {
              // Decade ticks, plus the "0" position.
              const ticks = scale.ticks.filter((tick) => Math.abs(Math.log10(tick.value) - Math.round(Math.log10(tick.value))) < 1e-9 && tick.value > self.zeroAt * 1.5);
              scale.ticks = [{ value: self.zeroAt }, ...ticks];
            },
            ticks: { callback: (v) => self.tickLabel(Number(v)), autoSkip: false, maxRotation: 0 },
          },
          y: { type: 'linear', title: { display: true, text: t('Accuracy') }, ticks: { callback: (v) => `${Number(v)}%` } },
        },
        plugins: {
          legend: legendOptions(),
          tooltip: { callbacks: { title: (items) => `reg = ${self.tickLabel(items[0]?.parsed.x ?? 0, true)}`, label: (i) => `${i.dataset.label}: ${formatNum(i.parsed.y, 4)}%` } },
        },
      },
    });
  }

  private tickLabel(v: number, exact = false): string {
    if (Math.abs(v - this.zeroAt) < this.zeroAt * 1e-6) return '0';
    if (exact) return formatNum(v, 3);
    const l = Math.log10(v);
    return Math.abs(l - Math.round(l)) < 1e-9 ? `1e${Math.round(l)}` : '';
  }

  show(r: SentimentView): void {
    this.result = r;
    this.shown++;
    byId('sent-empty').hidden = true;
    byId('sent-result').hidden = false;
    const chosen = r.sweep[r.chosenIndex];
    const chance = pct(Math.max(...r.splits.train.classCounts) / Math.max(1, r.splits.train.sentences));
    byId('sent-summary').textContent = [
      r.vectors
        ? t('{0} classes ({1}), features: average of {2}-dimensional word vectors from {3}.', r.numClasses, r.classNames.join(', '), r.dim, r.vectors)
        : t('{0} classes ({1}), features: average of {2}-dimensional word vectors.', r.numClasses, r.classNames.join(', '), r.dim),
      t('Best dev accuracy {0} at reg = {1}; test accuracy at that reg, measured once: {2}.', pct(r.devAccuracy), formatNum(r.chosenReg, 3), pct(r.testAccuracy)),
      t('Chance is {0} (the largest class). {1} s in all.', chance, formatNum(r.seconds, 3)),
      ...(chosen && !chosen.converged ? [t('The chosen fit stopped at its iteration limit.')] : []),
    ].join(' ');
    this.zeroAt = zeroPosition(r.sweep.map((s) => s.reg));
    const x = (reg: number) => (reg > 0 ? reg : this.zeroAt);
    const rows = [...r.sweep].sort((a, b) => x(a.reg) - x(b.reg));
    this.chart.data.datasets = [
      { label: t('train'), data: rows.map((s) => ({ x: x(s.reg), y: s.trainAccuracy * 100 })), borderWidth: 2, pointRadius: 3 },
      { label: t('dev'), data: rows.map((s) => ({ x: x(s.reg), y: s.devAccuracy * 100 })), borderWidth: 2, pointRadius: 3 },
      { label: t('test (chosen reg, once)'), data: [{ x: x(r.chosenReg), y: r.testAccuracy * 100 }], showLine: false, pointRadius: 6, pointStyle: 'rectRot' },
    ];
    this.colour();
    this.chart.update();
    this.renderTables(r);
  }

  private renderTables(r: SentimentView): void {
    // Confusion matrix: rows = true class, columns = predicted; shade = share of the row.
    const table = byId<HTMLTableElement>('sent-confusion');
    const head = el('tr');
    head.append(el('th', 'corner', t('true ↓ / predicted →')), ...r.classNames.map((c) => el('th', 'num', c)));
    table.tHead!.replaceChildren(head);
    table.tBodies[0].replaceChildren(
      ...r.devConfusion.map((row, i) => {
        const total = row.reduce((a, b) => a + b, 0);
        const tr = el('tr');
        const th = el('th', undefined, r.classNames[i] ?? String(i));
        th.setAttribute('scope', 'row');
        tr.append(th);
        row.forEach((n, j) => {
          const td = el('td', i === j ? 'num diagonal' : 'num', formatInt(n));
          const share = total ? n / total : 0;
          // CSSOM from script (allowed by the CSP); the colour is a theme variable.
          td.style.backgroundColor = `color-mix(in srgb, var(--vscode-charts-blue) ${Math.round(share * 70)}%, transparent)`;
          td.title = t('{0} of {1} “{2}” sentences predicted “{3}” ({4})', formatInt(n), formatInt(total), r.classNames[i], r.classNames[j], pct(share));
          tr.append(td);
        });
        return tr;
      }),
    );
    const diag = r.devConfusion.reduce((s, row, i) => s + (row[i] ?? 0), 0);
    const all = r.devConfusion.flat().reduce((a, b) => a + b, 0);
    byId('sent-confusion-note').textContent = t('At reg = {0}: {1} of {2} dev sentences on the diagonal ({3}).', formatNum(r.chosenReg, 3), formatInt(diag), formatInt(all), pct(all ? diag / all : 0));

    byId<HTMLTableElement>('sent-splits').tBodies[0].replaceChildren(
      ...(['train', 'dev', 'test'] as const).map((k) => {
        const s = r.splits[k];
        const tr = el('tr');
        tr.append(el('td', undefined, SPLIT_NAMES[k]()), el('td', undefined, s.name), el('td', 'num', formatInt(s.sentences)),
          el('td', 'num', pct(s.tokenCoverage)), el('td', undefined, s.classCounts.map(formatInt).join(' / ')));
        return tr;
      }),
    );
    byId<HTMLTableElement>('sent-sweep').tBodies[0].replaceChildren(
      ...r.sweep.map((s, i) => {
        const tr = el('tr', i === r.chosenIndex ? 'chosen' : undefined);
        tr.append(el('td', 'num', i === r.chosenIndex ? t('{0} (chosen)', formatNum(s.reg, 3)) : formatNum(s.reg, 3)), el('td', 'num', pct(s.trainAccuracy)),
          el('td', 'num', pct(s.devAccuracy)), el('td', 'num', formatNum(s.weightNormSq, 4)),
          el('td', 'num', s.converged ? String(s.iterations) : t('{0} (limit)', s.iterations)), el('td', 'num', formatNum(s.seconds, 3)));
        return tr;
      }),
    );
  }

  applyTheme(theme: ThemeColours): void {
    this.theme = theme;
    restyleChart(this.chart, theme, () => this.colour());
  }

  private colour(): void {
    const c = [this.theme.series[0], this.theme.series[1], this.theme.series[2]];
    this.chart.data.datasets.forEach((d, i) => paintLine(d, c[i]));
    const plugins = this.chart.options.plugins as Record<string, unknown>;
    plugins.threshold = this.result
      ? { axis: 'x', value: this.result.chosenReg > 0 ? this.result.chosenReg : this.zeroAt, colour: this.theme.muted, label: t('chosen') }
      : undefined;
  }
}
