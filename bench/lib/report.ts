import { median } from './measure';
import type { BenchSettings, Tool, TrainRun } from './runners';
import type { Quality } from './evaluate';

/** The benchmark's targets: speed ratio >= 1.0, memory ratio <= 1.5, quality not worse than gensim's
 *  by more than 0.02 Spearman (WordSim-353) and 2 analogy points. */
export const TARGETS = { speedRatio: 1.0, memoryRatio: 1.5, spearman: 0.02, analogy: 0.02 };

export interface MeasuredRun extends TrainRun {
  repeat: number;
  quality: Quality | null;
  loadavgBefore: number;
}

/** Medians over the repeats of one tool in one cell. */
export interface Summary {
  tool: Tool;
  runs: number;
  vocabSize: number;
  wordsTrained: number;
  /** null when a run did not report its training-only time. */
  trainSeconds: number | null;
  trainWordsPerSec: number | null;
  runSeconds: number;
  runWordsPerSec: number;
  wallSeconds: number;
  wallWordsPerSec: number;
  cpuSeconds: number;
  /** Words trained per CPU-second of the whole process: load-robust, blind to thread speed-up. */
  cpuWordsPerSec: number;
  peakRssBytes: number;
  wordsim353: number | null;
  simlex999: number | null;
  analogy: number | null;
}

/** Median of the runs that have the figure (quality may be evaluated on the first repeat only);
 *  null when none has it. */
function medianOrNull(xs: (number | null | undefined)[]): number | null {
  const ok = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return ok.length > 0 ? median(ok) : null;
}

export function summarize(tool: Tool, runs: MeasuredRun[]): Summary {
  return {
    tool, runs: runs.length,
    vocabSize: median(runs.map((r) => r.vocabSize)),
    wordsTrained: median(runs.map((r) => r.wordsTrained)),
    trainSeconds: runs.every((r) => r.trainSeconds !== null) ? median(runs.map((r) => r.trainSeconds!)) : null,
    trainWordsPerSec: runs.every((r) => r.trainSeconds !== null) ? median(runs.map((r) => r.wordsTrained / r.trainSeconds!)) : null,
    runSeconds: median(runs.map((r) => r.runSeconds)),
    runWordsPerSec: median(runs.map((r) => r.wordsTrained / r.runSeconds)),
    wallSeconds: median(runs.map((r) => r.wallSeconds)),
    wallWordsPerSec: median(runs.map((r) => r.wordsTrained / r.wallSeconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    cpuWordsPerSec: median(runs.map((r) => r.wordsTrained / r.cpuSeconds)),
    peakRssBytes: median(runs.map((r) => r.peakRssBytes)),
    wordsim353: medianOrNull(runs.map((r) => r.quality?.wordsim353)),
    simlex999: medianOrNull(runs.map((r) => r.quality?.simlex999)),
    analogy: medianOrNull(runs.map((r) => r.quality?.analogy)),
  };
}

/** Which span the compared words/s divide by: training alone when both tools report it, else
 *  corpus reading + vocabulary + training (what both always report). */
export type Span = 'train' | 'vocab+train';

export interface Row {
  cell: string;
  settings: BenchSettings;
  ours: Summary | null;
  gensim: Summary;
  span: Span;
  oursWordsPerSec: number | null;
  gensimWordsPerSec: number;
  speedRatio: number | null;
  wallSpeedRatio: number | null;
  cpuSpeedRatio: number | null;
  memoryRatio: number | null;
  speedMet: boolean | null;
  memoryMet: boolean | null;
  qualityMet: boolean | null;
  /** Differences that make the comparison unequal (vocabulary, words trained). */
  warnings: string[];
}

const wps = (s: Summary, span: Span): number | null => (span === 'train' ? s.trainWordsPerSec : s.runWordsPerSec);

export function compare(cell: string, settings: BenchSettings, ours: Summary | null, gensim: Summary): Row {
  const warnings: string[] = [];
  const span: Span = gensim.trainWordsPerSec !== null && (ours === null || ours.trainWordsPerSec !== null) ? 'train' : 'vocab+train';
  const oursWordsPerSec = ours ? wps(ours, span) : null;
  const gensimWordsPerSec = wps(gensim, span)!;
  let speedRatio = null, wallSpeedRatio = null, cpuSpeedRatio = null, memoryRatio = null;
  let speedMet = null, memoryMet = null, qualityMet = null;
  if (ours && oursWordsPerSec !== null) {
    speedRatio = oursWordsPerSec / gensimWordsPerSec;
    wallSpeedRatio = ours.wallWordsPerSec / gensim.wallWordsPerSec;
    cpuSpeedRatio = ours.cpuWordsPerSec / gensim.cpuWordsPerSec;
    memoryRatio = ours.peakRssBytes / gensim.peakRssBytes;
    speedMet = speedRatio >= TARGETS.speedRatio;
    memoryMet = memoryRatio <= TARGETS.memoryRatio;
    if (ours.wordsim353 !== null && gensim.wordsim353 !== null && ours.analogy !== null && gensim.analogy !== null) {
      qualityMet = ours.wordsim353 >= gensim.wordsim353 - TARGETS.spearman && ours.analogy >= gensim.analogy - TARGETS.analogy;
    }
    if (ours.vocabSize !== gensim.vocabSize) warnings.push(`vocabulary differs: ours ${ours.vocabSize}, gensim ${gensim.vocabSize}`);
    const rel = Math.abs(ours.wordsTrained - gensim.wordsTrained) / gensim.wordsTrained;
    if (rel > 1e-3) warnings.push(`words trained differ: ours ${ours.wordsTrained}, gensim ${gensim.wordsTrained}`);
  }
  return { cell, settings, ours, gensim, span, oursWordsPerSec, gensimWordsPerSec, speedRatio, wallSpeedRatio, cpuSpeedRatio, memoryRatio, speedMet, memoryMet, qualityMet, warnings };
}

const kw = (x: number) => `${(x / 1000).toFixed(0)}k`;
const mb = (x: number) => (x / 2 ** 20).toFixed(0);
const r2 = (x: number | null) => (x === null ? '–' : x.toFixed(2));
const sp = (x: number | null) => (x === null ? '–' : x.toFixed(3));
const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const mark = (ok: boolean | null) => (ok === null ? '–' : ok ? 'yes' : 'NO');

function qualityCell(row: Row): string {
  if (row.qualityMet === null) return '–';
  const o = row.ours!, g = row.gensim;
  const ds = o.wordsim353! - g.wordsim353!, da = 100 * (o.analogy! - g.analogy!);
  return `${mark(row.qualityMet)} (${ds >= 0 ? '+' : ''}${ds.toFixed(3)}, ${da >= 0 ? '+' : ''}${da.toFixed(1)} pt)`;
}

/** The comparison table in Markdown, one row per (model, threads, gensim mode). */
export function markdownTable(rows: Row[]): string {
  const head = [
    'config', 'words/s ours', 'words/s gensim', 'ratio', 'peak MB ours', 'peak MB gensim', 'mem ratio',
    'WordSim ours / gensim', 'SimLex ours / gensim', 'analogy ours / gensim', 'speed ≥ 1.0', 'quality', 'mem ≤ 1.5×',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const row of rows) {
    const o = row.ours, g = row.gensim;
    lines.push(`| ${[
      row.span === 'train' ? row.cell : `${row.cell} (vocab+train span)`,
      row.oursWordsPerSec !== null ? kw(row.oursWordsPerSec) : 'not run',
      kw(row.gensimWordsPerSec),
      r2(row.speedRatio),
      o ? mb(o.peakRssBytes) : '–',
      mb(g.peakRssBytes),
      r2(row.memoryRatio),
      `${sp(o?.wordsim353 ?? null)} / ${sp(g.wordsim353)}`,
      `${sp(o?.simlex999 ?? null)} / ${sp(g.simlex999)}`,
      `${pct(o?.analogy ?? null)} / ${pct(g.analogy)}`,
      mark(row.speedMet),
      qualityCell(row),
      mark(row.memoryMet),
    ].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Second table: every span behind the words/s figures, and whole-process times. */
export function timingTable(rows: Row[]): string {
  const head = [
    'config', 'train s ours / gensim', 'vocab+train s ours / gensim', 'process s ours / gensim',
    'process words/s ours / gensim', 'process ratio', 'CPU s ours / gensim', 'words per CPU-s ours / gensim', 'CPU ratio',
    'words trained', 'vocab',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  const s2 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(2));
  for (const row of rows) {
    const o = row.ours, g = row.gensim;
    lines.push(`| ${[
      row.cell,
      `${s2(o?.trainSeconds)} / ${s2(g.trainSeconds)}`,
      `${s2(o?.runSeconds)} / ${s2(g.runSeconds)}`,
      `${s2(o?.wallSeconds)} / ${s2(g.wallSeconds)}`,
      `${o ? kw(o.wallWordsPerSec) : '–'} / ${kw(g.wallWordsPerSec)}`,
      r2(row.wallSpeedRatio),
      `${s2(o?.cpuSeconds)} / ${s2(g.cpuSeconds)}`,
      `${o ? kw(o.cpuWordsPerSec) : '–'} / ${kw(g.cpuWordsPerSec)}`,
      r2(row.cpuSpeedRatio),
      o && o.wordsTrained !== g.wordsTrained ? `${o.wordsTrained} / ${g.wordsTrained}` : `${g.wordsTrained}`,
      o && o.vocabSize !== g.vocabSize ? `${o.vocabSize} / ${g.vocabSize}` : `${g.vocabSize}`,
    ].join(' | ')} |`);
  }
  return lines.join('\n');
}
