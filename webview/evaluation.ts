/**
 * The Evaluation tab: opens word-pair and analogy files through the extension's open dialog (or
 * again from the recent files), chooses the vocabulary rule (gensim's or compute-accuracy's), and
 * shows each file's result as the extension computed it (the same code as `w2v eval`): Spearman
 * and Pearson with the out-of-vocabulary count and the worst-predicted pairs, or accuracy per
 * section with the first wrong answers. Words and file names go in through textContent only.
 */
import type { EvalAnalogiesView, EvalFileView, EvalPairsView, EvalPresetId, EvaluationView } from '../extension/shared/protocol';
import { EVAL_PRESETS } from '../extension/core/eval/options';
import { byId, el } from './dom';
import { formatInt } from './format';
import { t } from './l10n';
import type { VsCodeApi } from './vscodeApi';

const num = (x: number | null): string => (x === null ? t('n/a') : x.toFixed(3));
const pct = (x: number | null): string => (x === null ? t('n/a') : `${(100 * x).toFixed(1)}%`);

/** The preset's name and vocabulary (shown before any file is evaluated, so from the presets themselves). */
function presetText(id: EvalPresetId): string {
  const n = formatInt(EVAL_PRESETS[id].restrict);
  return id === 'gensim'
    ? t('gensim\'s defaults: the {0} most frequent words, case-insensitive', n)
    : t('word2vec\'s compute-accuracy: the {0} most frequent words, case-insensitive', n);
}

/** A table with a header row and text cells (class "num" for numbers: any cell whose text starts with a digit, sign or n/a). */
function table(caption: string, head: string[], rows: (string | Node)[][], numeric: boolean[]): HTMLTableElement {
  const tableEl = el('table', 'grid');
  tableEl.append(el('caption', 'muted small', caption));
  const thead = el('thead');
  const hr = el('tr');
  head.forEach((h, i) => {
    const th = el('th', numeric[i] ? 'num' : undefined, h);
    th.scope = 'col';
    hr.append(th);
  });
  thead.append(hr);
  const tbody = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    r.forEach((c, i) => {
      const td = el('td', numeric[i] ? 'num' : undefined);
      td.append(c);
      tr.append(td);
    });
    tbody.append(tr);
  }
  tableEl.append(thead, tbody);
  return tableEl;
}

export class EvaluationPanel {
  private readonly results = byId('eval-results');
  private readonly preset = byId<HTMLSelectElement>('eval-preset');

  constructor(private readonly api: VsCodeApi, private readonly onChange: () => void) {
    byId('eval-intro').textContent = t('Scores the current word vectors on a word-pair file (WordSim-353, SimLex-999: Spearman and Pearson correlation of cosine similarity with human scores) or an analogy file (questions-words.txt: accuracy per section by 3CosAdd), with the same code as the command line\'s w2v eval. Pairs or questions with a word outside the vocabulary are skipped and counted.');
    const open = byId<HTMLButtonElement>('eval-open');
    open.textContent = t('Open an evaluation file…');
    open.addEventListener('click', () => this.api.postMessage({ type: 'evalOpen' }));
    byId('eval-preset-text').textContent = t('Vocabulary');
    for (const o of [...this.preset.options]) o.textContent = presetText(o.value as EvalPresetId);
    this.preset.addEventListener('change', () => this.api.postMessage({ type: 'evalPreset', preset: this.preset.value as EvalPresetId }));
    byId('eval-recent-heading').textContent = t('Recent files');
    this.render({ preset: 'gensim', files: [], recent: [] });
  }

  show(view: EvaluationView): void {
    this.render(view);
    this.onChange();
  }

  private render(view: EvaluationView): void {
    this.preset.value = view.preset;
    this.renderRecent(view.recent);
    const running = view.files.filter((f) => f.status === 'running').length;
    byId('eval-status').textContent = view.files.length === 0
      ? t('No file loaded: open WordSim-353, SimLex-999 or questions-words.txt (the numbers update by themselves after each training run).')
      : running > 0 ? t('Evaluating {0} file(s)…', running) : '';
    this.results.replaceChildren(...view.files.map((f) => this.fileCard(f)));
  }

  private renderRecent(recent: string[]): void {
    byId('eval-recent-box').hidden = recent.length === 0;
    byId('eval-recent').replaceChildren(...recent.map((path) => {
      const li = el('li');
      const b = el('button', 'link', path.split(/[\\/]/).pop() ?? path);
      b.type = 'button';
      b.title = path;
      b.setAttribute('aria-label', t('Evaluate {0} again', path));
      b.addEventListener('click', () => this.api.postMessage({ type: 'evalLoad', path }));
      li.append(b, el('span', 'muted small', ` ${path}`));
      return li;
    }));
  }

  private fileCard(f: EvalFileView): HTMLElement {
    const card = el('section', 'eval-file');
    card.setAttribute('aria-label', f.name);
    const head = el('div', 'eval-file-head');
    const h = el('h2', undefined, f.name);
    h.title = f.path;
    const remove = el('button', 'secondary', t('Remove'));
    remove.type = 'button';
    remove.setAttribute('aria-label', t('Remove {0}', f.name));
    remove.addEventListener('click', () => this.api.postMessage({ type: 'evalRemove', path: f.path }));
    head.append(h, remove);
    card.append(head);
    if (f.status === 'waiting') card.append(el('p', 'muted', t('Waiting for word vectors: train on a file or load vectors, and this file is evaluated on them.')));
    else if (f.status === 'running') card.append(el('p', 'muted', t('Evaluating…')));
    else if (f.status === 'error') {
      const m = el('p', 'message', f.error ?? t('Could not evaluate this file.'));
      m.setAttribute('role', 'alert');
      card.append(m);
    } else {
      if (f.pairs) this.pairs(card, f.pairs);
      if (f.analogies) this.analogies(card, f.analogies);
      card.append(el('p', 'muted small', t('On {0}: {1}.', f.vectors ?? '', f.restrict !== undefined
        ? t('the {0} most frequent words, {1}', formatInt(f.restrict), f.caseInsensitive === false ? t('case-sensitive') : t('case-insensitive')) : '')));
    }
    return card;
  }

  private pairs(card: HTMLElement, r: EvalPairsView): void {
    const stats = el('dl', 'stats eval-stats');
    const stat = (label: string, value: string, cls: string): void => {
      const d = el('div');
      d.append(el('dt', undefined, label), el('dd', cls, value));
      stats.append(d);
    };
    stat(t('Spearman'), num(r.spearman), 'eval-spearman');
    stat(t('Pearson'), num(r.pearson), 'eval-pearson');
    stat(t('Pairs evaluated'), formatInt(r.pairs), 'eval-pairs');
    stat(t('Out of vocabulary'), `${formatInt(r.oov)} (${pct(r.oovRate)})`, 'eval-oov');
    card.append(stats);
    if (r.worst.length === 0) return;
    card.append(table(
      t('The worst-predicted pairs: furthest apart by rank (1 = least similar) between the human scores and the cosine similarities'),
      [t('Word 1'), t('Word 2'), t('Human score'), t('Human rank'), t('Cosine'), t('Model rank'), t('Line')],
      r.worst.map((p) => [p.a, p.b, String(p.score), String(p.humanRank), num(p.cosine), String(p.modelRank), String(p.line)]),
      [false, false, true, true, true, true, true],
    ));
  }

  private analogies(card: HTMLElement, r: EvalAnalogiesView): void {
    const row = (s: EvalAnalogiesView['overall'], name: string): string[] =>
      [name, pct(s.accuracy), formatInt(s.correct), formatInt(s.total), formatInt(s.skipped)];
    const p = el('p', 'eval-overall');
    p.append(el('strong', 'eval-accuracy', pct(r.overall.accuracy)),
      ` ${t('of {0} questions answered correctly ({1} correct; {2} skipped: a word outside the vocabulary)', formatInt(r.overall.total), formatInt(r.overall.correct), formatInt(r.overall.skipped))}`);
    card.append(p);
    card.append(table(t('Accuracy per section'), [t('Section'), t('Accuracy'), t('Correct'), t('Questions'), t('Skipped')],
      [...r.sections.map((s) => row(s, s.section)), row(r.overall, t('overall'))], [false, true, true, true, true]));
    if (r.mistakes.length === 0) return;
    card.append(table(t('The first wrong answers, in file order'), [t('Question'), t('Expected'), t('Answer'), t('Section'), t('Line')],
      r.mistakes.map((m) => [`${m.a} : ${m.b} :: ${m.c} : ?`, m.d, m.predicted, m.section, String(m.line)]),
      [false, false, false, false, true]));
  }
}
