/**
 * The Map's coordinates as CSV or TSV text (pure; the controller saves it). One row per word:
 * word, x, y, count (empty when unknown), selected (1 or 0). Fields that hold the separator, a
 * quote or a line break are quoted as RFC 4180 says, in both formats (Python's csv module reads
 * both with the matching delimiter).
 */
import type { MapView } from '../shared/protocol';

export type MapExportFormat = 'csv' | 'tsv';

function field(s: string, sep: string): string {
  return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `scope` 'selection': only the words in `selection`; 'all': every word, with a selected column. */
export function mapCoordinatesText(view: Pick<MapView, 'words' | 'x' | 'y' | 'counts' | 'labels'>, format: MapExportFormat, selection: ReadonlySet<string>, scope: 'all' | 'selection'): string {
  const sep = format === 'csv' ? ',' : '\t';
  const lines = [['word', 'x', 'y', 'count', 'selected'].join(sep)];
  view.words.forEach((w, i) => {
    const selected = selection.has(w);
    if (scope === 'selection' && !selected) return;
    lines.push([field(w, sep), String(view.x[i]), String(view.y[i]), view.counts ? String(view.counts[i]) : '', selected ? '1' : '0'].join(sep));
  });
  return lines.join('\n') + '\n';
}
