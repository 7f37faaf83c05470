/**
 * The Map tab: a Chart.js scatter of the most frequent words, projected by the extension (PCA,
 * UMAP or word axes; the page never holds a vector). Hover a point for its word; click it for its
 * nearest neighbours in the full space, drawn as lines and listed with cosine; select words by
 * substring or regex and project them again on their own; colour by frequency or by an evaluation
 * set; solve an analogy and see it as arrows; play the training snapshots. Words reach the DOM by
 * textContent and the canvas by fillText only.
 */
import { Chart, LinearScale, PointElement, ScatterController, Tooltip, type Plugin } from 'chart.js';
import {
  LIMITS, type MapAnalogyForm, type MapPageState, type MapRequest, type MapView, type Neighbour, type ToWebview,
  type VectorsInfo,
} from '../extension/shared/protocol';
import { EVAL_PRESETS } from '../extension/core/eval/options';
import { applyDefaults, baseOptions, tooltipColours } from './charts';
import { byId, el } from './dom';
import { formatInt } from './format';
import { t } from './l10n';
import { frequencyScale, parseAxis, selectWords } from './mapState';
import { barScale, neighbourItem } from './neighbourItem';
import { type ThemeColours, withAlpha } from './theme';
import type { VsCodeApi } from './vscodeApi';

Chart.register(ScatterController, PointElement, LinearScale, Tooltip);

export type MapMessage = Extract<ToWebview, { type: `map${string}` }>;

/** Rows of the text alternative built at most (the table says when there are more). */
const TABLE_ROWS = 1000;
/** Labels drawn for the selection when it is at most this large. */
const LABEL_SELECTION = 40;
const FRAME_MS = 900;

const DEFAULT_STATE: MapPageState = {
  request: { count: 2000, projection: 'pca' }, xText: 'woman - man', yText: 'good - bad', search: '', regex: false, colour: 'frequency',
};

export class MapPanel {
  private state: MapPageState = structuredClone(DEFAULT_STATE);
  private k = 10;
  private view: MapView | undefined;
  private index = new Map<string, number>();
  private selection = new Set<number>();
  private evalSet: { name: string; words: Set<string> } | undefined;
  private neighbours: { word: string; results: Neighbour[] } | undefined;
  private analogy: { query: MapAnalogyForm; results: Neighbour[] } | undefined;
  private frame = 0;
  private playTimer: ReturnType<typeof setInterval> | undefined;
  private requestId = 0;
  private running = -1;
  private lastNeighbours = -1;
  private lastAnalogy = -1;
  private model: VectorsInfo | undefined;
  /** The model changed since the map was drawn. */
  private stale = true;
  private visible = false;
  private chart: Chart<'scatter'>;

  constructor(private readonly api: VsCodeApi, private theme: ThemeColours, private readonly onStateChange: () => void) {
    applyDefaults(theme);
    this.chart = new Chart(byId<HTMLCanvasElement>('map-chart'), {
      type: 'scatter',
      data: { datasets: [{ data: [], pointRadius: 2.5, pointHoverRadius: 5, pointHitRadius: 4, borderWidth: 0 }] },
      options: {
        ...baseOptions(),
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', intersect: true },
        plugins: {
          legend: { display: false },
          tooltip: {
            displayColors: false,
            callbacks: {
              title: () => '',
              label: (ctx) => this.pointLabel(ctx.dataIndex),
            },
          },
        },
        scales: { x: { type: 'linear', title: { display: true, text: '' } }, y: { type: 'linear', title: { display: true, text: '' } } },
        onHover: (_e, elements) => {
          const i = elements[0]?.index;
          if (i !== undefined) byId('map-hover').textContent = this.pointLabel(i);
        },
        onClick: (_e, elements) => {
          const i = elements[0]?.index;
          if (i !== undefined && this.view) this.showNeighbours(this.view.words[i]);
        },
      },
      plugins: [this.overlay()],
    });
    this.restyle();
    this.wire();
  }

  // ---- wiring -----------------------------------------------------------------------------------

  private wire(): void {
    byId<HTMLFormElement>('map-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.readForm();
      this.state.request.only = undefined;
      this.run();
    });
    byId('map-projection').addEventListener('change', () => this.showAxesInputs());
    byId('map-stop').addEventListener('click', () => {
      if (this.running >= 0) this.api.postMessage({ type: 'mapCancel', requestId: this.running });
    });
    byId<HTMLFormElement>('map-search-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.isolate();
    });
    byId('map-search').addEventListener('input', () => this.select());
    byId('map-regex').addEventListener('change', () => this.select());
    byId('map-all').addEventListener('click', () => {
      this.state.request.only = undefined;
      this.run();
    });
    byId('map-colour').addEventListener('change', () => {
      this.state.colour = byId<HTMLSelectElement>('map-colour').value === 'eval' ? 'eval' : 'frequency';
      if (this.state.colour === 'eval' && !this.evalSet) this.api.postMessage({ type: 'mapLoadEvalSet' });
      this.draw();
      this.onStateChange();
    });
    byId('map-load-eval').addEventListener('click', () => this.api.postMessage({ type: 'mapLoadEvalSet' }));
    byId('map-export-all').addEventListener('click', () => this.exportCoordinates('all'));
    byId('map-export-selection').addEventListener('click', () => this.exportCoordinates('selection'));
    byId<HTMLFormElement>('map-focus-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.showNeighbours(byId<HTMLInputElement>('map-focus-word').value);
    });
    byId<HTMLFormElement>('map-analogy-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.solve();
    });
    byId('map-play-button').addEventListener('click', () => this.togglePlay());
    byId('map-frame').addEventListener('input', () => {
      this.stopPlaying();
      this.setFrame(Number(byId<HTMLInputElement>('map-frame').value));
    });
    byId('map-table').addEventListener('toggle', () => this.renderTable());
  }

  private readForm(): void {
    const count = Math.round(Number(byId<HTMLInputElement>('map-count').value));
    const projection = byId<HTMLSelectElement>('map-projection').value;
    this.state.request.count = Number.isFinite(count) ? Math.max(2, Math.min(LIMITS.maxMapWords, count)) : 2000;
    byId<HTMLInputElement>('map-count').value = String(this.state.request.count);
    this.state.request.projection = projection === 'umap' || projection === 'axes' ? projection : 'pca';
    this.state.xText = byId<HTMLInputElement>('map-x').value;
    this.state.yText = byId<HTMLInputElement>('map-y').value;
  }

  private writeForm(): void {
    byId<HTMLInputElement>('map-count').value = String(this.state.request.count);
    byId<HTMLSelectElement>('map-projection').value = this.state.request.projection;
    byId<HTMLInputElement>('map-x').value = this.state.xText;
    byId<HTMLInputElement>('map-y').value = this.state.yText;
    byId<HTMLInputElement>('map-search').value = this.state.search;
    byId<HTMLInputElement>('map-regex').checked = this.state.regex;
    byId<HTMLSelectElement>('map-colour').value = this.state.colour;
    byId<HTMLInputElement>('map-focus-word').value = this.state.focus ?? '';
    const a = this.state.analogy;
    if (a) {
      byId<HTMLInputElement>('map-a').value = a.a;
      byId<HTMLInputElement>('map-b').value = a.b;
      byId<HTMLInputElement>('map-c').value = a.c;
      byId<HTMLSelectElement>('map-method').value = a.method;
    }
    this.showAxesInputs();
  }

  private showAxesInputs(): void {
    const axes = byId<HTMLSelectElement>('map-projection').value === 'axes';
    byId('map-x-label').hidden = !axes;
    byId('map-y-label').hidden = !axes;
  }

  // ---- state ------------------------------------------------------------------------------------

  /** What survives a reload (the page's setState). */
  pageState(): MapPageState {
    return structuredClone(this.state);
  }

  restore(s: MapPageState | undefined): void {
    if (!s) return;
    this.state = structuredClone(s);
    this.writeForm();
  }

  /** The vectors changed (a run ended, vectors loaded): draw again when shown. */
  setModel(model: VectorsInfo | undefined): void {
    const changed = JSON.stringify(model) !== JSON.stringify(this.model);
    this.model = model;
    byId('map-empty').hidden = !!model;
    if (changed) this.stale = true;
    if (this.visible && this.stale && model) this.run();
  }

  /** The tab was shown or hidden. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale && this.model) this.run();
    else if (visible) this.chart.resize();
  }

  applyTheme(theme: ThemeColours): void {
    this.theme = theme;
    this.restyle();
    this.draw();
  }

  // ---- requests ---------------------------------------------------------------------------------

  private run(): void {
    const r: MapRequest = { count: this.state.request.count, projection: this.state.request.projection };
    if (r.projection === 'axes') {
      r.x = parseAxis(this.state.xText);
      r.y = parseAxis(this.state.yText);
    }
    if (this.state.request.only) r.only = this.state.request.only;
    this.state.request = r;
    this.stale = false;
    this.stopPlaying();
    this.running = ++this.requestId;
    this.api.postMessage({ type: 'mapRun', requestId: this.running, request: structuredClone(r) });
    this.onStateChange();
  }

  private isolate(): void {
    if (!this.view) return;
    this.select();
    if (this.selection.size < 2) {
      this.message(t('Select at least 2 words of the map to isolate them.'));
      return;
    }
    this.readForm();
    this.state.request.only = [...this.selection].map((i) => this.view!.words[i]).slice(0, LIMITS.maxMapWords);
    this.run();
  }

  private showNeighbours(raw: string): void {
    const word = raw.trim().slice(0, LIMITS.wordLength);
    byId<HTMLInputElement>('map-focus-word').value = word;
    if (!word) return;
    const k = Math.round(Number(byId<HTMLInputElement>('map-k').value));
    this.k = Number.isFinite(k) ? Math.max(1, Math.min(50, k)) : 10;
    this.state.focus = word;
    this.lastNeighbours = ++this.requestId;
    this.api.postMessage({ type: 'mapNeighbours', requestId: this.lastNeighbours, word, k: this.k });
    byId('map-focus-message').textContent = t('Looking up the neighbours of “{0}”…', word);
    this.onStateChange();
  }

  private solve(): void {
    const v = (id: string) => byId<HTMLInputElement>(id).value.trim().slice(0, LIMITS.wordLength);
    const query: MapAnalogyForm = { a: v('map-a'), b: v('map-b'), c: v('map-c'), method: byId<HTMLSelectElement>('map-method').value === '3cosmul' ? '3cosmul' : '3cosadd' };
    if (!query.a || !query.b || !query.c) {
      byId('map-analogy-message').textContent = t('Give three words: a is to b as c is to ?');
      return;
    }
    this.state.analogy = query;
    this.lastAnalogy = ++this.requestId;
    this.api.postMessage({ type: 'mapAnalogy', requestId: this.lastAnalogy, query });
    byId('map-analogy-message').textContent = t('Solving…');
    this.onStateChange();
  }

  private exportCoordinates(scope: 'all' | 'selection'): void {
    const format = byId<HTMLSelectElement>('map-export-format').value === 'tsv' ? 'tsv' : 'csv';
    const selection = this.view ? [...this.selection].map((i) => this.view!.words[i]).slice(0, LIMITS.maxMapWords) : [];
    this.api.postMessage({ type: 'mapExport', format, scope, selection });
  }

  // ---- messages ---------------------------------------------------------------------------------

  handle(m: MapMessage): void {
    switch (m.type) {
      case 'mapStarted':
        if (m.requestId !== this.running) return;
        this.message('');
        byId('map-stop').hidden = false;
        byId('map-run').toggleAttribute('disabled', true);
        this.progress(t('Starting…'), 0, 1);
        break;
      case 'mapProgress':
        if (m.requestId === this.running) this.progress(m.stage, m.done, m.total);
        break;
      case 'mapError':
        if (m.requestId !== this.running) return;
        this.finished();
        this.message(m.message);
        break;
      case 'mapResult':
        if (m.result.requestId !== this.running) return;
        this.finished();
        this.show(m.result);
        break;
      case 'mapNeighbours':
        if (m.requestId !== this.lastNeighbours) return;
        this.neighbours = m.error ? undefined : { word: m.word, results: m.results };
        this.renderNeighbours(m.word, m.results, m.error);
        this.draw();
        break;
      case 'mapAnalogy':
        if (m.requestId !== this.lastAnalogy) return;
        this.analogy = m.error ? undefined : { query: m.query, results: m.results };
        this.renderAnalogy(m.query, m.results, m.error);
        this.draw();
        break;
      case 'mapEvalSet':
        this.evalSet = { name: m.name, words: new Set(m.words) };
        this.state.colour = 'eval';
        byId<HTMLSelectElement>('map-colour').value = 'eval';
        this.draw();
        this.onStateChange();
        break;
      case 'mapNotice':
        this.message(m.text, !m.error);
        break;
    }
  }

  private finished(): void {
    this.running = -1;
    byId('map-stop').hidden = true;
    byId('map-run').toggleAttribute('disabled', false);
    byId('map-progress-row').hidden = true;
  }

  private progress(stage: string, done: number, total: number): void {
    const pct = total > 0 ? Math.round((1000 * done) / total) / 10 : 0;
    byId('map-progress-row').hidden = false;
    byId('map-progress').setAttribute('aria-valuenow', String(pct));
    byId('map-progress-fill').style.width = `${pct}%`;
    byId('map-progress-text').textContent = total > 1 ? `${stage}: ${formatInt(done)} / ${formatInt(total)}` : stage;
  }

  private message(text: string, quiet = false): void {
    const m = byId('map-message');
    m.textContent = text;
    m.hidden = !text;
    m.classList.toggle('quiet', quiet);
  }

  // ---- drawing ----------------------------------------------------------------------------------

  private show(view: MapView): void {
    this.view = view;
    const panel = byId('panel-map');
    panel.dataset.maps = String(Number(panel.dataset.maps ?? 0) + 1);
    this.index = new Map(view.words.map((w, i) => [w, i]));
    byId('map-chosen').textContent = t('{0} points: {1}.', formatInt(view.words.length), view.chosen);
    byId('map-note').textContent = `${view.note} ${t('Computed in {0} s.', view.seconds.toFixed(1))}`;
    byId('map-all').hidden = !view.request.only;
    const frames = view.frames ?? [];
    byId('map-play').hidden = frames.length === 0 && !view.framesNote;
    byId('map-play-button').toggleAttribute('disabled', frames.length === 0);
    const slider = byId<HTMLInputElement>('map-frame');
    slider.max = String(frames.length);
    slider.toggleAttribute('disabled', frames.length === 0);
    this.frame = frames.length;
    slider.value = String(this.frame);
    this.frameLabel();
    this.restyle();
    this.select(false);
    // The lists say which of their words are on the map: this map, now (a new model's list may have come first).
    if (this.neighbours) this.renderNeighbours(this.neighbours.word, this.neighbours.results);
    if (this.analogy) this.renderAnalogy(this.analogy.query, this.analogy.results);
    // A restored page asks again for what it showed.
    if (this.state.focus && this.neighbours?.word !== this.state.focus) this.showNeighbours(this.state.focus);
    if (this.state.analogy && !this.analogy && this.lastAnalogy < 0) this.solve();
    this.draw();
    this.renderTable();
  }

  /**
   * The theme's colours and the scales. The axes stay put while the snapshots play, so words move
   * and the frame does not. Plain objects replace the scales' options (Chart.js's option proxies
   * are not for spreading, as styleChart does for the other charts).
   */
  private restyle(): void {
    applyDefaults(this.theme);
    Object.assign(this.chart.options.plugins!.tooltip!, tooltipColours(this.theme));
    const th = this.theme;
    const v = this.view;
    if (!v) {
      const plain = { type: 'linear' as const, grid: { color: th.grid }, ticks: { color: th.foreground }, border: { color: th.grid } };
      this.chart.options.scales = { x: { ...plain }, y: { ...plain } };
      return;
    }
    let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
    const take = (xs: readonly (number | null)[], ys: readonly (number | null)[]) => {
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i], y = ys[i];
        if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) continue;
        if (x < xmin) xmin = x;
        if (x > xmax) xmax = x;
        if (y < ymin) ymin = y;
        if (y > ymax) ymax = y;
      }
    };
    take(v.x, v.y);
    for (const f of v.frames ?? []) take(f.x, f.y);
    const pad = (lo: number, hi: number) => ((hi - lo) || 1) * 0.04;
    const scale = (lo: number, hi: number, label: string) => ({
      type: 'linear' as const, min: lo - pad(lo, hi), max: hi + pad(lo, hi),
      title: { display: true, text: label, color: th.foreground }, grid: { color: th.grid }, ticks: { color: th.foreground }, border: { color: th.grid },
    });
    this.chart.options.scales = { x: scale(xmin, xmax, v.labels[0]), y: scale(ymin, ymax, v.labels[1]) };
  }

  /** The positions of the current frame (the final map, or a training snapshot). */
  private positions(): { x: readonly (number | null)[]; y: readonly (number | null)[] } {
    const v = this.view!;
    const f = v.frames?.[this.frame];
    return f ?? { x: v.x, y: v.y };
  }

  private select(redraw = true): void {
    this.state.search = byId<HTMLInputElement>('map-search').value.slice(0, 1000);
    this.state.regex = byId<HTMLInputElement>('map-regex').checked;
    const out = byId('map-selected');
    if (!this.view) return;
    const r = selectWords(this.view.words, this.state.search, this.state.regex);
    this.selection = new Set(r.indices);
    out.textContent = r.error
      ? t('Not a regular expression: {0}', r.error)
      : this.state.search.trim() ? t('{0} of {1} words selected.', formatInt(r.indices.length), formatInt(this.view.words.length)) : '';
    if (redraw) {
      this.draw();
      if ((byId('map-table') as HTMLDetailsElement).open) this.renderTable();
      this.onStateChange();
    }
  }

  private draw(): void {
    const v = this.view;
    const ds = this.chart.data.datasets[0];
    if (!v) {
      ds.data = [];
      this.chart.update('none');
      return;
    }
    const p = this.positions();
    const n = v.words.length;
    const data = new Array<{ x: number; y: number }>(n);
    for (let i = 0; i < n; i++) data[i] = { x: p.x[i] ?? NaN, y: p.y[i] ?? NaN };
    ds.data = data;
    const t0 = this.theme;
    const evalOn = this.state.colour === 'eval' && this.evalSet;
    const freq = frequencyScale(n, v.counts);
    const dim = this.selection.size > 0;
    const colours = new Array<string>(n);
    const radii = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const selected = this.selection.has(i);
      let c: string;
      if (evalOn) c = this.evalSet!.words.has(v.words[i].toLowerCase()) ? withAlpha(t0.series[1], 0.95) : withAlpha(t0.muted, 0.3);
      else c = withAlpha(t0.series[0], 0.25 + 0.7 * freq[i]);
      colours[i] = dim && !selected ? withAlpha(t0.muted, 0.15) : c;
      radii[i] = selected ? 4 : n > 5000 ? 1.8 : 2.5;
    }
    Object.assign(ds, { pointBackgroundColor: colours, pointRadius: radii, pointBorderWidth: 0 });
    this.legend();
    this.chart.update('none');
  }

  private legend(): void {
    const v = this.view!;
    let text: string;
    if (this.state.colour === 'eval' && this.evalSet) {
      const inSet = v.words.filter((w) => this.evalSet!.words.has(w.toLowerCase())).length;
      text = t('Orange: the {0} words of the map in {1}; grey: the others.', formatInt(inSet), this.evalSet.name);
    } else if (this.state.colour === 'eval') {
      text = t('Load an evaluation set (a word-pair or analogy file) to colour its words.');
    } else {
      text = v.counts ? t('Colour by frequency: the more opaque, the more often the word occurs in the corpus.') : t('Colour by frequency rank: the more opaque, the more frequent (these vectors have no counts).');
    }
    if (this.neighbours) text += ' ' + t('Lines: “{0}” to its nearest neighbours on the map.', this.neighbours.word);
    if (this.analogy) text += ' ' + t('Arrows: {0} → {1} and {2} → {3}.', this.analogy.query.a, this.analogy.query.b, this.analogy.query.c, this.analogy.results[0]?.word ?? '?');
    byId('map-legend').textContent = text;
  }

  /** Lines to the clicked word's neighbours, the analogy's arrows and the labels of the words they join. */
  private overlay(): Plugin<'scatter'> {
    return {
      id: 'mapOverlay',
      afterDatasetsDraw: (chart) => {
        const v = this.view;
        if (!v) return;
        const { ctx, chartArea: area } = chart;
        const sx = chart.scales.x, sy = chart.scales.y;
        const p = this.positions();
        const at = (w: string): [number, number] | undefined => {
          const i = this.index.get(w);
          if (i === undefined || p.x[i] === null || p.y[i] === null) return undefined;
          return [sx.getPixelForValue(p.x[i]!), sy.getPixelForValue(p.y[i]!)];
        };
        const labels = new Map<string, [number, number]>();
        ctx.save();
        ctx.beginPath();
        ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
        ctx.clip();
        const th = this.theme;
        if (this.neighbours) {
          const from = at(this.neighbours.word);
          if (from) {
            ctx.strokeStyle = th.series[2];
            ctx.fillStyle = th.series[2];
            ctx.lineWidth = 1.5;
            for (const r of this.neighbours.results) {
              const to = at(r.word);
              if (!to) continue;
              ctx.beginPath();
              ctx.moveTo(from[0], from[1]);
              ctx.lineTo(to[0], to[1]);
              ctx.stroke();
              dot(ctx, to, 4);
              labels.set(r.word, to);
            }
            ctx.fillStyle = th.foreground;
            dot(ctx, from, 5);
            labels.set(this.neighbours.word, from);
          }
        }
        if (this.analogy) {
          const q = this.analogy.query;
          const answer = this.analogy.results[0]?.word;
          ctx.strokeStyle = th.series[3];
          ctx.fillStyle = th.series[3];
          ctx.lineWidth = 2;
          for (const [a, b] of [[q.a, q.b], [q.c, answer]] as const) {
            const pa = b === undefined ? undefined : at(a), pb = b === undefined ? undefined : at(b);
            if (!pa || !pb) continue;
            arrow(ctx, pa, pb);
            labels.set(a, pa);
            labels.set(b!, pb);
          }
        }
        if (this.selection.size > 0 && this.selection.size <= LABEL_SELECTION) {
          for (const i of this.selection) {
            const pos = at(v.words[i]);
            if (pos) labels.set(v.words[i], pos);
          }
        }
        ctx.font = `${Math.max(11, th.fontSize - 1)}px ${th.font}`;
        ctx.textBaseline = 'bottom';
        ctx.lineWidth = 3;
        ctx.strokeStyle = withAlpha(th.background, 0.85);
        ctx.fillStyle = th.foreground;
        for (const [w, pos] of labels) {
          ctx.strokeText(w, pos[0] + 5, pos[1] - 3);
          ctx.fillText(w, pos[0] + 5, pos[1] - 3);
        }
        ctx.restore();
      },
    };
  }

  private pointLabel(i: number): string {
    const v = this.view;
    if (!v) return '';
    const count = v.counts ? ` (${formatInt(v.counts[i])})` : '';
    return `${v.words[i]}${count}`;
  }

  // ---- lists --------------------------------------------------------------------------------------

  private renderNeighbours(word: string, results: Neighbour[], error?: string): void {
    const list = byId('map-neighbours');
    list.replaceChildren();
    const msg = byId('map-focus-message');
    if (error) {
      msg.textContent = error;
      return;
    }
    const onMap = results.filter((r) => this.index.has(r.word)).length;
    msg.textContent = t('Nearest {0} neighbours of “{1}” in the full space, by cosine; {2} of them are on the map (lines).', results.length, word, onMap);
    for (const r of results) list.append(this.wordRow(r, !this.index.has(r.word), 1));
  }

  private renderAnalogy(q: MapAnalogyForm, results: Neighbour[], error?: string): void {
    const list = byId('map-analogy-list');
    list.replaceChildren();
    byId('map-analogy-scale').textContent = '';
    const msg = byId('map-analogy-message');
    if (error) {
      msg.textContent = error;
      return;
    }
    // The vocabulary the extension searched (MapController.analogy): compute-accuracy's.
    msg.textContent = t('{0} is to {1} as {2} is to …, by {3} among the {4} most frequent words:', q.a, q.b, q.c, q.method === '3cosmul' ? '3CosMul' : '3CosAdd',
      formatInt(EVAL_PRESETS['compute-accuracy'].restrict));
    // 3CosMul's scores are ratios, often above 1: the bars are scaled to the list's largest, and the page says so.
    const scale = barScale(results);
    if (scale > 1) byId('map-analogy-scale').textContent = t('Bars are drawn against the largest score, {0}.', scale.toFixed(3));
    for (const r of results) list.append(this.wordRow(r, !this.index.has(r.word), scale));
  }

  /** A word with its score (a bar of it against `scale`, and the number): a button that shows its neighbours. */
  private wordRow(r: Neighbour, offMap: boolean, scale: number): HTMLLIElement {
    return neighbourItem(r, {
      ...(offMap ? { label: t('{0} (not on the map)', r.word) } : {}),
      scale,
      ariaLabel: (label, score) => t('{0}, score {1}: show its neighbours', label, score),
    }, (w) => this.showNeighbours(w));
  }

  /** The chart's text alternative: the points (the selection first), each word a button that shows its neighbours. */
  private renderTable(): void {
    const details = byId<HTMLDetailsElement>('map-table');
    if (!details.open || !this.view) return;
    const v = this.view;
    const p = this.positions();
    const table = details.querySelector('table')!;
    const head = table.tHead ?? table.createTHead();
    const hr = el('tr');
    for (const c of [t('Word'), v.labels[0], v.labels[1], t('Count'), t('Selected'), t('In the evaluation set')]) {
      const th = el('th', undefined, c);
      th.scope = 'col';
      hr.append(th);
    }
    head.replaceChildren(hr);
    const order = this.selection.size > 0 ? [...this.selection] : v.words.map((_, i) => i);
    const shown = order.slice(0, TABLE_ROWS);
    byId('map-table-note').textContent = order.length > shown.length
      ? t('The first {0} of {1} points (search to choose which); Export coordinates saves them all.', formatInt(shown.length), formatInt(order.length))
      : t('{0} points.', formatInt(order.length));
    const fmt = (x: number | null) => (x === null ? '–' : x.toFixed(4));
    const body = table.tBodies[0] ?? table.createTBody();
    body.replaceChildren(...shown.map((i) => {
      const tr = el('tr');
      const th = el('th');
      th.scope = 'row';
      const b = el('button', 'link', v.words[i]);
      b.type = 'button';
      b.setAttribute('aria-label', t('{0}: show its nearest neighbours', v.words[i]));
      b.addEventListener('click', () => this.showNeighbours(v.words[i]));
      th.append(b);
      tr.append(th, el('td', undefined, fmt(p.x[i])), el('td', undefined, fmt(p.y[i])), el('td', undefined, v.counts ? formatInt(v.counts[i]) : '–'),
        el('td', undefined, this.selection.has(i) ? t('yes') : ''),
        el('td', undefined, this.evalSet?.words.has(v.words[i].toLowerCase()) ? t('yes') : ''));
      return tr;
    }));
  }

  // ---- training snapshots -------------------------------------------------------------------------

  private frameLabel(): void {
    const v = this.view;
    const frames = v?.frames ?? [];
    const label = byId('map-frame-label');
    if (!v || frames.length === 0) {
      label.textContent = v?.framesNote ?? '';
      return;
    }
    label.textContent = this.frame < frames.length
      ? t('{0} ({1} of {2}), aligned to the final vectors', frames[this.frame].label, this.frame + 1, frames.length + 1)
      : t('the final vectors ({0} of {0})', frames.length + 1);
  }

  private setFrame(i: number): void {
    const frames = this.view?.frames ?? [];
    this.frame = Math.max(0, Math.min(frames.length, Math.round(i)));
    byId<HTMLInputElement>('map-frame').value = String(this.frame);
    this.frameLabel();
    this.draw();
    if ((byId('map-table') as HTMLDetailsElement).open) this.renderTable();
  }

  private togglePlay(): void {
    if (this.playTimer !== undefined) return this.stopPlaying();
    const frames = this.view?.frames ?? [];
    if (frames.length === 0) return;
    this.setFrame(0);
    byId('map-play-button').textContent = t('Pause');
    this.playTimer = setInterval(() => {
      if (this.frame >= frames.length) return this.stopPlaying();
      this.setFrame(this.frame + 1);
    }, FRAME_MS);
  }

  private stopPlaying(): void {
    if (this.playTimer !== undefined) clearInterval(this.playTimer);
    this.playTimer = undefined;
    byId('map-play-button').textContent = t('Play training');
  }
}

function dot(ctx: CanvasRenderingContext2D, p: [number, number], r: number): void {
  ctx.beginPath();
  ctx.arc(p[0], p[1], r, 0, Math.PI * 2);
  ctx.fill();
}

function arrow(ctx: CanvasRenderingContext2D, from: [number, number], to: [number, number]): void {
  const angle = Math.atan2(to[1] - from[1], to[0] - from[0]);
  const head = 10;
  ctx.beginPath();
  ctx.moveTo(from[0], from[1]);
  ctx.lineTo(to[0], to[1]);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(to[0], to[1]);
  ctx.lineTo(to[0] - head * Math.cos(angle - 0.4), to[1] - head * Math.sin(angle - 0.4));
  ctx.lineTo(to[0] - head * Math.cos(angle + 0.4), to[1] - head * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fill();
}
