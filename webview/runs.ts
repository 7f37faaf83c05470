/**
 * The Runs tab: the last runs' loss curves overlaid (a run trained with a planted mistake drawn with
 * crosses and labelled so), their settings, outcomes, latest live kernel checks and probe neighbours side by
 * side, and "train with a mistake", which asks the extension to train the last corpus with a planted
 * mistake and then a correct run of the same corpus and seed. Corpus words go in as textContent only.
 */
import { Chart, type ScatterDataPoint } from 'chart.js';
import { KERNEL_MISTAKES, kernelMistake } from '../extension/core/train/mistakes';
import type { RunRecord } from '../extension/shared/runHistory';
import type { ToWebview } from '../extension/shared/protocol';
import { applyDefaults, baseOptions, legendOptions, THRESHOLD } from './charts';
import { ChartTable } from './chartTable';
import { byId, el } from './dom';
import { formatCompact, formatErr, formatInt, formatNum } from './format';
import { t } from './l10n';
import type { ThemeColours } from './theme';
import type { VsCodeApi } from './vscodeApi';

type Point = ScatterDataPoint;

/** How a run is named in the legend, the table and the compare grid: its time and corpus, and a mistake if any. */
export function runLabel(r: RunRecord): string {
  const time = new Date(r.startedAt).toTimeString().slice(0, 8);
  const m = kernelMistake(r.settings.mistake);
  if (!m) return t('{0} {1}', time, r.source);
  // The run's name may already carry its mistake (the run manager names mistaken runs so).
  const source = r.source.replace(t(' (planted mistake: {0})', m.label), '');
  return t('{0} {1}, ✗ planted mistake: {2}', time, source, m.label);
}

export class RunsView {
  private readonly chart: Chart<'line', Point[]>;
  private readonly table: ChartTable;
  private readonly select = byId<HTMLSelectElement>('mistake-select');
  private runs: RunRecord[] = [];
  private theme: ThemeColours;

  constructor(private readonly api: VsCodeApi, theme: ThemeColours) {
    this.theme = theme;
    this.table = new ChartTable('runs-table');
    applyDefaults(theme);
    this.chart = new Chart<'line', Point[]>(byId<HTMLCanvasElement>('runs-chart'), {
      type: 'line',
      data: { datasets: [] },
      options: {
        ...baseOptions(),
        parsing: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', min: 0, title: { display: true, text: t('Words processed') }, ticks: { callback: (v) => formatCompact(Number(v)), maxTicksLimit: 8 } },
          y: { type: 'linear', title: { display: true, text: t('Loss per pair (smoothed)') }, ticks: { callback: (v) => formatNum(Number(v), 3) } },
        },
        plugins: {
          legend: legendOptions(),
          tooltip: { callbacks: { title: (items) => t('{0} words', formatCompact(items[0]?.parsed.x ?? 0)), label: (i) => `${i.dataset.label}: ${formatNum(i.parsed.y)}` } },
        },
      },
    });
    this.applyTheme(theme);
    byId<HTMLFormElement>('mistake-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.api.postMessage({ type: 'trainWithMistake', mistake: this.select.value as (typeof KERNEL_MISTAKES)[number]['id'] });
      byId('runs-status').textContent = t('Asked to train with “{0}”, then a correct run of the same corpus and seed…', kernelMistake(this.select.value)?.label ?? '');
    });
    this.select.addEventListener('change', () => this.describeMistake());
    this.describeMistake();
  }

  private describeMistake(): void {
    const m = kernelMistake(this.select.value);
    if (!m) return;
    const models = m.models.map((x) => (x === 'skipgram' ? 'skip-gram' : 'CBOW')).join(', ');
    const losses = m.losses.map((x) => (x === 'neg' ? t('negative sampling') : x === 'hs' ? t('hierarchical softmax') : t('naive softmax'))).join(', ');
    byId('mistake-detail').textContent = t('{0} It changes {1} with {2}; the runs use the settings\' model and loss.', m.wrong, models, losses);
  }

  handle(m: Extract<ToWebview, { type: 'runs' | 'runsNotice' }>): void {
    if (m.type === 'runsNotice') {
      byId('runs-status').textContent = m.text;
      return;
    }
    this.show(m.runs);
  }

  show(runs: RunRecord[]): void {
    this.runs = runs;
    byId('runs-empty').hidden = runs.length > 0;
    byId('runs-body').hidden = runs.length === 0;
    this.draw();
    this.table.set([t('Run'), t('Words processed'), t('Smoothed loss')],
      () => runs.flatMap((r) => r.curve.map(([x, y]) => [runLabel(r), formatInt(x), formatNum(y)])));
    this.renderCompare();
  }

  private draw(): void {
    const series = this.theme.series;
    // A diverged (say, mistaken) run's loss can reach 1e30: cut the axis at 1.5 times the highest
    // starting loss, so the other curves stay readable, and say so.
    const starts = this.runs.map((r) => r.curve[0]?.[1]).filter((y): y is number => y !== undefined);
    const cap = starts.length ? 1.5 * Math.max(...starts) : undefined;
    const clipped = cap !== undefined && this.runs.some((r) => r.curve.some(([, y]) => y > cap));
    const y = this.chart.options.scales?.y;
    if (y) {
      y.min = 0;
      y.max = clipped ? cap : undefined;
    }
    byId('runs-note').textContent = clipped
      ? t('The loss axis is cut at {0}, 1.5 times the highest starting loss: a curve that leaves the top diverged (the table below has its numbers).', formatNum(cap))
      : '';
    this.chart.data.datasets = this.runs.map((r, i) => {
      const colour = series[i % series.length];
      const mistaken = !!r.settings.mistake;
      return {
        label: runLabel(r), data: r.curve.map(([x, y]) => ({ x, y })), borderColor: colour, backgroundColor: colour,
        // A mistaken run is drawn with crosses on its line, so it stands out without colour too.
        borderWidth: this.theme.highContrast ? 3 : 2, pointStyle: 'crossRot', pointRadius: mistaken ? 4 : 0, pointBorderColor: colour, pointHoverRadius: 4, tension: 0,
      };
    });
    this.chart.update();
  }

  /** One column per run, newest first: settings, outcome, latest live check, probe neighbours. */
  private renderCompare(): void {
    const runs = [...this.runs].reverse();
    const table = byId<HTMLTableElement>('runs-compare');
    const head = el('tr');
    const corner = el('th', undefined, t('Run'));
    corner.scope = 'col';
    head.append(corner);
    for (const r of runs) {
      const th = el('th', r.settings.mistake ? 'mistaken' : undefined, runLabel(r));
      th.scope = 'col';
      if (r.pairedWith) {
        const twin = this.runs.find((x) => x.runId === r.pairedWith);
        if (twin) th.append(el('div', 'muted small', t('the correct run beside {0}', runLabel(twin))));
      }
      head.append(th);
    }
    table.tHead!.replaceChildren(head);
    const row = (name: string, cell: (r: RunRecord) => string | HTMLElement): HTMLTableRowElement => {
      const tr = el('tr');
      const th = el('th', undefined, name);
      th.scope = 'row';
      tr.append(th);
      for (const r of runs) {
        const v = cell(r);
        const td = el('td', r.settings.mistake ? 'mistaken' : undefined);
        if (typeof v === 'string') td.textContent = v;
        else td.append(v);
        tr.append(td);
      }
      return tr;
    };
    const s = (r: RunRecord) => r.settings;
    table.tBodies[0].replaceChildren(
      row(t('Planted mistake'), (r) => kernelMistake(s(r).mistake)?.label ?? t('none (the correct kernel)')),
      row(t('Model'), (r) => (s(r).model === 'skipgram' ? 'skip-gram' : `CBOW, ${s(r).cbowUpdate === 'word2vec' ? t('word2vec.c\'s update') : t('corrected update')}`)),
      row(t('Loss'), (r) => (s(r).loss === 'neg' ? t('negative sampling, K = {0}', s(r).negative) : s(r).loss === 'hs' ? t('hierarchical softmax') : t('naive softmax'))),
      row(t('Dimensions'), (r) => String(s(r).dim)),
      row(t('Window'), (r) => String(s(r).window)),
      row(t('Min count'), (r) => String(s(r).minCount)),
      row(t('Subsampling'), (r) => (s(r).sample ? String(s(r).sample) : t('off'))),
      row(t('Epochs'), (r) => String(s(r).epochs)),
      row(t('Learning rate'), (r) => String(s(r).alpha)),
      row(t('Threads'), (r) => String(s(r).threads)),
      row(t('Seed'), (r) => String(s(r).seed)),
      row(t('Outcome'), (r) => (!r.end ? t('training…') : r.end.interrupted ? t('Interrupted (the window was reloaded or closed)')
        : t('{0} after {1} s', outcome(r.end.stopReason), formatNum(r.end.seconds, 3)))),
      row(t('Final loss (last epoch\'s mean)'), (r) => (r.end ? formatNum(r.end.finalLoss) : '–')),
      row(t('Words processed'), (r) => (r.end && !r.end.interrupted ? formatInt(r.end.wordsProcessed) : '–')),
      row(t('Latest live check'), (r) => checkCell(r)),
      row(t('Evaluation (the Evaluation tab\'s files)'), (r) => scoresCell(r)),
      row(t('Neighbours at the end'), (r) => neighboursCell(r)),
    );
  }

  applyTheme(theme: ThemeColours): void {
    this.theme = theme;
    // Colours set in place: re-spreading the scales' resolved options (as styleChart does) copied
    // Chart.js's internal descriptors into this chart's options and broke its next update.
    applyDefaults(theme);
    for (const axis of ['x', 'y'] as const) {
      const scale = this.chart.options.scales?.[axis];
      if (!scale) continue;
      if (scale.grid) scale.grid.color = theme.grid;
      if (scale.ticks) scale.ticks.color = theme.foreground;
      const titled = scale as { title?: { color?: string } };
      if (titled.title) titled.title.color = theme.foreground;
    }
    const legend = this.chart.options.plugins?.legend;
    if (legend?.labels) legend.labels.color = theme.foreground;
    this.draw();
  }
}

function outcome(reason: NonNullable<RunRecord['end']>['stopReason']): string {
  return reason === 'done' ? t('Finished') : reason === 'cancelled' ? t('Cancelled') : reason === 'diverged' ? t('Diverged') : t('Failed');
}

function checkCell(r: RunRecord): HTMLElement {
  const box = el('div');
  if (!r.check) {
    box.textContent = t('no check yet');
    return box;
  }
  box.append(el('div', 'muted small', t('at {0} words', formatInt(r.check.wordsProcessed))));
  for (const g of r.check.groups) {
    const pass = g.maxRelError !== null && g.maxRelError < THRESHOLD;
    box.append(el('div', pass ? 'pass' : 'fail', `${pass ? '✓' : '✗'} ${g.name} (${g.source ?? ''}): ${formatErr(g.maxRelError)}`));
  }
  return box;
}

function scoresCell(r: RunRecord): HTMLElement {
  const list = el('ul', 'plain');
  if (!r.scores?.length) {
    list.append(el('li', 'muted', t('none: load word-pair or analogy files in the Evaluation tab')));
    return list;
  }
  for (const s of r.scores) {
    const value = s.value === null ? '–' : s.measure === 'accuracy' ? `${formatNum(100 * s.value, 3)}%` : formatNum(s.value, 3);
    list.append(el('li', undefined, `${s.file}: ${s.measure === 'Spearman' ? t('Spearman {0}', value) : t('accuracy {0}', value)}`));
  }
  return list;
}

function neighboursCell(r: RunRecord): HTMLElement {
  const list = el('ul', 'plain');
  if (!r.neighbours?.length) {
    list.append(el('li', 'muted', r.end ? t('none') : t('when the run ends')));
    return list;
  }
  for (const n of r.neighbours) {
    const li = el('li');
    li.append(el('strong', undefined, n.word), document.createTextNode(`: ${n.neighbours.map((x) => `${x.word} ${formatNum(x.similarity, 2)}`).join(', ')}`));
    list.append(li);
  }
  return list;
}
