/**
 * The dashboard page script (bundled to dist/webview.js). It keeps the run's data as the
 * extension sends it (a snapshot, then batched updates), draws it, and saves it with
 * vscode.setState so a panel restored after a reload shows the run at once.
 */
import type { GradCheckReport, TrainProgress, VocabStats } from '../extension/core/train/types';
import { DashboardState } from '../extension/shared/dashboardState';
import { MIN_ALPHA_FRACTION } from '../extension/core/train/alpha';
import { KERNEL_MISTAKES } from '../extension/core/train/mistakes';
import {
  type RunStopReason, type TabId, type ToWebview, type VectorsInfo, type WebviewState, TABS,
} from '../extension/shared/protocol';
import { GradChart, HistChart, LossChart, THRESHOLD } from './charts';
import { ExplorerView } from './explorer';
import { gradCard } from './gradCard';
import { SentimentPanel } from './sentiment';
import { byId, el, fillTable, setText } from './dom';
import { formatDuration, formatInt, formatNum } from './format';
import { NeighboursView } from './neighbours';
import { MapPanel } from './map';
import { EvaluationPanel } from './evaluation';
import { RunsView } from './runs';
import { Tabs } from './tabs';
import { t } from './l10n';
import { stallMessage } from '../extension/shared/stallMessage';
import { readTheme, watchTheme } from './theme';
import { vscodeApi } from './vscodeApi';

const api = vscodeApi();
/** What this page saved before (a reload or a restore by the serializer), if anything. */
const saved = api.getState();

window.addEventListener('error', (e) => {
  api.postMessage({ type: 'error', message: String(e.message ?? e).slice(0, 1000) });
});

// ---- data ---------------------------------------------------------------------------------------

const state = new DashboardState();

// ---- views --------------------------------------------------------------------------------------

let theme = readTheme();
const lossChart = new LossChart(byId<HTMLCanvasElement>('loss-chart'), theme, 'loss-table');
const gradChart = new GradChart(byId<HTMLCanvasElement>('grad-chart'), theme, 'grad-table');
const histChart = new HistChart(byId<HTMLCanvasElement>('grad-hist'), theme, 'grad-hist-table');
const tabs = new Tabs((tab) => {
  map.setVisible(tab === 'map');
  saveState();
  reportStatus();
});
const neighbours = new NeighboursView(api, () => saveState());
const explorerHist = new HistChart(byId<HTMLCanvasElement>('ex-hist'), theme, 'ex-hist-table');
const explorer = new ExplorerView(api, theme, explorerHist, () => saveState());
const sentiment = new SentimentPanel(byId<HTMLCanvasElement>('sent-chart'), theme);
const map = new MapPanel(api, theme, () => saveStateSoon());
const evaluation = new EvaluationPanel(api, () => reportStatus());
const runsView = new RunsView(api, theme);

watchTheme(() => {
  theme = readTheme();
  lossChart.applyTheme(theme);
  gradChart.applyTheme(theme);
  histChart.applyTheme(theme);
  explorerHist.applyTheme(theme);
  explorer.applyTheme(theme);
  sentiment.applyTheme(theme);
  map.applyTheme(theme);
  runsView.applyTheme(theme);
});

const dirty = { header: false, stats: false, settings: false, vocab: false, loss: false, grad: false, model: false };
type Part = keyof typeof dirty;
let frame = 0;

function invalidate(...parts: Part[]): void {
  for (const p of parts) dirty[p] = true;
  if (!frame) frame = requestAnimationFrame(render);
}

function render(): void {
  frame = 0;
  if (dirty.header) renderHeader();
  if (dirty.stats) renderStats();
  if (dirty.settings) renderSettings();
  if (dirty.vocab) renderVocab();
  if (dirty.loss) lossChart.setData(state.loss.rawPoints(), state.loss.smoothPoints(), lossAxisEnd(), state.loss.meanPoints());
  if (dirty.loss) renderLossNote();
  if (dirty.grad) renderGrad();
  if (dirty.model) neighbours.setModel(state.model);
  if (dirty.model) map.setModel(state.model);
  for (const k of Object.keys(dirty) as Part[]) dirty[k] = false;
  saveStateSoon();
  reportStatus();
}

/**
 * Where the loss chart's x axis ends: the words processed so far while the run goes (the axis grows
 * with the curve), the whole run once it has finished.
 */
function lossAxisEnd(): number | undefined {
  const p = state.progress;
  if (!p) return undefined;
  return state.ended?.stopReason === 'done' ? Math.max(p.totalWords, p.wordsProcessed) : p.wordsProcessed;
}

function stoppedAfter(reason: Exclude<RunStopReason, 'failed'>, seconds: string, words: string, loss: string): string {
  switch (reason) {
    case 'done': return t('Finished after {0}, {1} words, final loss {2} (mean over the last epoch)', seconds, words, loss);
    case 'cancelled': return t('Cancelled after {0}, {1} words, final loss {2} (mean over the last epoch)', seconds, words, loss);
    case 'diverged': return t('Stopped: the loss diverged after {0}, {1} words, final loss {2} (mean over the last epoch)', seconds, words, loss);
  }
}

function renderHeader(): void {
  setText('title', state.run ? t('Word2Vec: {0}', state.run.source) : 'Word2Vec');
  byId('training-empty').hidden = !!state.run;
  byId('training-body').hidden = !state.run;
  let status = state.model ? t('Model loaded: {0}', state.model.source) : t('No training run yet');
  const msg = byId('run-message');
  msg.hidden = true;
  if (state.run && !state.ended) {
    status = state.progress?.phase === 'train' ? t('Training: epoch {0} of {1}', state.progress.epoch, state.progress.epochs) : t('Building the vocabulary…');
    // Reading the corpus has stopped answering (a network drive?): said under the status, as the notification says it.
    const p = state.progress;
    if (p?.stalledSec !== undefined) {
      msg.textContent = t('Stalled: {0}', stallMessage(state.run.source, p.stalledSec, p.phase === 'train', 'cancel', t));
      msg.hidden = false;
    }
  } else if (state.run && state.ended) {
    const e = state.ended;
    // A failed run trained nothing: its message (shown below) says why.
    status = e.stopReason === 'failed'
      ? t('Failed after {0}', formatDuration(e.seconds))
      : stoppedAfter(e.stopReason, formatDuration(e.seconds), formatInt(e.wordsProcessed), formatNum(e.finalLoss));
    if (state.ended.message) {
      msg.textContent = state.ended.message;
      msg.hidden = false;
    }
  }
  // A run trained with a planted mistake says so in the header too (its name already does).
  const mistake = KERNEL_MISTAKES.find((m) => m.id === state.run?.options.mistake);
  byId('run-status').classList.toggle('mistaken', !!mistake);
  setText('run-status', mistake ? t('✗ {0} (planted mistake: {1})', status, mistake.label) : status);
}

function renderStats(): void {
  const p = state.progress;
  const fraction = p && p.totalWords > 0 ? Math.min(1, p.wordsProcessed / p.totalWords) : state.ended?.stopReason === 'done' ? 1 : 0;
  const pct = Math.round(fraction * 1000) / 10;
  const bar = byId('progress');
  bar.setAttribute('aria-valuenow', String(pct));
  byId('progress-fill').style.width = `${pct}%`;
  setText('progress-text', `${pct}%`);
  setText('stat-wps', p ? formatInt(p.wordsPerSec) : '–');
  setText('stat-epoch', p ? `${p.epoch} / ${p.epochs}` : '–');
  setText('stat-alpha', p ? formatNum(p.alpha, 3) : '–');
  // The same quantity as the header's final loss: the last epoch's mean (the engine computes both).
  setText('stat-loss', p?.epochLoss !== undefined ? formatNum(p.epochLoss) : '–');
  setText('stat-loss-label', p?.phase !== 'train' ? t('Mean loss, this epoch') : state.ended ? t('Mean loss, epoch {0}', p.epoch) : t('Mean loss, epoch {0} so far', p.epoch));
  setText('stat-words', p ? `${formatInt(p.wordsProcessed)} / ${formatInt(p.totalWords)}` : '–');
  setText('stat-elapsed', p ? formatDuration(p.elapsedSec) : '–');
  // No time left to promise while reading the corpus makes no progress (stalledSec).
  setText('stat-eta', p && !state.ended && p.stalledSec === undefined ? formatDuration(p.etaSec) : '–');
}

function renderSettings(): void {
  const table = byId<HTMLTableElement>('settings-table');
  if (!state.run) {
    fillTable(table, []);
    return;
  }
  const o = state.run.options;
  fillTable(table, [
    [t('Source'), state.run.source],
    ...(o.mistake ? [[t('Planted mistake'), t('{0}: this run trains a mistaken kernel on purpose', KERNEL_MISTAKES.find((m) => m.id === o.mistake)?.label ?? o.mistake)] as [string, string]] : []),
    [t('Model'), o.model === 'skipgram' ? t('skip-gram') : o.cbowUpdate === 'word2vec' ? t("CBOW, word2vec.c's update") : t('CBOW, corrected update')],
    [t('Loss'), o.loss === 'neg' ? t('negative sampling, K = {0}', o.negative) : o.loss === 'hs' ? t('hierarchical softmax') : t('naive softmax')],
    [t('Dimensions'), String(o.dim)],
    [t('Window'), String(o.window)],
    [t('Min count'), String(o.minCount)],
    [t('Max vocabulary'), o.maxVocab ? formatInt(o.maxVocab) : t('no limit')],
    [t('Subsampling'), o.sample ? String(o.sample) : t('off')],
    [t('Epochs'), String(o.epochs)],
    [t('Learning rate'), `${o.alpha} → ${formatNum(o.alpha * MIN_ALPHA_FRACTION, 3)}`],
    [t('Threads'), String(o.threads)],
    [t('Seed'), String(o.seed)],
    [t('Vectors'), o.output === 'input' ? t('center vectors V') : t('center and outside vectors, (V + U) / 2')],
  ]);
}

function renderVocab(): void {
  const table = byId<HTMLTableElement>('vocab-table');
  const top = byId<HTMLOListElement>('top-words');
  if (!state.vocab) {
    fillTable(table, []);
    top.replaceChildren();
    return;
  }
  fillTable(table, [
    [t('Corpus words'), formatInt(state.vocab.corpusWords)],
    [t('Distinct words'), formatInt(state.vocab.distinctWords)],
    [t('Vocabulary'), formatInt(state.vocab.vocabSize)],
    [t('Training words / epoch'), formatInt(state.vocab.trainWords)],
    [t('Lines'), formatInt(state.vocab.sentences)],
  ]);
  top.replaceChildren(
    ...state.vocab.top.map((w) => {
      const li = el('li');
      const button = el('button', 'link', w.word);
      button.type = 'button';
      button.title = t('Nearest neighbours of {0}', w.word);
      button.addEventListener('click', () => showWord(w.word));
      li.append(button, el('span', 'muted', ` ${formatInt(w.count)}`));
      return li;
    }),
  );
}

function renderLossNote(): void {
  const parts: string[] = [];
  if (state.loss.size > 0) {
    const step = state.progress?.lossStep;
    const n = state.loss.size;
    parts.push(n === 1 && step ? t('1 point, the mean loss per pair over {0} words', formatInt(step))
      : step ? t('{0} points, each the mean loss per pair over {1} words', formatInt(n), formatInt(step))
        : t('{0} points, each the mean loss per pair over a fixed number of words', formatInt(n)));
    if (state.loss.pointsPerBucket > 1) parts.push(t('drawn as min/max of every {0}', state.loss.pointsPerBucket));
    parts.push(t('the line is a centred local linear fit through them'));
  }
  if (state.loss.skippedCount > 0) parts.push(t('{0} non-finite (NaN/∞) losses not drawn', state.loss.skippedCount));
  setText('loss-note', parts.join(', '));
}

function renderGrad(): void {
  gradChart.setData(state.grad.series());
  const r: GradCheckReport | undefined = state.grad.latest;
  const summary = byId('grad-summary');
  if (!r) {
    summary.replaceChildren(el('p', 'muted', t('No gradient checks yet: they run every few seconds during training.')));
    byId('grad-notes').replaceChildren();
    setText('grad-latest', '');
    histChart.setData([]);
    return;
  }
  const card = (g: GradCheckReport['groups'][number]): HTMLElement =>
    gradCard(g, g.maxRelError !== null && g.maxRelError < THRESHOLD, t('{0} parameters', formatInt(g.count)));
  summary.replaceChildren(...r.groups.map(card), ...(r.formulaGroups ?? []).map(card));
  byId('grad-notes').replaceChildren(...(r.notes ?? []).map((n) => el('li', undefined, n)));
  setText('grad-latest',
    t('Check {0} at {1} words: center word “{2}”, context {3}.', formatInt(state.grad.size), formatInt(r.wordsProcessed), r.centerWord, r.contextWords.map((w) => `“${w}”`).join(' ')));
  histChart.setData(r.groups.map((g) => ({ name: g.name, relErrors: g.relErrors })));
}

function sameModel(a: VectorsInfo | undefined, b: VectorsInfo): boolean {
  return !!a && a.source === b.source && a.words === b.words && a.dim === b.dim;
}

function showWord(word: string): void {
  tabs.select('neighbours');
  neighbours.search(word);
}

// ---- state and messages -------------------------------------------------------------------------

let saveTimer: ReturnType<typeof setTimeout> | undefined;

function saveState(): void {
  const page: WebviewState = {
    version: 1, tab: tabs.selected, query: neighbours.query, k: neighbours.k, explorer: explorer.request(), snapshot: state.snapshot(),
    map: map.pageState(),
  };
  api.setState(page);
}

/** setState serialises everything (a few hundred kB): at most every two seconds while training. */
function saveStateSoon(): void {
  if (saveTimer !== undefined) return;
  saveTimer = setTimeout(() => {
    saveTimer = undefined;
    saveState();
  }, 2000);
}

let statusTimer: ReturnType<typeof setTimeout> | undefined;
function reportStatus(): void {
  if (statusTimer !== undefined) return;
  statusTimer = setTimeout(() => {
    statusTimer = undefined;
    api.postMessage({
      type: 'status', tab: tabs.selected, lossPoints: state.loss.size, gradReports: state.grad.size, neighbours: neighbours.shown, explorerResults: explorer.results,
    });
  }, 250);
}

const ALL: Part[] = ['header', 'stats', 'settings', 'vocab', 'loss', 'grad', 'model'];

function receive(m: ToWebview): void {
  switch (m.type) {
    case 'snapshot':
      state.load(m.snapshot);
      // The setting is the default; a k the user chose in this page (saved state) wins.
      if (m.neighbourCount !== undefined && !saved) neighbours.restore(neighbours.query, m.neighbourCount);
      if (m.explorer) explorer.show(m.explorer);
      if (m.sentiment) sentiment.show(m.sentiment);
      if (m.evaluation) evaluation.show(m.evaluation);
      if (m.runs) runsView.show(m.runs);
      invalidate(...ALL);
      break;
    case 'runStarted':
      state.startRun(m.run);
      invalidate(...ALL);
      break;
    case 'vocab':
      state.vocab = m.stats;
      invalidate('vocab', 'header');
      break;
    case 'progress':
      state.progress = m.progress;
      for (const p of m.points) state.loss.add(p);
      invalidate('stats', 'header', ...(m.points.length ? (['loss'] as Part[]) : []));
      break;
    case 'gradCheck':
      for (const r of m.reports) state.grad.add(r);
      invalidate('grad');
      break;
    case 'runEnded':
      state.ended = m.end;
      invalidate('header', 'stats', 'loss');
      break;
    case 'model':
      if (!sameModel(state.model, m.model)) explorer.markStale(m.model.source);
      state.model = m.model;
      invalidate('model', 'header');
      break;
    case 'neighbours':
    case 'completions':
    case 'neighboursOverTime':
      neighbours.handle(m);
      reportStatus();
      break;
    case 'showWord':
      showWord(m.word);
      break;
    case 'showExplorer':
      tabs.select('gradients');
      if (m.request) {
        explorer.setRequest(m.request);
        explorer.run();
      }
      byId('explorer-heading').scrollIntoView({ block: 'start' });
      break;
    case 'sentiment':
      sentiment.show(m.result);
      reportStatus();
      break;
    case 'showTab':
      tabs.select(m.tab);
      break;
    case 'mapStarted':
    case 'mapProgress':
    case 'mapResult':
    case 'mapError':
    case 'mapNeighbours':
    case 'mapAnalogy':
    case 'mapEvalSet':
    case 'mapNotice':
      map.handle(m);
      break;
    case 'evaluation':
      evaluation.show(m.evaluation);
      break;
    case 'runs':
    case 'runsNotice':
      runsView.handle(m);
      break;
    case 'explorerStarted':
    case 'explorerResult':
    case 'explorerError':
    case 'notice':
      explorer.handle(m);
      reportStatus();
      break;
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as ToWebview;
  if (typeof m !== 'object' || m === null || typeof m.type !== 'string') return;
  try {
    receive(m);
  } catch (err) {
    api.postMessage({ type: 'error', message: `handling ${m.type}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1000) });
  }
});

// Start: show what the page had (a reload), then ask the extension for the current snapshot.
if (saved && saved.version === 1) {
  if (saved.snapshot) {
    try {
      state.load(saved.snapshot);
    } catch {
      // A state from an older page version: wait for the extension's snapshot.
    }
  }
  neighbours.restore(saved.query ?? '', saved.k ?? 10);
  if (saved.explorer) explorer.setRequest(saved.explorer);
  map.restore(saved.map);
  tabs.select((TABS as readonly TabId[]).includes(saved.tab) ? saved.tab : 'training');
} else {
  tabs.select('training');
}
invalidate(...ALL);
// Both links open docs/derivations.md; the extension opens it from its own package (no remote content).
for (const b of document.querySelectorAll<HTMLButtonElement>('.derivations-link')) {
  b.addEventListener('click', () => api.postMessage({ type: 'openDerivations' }));
}

api.postMessage({ type: 'ready' });
if (saved?.query) neighbours.search(saved.query);
