import { el } from './dom';
import { formatErr } from './format';

/** One parameter group's card: its name, whose gradient was checked, pass or fail, its worst error and a detail line. */
export function gradCard(g: { name: string; source?: string; maxRelError: number | null }, passed: boolean, detail: string): HTMLElement {
  const c = el('div', `grad-card ${passed ? 'pass' : 'fail'}`);
  c.append(
    el('div', 'grad-name', g.name),
    el('div', 'muted small', g.source ?? ''),
    el('div', 'grad-verdict', passed ? '✓ pass' : '✗ fail'),
    el('div', 'grad-value', `max ${formatErr(g.maxRelError)}`),
    el('div', 'muted small', detail),
  );
  return c;
}
