import type { SentimentResult } from './types';

/** Plain-text report of a sweep (CLI and benchmark): the table, the choice, the confusion matrix. */
export function formatSentimentReport(r: SentimentResult): string {
  const out: string[] = [];
  const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
  for (const [label, s] of Object.entries(r.splits)) {
    out.push(
      `${label.padEnd(5)} ${s.name}: ${s.sentences} sentences, classes [${s.classCounts.join(', ')}], ` +
        `token coverage ${pct(s.tokenCoverage)}, ${s.noKnownWord} with no known word (zero feature)`,
    );
  }
  out.push('');
  out.push('reg        train acc  dev acc   train cost  iters  converged');
  r.sweep.forEach((row, i) => {
    out.push(
      `${fmtReg(row.reg).padEnd(10)} ${pct(row.trainAccuracy).padStart(9)}  ${pct(row.devAccuracy).padStart(7)}   ` +
        `${row.trainCost.toFixed(5).padStart(10)}  ${String(row.iterations).padStart(5)}  ${row.converged ? 'yes' : 'no'}` +
        (i === r.chosenIndex ? '   <- best dev' : ''),
    );
  });
  out.push('');
  out.push(`chosen reg ${fmtReg(r.chosenReg)}: dev accuracy ${pct(r.devAccuracy)}, test accuracy ${pct(r.testAccuracy)}`);
  out.push('');
  out.push('dev confusion (rows: true class, columns: predicted)');
  const w = Math.max(6, ...r.devConfusion.flat().map((c) => String(c).length + 1));
  const nameW = Math.max(...r.classNames.map((n) => n.length));
  out.push(' '.repeat(nameW) + r.classNames.map((_, j) => String(j).padStart(w)).join(''));
  r.devConfusion.forEach((row, i) => {
    out.push(r.classNames[i].padEnd(nameW) + row.map((c) => String(c).padStart(w)).join('') + `   (${i})`);
  });
  return out.join('\n');
}

/** 0, 1e-5, 3e-3, 0.01, 0.1, 1: exponent form below 0.01, where decimals get long. */
export function fmtReg(reg: number): string {
  return reg !== 0 && Math.abs(reg) < 0.01 ? reg.toExponential() : String(reg);
}
