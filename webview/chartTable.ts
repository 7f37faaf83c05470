/**
 * A chart's text alternative: its numbers as a table, in a <details> right after the canvas (a
 * keyboard user reaches its summary with Tab and opens it with Enter or Space; a screen reader reads
 * it as a table). The rows are kept as data and built into the DOM only while the details is open,
 * so a chart that redraws five times a second does not rebuild a table nobody looks at.
 */
import { byId, el } from './dom';

export class ChartTable {
  private readonly details: HTMLDetailsElement;
  private columns: string[] = [];
  private rows: () => string[][] = () => [];

  constructor(id: string) {
    this.details = byId<HTMLDetailsElement>(id);
    this.details.addEventListener('toggle', () => this.render());
  }

  /** New numbers; `rows` is called only when the table is shown. */
  set(columns: string[], rows: () => string[][]): void {
    this.columns = columns;
    this.rows = rows;
    this.render();
  }

  private render(): void {
    if (!this.details.open) return;
    const table = this.details.querySelector('table')!;
    const head = table.tHead ?? table.createTHead();
    const tr = el('tr');
    for (const c of this.columns) {
      const th = el('th', undefined, c);
      th.scope = 'col';
      tr.append(th);
    }
    head.replaceChildren(tr);
    const body = table.tBodies[0] ?? table.createTBody();
    const rows = this.rows();
    body.replaceChildren(...rows.map((r) => {
      const row = el('tr');
      r.forEach((cell, i) => {
        const c = el(i === 0 ? 'th' : 'td', undefined, cell);
        if (i === 0) c.setAttribute('scope', 'row');
        row.append(c);
      });
      return row;
    }));
    if (rows.length === 0) body.replaceChildren(Object.assign(el('tr'), { textContent: 'No data yet.' }));
  }
}
