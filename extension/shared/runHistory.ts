/**
 * The last few training runs, for "compare runs" and "train with a mistake": each run's settings,
 * its loss curve decimated to at most CURVE_POINTS points, how it ended, its latest live kernel
 * check and the neighbours of a few probe words. Kept bounded (MAX_RUNS runs), so the whole list
 * fits in the extension's workspaceState and in one message to the page. No vscode, no DOM: the
 * extension keeps it, the page draws it, and the validator checks what comes back from storage.
 */
import { KERNEL_MISTAKES } from '../core/train/mistakes';
import type { GradCheckReport, TrainOptions } from '../core/train/types';
import type { RunStopReason } from './protocol';

export const MAX_RUNS = 5;
export const CURVE_POINTS = 200;
export const PROBE_WORDS = 3;
export const PROBE_NEIGHBOURS = 5;

/** The settings a run is compared by. */
export type RunSettings = Pick<TrainOptions, 'model' | 'loss' | 'dim' | 'window' | 'negative' | 'minCount' | 'sample' | 'epochs' | 'alpha' | 'threads' | 'seed'> &
  Partial<Pick<TrainOptions, 'cbowUpdate' | 'mistake'>>;

export interface RunRecord {
  runId: string;
  /** The corpus, for display. */
  source: string;
  startedAt: number;
  settings: RunSettings;
  /** The run this one is compared with: a mistaken run and the correct run of the same corpus and seed. */
  pairedWith?: string;
  /** [words processed, smoothed loss per pair], at most CURVE_POINTS. */
  curve: [number, number][];
  /** interrupted: the window was reloaded or closed while it trained (seconds and words then unknown: 0). */
  end?: { stopReason: RunStopReason; seconds: number; wordsProcessed: number; finalLoss: number | null; interrupted?: true };
  /** The latest live check: each group's worst relative error (the training kernel's first). */
  check?: { wordsProcessed: number; groups: { name: string; source?: string; maxRelError: number | null }[] };
  /** The Evaluation tab's files scored on the run's vectors: Spearman (word pairs) or accuracy (analogies). */
  scores?: RunScore[];
  /** Nearest neighbours of a few probe words in the run's vectors, when it ended. */
  neighbours?: { word: string; neighbours: { word: string; similarity: number }[] }[];
}

export interface RunScore {
  /** The evaluation file's name. */
  file: string;
  measure: 'Spearman' | 'accuracy';
  value: number | null;
}

export const MAX_SCORES = 8;

export function settingsOf(o: TrainOptions): RunSettings {
  const s: RunSettings = {
    model: o.model, loss: o.loss, dim: o.dim, window: o.window, negative: o.negative, minCount: o.minCount, sample: o.sample,
    epochs: o.epochs, alpha: o.alpha, threads: o.threads, seed: o.seed,
  };
  if (o.cbowUpdate) s.cbowUpdate = o.cbowUpdate;
  if (o.mistake) s.mistake = o.mistake;
  return s;
}

/** At most `max` points of a curve: the mean of each of `max` equal runs of points (the last point kept). */
export function decimateCurve(points: readonly { x: number; y: number }[], max = CURVE_POINTS): [number, number][] {
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (finite.length <= max) return finite.map((p) => [p.x, p.y]);
  const out: [number, number][] = [];
  for (let b = 0; b < max; b++) {
    const from = Math.floor((b * finite.length) / max);
    const to = Math.floor(((b + 1) * finite.length) / max);
    let x = 0, y = 0;
    for (let i = from; i < to; i++) { x += finite[i].x; y += finite[i].y; }
    out.push([x / (to - from), y / (to - from)]);
  }
  return out;
}

/** A live check as the run list keeps it: the group names and worst errors only. */
export function checkSummary(r: GradCheckReport): NonNullable<RunRecord['check']> {
  const groups = [...r.groups, ...(r.formulaGroups ?? [])].map((g) => ({ name: g.name, ...(g.source ? { source: g.source } : {}), maxRelError: Number.isFinite(g.maxRelError) ? g.maxRelError : null }));
  return { wordsProcessed: r.wordsProcessed, groups };
}

/** The runs, oldest first, at most MAX_RUNS: a new run pushes out the oldest. */
export class RunHistory {
  private list: RunRecord[] = [];

  constructor(saved?: unknown) {
    if (isRunRecords(saved)) this.list = saved.slice(-MAX_RUNS).map(interruptedIfUnended);
  }

  get runs(): readonly RunRecord[] {
    return this.list;
  }

  get(runId: string): RunRecord | undefined {
    return this.list.find((r) => r.runId === runId);
  }

  add(r: RunRecord): void {
    this.list = [...this.list.filter((x) => x.runId !== r.runId), r].slice(-MAX_RUNS);
  }
}

/**
 * A stored run with no end was going when the window was reloaded or closed: the extension's
 * deactivation stops it without a run-ended event, so it would show "training…" for ever.
 */
function interruptedIfUnended(r: RunRecord): RunRecord {
  return r.end ? r : { ...r, end: { stopReason: 'cancelled', seconds: 0, wordsProcessed: 0, finalLoss: null, interrupted: true } };
}

// ---- validation of what comes back from storage ----

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown): boolean => v === null || isNum(v);

function isSettings(v: unknown): v is RunSettings {
  if (!isObj(v)) return false;
  const nums = ['dim', 'window', 'negative', 'minCount', 'sample', 'epochs', 'alpha', 'threads', 'seed'];
  return (v.model === 'skipgram' || v.model === 'cbow') && (v.loss === 'neg' || v.loss === 'softmax' || v.loss === 'hs') &&
    nums.every((k) => isNum(v[k])) && (v.cbowUpdate === undefined || v.cbowUpdate === 'corrected' || v.cbowUpdate === 'word2vec') &&
    (v.mistake === undefined || v.mistake === '' || KERNEL_MISTAKES.some((m) => m.id === v.mistake));
}

function isRunRecord(v: unknown): v is RunRecord {
  if (!isObj(v) || !isStr(v.runId, 200) || !isStr(v.source) || !isNum(v.startedAt) || !isSettings(v.settings)) return false;
  if (v.pairedWith !== undefined && !isStr(v.pairedWith, 200)) return false;
  if (!Array.isArray(v.curve) || v.curve.length > CURVE_POINTS || !v.curve.every((p) => Array.isArray(p) && p.length === 2 && isNum(p[0]) && isNum(p[1]))) return false;
  const e = v.end;
  if (e !== undefined && !(isObj(e) && ['done', 'cancelled', 'diverged', 'failed'].includes(e.stopReason as string) &&
    isNum(e.seconds) && isNum(e.wordsProcessed) && isNumOrNull(e.finalLoss) && (e.interrupted === undefined || e.interrupted === true))) return false;
  const c = v.check;
  if (c !== undefined && !(isObj(c) && isNum(c.wordsProcessed) && Array.isArray(c.groups) && c.groups.length <= 8 &&
    c.groups.every((g) => isObj(g) && isStr(g.name, 100) && (g.source === undefined || isStr(g.source, 100)) && isNumOrNull(g.maxRelError)))) return false;
  const sc = v.scores;
  if (sc !== undefined && !(Array.isArray(sc) && sc.length <= MAX_SCORES && sc.every((x) => isObj(x) && isStr(x.file, 4096) &&
    (x.measure === 'Spearman' || x.measure === 'accuracy') && isNumOrNull(x.value)))) return false;
  const n = v.neighbours;
  return n === undefined || (Array.isArray(n) && n.length <= PROBE_WORDS && n.every((w) => isObj(w) && isStr(w.word, 2000) &&
    Array.isArray(w.neighbours) && w.neighbours.length <= PROBE_NEIGHBOURS && w.neighbours.every((x) => isObj(x) && isStr(x.word, 2000) && isNum(x.similarity))));
}

export function isRunRecords(v: unknown): v is RunRecord[] {
  return Array.isArray(v) && v.length <= MAX_RUNS * 2 && v.every(isRunRecord);
}
