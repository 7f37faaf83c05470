/**
 * The Gradients tab's explorer: the form (model, loss, K, "break a gradient"), the run/cancel and
 * export buttons, and the result: pass/fail per group, the formulas of CS224n assignment 2 and CS224d problem set 1 as MathML, a heatmap
 * per parameter matrix, the error histogram and the worst entries.
 */
import { BROKEN_GRADIENTS, type BrokenTarget } from '../extension/core/gradcheck/broken';
import { GRADIENT_FORMULAS, type GradientFormula } from '../extension/core/gradcheck/formulas';
import { describeRequest, passes, worstEntries } from '../extension/shared/explorerReport';
import { type ExplorerForm, type ExplorerResultView, type ToWebview, LIMITS } from '../extension/shared/protocol';
import type { HistChart } from './charts';
import { byId, el } from './dom';
import { gradCard } from './gradCard';
import { formatErr, formatInt, formatNum } from './format';
import { renderSteps } from './explorerSteps';
import { ErrorScale, Heatmap } from './heatmap';
import { t } from './l10n';
import { mathmlElement } from './mathml';
import type { ThemeColours } from './theme';
import type { VsCodeApi } from './vscodeApi';

type ExplorerMessage = Extract<ToWebview, { type: 'explorerStarted' | 'explorerResult' | 'explorerError' | 'notice' }>;

export class ExplorerView {
  private readonly target = byId<HTMLSelectElement>('ex-target');
  private readonly loss = byId<HTMLSelectElement>('ex-loss');
  private readonly k = byId<HTMLInputElement>('ex-k');
  private readonly broken = byId<HTMLSelectElement>('ex-broken');
  private readonly status = byId('ex-status');
  private requestId = 0;
  private running: number | undefined;
  private result: ExplorerResultView | undefined;
  private heatmaps: Heatmap[] = [];
  private scale: ErrorScale;
  results = 0;

  constructor(
    private readonly api: VsCodeApi,
    private theme: ThemeColours,
    private readonly hist: HistChart,
    private readonly onStateChange: () => void,
  ) {
    this.scale = new ErrorScale(theme, background());
    byId<HTMLFormElement>('explorer-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.run();
    });
    for (const s of [this.target, this.loss]) s.addEventListener('change', () => this.syncForm());
    this.broken.addEventListener('change', () => this.onStateChange());
    this.k.addEventListener('change', () => {
      this.k.value = String(this.request().negatives);
      this.onStateChange();
    });
    byId('ex-cancel').addEventListener('click', () => {
      if (this.running !== undefined) this.api.postMessage({ type: 'explorerCancel', requestId: this.running });
    });
    byId('ex-copy').addEventListener('click', () => this.api.postMessage({ type: 'explorerCopyMarkdown' }));
    byId('ex-export').addEventListener('click', () => this.api.postMessage({ type: 'explorerExportJson' }));
    let width = 0;
    new ResizeObserver(() => {
      const w = byId('ex-heatmaps').clientWidth;
      if (w !== width && w > 0) {
        width = w;
        for (const h of this.heatmaps) h.layout(w);
      }
    }).observe(byId('ex-heatmaps'));
    this.syncForm(false);
  }

  request(): ExplorerForm {
    const k = Math.round(Number(this.k.value));
    return {
      target: this.target.value === 'cbow' || this.target.value === 'network' || this.target.value === 'sentiment' ? this.target.value : 'skipgram',
      loss: this.loss.value === 'softmax' || this.loss.value === 'hs' ? this.loss.value : 'neg',
      negatives: Number.isFinite(k) ? Math.max(1, Math.min(LIMITS.maxNegatives, k)) : 10,
      broken: this.broken.value,
    };
  }

  setRequest(r: ExplorerForm): void {
    this.target.value = r.target;
    this.loss.value = r.loss;
    this.k.value = String(r.negatives);
    this.syncForm();
    if ([...this.broken.options].some((o) => o.value === r.broken)) this.broken.value = r.broken;
  }

  run(): void {
    const requestId = ++this.requestId;
    this.running = requestId;
    this.api.postMessage({ type: 'explorerRun', requestId, request: this.request() });
    this.setRunning(true);
    this.status.textContent = t('Checking…');
  }

  /** The options that apply to the chosen model and loss: loss and K only for word2vec, broken variants per target. */
  private syncForm(notify = true): void {
    const r = this.request();
    const word2vec = r.target === 'skipgram' || r.target === 'cbow';
    byId('ex-loss-label').hidden = !word2vec;
    byId('ex-k-label').hidden = !word2vec || r.loss !== 'neg';
    const target = brokenTarget(r);
    const keep = this.broken.value;
    const options = [el('option', undefined, 'none (the correct gradient)')];
    options[0].value = '';
    for (const b of BROKEN_GRADIENTS) {
      // The classifier has no broken variants.
      // The classifier has none, and the hierarchical softmax none either (CS224n has no formulas for it).
      if (!target || !b.wrong[target]) continue;
      const o = el('option', undefined, b.label);
      o.value = b.id;
      options.push(o);
    }
    this.broken.replaceChildren(...options);
    this.broken.value = options.some((o) => o.value === keep) ? keep : '';
    this.broken.disabled = options.length === 1;
    if (notify) this.onStateChange();
  }

  private setRunning(on: boolean): void {
    byId('ex-cancel').hidden = !on;
    byId<HTMLButtonElement>('ex-run').textContent = on ? t('Run again') : t('Run check');
  }

  handle(m: ExplorerMessage): void {
    switch (m.type) {
      case 'notice':
        this.status.textContent = m.text;
        return;
      case 'explorerStarted':
        return;
      case 'explorerError':
        if (m.requestId !== this.running) return;
        this.running = undefined;
        this.setRunning(false);
        this.status.textContent = m.cancelled ? t('Cancelled.') : m.message;
        return;
      case 'explorerResult':
        if (this.running !== undefined && m.requestId !== this.running) return; // superseded
        this.running = undefined;
        this.setRunning(false);
        this.show(m.result);
    }
  }

  /**
   * A new model arrived: a shown result checked the previous one's parameters. It stays, dimmed,
   * and the status says so until the next check (a check running now asked for the new model).
   */
  markStale(model: string): void {
    if (!this.result || this.running !== undefined) return;
    byId('ex-result').classList.add('stale');
    this.status.textContent = t('This check is of the previous model. The model is now {0}: press Run check to check it.', model);
  }

  show(result: ExplorerResultView): void {
    byId('ex-result').classList.remove('stale');
    this.result = result;
    this.results++;
    const failed = result.groups.filter((g) => !passes(g)).length;
    this.status.textContent = t('Checked {0} parameters in {1} s: ', formatInt(result.groups.reduce((s, g) => s + g.count, 0)), formatNum(result.seconds, 2)) +
      (failed ? t('{0} of {1} groups above the 1e-5 threshold.', failed, result.groups.length) : t('every group passes.'));
    byId<HTMLButtonElement>('ex-copy').disabled = false;
    byId<HTMLButtonElement>('ex-export').disabled = false;
    byId('ex-result').hidden = false;

    const parts = [`${describeRequest(result.request)}, at ${result.parameters}.`];
    if (result.window) parts.push(t('Window: center “{0}”, context {1}.', result.window.center, result.window.context.map((w) => `“${w}”`).join(' ')));
    if (result.network) parts.push(`Dimensions ${result.network.dims.join(' × ')}, ${result.network.rows} data rows.`);
    if (result.classifier) {
      const c = result.classifier;
      parts.push(`${c.classes} classes, ${c.dim}-dimensional features, ${c.rows} sentences, reg = ${c.reg}.`);
    }
    if (result.inputScale !== undefined) parts.push(t('Checked at the center vectors scaled by {0}.', formatNum(result.inputScale, 4)));
    parts.push(t('Loss J = {0}.', formatNum(result.loss, 6)));
    byId('ex-summary').textContent = parts.join(' ');

    const brokenNote = byId('ex-broken-note');
    const b = BROKEN_GRADIENTS.find((x) => x.id === result.request.broken);
    const target = brokenTarget(result.request);
    brokenNote.hidden = !b || !target;
    if (b && target) brokenNote.textContent = t('Broken on purpose: {0}. {1} It feeds: {2}.', b.label, b.wrong[target] ?? '', (b.feeds[target] ?? []).join(', '));

    const card = (g: ExplorerResultView['groups'][number]): HTMLElement => gradCard(g, passes(g),
      g.count === g.totalInGroup ? t('all {0} touched parameters', formatInt(g.count)) : t('{0} of {1} touched parameters (sampled rows)', formatInt(g.count), formatInt(g.totalInGroup)));
    byId('ex-cards').replaceChildren(...result.groups.map(card));
    this.renderKernel(result, card);

    this.renderFormulas(result, (target && b?.feeds[target]) || []);
    this.renderHeatmaps(result);
    this.hist.setData(result.groups.map((g) => ({ name: g.name, relErrors: g.relErrors })));

    const body = byId<HTMLTableElement>('ex-worst').tBodies[0];
    body.replaceChildren(
      ...worstEntries(result, 10).map((w) => {
        const tr = el('tr');
        tr.append(
          el('td', undefined, w.group), el('td', undefined, w.row), el('td', 'num', String(w.component)),
          el('td', 'num', formatNum(w.analytic, 8)), el('td', 'num', formatNum(w.numeric, 8)), el('td', 'num', formatErr(w.relError)),
        );
        return tr;
      }),
    );
  }

  /** The training kernel's check on the same window, its notes, and its update step by step. */
  private renderKernel(result: ExplorerResultView, card: (g: ExplorerResultView['groups'][number]) => HTMLElement): void {
    const k = result.kernel;
    byId('ex-kernel').hidden = !k;
    if (!k) return;
    // The hierarchical softmax has no CS224n formulas: the cards above are already the kernel's.
    const hs = result.request.loss === 'hs';
    byId('ex-kernel-cards').replaceChildren(...(hs ? [] : k.groups.map(card)));
    byId('ex-kernel-intro').textContent = hs
      ? t('The hierarchical softmax is checked in the kernel that trains alone (the groups above); its inner nodes are their own group.')
      : t('The kernel that trains, its own update of this window against central differences of its own loss.');
    byId('ex-kernel-notes').replaceChildren(...k.notes.map((n) => el('li', undefined, n)));
    renderSteps(result, { summary: byId('ex-steps-summary'), count: byId('ex-steps-count'), terms: byId<HTMLTableElement>('ex-steps'), rows: byId('ex-step-rows') });
  }

  private renderFormulas(result: ExplorerResultView, fed: string[]): void {
    const r = result.request;
    const model = r.target;
    const oneLoss = model === 'network' || model === 'sentiment';
    const mine = GRADIENT_FORMULAS.filter((f) => f.model === model && (oneLoss || f.loss === r.loss));
    const usesSigmoid = model === 'network' || (!oneLoss && r.loss !== 'softmax');
    const usesSoftmax = oneLoss || r.loss === 'softmax';
    const blocks = GRADIENT_FORMULAS.filter((f) => f.model === 'any' &&
      (f.group === 'relative error' || (f.group === 'sigmoid' && usesSigmoid) || (f.group === 'softmax' && usesSoftmax)));
    byId('ex-formulas').replaceChildren(...[...mine, ...blocks].map((f) => formula(f, fed.includes(f.group))));
  }

  private renderHeatmaps(result: ExplorerResultView): void {
    const box = byId('ex-heatmaps');
    const width = box.clientWidth || 800;
    this.heatmaps = result.groups.map((g) => new Heatmap(g, this.scale, this.theme, width));
    box.replaceChildren(...this.heatmaps.map((h) => h.root));
    byId('ex-heatmap-legend').replaceChildren(this.scale.legend(this.theme));
  }

  applyTheme(t: ThemeColours): void {
    this.theme = t;
    this.scale = new ErrorScale(t, background());
    for (const h of this.heatmaps) h.restyle(this.scale, t);
    if (this.result) byId('ex-heatmap-legend').replaceChildren(this.scale.legend(t));
  }
}

/** Which "break a gradient" variants apply: none for the classifier and the hierarchical softmax. */
function brokenTarget(r: ExplorerForm): BrokenTarget | undefined {
  if (r.target === 'network') return 'network';
  if (r.target === 'sentiment' || r.loss === 'hs') return undefined;
  return r.loss;
}

function formula(f: GradientFormula, broken: boolean): HTMLElement {
  // The loss spans the grid's width: the network's is one long line.
  const box = el('div', `formula${broken ? ' broken' : ''}${f.group === 'loss' ? ' wide' : ''}`);
  const title = f.group === 'loss' ? 'Loss' : f.group === 'relative error' ? 'Relative error' : f.group === 'sigmoid' ? 'Sigmoid' : f.group === 'softmax' ? 'Softmax' : `Gradient of ${f.group}`;
  const head = el('div', 'formula-head');
  head.append(el('strong', undefined, title), el('span', 'muted small', `  ${f.source}${broken ? ' — the broken term feeds this group' : ''}`));
  const math = mathmlElement(f.mathml);
  box.append(head);
  if (math) box.append(math);
  box.append(el('div', 'formula-text muted small', f.text));
  return box;
}

function background(): string {
  return getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || getComputedStyle(document.body).backgroundColor;
}
