/**
 * The Neighbours tab's "over training" table: the searched word's nearest neighbours at each
 * snapshot the training run kept (one row per snapshot, one column per rank), with the words that
 * entered since the previous snapshot marked "new" and those that left listed at the row's end.
 * The words are buttons that search them; one of them is in the Tab order and the arrow keys move
 * between them (a grid), Home/End to the row's ends. Words go in through textContent only.
 */
import type { NeighboursOverTimeRow, ToWebview } from '../extension/shared/protocol';
import { byId, el } from './dom';
import { formatInt } from './format';
import { t } from './l10n';

function rowLabel(r: NeighboursOverTimeRow): string {
  if (r.stop === 'diverged') return t('the last good vectors ({0} words)', formatInt(r.wordsProcessed ?? 0));
  if (r.stop === 'cancelled') return t('stopped after {0} words', formatInt(r.wordsProcessed ?? 0));
  if (r.epoch !== undefined) return t('epoch {0}', r.epoch);
  if (r.wordsProcessed !== undefined) return t('{0} words', formatInt(r.wordsProcessed));
  return r.label;
}

export class NeighboursOverTimeTable {
  private readonly box = byId('over-time');
  private readonly table = byId<HTMLTableElement>('over-time-table');
  private readonly message = byId('over-time-message');
  /** The newest search: answers to older ones are dropped. */
  private expected = -1;

  constructor(private readonly search: (word: string) => void) {
    this.table.addEventListener('keydown', (e) => this.key(e));
  }

  /** A search was sent: its answer is the one to show. */
  expect(requestId: number): void {
    this.expected = requestId;
  }

  handle(m: Extract<ToWebview, { type: 'neighboursOverTime' }>): void {
    if (m.requestId !== this.expected) return;
    if (m.rows.length === 0 && !m.error) {
      // The model kept no snapshots (loaded vectors, or a run without them): nothing to show.
      this.box.hidden = true;
      return;
    }
    this.box.hidden = false;
    byId('over-time-heading').textContent = t('“{0}” during training', m.word);
    this.message.hidden = !m.error;
    this.message.textContent = m.error ?? '';
    this.table.hidden = !!m.error;
    if (m.error) {
      byId('over-time-note').textContent = '';
      return;
    }
    const k = Math.max(...m.rows.map((r) => r.neighbours.length));
    byId('over-time-note').textContent = t('Its {0} nearest neighbours at each snapshot the run kept, among the {1} most frequent words (the last row is the final vectors). “new”: not among them at the previous snapshot; Left: there before, gone now. Arrow keys move between the words; Enter searches one.', k, formatInt(m.words));
    const head = el('tr');
    const corner = el('th', undefined, t('Snapshot'));
    corner.scope = 'col';
    head.append(corner);
    for (let i = 1; i <= k; i++) {
      const th = el('th', undefined, String(i));
      th.scope = 'col';
      head.append(th);
    }
    const leftHead = el('th', undefined, t('Left'));
    leftHead.scope = 'col';
    head.append(leftHead);
    this.table.tHead!.replaceChildren(head);
    let previous: Set<string> | undefined;
    const body = m.rows.map((r, row) => {
      const tr = el('tr');
      const th = el('th', undefined, rowLabel(r));
      th.scope = 'row';
      tr.append(th);
      const now = new Set(r.neighbours.map((n) => n.word));
      r.neighbours.forEach((n, col) => {
        const td = el('td');
        const entered = previous !== undefined && !previous.has(n.word);
        const b = el('button', entered ? 'link word entered' : 'link word', n.word);
        b.type = 'button';
        b.tabIndex = row === 0 && col === 0 ? 0 : -1;
        b.dataset.row = String(row);
        b.dataset.col = String(col);
        const sim = Number.isFinite(n.similarity) ? n.similarity.toFixed(3) : '–';
        b.title = t('cosine {0}', sim);
        b.setAttribute('aria-label', entered ? t('{0}, cosine {1}, new at {2}', n.word, sim, rowLabel(r)) : t('{0}, cosine {1}', n.word, sim));
        b.addEventListener('click', () => this.search(n.word));
        td.append(b);
        if (entered) td.append(el('span', 'tag', t('new')));
        tr.append(td);
      });
      for (let col = r.neighbours.length; col < k; col++) tr.append(el('td'));
      const left = previous ? [...previous].filter((w) => !now.has(w)) : [];
      tr.append(el('td', 'muted left', left.join(', ')));
      previous = now;
      return tr;
    });
    this.table.tBodies[0].replaceChildren(...body);
  }

  /** A new search for a word without snapshots, or no model: hide the table until the answer comes. */
  clear(): void {
    this.box.hidden = true;
  }

  private key(e: KeyboardEvent): void {
    const b = e.target as HTMLElement;
    if (!b.matches?.('button.word')) return;
    let row = Number(b.dataset.row), col = Number(b.dataset.col);
    if (e.key === 'ArrowRight') col++;
    else if (e.key === 'ArrowLeft') col--;
    else if (e.key === 'ArrowDown') row++;
    else if (e.key === 'ArrowUp') row--;
    else if (e.key === 'Home') col = 0;
    else if (e.key === 'End') col = Infinity;
    else return;
    e.preventDefault();
    const rows = [...this.table.tBodies[0].rows].map((tr) => [...tr.querySelectorAll<HTMLButtonElement>('button.word')]);
    row = Math.max(0, Math.min(rows.length - 1, row));
    col = Math.max(0, Math.min(rows[row].length - 1, col));
    const next = rows[row][col];
    if (!next) return;
    for (const x of this.table.querySelectorAll<HTMLButtonElement>('button.word')) x.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }
}
