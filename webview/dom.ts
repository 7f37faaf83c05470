/** Small DOM helpers. Data only ever goes in through textContent (corpus words are untrusted). */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`dashboard page is missing #${id}`);
  return el as T;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function setText(id: string, text: string): void {
  byId(id).textContent = text;
}

/** Rows of a two-column table (key, value). */
export function fillTable(table: HTMLTableElement, rows: [string, string][]): void {
  const body = table.tBodies[0] ?? table.createTBody();
  body.replaceChildren(
    ...rows.map(([k, v]) => {
      const tr = el('tr');
      tr.append(el('th', undefined, k), el('td', undefined, v));
      tr.firstElementChild?.setAttribute('scope', 'row');
      return tr;
    }),
  );
}
