/**
 * The run list of the dashboard's Runs tab, on the extension side: every run's settings, its loss
 * curve (decimated), how it ended, its latest live check and the neighbours of a few probe words,
 * for the last MAX_RUNS runs. Kept in the workspace's storage (workspaceState), so it survives a
 * reload. The current run's curve and check are refreshed at most once a second. No vscode import.
 */
import type { GradCheckReport } from '../core/train/types';
import type { WordLookup as LookupAnswer } from '../vectors/vectorQueryOps';
import type { RunEnd, RunView } from '../shared/protocol';
import {
  checkSummary, decimateCurve, MAX_SCORES, PROBE_NEIGHBOURS, PROBE_WORDS, RunHistory, settingsOf, type RunRecord, type RunScore,
} from '../shared/runHistory';
import type { EvalFileView } from '../shared/protocol';

/** Where the list is kept: vscode.Memento's shape (the extension passes context.workspaceState). */
export interface RunStorage {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void> | Promise<void> | void;
}

export const RUNS_KEY = 'word2vec.runs';
const REFRESH_MS = 1000;

export class RunsRecorder {
  readonly history: RunHistory;
  private current: RunRecord | undefined;
  /** The next correct run of corpus `source` is the twin of this (mistaken) run. */
  private nextPair: { runId: string; source: string } | undefined;
  private lastRefresh = 0;

  constructor(private readonly storage: RunStorage | undefined, private readonly changed: () => void, private readonly now = Date.now) {
    this.history = new RunHistory(storage?.get(RUNS_KEY));
  }

  get runs(): readonly RunRecord[] {
    return this.history.runs;
  }

  /** The id of the run going now, or of the last run that started. */
  get currentId(): string | undefined {
    return this.current?.runId;
  }

  /**
   * The next correct run of corpus `source` to start is compared with `runId` (train with a mistake
   * beside a correct run); undefined: no run is (the twin did not start).
   */
  pairNext(runId: string | undefined, source = ''): void {
    this.nextPair = runId === undefined ? undefined : { runId, source };
  }

  started(run: RunView): void {
    const r: RunRecord = { runId: runRecordId(run), source: run.source, startedAt: run.startedAt, settings: settingsOf(run.options), curve: [] };
    // Only the twin: another run that starts first (while the twin waits on the "already training" question) is not paired.
    if (this.nextPair && !run.options.mistake && run.source === this.nextPair.source) {
      r.pairedWith = this.nextPair.runId;
      this.nextPair = undefined;
    }
    this.current = r;
    this.history.add(r);
    this.save();
    this.changed();
  }

  /** The current run's curve so far: refreshed at most once a second (or now, with force). */
  curve(points: () => { x: number; y: number }[], force = false): void {
    if (!this.current || (!force && this.now() - this.lastRefresh < REFRESH_MS)) return;
    this.lastRefresh = this.now();
    this.current.curve = decimateCurve(points());
    this.changed();
  }

  checked(r: GradCheckReport): void {
    if (!this.current) return;
    this.current.check = checkSummary(r);
  }

  ended(end: RunEnd, points: { x: number; y: number }[]): void {
    const r = this.current;
    if (!r) return;
    r.curve = decimateCurve(points);
    r.end = { stopReason: end.stopReason, seconds: end.seconds, wordsProcessed: end.wordsProcessed, finalLoss: Number.isFinite(end.finalLoss) ? end.finalLoss : null };
    this.save();
    this.changed();
  }

  /**
   * The neighbours of a few probe words in a run's vectors: the words its twin was probed with,
   * or else a few mid-frequency words (the most frequent are function words with dull neighbours).
   */
  async probe(runId: string, words: readonly string[], lookup: WordLookup): Promise<void> {
    const r = this.history.get(runId);
    if (!r || words.length < 2) return;
    const twin = r.pairedWith ? this.history.get(r.pairedWith) : this.history.runs.find((x) => x.pairedWith === runId);
    // The searches are the model's query worker's (`lookup`): none runs on the host's thread.
    const probed = async (candidates: readonly string[]): Promise<NonNullable<RunRecord['neighbours']>> => {
      const out: NonNullable<RunRecord['neighbours']> = [];
      for (const word of candidates) {
        if (out.length === PROBE_WORDS) break;
        const { row, neighbours } = await lookup(word, PROBE_NEIGHBOURS);
        // A diverged run's vectors may hold NaN: such neighbours are left out.
        if (row >= 0) out.push({ word, neighbours: neighbours.filter((n) => Number.isFinite(n.similarity)).map((n) => ({ word: n.word, similarity: n.similarity })) });
      }
      return out;
    };
    let probes = await probed(twin?.neighbours?.map((n) => n.word) ?? []);
    if (probes.length === 0) probes = await probed(probeWords(words));
    r.neighbours = probes;
    this.save();
    this.changed();
  }

  /**
   * The Evaluation tab's results on the vectors named `vectors`: kept with the latest ended run of
   * that name (the tab evaluates each run's vectors as the run ends).
   */
  scored(vectors: string, scores: RunScore[]): void {
    const r = [...this.history.runs].reverse().find((x) => x.source === vectors && x.end);
    if (!r || scores.length === 0) return;
    r.scores = scores.slice(0, MAX_SCORES);
    this.save();
    this.changed();
  }

  private save(): void {
    if (!this.storage) return;
    // Copies: the storage serialises later, and the current run keeps changing.
    void Promise.resolve(this.storage.update(RUNS_KEY, JSON.parse(JSON.stringify(this.history.runs)))).catch(() => undefined);
  }
}

/** A run's id in the run list: its start time and the run manager's number (which restarts with the extension). */
export function runRecordId(run: { startedAt: number; runId: string }): string {
  return `${run.startedAt}-${run.runId}`;
}

/** A word's row (-1: no vector) and its k nearest words, as the model's query worker answers ('lookup'). */
export type WordLookup = (word: string, k: number) => Promise<LookupAnswer>;

/** Up to PROBE_WORDS words of at least 4 letters from ranks 50 to 500 of a frequency-sorted vocabulary (fewer words: the first ones). */
export function probeWords(words: readonly string[]): string[] {
  const letters = /^\p{L}{4,}$/u;
  const from = words.length > 500 ? 50 : 0;
  const picked: string[] = [];
  const pool = words.slice(from, 500).filter((w) => letters.test(w));
  const step = Math.max(1, Math.floor(pool.length / PROBE_WORDS));
  for (let i = 0; i < pool.length && picked.length < PROBE_WORDS; i += step) picked.push(pool[i]);
  return picked.length ? picked : words.slice(0, PROBE_WORDS);
}

/** The Evaluation tab's finished files as the run list keeps them: one number each. */
export function evaluationScores(files: readonly EvalFileView[]): RunScore[] {
  return files.flatMap((f): RunScore[] => {
    if (f.status !== 'done') return [];
    if (f.pairs) return [{ file: f.name, measure: 'Spearman', value: f.pairs.spearman }];
    if (f.analogies) return [{ file: f.name, measure: 'accuracy', value: f.analogies.overall.accuracy }];
    return [];
  });
}
