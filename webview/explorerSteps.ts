/**
 * "One update, step by step" in the Gradients tab: every term the training kernel computed for the
 * window (score, σ, label, error, loss) and every row the step touched, each expandable (a native
 * <details>, so Tab and Enter or Space open it) to its values before the step, the kernel's
 * gradient Δ, the update −α·Δ and the values after, each column under its formula. Corpus words
 * only ever go in through textContent.
 */
import type { ExplorerResultView } from '../extension/shared/protocol';
import { el } from './dom';
import { formatInt, formatNum } from './format';
import { t } from './l10n';

type Steps = NonNullable<ExplorerResultView['kernel']>['steps'];
type Term = Steps['terms'][number];
type StepRow = Steps['rows'][number];

const num = (x: number | null): string => (x === null || Number.isNaN(x) ? '' : formatNum(x, 5));

/** The symbol of a row's vector: v for an input row, u for an output row or inner node. */
function symbol(r: StepRow): string {
  return r.group === 'center vectors' ? `v(${r.row})` : `u(${r.row})`;
}

/** The terms that step this row: an output row's own terms; an input row's pair (skip-gram) or every term (CBOW). */
function termsOf(r: StepRow, result: ExplorerResultView): Term[] {
  const terms = result.kernel!.steps.terms;
  if (r.group !== 'center vectors') return terms.filter((x) => x.row === r.row);
  if (result.request.target === 'cbow') return terms;
  const context = result.window?.context ?? [];
  return terms.filter((x) => context[x.pair] === r.row);
}

/** How the kernel computes this row's gradient from the terms, in the kernel's own definitions. */
function gradientFormula(r: StepRow, result: ExplorerResultView): string {
  const cbow = result.request.target === 'cbow';
  if (r.group !== 'center vectors') {
    return cbow
      ? t('Δ = −Σ error · x̄ over this row\'s terms below, x̄ = the mean of the context vectors (the hidden vector)')
      : t('Δ = −Σ error · v(context word of the term\'s pair) over this row\'s terms below');
  }
  return cbow
    ? t('Δ = −(1/n) Σ error · u(row) over every term below, n = {0} context words (corrected CBOW; word2vec\'s update drops the 1/n)', (result.window?.context.length ?? 0))
    : t('Δ = −Σ error · u(row) over the terms of this context word\'s pair (context word → center word) below');
}

function termsTable(terms: Term[], caption?: string): HTMLTableElement {
  const table = el('table', 'grid steps-terms');
  if (caption) table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  for (const h of [t('Pair'), t('Output row'), t('Score uᵀx'), t('Probability σ(uᵀx) or ŷ'), t('Label'), t('Error = label − probability'), t('Loss term')]) {
    const th = el('th', undefined, h);
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  for (const x of terms) {
    const tr = body.insertRow();
    tr.append(el('td', undefined, String(x.pair)), el('td', undefined, x.row), el('td', 'num', num(x.score)), el('td', 'num', num(x.probability)),
      el('td', 'num', String(x.label)), el('td', 'num', num(x.error)), el('td', 'num', num(x.loss)));
  }
  return table;
}

/** One touched row, collapsed to its name and the size of its step; expanded, every number under its formula. */
function rowDetails(r: StepRow, result: ExplorerResultView, alpha: number): HTMLDetailsElement {
  const box = el('details', 'step-row');
  let norm = 0;
  for (const g of r.grad) if (g !== null) norm += g * g;
  const summary = el('summary', undefined, t('{0}, {1}: ‖Δ‖ = {2}', symbol(r), r.group, formatNum(Math.sqrt(norm), 4)));
  box.append(summary);
  // The table is built when the row is first opened: a window touches up to a hundred rows of a hundred numbers.
  box.addEventListener('toggle', () => {
    if (!box.open || box.childElementCount > 1) return;
    const own = termsOf(r, result);
    box.append(el('p', 'small', gradientFormula(r, result)));
    if (own.length) box.append(termsTable(own, t('The terms that step {0}', symbol(r))));
    const table = el('table', 'grid step-values');
    table.createCaption().textContent = t('{0}, component by component: after = before − α·Δ, α = {1}', symbol(r), formatNum(alpha, 3));
    const head = table.createTHead().insertRow();
    for (const h of [t('Component i'), t('Before θᵢ'), t('Gradient Δᵢ = ∂J/∂θᵢ'), t('Update −α·Δᵢ'), t('After θᵢ − α·Δᵢ')]) {
      const th = el('th', undefined, h);
      th.scope = 'col';
      head.append(th);
    }
    const body = table.createTBody();
    r.before.forEach((b, i) => {
      const g = r.grad[i];
      const tr = body.insertRow();
      tr.append(el('td', 'num', String(i)), el('td', 'num', num(b)), el('td', 'num', num(g)),
        el('td', 'num', g === null ? '' : num(-alpha * g)), el('td', 'num', num(r.after[i])));
    });
    box.append(table);
  });
  return box;
}

/** Fills the step-by-step section of a result's kernel check. */
export function renderSteps(result: ExplorerResultView, parts: { summary: HTMLElement; count: HTMLElement; terms: HTMLTableElement; rows: HTMLElement }): void {
  const st = result.kernel!.steps;
  parts.summary.textContent = t('The kernel\'s step at learning rate {0}: the window\'s loss is {1} before it and {2} after. ', formatNum(st.alpha, 3), formatNum(st.loss, 6), formatNum(st.lossAfter, 6)) +
    t('Each output row steps by learning rate × error × the input (hidden) vector; each input row by learning rate × error × the output row.');
  parts.count.textContent = t('Every term the kernel computed ({0}): its score, probability, label, error and loss', formatInt(st.terms.length));
  parts.terms.tBodies[0].replaceChildren(...termsTable(st.terms).tBodies[0].rows);
  parts.rows.replaceChildren(
    el('p', 'muted small', t('Every row the step touched ({0}); open one to see its values before the step, its gradient, the update and its values after.', formatInt(st.rows.length))),
    ...st.rows.map((r) => rowDetails(r, result, st.alpha)),
  );
}
