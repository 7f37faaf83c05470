/**
 * The gradient explorer's exports: a Markdown table a user can paste into an issue or notes, and
 * the result as JSON. Pure (no Node, no vscode): the webview may import it too.
 */
import type { ExplorerGroup, ExplorerResult } from './explorer';

/**
 * Words come from the corpus or a loaded vectors file: escape what could break the table or form
 * markup inside a line (never at a line start, so '#', '-', '+' are harmless; with '[' ']' escaped
 * no link can form, so '(' ')' '!' are too).
 */
function md(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

function num(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  // 10 significant digits without trailing zeros: enough to compare analytic and numeric values.
  const [mantissa, exponent] = x.toPrecision(10).split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent ? `${m}e${exponent}` : m;
}

function err(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : x === Infinity ? '∞' : 'NaN';
}

function title(r: ExplorerResult): string {
  const t = r.target;
  if (t.kind === 'network') return `the one-hidden-layer network of CS224d problem set 1, §2.3, dims [${t.dims.join(', ')}], ${t.rows} rows`;
  if (t.kind === 'sentiment') return `the sentiment classifier (softmax regression), dim ${t.dim}, ${t.classes} classes, reg ${t.reg}`;
  const model = t.model === 'skipgram' ? 'skip-gram' : 'CBOW';
  const loss = t.loss === 'neg' ? `negative sampling (K = ${t.negatives})` : t.loss === 'hs' ? 'hierarchical softmax' : 'naive softmax';
  return `${model}, ${loss}, dim ${t.dim}, window ${t.window}`;
}

function rowsCell(g: ExplorerGroup): string {
  return g.rowsChecked === g.rowsTotal ? `${g.rowsChecked}` : `${g.rowsChecked} of ${g.rowsTotal}`;
}

function entryCell(g: ExplorerGroup): string {
  const w = g.worst[0];
  return w ? `${md(w.row)}[${w.column}]` : '';
}

/**
 * The check as Markdown: a header, one table row per parameter group (parameters checked of the
 * total, rows checked, max relative error, pass/fail, the worst entry with analytic and numeric
 * values), then the worst entries of every group.
 */
export function explorerResultToMarkdown(r: ExplorerResult): string {
  const out: string[] = [];
  out.push(`### Gradient check: ${md(title(r))}`, '');
  out.push(`- Parameters: ${md(r.parameters.label)}${r.parameters.outsideVectors === 'copy of the input vectors' ? ' (outside vectors: a copy of the input vectors; the model has no output vectors)' : ''}`);
  if (r.window) {
    out.push(`- Window: ${md(r.window.text)}`);
    if (r.window.outOfVocabulary?.length) out.push(`- Not in the vocabulary (left out): ${r.window.outOfVocabulary.map(md).join(', ')}`);
  }
  if (r.broken) out.push(`- Broken gradient: ${md(r.broken.label)}: ${md(r.broken.wrong)} (feeds ${r.broken.feeds.map(md).join(', ')})`);
  if (r.inputScale !== undefined) out.push(`- Checked at the center vectors scaled by ${num(r.inputScale)}`);
  out.push(`- Loss ${num(r.loss)}; relative error |a − n| / max(1, |a|, |n|), pass at ≤ ${r.threshold.toExponential(0)}; seed ${r.seed}; ${r.timing.checkMs.toFixed(1)} ms`);
  out.push('');
  const hs = r.target.kind === 'word2vec' && r.target.loss === 'hs';
  // The hierarchical softmax has no CS224n formulas: its groups are the training kernel's.
  if (r.kernel) out.push(hs ? '#### The training kernel (CS224n has no formulas for the hierarchical softmax)' : "#### CS224n's formulas", '');
  out.push('| Group | Parameters checked | Rows checked | Max rel. error | Result | Worst entry | Analytic | Numeric |');
  out.push('|---|---:|---:|---:|---|---|---:|---:|');
  for (const g of r.groups) {
    const w = g.worst[0];
    out.push(`| ${md(g.name)} | ${g.count} of ${g.totalInGroup} | ${rowsCell(g)} | ${err(g.maxRelError)} | ${g.passed ? 'pass' : '**FAIL**'} | ${entryCell(g)} | ${w ? num(w.analytic) : ''} | ${w ? num(w.numeric) : ''} |`);
  }
  if (r.kernel) {
    if (!hs) out.push('', `#### The training kernel: its own update against central differences of its own loss (loss ${num(r.kernel.loss)}${r.kernel.softmaxWords !== undefined ? `, softmax over ${r.kernel.softmaxWords} words` : ''})`, '');
    if (!hs) {
      out.push('| Group | Parameters checked | Rows checked | Max rel. error | Result | Worst entry | Analytic | Numeric |');
      out.push('|---|---:|---:|---:|---|---|---:|---:|');
      for (const g of r.kernel.groups) {
        const w = g.worst[0];
        out.push(`| ${md(g.name)} | ${g.count} of ${g.totalInGroup} | ${rowsCell(g)} | ${err(g.maxRelError)} | ${g.passed ? 'pass' : '**FAIL**'} | ${entryCell(g)} | ${w ? num(w.analytic) : ''} | ${w ? num(w.numeric) : ''} |`);
      }
    }
    if (r.kernel.notes.length) out.push('', ...r.kernel.notes.map((n) => `- ${md(n)}`));
    const st = r.kernel.steps;
    out.push('', `#### One update, step by step (learning rate ${num(st.alpha)}): window loss ${num(st.loss)} before the step, ${num(st.lossAfter)} after`, '');
    out.push('| Pair | Output row | Score uᵀx | Probability | Label | Error = label − probability | Loss term |');
    out.push('|---:|---|---:|---:|---:|---:|---:|');
    for (const t of st.terms) out.push(`| ${t.pair} | ${md(t.row)} | ${Number.isNaN(t.score) ? '' : num(t.score)} | ${num(t.probability)} | ${t.label} | ${num(t.error)} | ${num(t.loss)} |`);
  }
  const worst = r.groups.flatMap((g) => g.worst.map((w) => ({ g, w })));
  if (worst.length) {
    out.push('', '#### Worst entries', '');
    out.push('| Group | Row | Column | Analytic | Numeric | Rel. error |');
    out.push('|---|---|---:|---:|---:|---:|');
    for (const { g, w } of worst) out.push(`| ${md(g.name)} | ${md(w.row)} | ${w.column} | ${num(w.analytic)} | ${num(w.numeric)} | ${err(w.relError)} |`);
  }
  return out.join('\n') + '\n';
}

/**
 * The result as JSON, without indentation (a heatmap would take a line per number). Typed arrays
 * become plain arrays (the heatmaps' log10 errors rounded to 3 decimals); JSON has no Infinity or
 * NaN, so non-finite numbers become null: a null relative error, max error or log10 error means an
 * infinitely wrong (NaN/Infinity) analytic gradient.
 */
export function explorerResultToJson(r: ExplorerResult): string {
  return JSON.stringify(r, (key, value: unknown) => {
    // isView, not instanceof: the arrays may come from another realm (a worker, the webview).
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const round = key === 'log10RelErrors';
      return Array.from(value as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? (round ? Math.round(x * 1000) / 1000 : x) : null));
    }
    return value;
  }) + '\n';
}
