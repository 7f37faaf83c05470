/**
 * Reading a gradient-explorer result: pass/fail, the worst entries, and the Markdown and JSON
 * exports. Pure and light (no math): used by the extension and bundled into the webview.
 */
import { BROKEN_GRADIENTS } from '../core/gradcheck/broken';
import type { ExplorerGroup, ExplorerRequest, ExplorerResult } from '../protocol';

export const EXPLORER_THRESHOLD = 1e-5;

/** A relative error as a number; null (Infinity or NaN after JSON) counts as infinitely wrong. */
export const errValue = (e: number | null): number => (e === null || Number.isNaN(e) ? Infinity : e);

export function passes(g: ExplorerGroup): boolean {
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
export function worstEntries(result: ExplorerResult, n: number): WorstEntry[] {
  const all: { g: ExplorerGroup; i: number; e: number }[] = [];
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

export function describeRequest(req: ExplorerRequest): string {
  const what = req.target === 'network'
    ? 'one-hidden-layer network (seed 001 §2.3)'
    : `${req.target === 'skipgram' ? 'skip-gram' : 'CBOW'}, ${req.loss === 'neg' ? `negative sampling (K = ${req.negatives})` : 'naive softmax'}`;
  const broken = req.broken ? BROKEN_GRADIENTS.find((b) => b.id === req.broken)?.label ?? req.broken : '';
  return broken ? `${what}, broken: ${broken}` : what;
}

const num = (v: number | null): string => (v === null ? 'NaN/∞' : Number.isFinite(v) ? v.toPrecision(6) : String(v));
const err = (v: number | null): string => (v === null ? '∞' : v === 0 ? '0' : v.toExponential(2).replace('e+', 'e'));
/** Markdown text from a corpus word: a pipe must not break the table, markup must stay text. */
const cell = (s: string): string => s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');

export function explorerMarkdown(result: ExplorerResult, worst = 10): string {
  const lines: string[] = [];
  lines.push(`### Gradient check: ${cell(describeRequest(result.request))}`, '');
  lines.push(`Parameters: ${cell(result.parameters)}.`);
  if (result.window) lines.push(`Window: center “${cell(result.window.center)}”, context ${result.window.context.map((w) => `“${cell(w)}”`).join(' ')}.`);
  if (result.network) lines.push(`Network: dimensions ${result.network.dims.join(' × ')}, ${result.network.rows} data rows.`);
  lines.push(`Loss J = ${num(result.loss)}; relative error |a − n| / max(1, |a|, |n|); threshold ${EXPLORER_THRESHOLD.toExponential(0)}.`, '');
  lines.push('| Group | Checked | Touched | Max relative error | Result |', '|---|---:|---:|---:|---|');
  for (const g of result.groups) {
    lines.push(`| ${cell(g.name)} | ${g.count} | ${g.totalInGroup} | ${err(g.maxRelError)} | ${passes(g) ? 'pass' : 'FAIL'} |`);
  }
  lines.push('', `Worst ${worst} entries:`, '', '| Group | Row | Component | Analytic | Numeric | Relative error |', '|---|---|---:|---:|---:|---:|');
  for (const w of worstEntries(result, worst)) {
    lines.push(`| ${cell(w.group)} | ${cell(w.row)} | ${w.component} | ${num(w.analytic)} | ${num(w.numeric)} | ${err(w.relError)} |`);
  }
  return lines.join('\n') + '\n';
}

export function explorerJson(result: ExplorerResult): string {
  // Infinity and NaN are not JSON: they become null (an infinitely wrong entry).
  return JSON.stringify({ format: 'word2vec-gradient-check', version: 1, ...result }, null, 1) + '\n';
}
