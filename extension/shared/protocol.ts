/**
 * The one message protocol between the extension (extension/dashboard/) and the dashboard webview
 * (webview/). Both sides import these types; everything that comes FROM the webview (its messages
 * and the state it saved with setState, which the serializer gets back after a reload) is checked
 * by the validators below before use, because a webview is a web page and its input is untrusted.
 *
 * No `vscode` and no DOM here: this file is bundled into both the extension and the webview.
 */
import { KERNEL_MISTAKES, type KernelMistakeId } from '../core/train/mistakes';
import type { RunRecord } from './runHistory';
import type { GradCheckReport, ModelKind, StopReason, TrainOptions, TrainProgress, TrainResult, VocabStats } from '../core/train/types';
import type { ExplorerGroup, ExplorerRequest, ExplorerResult, ExplorerTarget } from '../core/gradcheck/explorer';
import type { RunInfo } from '../training/events';
import type { LossHistoryState, LossPoint } from './lossHistory';
import { isLossHistoryState } from './lossHistory';
import type { GradHistoryState } from './gradHistory';
import type { SentimentResult } from '../core/sentiment/types';
// The Map's axes defined by words (x = woman − man: plus ["woman"], minus ["man"]), the projection's own type.
import type { WordAxis } from '../core/vectors/mapProjection';

export type { LossPoint, LossHistoryState, GradHistoryState, WordAxis };

// ---------------------------------------------------------------------------------------------
// Data shapes

/** A run as the page shows it: the host's RunInfo (training/events.ts) with a string id and the corpus name as `source`. */
export type RunView = Pick<RunInfo, 'options' | 'startedAt'> & {
  runId: string;
  /** What the run trains on, for display (a file name or "Untitled-1 (unsaved)"). */
  source: string;
};

/** How a run ended: the engine's stop reasons, and 'failed' for a run the engine rejected after it started. */
export type RunStopReason = StopReason | 'failed';

/** How a run ended, as the page shows it: the engine's result without its vectors, or why it failed. */
export type RunEnd = Pick<TrainResult, 'seconds' | 'wordsProcessed' | 'finalLoss'> & {
  stopReason: RunStopReason;
  /** For 'diverged' and 'failed': what happened and what to do. */
  message?: string;
};

/** The word vectors neighbours and hovers use (the wire calls them `model`, as saved pages do). */
export interface VectorsInfo {
  words: number;
  dim: number;
  source: string;
}

export interface Neighbour {
  word: string;
  similarity: number;
}

/** Everything the dashboard shows, sent whole when a panel (re)opens. */
export interface DashboardSnapshot {
  run?: RunView;
  vocab?: VocabStats;
  progress?: TrainProgress;
  ended?: RunEnd;
  model?: VectorsInfo;
  loss: LossHistoryState;
  grad: GradHistoryState;
}

// ---- Gradient explorer ----

/**
 * Word2vec (skip-gram, CBOW), the one-hidden-layer network of CS224d problem set 1 (§2.3), or its
 * sentiment classifier (CS224d problem set 1, §4): the core's check targets, with word2vec split by model.
 */
export type ExplorerFormTarget = ModelKind | Exclude<ExplorerTarget['kind'], 'word2vec'>;

/** What the user asks the explorer to check (the Gradients tab's form); the host turns it into the core's ExplorerRequest. */
export type ExplorerForm = Required<Pick<Extract<ExplorerTarget, { kind: 'word2vec' }>, 'loss' | 'negatives'>> & {
  target: ExplorerFormTarget;
  /** An id from BROKEN_GRADIENTS (extension/core/gradcheck/broken.ts), or '' for the correct gradient. */
  broken: NonNullable<ExplorerRequest['broken']>;
};

/** A number as JSON carries it: Infinity and NaN become null. */
type JsonNumber = number | null;

/** One parameter matrix's check, serialisable (JSON turns Infinity/NaN errors into null). */
export type ExplorerGroupView = Pick<ExplorerGroup, 'name' | 'source' | 'shape' | 'rowLabels' | 'count' | 'totalInGroup'> & {
  maxRelError: JsonNumber;
  relErrors: JsonNumber[];
  analytic: JsonNumber[];
  numeric: JsonNumber[];
  /** Index of the largest relative error (a non-finite one first). */
  worstIndex: number;
};

/** The core's ExplorerResult as the page gets it: plain arrays, labels as text, the form that asked for it. */
export interface ExplorerResultView extends Pick<ExplorerResult, 'negatives' | 'inputScale'> {
  request: ExplorerForm;
  /** Where the parameters came from, e.g. "the vectors of run 2 (text8-head.txt)" or "seeded random parameters (seed 1)". */
  parameters: string;
  /** The window checked (skip-gram / CBOW), as words. */
  window?: Pick<NonNullable<ExplorerResult['window']>, 'center' | 'context'>;
  /** For the network: its dimensions [Dx, H, Dy] and the number of data rows. */
  network?: { dims: [number, number, number]; rows: number };
  /** For the sentiment classifier: classes, feature dimension, sentences in the check and the regularization. */
  classifier?: { classes: number; dim: number; rows: number; reg: number };
  dim: number;
  vocabSize: number;
  loss: JsonNumber;
  groups: ExplorerGroupView[];
  /** Word2vec: the training kernel's own check on the same window, its notes and its update step by step. */
  kernel?: {
    groups: ExplorerGroupView[];
    notes: string[];
    steps: {
      alpha: number; loss: JsonNumber; lossAfter: JsonNumber; terms: { pair: number; row: string; score: JsonNumber; probability: JsonNumber; label: number; error: JsonNumber; loss: JsonNumber }[];
      /** Every touched row (input rows first): before the step, the kernel's gradient Δ, after = before − α·Δ. */
      rows: { group: string; row: string; before: JsonNumber[]; grad: JsonNumber[]; after: JsonNumber[] }[];
    };
  };
  seconds: number;
}

// ---- Sentiment ----

/** A sentiment sweep as the dashboard shows it: the core's result without the fitted weights. */
export type SentimentView = Omit<SentimentResult, 'model'> & {
  /** Which word vectors the features came from, for display. */
  vectors?: string;
};

// ---- Evaluation and neighbours over time (evaluation tab, Neighbours tab) ----

/** gensim's evaluate_* defaults or word2vec's compute-accuracy (extension/core/eval/options.ts EVAL_PRESETS). */
export type EvalPresetId = 'gensim' | 'compute-accuracy';
export const EVAL_PRESET_IDS: readonly EvalPresetId[] = ['gensim', 'compute-accuracy'];

/** A word-pair file's result (core WordPairsResult), numbers as JSON carries them (NaN is null). */
export interface EvalPairsView {
  spearman: JsonNumber;
  pearson: JsonNumber;
  pairs: number;
  oov: number;
  oovRate: JsonNumber;
  worst: { a: string; b: string; score: number; line: number; cosine: JsonNumber; humanRank: number; modelRank: number }[];
}

export interface EvalSectionView { section: string; correct: number; total: number; skipped: number; accuracy: JsonNumber }

/** An analogy file's result (core AnalogyResult). */
export interface EvalAnalogiesView {
  sections: EvalSectionView[];
  overall: EvalSectionView;
  mistakes: { a: string; b: string; c: string; d: string; line: number; section: string; predicted: string }[];
}

/** One loaded evaluation file and its result on the current vectors. */
export interface EvalFileView {
  path: string;
  /** The file name, for display. */
  name: string;
  /** 'waiting': no vectors yet; 'running'; 'done' (pairs or analogies set); 'error' (error set: which line, what to do). */
  status: 'waiting' | 'running' | 'done' | 'error';
  error?: string;
  pairs?: EvalPairsView;
  analogies?: EvalAnalogiesView;
  /** The vectors and vocabulary rule the result is for. */
  vectors?: string;
  restrict?: number;
  caseInsensitive?: boolean;
}

/** The Evaluation tab's whole state, sent whole whenever it changes (it is small). */
export interface EvaluationView {
  preset: EvalPresetId;
  files: EvalFileView[];
  /** Recently loaded files (paths), newest first, to load again in one click. */
  recent: string[];
}

/** A word's neighbours in each snapshot a training run kept (how words move). */
export interface NeighboursOverTimeRow {
  /** "epoch 2", "2.0M words", or how the run stopped. */
  label: string;
  epoch?: number;
  wordsProcessed?: number;
  /** The final vectors of a run that did not finish (wordsProcessed: a diverged run's last good checkpoint). */
  stop?: 'cancelled' | 'diverged';
  neighbours: Neighbour[];
}

export const TABS = ['training', 'neighbours', 'gradients', 'sentiment', 'evaluation', 'map', 'runs'] as const;

// ---- Map (the Map tab: a 2-D projection of the most frequent words, analogies drawn on it) ----

export const MAP_PROJECTIONS = ['pca', 'umap', 'axes'] as const;
export type MapProjectionKind = (typeof MAP_PROJECTIONS)[number];

/** What the page asks the Map to show. */
export interface MapRequest {
  /** How many of the most frequent words (2 to LIMITS.maxMapWords). */
  count: number;
  projection: MapProjectionKind;
  /** The axes of the 'axes' projection. */
  x?: WordAxis;
  y?: WordAxis;
  /** "Isolate the selection": these words only, projected again, instead of the `count` most frequent. */
  only?: string[];
}

/** A projection the extension computed: words and their coordinates only (the vectors stay in the extension). */
export interface MapView {
  requestId: number;
  request: MapRequest;
  words: string[];
  /** Corpus counts of the words, when the vectors have them (colour by frequency). */
  counts?: number[];
  x: number[];
  y: number[];
  labels: [string, string];
  /** How the words were chosen, in a sentence: "the 2,000 most frequent words of the vocabulary". */
  chosen: string;
  /** What the projection is, e.g. UMAP's settings or PCA's variance. */
  note: string;
  vocabSize: number;
  seconds: number;
  /** Training snapshots on this map (aligned, then projected as the final vectors): null where a word has no snapshot. */
  frames?: { label: string; x: (number | null)[]; y: (number | null)[] }[];
  /** Why there are no frames although the model has snapshots (say, UMAP). */
  framesNote?: string;
}

export interface MapAnalogyForm {
  /** a : b :: c : ? */
  a: string;
  b: string;
  c: string;
  method: '3cosadd' | '3cosmul';
}

/** What the page keeps of the Map across reloads. */
export interface MapPageState {
  request: MapRequest;
  /** The axes' text as typed, e.g. "woman - man". */
  xText: string;
  yText: string;
  search: string;
  regex: boolean;
  colour: 'frequency' | 'eval';
  /** The clicked word whose neighbours are drawn. */
  focus?: string;
  analogy?: MapAnalogyForm;
}
export type TabId = (typeof TABS)[number];

/** What the webview keeps with vscode.setState (and the serializer gets back after a reload). */
export interface WebviewState {
  version: 1;
  tab: TabId;
  query: string;
  k: number;
  /** The explorer's form. */
  explorer?: ExplorerForm;
  snapshot?: DashboardSnapshot;
  map?: MapPageState;
}

// ---------------------------------------------------------------------------------------------
// Extension -> webview

export type ToWebview =
  /** `neighbourCount`: the default k of the neighbour search (the word2vec.neighbours setting);
   *  `explorer`: the last gradient-explorer result, if any. */
  | { type: 'snapshot'; snapshot: DashboardSnapshot; neighbourCount?: number; explorer?: ExplorerResultView; sentiment?: SentimentView; evaluation?: EvaluationView; runs?: RunRecord[] }
  | { type: 'runStarted'; run: RunView }
  | { type: 'vocab'; stats: VocabStats }
  /** Batched: the latest progress and every loss point since the previous message, in order. */
  | { type: 'progress'; progress: TrainProgress; points: LossPoint[] }
  /** Batched: every gradient-check report since the previous message, in order. */
  | { type: 'gradCheck'; reports: GradCheckReport[] }
  | { type: 'runEnded'; end: RunEnd }
  | { type: 'model'; model: VectorsInfo }
  | { type: 'neighbours'; requestId: number; word: string; k: number; results: Neighbour[]; error?: string }
  | { type: 'completions'; requestId: number; prefix: string; words: string[] }
  /** Switch to the Neighbours tab and search this word (the hover's command link). */
  | { type: 'showWord'; word: string }
  /** Open the Gradients tab's explorer; with `request`, set the form to it and run the check. */
  | { type: 'showExplorer'; request?: ExplorerForm }
  | { type: 'explorerStarted'; requestId: number; request: ExplorerForm }
  | { type: 'explorerResult'; requestId: number; result: ExplorerResultView }
  /** The check failed (bad request, no window) or was cancelled. */
  | { type: 'explorerError'; requestId: number; message: string; cancelled: boolean }
  /** A sentiment classifier sweep finished (train/dev accuracy against reg, dev confusion matrix). */
  | { type: 'sentiment'; result: SentimentView }
  | { type: 'showTab'; tab: TabId }
  /** A short confirmation for the page's status line (copied, exported). */
  | { type: 'notice'; text: string }
  // ---- Map ----
  | { type: 'mapStarted'; requestId: number; request: MapRequest }
  /** UMAP's epochs (or another stage's steps) done so far. */
  | { type: 'mapProgress'; requestId: number; stage: string; done: number; total: number }
  | { type: 'mapResult'; result: MapView }
  | { type: 'mapError'; requestId: number; message: string; cancelled: boolean }
  /** The clicked word's k nearest neighbours in the original space (all the vocabulary). */
  | { type: 'mapNeighbours'; requestId: number; word: string; results: Neighbour[]; error?: string }
  | { type: 'mapAnalogy'; requestId: number; query: MapAnalogyForm; results: Neighbour[]; error?: string }
  /** The words of a loaded evaluation file (word pairs or analogies), for colouring the map. */
  | { type: 'mapEvalSet'; name: string; words: string[] }
  | { type: 'mapNotice'; text: string; error?: boolean }
  /** The Evaluation tab's state: loaded files, their results, the preset, recent files. */
  | { type: 'evaluation'; evaluation: EvaluationView }
  /** The searched word's neighbours at each training snapshot (rows empty when the model has none; error: not among the snapshot's words). */
  | { type: 'neighboursOverTime'; requestId: number; word: string; k: number; words: number; rows: NeighboursOverTimeRow[]; error?: string }
  // ---- Runs tab (compare runs; train with a mistake) ----
  /** The last few runs (oldest first): settings, decimated loss curves, outcome, latest check, probe neighbours. */
  | { type: 'runs'; runs: RunRecord[] }
  /** Why "train with a mistake" could not start, or what it is doing. */
  | { type: 'runsNotice'; text: string };

export type ToWebviewType = ToWebview['type'];

// ---------------------------------------------------------------------------------------------
// Webview -> extension

export type FromWebview =
  /** The script has loaded and listens: send it a snapshot. */
  | { type: 'ready' }
  | { type: 'neighbours'; requestId: number; word: string; k: number }
  | { type: 'complete'; requestId: number; prefix: string; limit: number }
  /** What the webview has drawn (for tests and the log), sent after it renders new data. */
  | { type: 'status'; tab: TabId; lossPoints: number; gradReports: number; neighbours: number; explorerResults: number }
  /** An error caught in the webview, for the extension's log. */
  | { type: 'error'; message: string }
  /** Run the gradient explorer (a new request cancels a running one). */
  | { type: 'explorerRun'; requestId: number; request: ExplorerForm }
  | { type: 'explorerCancel'; requestId: number }
  /** Copy the last explorer result as a Markdown table / save it as JSON (the extension holds it). */
  | { type: 'explorerCopyMarkdown' }
  | { type: 'explorerExportJson' }
  /** Open docs/derivations.md (shipped in the extension) in VS Code's Markdown preview. */
  | { type: 'openDerivations' }
  // ---- Map ----
  | { type: 'mapRun'; requestId: number; request: MapRequest }
  | { type: 'mapCancel'; requestId: number }
  | { type: 'mapNeighbours'; requestId: number; word: string; k: number }
  | { type: 'mapAnalogy'; requestId: number; query: MapAnalogyForm }
  /** Save the last map's coordinates (every word, or the `selection`) as CSV or TSV through a save dialog. */
  | { type: 'mapExport'; format: 'csv' | 'tsv'; scope: 'all' | 'selection'; selection: string[] }
  /** Pick a word-pair or analogy file to colour the map by. */
  | { type: 'mapLoadEvalSet' }
  /** Evaluation tab: pick files in an open dialog; load a recent file again (the host checks it is one); set the preset; remove a file. */
  | { type: 'evalOpen' }
  | { type: 'evalLoad'; path: string }
  | { type: 'evalPreset'; preset: EvalPresetId }
  | { type: 'evalRemove'; path: string }
  /** Train the last run's corpus with this planted mistake, then a correct run of the same corpus and seed. */
  | { type: 'trainWithMistake'; mistake: KernelMistakeId };

export type FromWebviewType = FromWebview['type'];

export const LIMITS = {
  wordLength: 200,
  maxK: 200,
  maxCompletions: 100,
  messageLength: 2000,
  maxNegatives: 50,
  maxMapWords: 10_000,
  maxAxisWords: 10,
  pathLength: 4096,
} as const;

// ---------------------------------------------------------------------------------------------
// Validators (runtime type guards) for everything that comes from the webview

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = Infinity): v is string => typeof v === 'string' && v.length <= max;
const isFiniteNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** JSON turns NaN and Infinity into null, so a saved loss may be null; accept it where a loss goes. */
const isNumOrNull = (v: unknown): boolean => v === null || typeof v === 'number';
const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const hasKeys = (o: Obj, allowed: readonly string[]): boolean => Object.keys(o).every((k) => allowed.includes(k));
const isTab = (v: unknown): v is TabId => typeof v === 'string' && (TABS as readonly string[]).includes(v);

export function isExplorerForm(v: unknown): v is ExplorerForm {
  return isObj(v) && hasKeys(v, ['target', 'loss', 'negatives', 'broken']) &&
    (v.target === 'skipgram' || v.target === 'cbow' || v.target === 'network' || v.target === 'sentiment') &&
    (v.loss === 'neg' || v.loss === 'softmax' || v.loss === 'hs') && isInt(v.negatives, 1, LIMITS.maxNegatives) &&
    isStr(v.broken, 40) && /^[a-z-]*$/.test(v.broken);
}

export function isFromWebview(v: unknown): v is FromWebview {
  if (!isObj(v) || typeof v.type !== 'string') return false;
  switch (v.type) {
    case 'ready':
      return hasKeys(v, ['type']);
    case 'neighbours':
      return hasKeys(v, ['type', 'requestId', 'word', 'k']) && isInt(v.requestId, 0, Number.MAX_SAFE_INTEGER) &&
        isStr(v.word, LIMITS.wordLength) && v.word.length > 0 && isInt(v.k, 1, LIMITS.maxK);
    case 'complete':
      return hasKeys(v, ['type', 'requestId', 'prefix', 'limit']) && isInt(v.requestId, 0, Number.MAX_SAFE_INTEGER) &&
        isStr(v.prefix, LIMITS.wordLength) && isInt(v.limit, 1, LIMITS.maxCompletions);
    case 'status':
      return hasKeys(v, ['type', 'tab', 'lossPoints', 'gradReports', 'neighbours', 'explorerResults']) && isTab(v.tab) &&
        isInt(v.lossPoints, 0, Number.MAX_SAFE_INTEGER) && isInt(v.gradReports, 0, Number.MAX_SAFE_INTEGER) &&
        isInt(v.neighbours, 0, Number.MAX_SAFE_INTEGER) && isInt(v.explorerResults, 0, Number.MAX_SAFE_INTEGER);
    case 'error':
      return hasKeys(v, ['type', 'message']) && isStr(v.message, LIMITS.messageLength);
    case 'explorerRun':
      return hasKeys(v, ['type', 'requestId', 'request']) && isInt(v.requestId, 0, Number.MAX_SAFE_INTEGER) && isExplorerForm(v.request);
    case 'explorerCancel':
      return hasKeys(v, ['type', 'requestId']) && isInt(v.requestId, 0, Number.MAX_SAFE_INTEGER);
    case 'explorerCopyMarkdown':
    case 'explorerExportJson':
    case 'openDerivations':
    case 'mapLoadEvalSet':
      return hasKeys(v, ['type']);
    case 'mapRun':
      return hasKeys(v, ['type', 'requestId', 'request']) && isInt(v.requestId, 0, Number.MAX_SAFE_INTEGER) && isMapRequest(v.request);
    case 'mapCancel':
      return hasKeys(v, ['type', 'requestId']) && isInt(v.requestId, 0, Number.MAX_SAFE_INTEGER);
    case 'mapNeighbours':
      return hasKeys(v, ['type', 'requestId', 'word', 'k']) && isInt(v.requestId, 0, Number.MAX_SAFE_INTEGER) && isWord(v.word) && isInt(v.k, 1, LIMITS.maxK);
    case 'mapAnalogy':
      return hasKeys(v, ['type', 'requestId', 'query']) && isInt(v.requestId, 0, Number.MAX_SAFE_INTEGER) && isMapAnalogyForm(v.query);
    case 'mapExport':
      return hasKeys(v, ['type', 'format', 'scope', 'selection']) && (v.format === 'csv' || v.format === 'tsv') &&
        (v.scope === 'all' || v.scope === 'selection') && isWordList(v.selection, LIMITS.maxMapWords);
    case 'evalOpen':
      return hasKeys(v, ['type']);
    case 'evalLoad':
    case 'evalRemove':
      return hasKeys(v, ['type', 'path']) && isStr(v.path, LIMITS.pathLength) && v.path.length > 0;
    case 'evalPreset':
      return hasKeys(v, ['type', 'preset']) && (EVAL_PRESET_IDS as readonly unknown[]).includes(v.preset);
    case 'trainWithMistake':
      return hasKeys(v, ['type', 'mistake']) && KERNEL_MISTAKES.some((m) => m.id === v.mistake);
    default:
      return false;
  }
}

const isWord = (v: unknown): v is string => isStr(v, LIMITS.wordLength) && v.length > 0;
const isWordList = (v: unknown, max: number): v is string[] => Array.isArray(v) && v.length <= max && v.every(isWord);

function isWordAxis(v: unknown): v is WordAxis {
  return isObj(v) && hasKeys(v, ['plus', 'minus']) && isWordList(v.plus, LIMITS.maxAxisWords) && isWordList(v.minus, LIMITS.maxAxisWords);
}

export function isMapRequest(v: unknown): v is MapRequest {
  return isObj(v) && hasKeys(v, ['count', 'projection', 'x', 'y', 'only']) && isInt(v.count, 2, LIMITS.maxMapWords) &&
    typeof v.projection === 'string' && (MAP_PROJECTIONS as readonly string[]).includes(v.projection) &&
    (v.x === undefined || isWordAxis(v.x)) && (v.y === undefined || isWordAxis(v.y)) &&
    (v.projection !== 'axes' || (v.x !== undefined && v.y !== undefined)) &&
    (v.only === undefined || (isWordList(v.only, LIMITS.maxMapWords) && v.only.length >= 2));
}

function isMapAnalogyForm(v: unknown): v is MapAnalogyForm {
  return isObj(v) && hasKeys(v, ['a', 'b', 'c', 'method']) && isWord(v.a) && isWord(v.b) && isWord(v.c) &&
    (v.method === '3cosadd' || v.method === '3cosmul');
}

function isMapPageState(v: unknown): v is MapPageState {
  return isObj(v) && isMapRequest(v.request) && isStr(v.xText, 1000) && isStr(v.yText, 1000) && isStr(v.search, 1000) &&
    typeof v.regex === 'boolean' && (v.colour === 'frequency' || v.colour === 'eval') &&
    (v.focus === undefined || isWord(v.focus)) && (v.analogy === undefined || isMapAnalogyForm(v.analogy));
}

/** A short description of why a message was rejected, for the log (never echoes the whole message). */
export function describeInvalid(v: unknown): string {
  if (!isObj(v)) return `not an object (${v === null ? 'null' : typeof v})`;
  const t = typeof v.type === 'string' ? JSON.stringify(v.type.slice(0, 40)) : typeof v.type;
  return `type ${t} with keys [${Object.keys(v).slice(0, 10).join(', ')}]`;
}

function isTrainOptions(v: unknown): v is TrainOptions {
  if (!isObj(v)) return false;
  const nums = ['dim', 'window', 'negative', 'minCount', 'maxVocab', 'sample', 'epochs', 'alpha', 'threads', 'seed'];
  return (v.model === 'skipgram' || v.model === 'cbow') && (v.loss === 'neg' || v.loss === 'softmax' || v.loss === 'hs') &&
    nums.every((k) => isFiniteNum(v[k])) && (v.output === 'input' || v.output === 'input+output') &&
    (v.cbowUpdate === undefined || v.cbowUpdate === 'corrected' || v.cbowUpdate === 'word2vec') &&
    (v.mistake === undefined || v.mistake === '' || KERNEL_MISTAKES.some((m) => m.id === v.mistake));
}

function isRunView(v: unknown): v is RunView {
  return isObj(v) && isStr(v.runId, 200) && isStr(v.source, 4096) && isTrainOptions(v.options) && isFiniteNum(v.startedAt);
}

function isVocabStats(v: unknown): v is VocabStats {
  if (!isObj(v)) return false;
  const nums = ['corpusWords', 'distinctWords', 'vocabSize', 'trainWords', 'sentences'];
  return nums.every((k) => isFiniteNum(v[k])) && Array.isArray(v.top) && v.top.length <= 1000 &&
    v.top.every((t) => isObj(t) && isStr(t.word, LIMITS.wordLength * 10) && isFiniteNum(t.count));
}

function isTrainProgress(v: unknown): v is TrainProgress {
  if (!isObj(v)) return false;
  const nums = ['wordsProcessed', 'totalWords', 'epoch', 'epochs', 'alpha', 'wordsPerSec', 'elapsedSec', 'etaSec'];
  return (v.phase === 'vocab' || v.phase === 'train') && nums.every((k) => isNumOrNull(v[k])) &&
    isNumOrNull(v.loss) && isNumOrNull(v.lossRaw);
}

function isGradGroups(groups: unknown): boolean {
  return Array.isArray(groups) && groups.length <= 16 &&
    groups.every((g) => isObj(g) && isStr(g.name, 100) && (g.source === undefined || isStr(g.source, 100)) && isFiniteNum(g.count) &&
      isNumOrNull(g.maxRelError) && Array.isArray(g.relErrors) && g.relErrors.every(isNumOrNull));
}

function isGradCheckReport(v: unknown): v is GradCheckReport {
  return isObj(v) && isFiniteNum(v.wordsProcessed) && isStr(v.centerWord, LIMITS.wordLength * 10) &&
    Array.isArray(v.contextWords) && v.contextWords.every((w) => isStr(w, LIMITS.wordLength * 10)) &&
    isGradGroups(v.groups) && (v.formulaGroups === undefined || isGradGroups(v.formulaGroups)) &&
    (v.notes === undefined || (Array.isArray(v.notes) && v.notes.length <= 8 && v.notes.every((n) => isStr(n, 2000))));
}

function isGradHistoryState(v: unknown): v is GradHistoryState {
  if (!isObj(v) || !isInt(v.capacity, 2, 1 << 16) || !isInt(v.reports, 0, Number.MAX_SAFE_INTEGER)) return false;
  if (!Array.isArray(v.points) || v.points.length > v.capacity) return false;
  const pointsOk = v.points.every((p) => isObj(p) && isFiniteNum(p.x) && isStr(p.centerWord, LIMITS.wordLength * 10) &&
    Array.isArray(p.groups) && p.groups.every((g) => isObj(g) && isStr(g.name, 100) && isFiniteNum(g.count) && isNumOrNull(g.maxRelError)));
  return pointsOk && (v.latest === undefined || isGradCheckReport(v.latest));
}

function isRunEnd(v: unknown): v is RunEnd {
  return isObj(v) && (v.stopReason === 'done' || v.stopReason === 'cancelled' || v.stopReason === 'diverged' || v.stopReason === 'failed') &&
    (v.message === undefined || isStr(v.message, 10000)) && isNumOrNull(v.seconds) && isNumOrNull(v.wordsProcessed) &&
    isNumOrNull(v.finalLoss);
}

function isVectorsInfo(v: unknown): v is VectorsInfo {
  return isObj(v) && isFiniteNum(v.words) && isFiniteNum(v.dim) && isStr(v.source, 4096);
}

export function isDashboardSnapshot(v: unknown): v is DashboardSnapshot {
  return isObj(v) && isLossHistoryState(v.loss) && isGradHistoryState(v.grad) &&
    (v.run === undefined || isRunView(v.run)) && (v.vocab === undefined || isVocabStats(v.vocab)) &&
    (v.progress === undefined || isTrainProgress(v.progress)) && (v.ended === undefined || isRunEnd(v.ended)) &&
    (v.model === undefined || isVectorsInfo(v.model));
}

/** The state a restored panel brings back (webview setState), checked before the extension uses it. */
export function isWebviewState(v: unknown): v is WebviewState {
  return isObj(v) && v.version === 1 && isTab(v.tab) && isStr(v.query, LIMITS.wordLength) &&
    isInt(v.k, 1, LIMITS.maxK) && (v.explorer === undefined || isExplorerForm(v.explorer)) &&
    (v.snapshot === undefined || isDashboardSnapshot(v.snapshot)) && (v.map === undefined || isMapPageState(v.map));
}
