/**
 * The Map tab on the extension's side: projects the page's words in the map worker (one
 * projection at a time, the newest wins; Stop terminates the worker), answers clicks (a word's
 * neighbours in the full space), analogies, exports and the evaluation set that colours the map.
 * The page only ever gets words, coordinates and top-k lists; the vectors stay here and in the worker.
 */
import * as vscode from 'vscode';
import { isCancelled, UserInputError } from '../core/errors';
import { parseAnalogies } from '../core/eval/analogies';
import { EVAL_PRESETS } from '../core/eval/options';
import { evalFileKind } from '../core/eval/evaluateFile';
import { readSmallTextFile } from '../core/eval/readSmallTextFile';
import { parseWordPairs } from '../core/eval/wordPairs';
import type { NamedPath } from '../core/util/outputGuard';
import { runWorker } from '../core/util/runWorker';
import { axisDirection, axisLabel, type WordAxis } from '../core/vectors/mapProjection';
import type { WordVectors } from '../core/vectors/WordVectors';
import { LIMITS, type MapAnalogyForm, type MapRequest, type MapView, type ToWebview } from '../shared/protocol';
import type { CurrentVectors } from '../vectors/vectorStore';
import type { DashboardHost } from './host';
import { mapCoordinatesText, type MapExportFormat } from './mapExport';
import { saveExport } from './saveExport';
import { mapFocusSearch, type NeighbourSearch } from './neighbourSearch';
import type { MapJob, MapJobResult, MapProgress, MapSnapshots } from './mapCompute';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const ANALOGY_ANSWERS = 5;

/** The worker's progress stage, as the user reads it (each message a literal, so scripts/l10n.mjs collects it). */
function stageText(stage: MapProgress['stage']): string {
  switch (stage) {
    case 'pca': return vscode.l10n.t('Principal components');
    case 'neighbours': return vscode.l10n.t('UMAP: nearest neighbours');
    case 'epochs': return vscode.l10n.t('UMAP: epochs');
    case 'snapshots': return vscode.l10n.t('Aligning the training snapshots');
  }
}

/** Why the worker placed no snapshots, from its code. */
function framesNoteText(note: NonNullable<MapJobResult['framesNote']>): string {
  switch (note) {
    case 'umapNotLinear': return vscode.l10n.t('UMAP is not a linear projection: choose PCA or word axes to play the training snapshots.');
  }
}

export class MapController {
  private running: { requestId: number; abort: AbortController } | undefined;
  /** The last map shown, for export. */
  private last: MapView | undefined;
  /** Files read for the map (the evaluation set): an export never overwrites one. */
  private readonly inputs: NamedPath[] = [];
  private readonly focus: NeighbourSearch;

  constructor(
    private readonly host: DashboardHost,
    private readonly post: (m: ToWebview) => void,
    private readonly log: (line: string) => void,
  ) {
    this.focus = mapFocusSearch(host, post);
  }

  private model(): CurrentVectors {
    const m = this.host.vectors?.();
    if (!m) throw new UserInputError(vscode.l10n.t('No word vectors yet: train a model or load vectors, then open the Map again.'));
    return m;
  }

  /** The word's row, asked of the model's query worker (its word index lives there), or a message that names the word. */
  private async row(m: CurrentVectors, word: string, where: string): Promise<number> {
    const { row } = await m.queries.ask('lookup', { word, k: 0 });
    if (row < 0) throw new UserInputError(vscode.l10n.t('“{0}” ({1}) is not in the vocabulary of {2} words: check the spelling or choose another word.', word, where, m.vectors.size.toLocaleString('en-US')));
    return row;
  }

  async run(requestId: number, request: MapRequest): Promise<void> {
    this.running?.abort.abort(); // one projection at a time: the newest wins
    const abort = new AbortController();
    this.running = { requestId, abort };
    this.post({ type: 'mapStarted', requestId, request });
    const started = Date.now();
    try {
      const model = this.model();
      const wv = model.vectors;
      const d = wv.dim;
      // The words the map can show are among the most frequent MAX_MAP_WORDS (an isolated selection
      // comes from a map): their rows come from the query worker, which holds the vocabulary's index.
      const top = await model.queries.ask('wordsAt', { start: 0, count: Math.min(LIMITS.maxMapWords, wv.size) });
      const topRow = new Map<string, number>();
      top.forEach((w, i) => { if (!topRow.has(w)) topRow.set(w, i); });
      let rows: number[];
      let chosen: string;
      if (request.only) {
        rows = [...new Set(request.only.map((w) => topRow.get(w) ?? -1).filter((i) => i >= 0))];
        if (rows.length < 2) throw new UserInputError(vscode.l10n.t('Select at least 2 words of the vocabulary to isolate them.'));
        chosen = vscode.l10n.t('the {0} selected words, projected again on their own', rows.length.toLocaleString('en-US'));
      } else {
        const n = Math.min(request.count, wv.size);
        rows = Array.from({ length: n }, (_, i) => i);
        chosen = vscode.l10n.t('the {0} most frequent words of the vocabulary ({1} words)', n.toLocaleString('en-US'), wv.size.toLocaleString('en-US'));
      }
      const words = rows.map((i) => top[i]);
      const vectors = gatherRows(wv, rows);
      let axes: MapJob['axes'];
      if (request.projection === 'axes') {
        const axis = async (a: WordAxis | undefined, name: string) => {
          if (!a || a.plus.length + a.minus.length === 0) throw new UserInputError(vscode.l10n.t('Give the {0} axis at least one word, for example “woman - man”.', name));
          const rowOf = new Map<string, number>();
          for (const w of [...a.plus, ...a.minus]) rowOf.set(w, await this.row(model, w, vscode.l10n.t('{0} axis', name)));
          return { direction: axisDirection(wv, a, (w) => rowOf.get(w)!), label: axisLabel(a) };
        };
        axes = { x: await axis(request.x, 'x'), y: await axis(request.y, 'y') };
      }
      const snapshots = snapshotsOf(model, topRow);
      const job: MapJob = { words, dim: d, vectors, projection: request.projection, seed: 1, ...(axes ? { axes } : {}), ...(snapshots ? { snapshots } : {}) };
      const result = await runWorker<MapJob, MapProgress, MapJobResult>('map.worker', job, {
        signal: abort.signal,
        transfer: [vectors.buffer as ArrayBuffer],
        what: vscode.l10n.t('The map'),
        onEvent: (p) => this.post({ type: 'mapProgress', requestId, stage: stageText(p.stage), done: p.done, total: p.total }),
      });
      const view: MapView = {
        requestId, request, words,
        ...(wv.counts ? { counts: rows.map((i) => wv.counts![i]) } : {}),
        x: Array.from(result.x), y: Array.from(result.y), labels: result.labels, chosen,
        note: describe(request, result), vocabSize: wv.size, seconds: (Date.now() - started) / 1000,
        ...(result.frames ? { frames: result.frames } : {}), ...(result.framesNote ? { framesNote: framesNoteText(result.framesNote) } : {}),
      };
      this.last = view;
      this.post({ type: 'mapResult', result: view });
    } catch (e) {
      const cancelled = isCancelled(e);
      if (!cancelled && !(e instanceof UserInputError)) this.log(`map failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      this.post({ type: 'mapError', requestId, message: cancelled ? vscode.l10n.t('Stopped.') : message(e), cancelled });
    } finally {
      if (this.running?.requestId === requestId) this.running = undefined;
    }
  }

  cancel(requestId: number): void {
    if (this.running?.requestId === requestId) this.running.abort.abort();
  }

  /**
   * The clicked word's neighbours in the original space (the whole vocabulary), by the dashboard's
   * neighbour search: asked again when the model changes, an answer of a replaced model dropped.
   */
  neighbours(requestId: number, word: string, k: number): Promise<void> {
    return this.focus.ask(requestId, word, k);
  }

  /**
   * a : b :: c : ?, searched by the model's query worker among the most frequent words of word2vec's
   * compute-accuracy (30,000; the page says so from the same preset).
   */
  async analogy(requestId: number, query: MapAnalogyForm): Promise<void> {
    try {
      const model = this.model();
      for (const [w, name] of [[query.a, 'a'], [query.b, 'b'], [query.c, 'c']] as const) await this.row(model, w, name);
      const results = await model.queries.ask('mostSimilar', { positive: [query.b, query.c], negative: [query.a], method: query.method, k: ANALOGY_ANSWERS, restrict: EVAL_PRESETS['compute-accuracy'].restrict });
      this.post({ type: 'mapAnalogy', requestId, query, results });
    } catch (e) {
      if (!(e instanceof UserInputError)) this.log(`map analogy failed: ${message(e)}`);
      this.post({ type: 'mapAnalogy', requestId, query, results: [], error: message(e) });
    }
  }

  /** Saves the last map's coordinates through a save dialog, atomically, never over a file the extension or the map read. */
  async exportCoordinates(format: MapExportFormat, scope: 'all' | 'selection', selection: string[]): Promise<void> {
    const view = this.last;
    if (!view) return this.post({ type: 'mapNotice', text: vscode.l10n.t('Draw a map first.'), error: true });
    if (scope === 'selection' && selection.length === 0) return this.post({ type: 'mapNotice', text: vscode.l10n.t('Select some words first (search above the map).'), error: true });
    const selected = new Set(selection);
    try {
      const saved = await saveExport(this.host, {
        title: scope === 'selection' ? vscode.l10n.t('Export the selected words\' coordinates') : vscode.l10n.t('Export the map\'s coordinates'),
        name: `map-${scope === 'selection' ? 'selection' : 'coordinates'}.${format}`,
        filters: format === 'csv' ? { CSV: ['csv'] } : { TSV: ['tsv'] },
        // Besides the extension's inputs (the corpus, the vectors file), the evaluation set the map read.
        inputs: this.inputs,
      }, () => mapCoordinatesText(view, format, selected, scope));
      if (!saved) return;
      const rows = scope === 'selection' ? view.words.filter((w) => selected.has(w)).length : view.words.length;
      this.post({ type: 'mapNotice', text: vscode.l10n.t('Saved {0} words to {1}.', rows.toLocaleString('en-US'), saved) });
    } catch (e) {
      this.post({ type: 'mapNotice', text: vscode.l10n.t('Could not save the coordinates: {0}', message(e)), error: true });
    }
  }

  /** Picks a word-pair file (WordSim-353, SimLex-999) or an analogy file (questions-words) and sends its words. */
  async loadEvalSet(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Colour the map by an evaluation set: a word-pair or analogy file'),
      canSelectMany: false,
      filters: { [vscode.l10n.t('Evaluation sets')]: ['txt', 'tsv', 'csv'], [vscode.l10n.t('All files')]: ['*'] },
    });
    const uri = picked?.[0];
    if (!uri) return;
    try {
      const path = uri.fsPath;
      const name = path.split(/[\\/]/).pop() ?? path;
      const text = await readSmallTextFile(path, vscode.l10n.t('word-pair or analogy file'));
      const words = evalSetWords(text, name);
      this.inputs.splice(0, this.inputs.length, { flag: vscode.l10n.t('the evaluation set'), path });
      this.post({ type: 'mapEvalSet', name, words });
    } catch (e) {
      this.post({ type: 'mapNotice', text: message(e), error: true });
    }
  }

  dispose(): void {
    this.running?.abort.abort();
    this.focus.dispose();
  }
}

/**
 * The distinct words of an evaluation file, read by the core's readers: an analogy file
 * (questions-words: ": section" lines) or else a word-pair file, told apart as the Evaluation tab does. Lower-cased as the evaluation
 * compares them (case-insensitive, gensim's default).
 */
export function evalSetWords(text: string, name: string): string[] {
  const words = new Set<string>();
  if (evalFileKind(text) === 'analogies') for (const s of parseAnalogies(text, name)) for (const q of s.questions) for (const w of [q.a, q.b, q.c, q.d]) words.add(w.toLowerCase());
  else for (const p of parseWordPairs(text, name)) for (const w of [p.a, p.b]) words.add(w.toLowerCase());
  return [...words];
}

/** The rows of `wv` at `rows`, copied into a new array (transferred to the worker). */
function gatherRows(wv: WordVectors, rows: number[]): Float32Array {
  const d = wv.dim;
  const contiguous = rows.every((r, i) => r === i);
  if (contiguous) return wv.vectors.slice(0, rows.length * d);
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(wv.vectors.subarray(r * d, (r + 1) * d), i * d));
  return out;
}

/** The model's training snapshots, with the final vectors of the same words, when it has any. */
function snapshotsOf(model: CurrentVectors, topRow: ReadonlyMap<string, number>): MapSnapshots | undefined {
  const s = model.snapshots;
  const wv = model.vectors;
  if (!s || s.snapshots.length === 0 || s.dim !== wv.dim) return undefined;
  const rows = s.words.map((w) => topRow.get(w) ?? -1);
  if (rows.some((r) => r < 0)) return undefined;
  return { words: s.words, dim: s.dim, snapshots: s.snapshots, final: gatherRows(wv, rows) };
}

function describe(request: MapRequest, r: MapJobResult): string {
  if (r.umap) {
    return vscode.l10n.t('UMAP with {0} neighbours and {1} epochs, on the first {2} principal components of the unit vectors ({3}% of their variance).',
      r.umap.neighbours, r.umap.epochs, r.umap.inputDims, (100 * r.umap.inputVariance).toFixed(1));
  }
  if (request.projection === 'pca' && r.varianceRatio) {
    return vscode.l10n.t('PCA of the unit-length vectors: PC1 shows {0}% of the variance, PC2 {1}%.', (100 * r.varianceRatio[0]).toFixed(1), (100 * r.varianceRatio[1]).toFixed(1));
  }
  return vscode.l10n.t('Each coordinate is the cosine of a word with the axis: the sum of the plus words\' unit vectors minus the minus words\'.');
}
