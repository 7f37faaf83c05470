/**
 * Reading a gradient-explorer result in the page: pass/fail, the worst entries, a one-line title.
 * Pure and light (no math) for the webview bundle. (The Markdown and JSON exports are the core's,
 * extension/core/gradcheck/report.ts, made by the extension from the core's result.)
 */
import { BROKEN_GRADIENTS } from '../core/gradcheck/broken';
import type { ExplorerGroupView, ExplorerForm, ExplorerResultView } from './protocol';

export const EXPLORER_THRESHOLD = 1e-5;

/** A relative error as a number; null (Infinity or NaN after JSON) counts as infinitely wrong. */
export const errValue = (e: number | null): number => (e === null || Number.isNaN(e) ? Infinity : e);

export function passes(g: ExplorerGroupView): boolean {
  return errValue(g.maxRelError) < EXPLORER_THRESHOLD;
}

export interface WorstEntry {
  group: string;
  row: string;
  component: number;
  analytic: number | null;
  numeric: number | null;
  relError: number | null;
}

/** The `n` largest relative errors over all groups, worst first. */
export function worstEntries(result: ExplorerResultView, n: number): WorstEntry[] {
  const all: { g: ExplorerGroupView; i: number; e: number }[] = [];
  for (const g of result.groups) for (let i = 0; i < g.relErrors.length; i++) all.push({ g, i, e: errValue(g.relErrors[i]) });
  all.sort((a, b) => b.e - a.e);
  return all.slice(0, n).map(({ g, i }) => ({
    group: g.name,
    row: g.rowLabels[Math.floor(i / g.shape[1])] ?? '',
    component: i % g.shape[1],
    analytic: g.analytic[i],
    numeric: g.numeric[i],
    relError: g.relErrors[i],
  }));
}

export function describeRequest(req: ExplorerForm): string {
  const what = req.target === 'network'
    ? 'one-hidden-layer network (CS224d problem set 1, §2.3)'
    : req.target === 'sentiment'
    ? 'sentiment classifier: softmax regression with L2 (CS224d problem set 1, §4)'
    : `${req.target === 'skipgram' ? 'skip-gram' : 'CBOW'}, ${req.loss === 'neg' ? `negative sampling (K = ${req.negatives})` : req.loss === 'hs' ? 'hierarchical softmax' : 'naive softmax'}`;
  const broken = req.broken ? BROKEN_GRADIENTS.find((b) => b.id === req.broken)?.label ?? req.broken : '';
  return broken ? `${what}, broken: ${broken}` : what;
}
