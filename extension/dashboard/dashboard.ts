/**
 * The dashboard: one webview panel showing the current run (loss curve, progress, settings,
 * vocabulary), the gradient checks, and a nearest-neighbour search.
 *
 * The run's data lives in a store on the extension side that outlives the panel (`Dashboard.*`
 * static methods record into it whether or not a panel is open), so a panel opened late, reopened,
 * or restored after a reload gets everything in one snapshot. Live updates are batched: loss
 * points and gradient-check reports are posted at most 1000/FLUSH_MS times a second.
 */
import * as vscode from 'vscode';
import type { GradCheckReport, StopReason, TrainOptions, TrainProgress, VocabStats } from '../core/train/types';
import type { SentimentResult } from '../core/sentiment/types';
import {
  type DashboardSnapshot, type FromWebview, type LossPoint, type ModelInfo, type Neighbour, type RunEnd,
  type RunInfo, type TabId, type ToWebview, type ToWebviewType, type ExplorerRequest, type ExplorerResult, type SentimentView,
  describeInvalid, isFromWebview, isWebviewState, LIMITS,
} from '../protocol';
import { LossHistory } from './lossHistory';
import { GradHistory } from './gradHistory';
import { dashboardHtml, makeNonce } from './html';
import { coreRequest, DEFAULT_EXPLORER_REQUEST, wireResult, type ExplorerParameters } from './explorer';
import { isExplorerCancelled, runExplorerCheck, type ExplorerResult as CoreExplorerResult } from '../core/gradcheck/explorer';
import { explorerResultToJson, explorerResultToMarkdown } from '../core/gradcheck/report';
import { atomicWriteFile } from '../core/util/atomicWrite';
import { UserInputError } from '../core/errors';

/** What the dashboard asks of the extension (implemented by the extension host code). */
export interface DashboardHost {
  /** Nearest neighbours of a word in the current model, or why there are none (no model, unknown word). */
  neighbours(word: string, k: number): Neighbour[] | { error: string };
  /** Up to `limit` vocabulary words starting with `prefix`, most frequent first. */
  complete(prefix: string, limit: number): string[];
  /** Default k of the neighbour search (the word2vec.neighbours setting). */
  neighbourCount?(): number;
  /** Where the dashboard logs (rejected webview messages, webview errors): an output channel. */
  log?(line: string): void;
  /**
   * The gradient explorer checks at these parameters: the current model's center (V) and outside
   * (U) vectors and one real window of the open corpus, as word indices. Undefined (or no hook):
   * seeded random parameters. Called on each check; the arrays are copied to a worker, never changed.
   */
  gradientParameters?(): Promise<ExplorerParameters | undefined>;
}

export interface RunStartedInfo {
  runId: string | number;
  source: string;
  options: TrainOptions;
}

export interface RunEndedInfo {
  stopReason: StopReason;
  message?: string;
  seconds: number;
  wordsProcessed: number;
  finalLoss: number;
}

/** Status the webview reports after drawing (see FromWebview 'status'). */
export type WebviewStatus = Extract<FromWebview, { type: 'status' }>;

const FLUSH_MS = 200;
const POSTED_LOG = 500;

/** The run's data, kept on the extension side for as long as the extension runs. */
class Store {
  run: RunInfo | undefined;
  vocab: VocabStats | undefined;
  progress: TrainProgress | undefined;
  ended: RunEnd | undefined;
  model: ModelInfo | undefined;
  explorer: ExplorerResult | undefined;
  /** The core's result behind `explorer`, for the Markdown and JSON exports. */
  explorerCore: CoreExplorerResult | undefined;
  sentiment: SentimentView | undefined;
  loss = new LossHistory();
  grad = new GradHistory();
  // Not yet posted to the open panel.
  pendingPoints: LossPoint[] = [];
  pendingReports: GradCheckReport[] = [];
  pendingProgress = false;

  snapshot(): DashboardSnapshot {
    const s: DashboardSnapshot = { loss: this.loss.state(), grad: this.grad.state() };
    if (this.run) s.run = this.run;
    if (this.vocab) s.vocab = this.vocab;
    if (this.progress) s.progress = this.progress;
    if (this.ended) s.ended = this.ended;
    if (this.model) s.model = this.model;
    return s;
  }

  load(s: DashboardSnapshot): void {
    this.run = s.run;
    this.vocab = s.vocab;
    this.progress = s.progress;
    this.ended = s.ended;
    this.model = s.model;
    this.loss = LossHistory.fromState(s.loss);
    this.grad = GradHistory.fromState(s.grad);
    this.clearPending();
  }

  clearPending(): void {
    this.pendingPoints = [];
    this.pendingReports = [];
    this.pendingProgress = false;
  }

  reset(): void {
    this.run = this.vocab = this.progress = this.ended = undefined;
    this.loss = new LossHistory();
    this.grad = new GradHistory();
    this.clearPending();
  }
}

const store = new Store();
let flushTimer: ReturnType<typeof setTimeout> | undefined;

export class Dashboard {
  static readonly viewType = 'word2vec.dashboard';
  static readonly flushMs = FLUSH_MS;
  private static instance: Dashboard | undefined;

  /** The open panel, if any. */
  static get current(): Dashboard | undefined {
    return Dashboard.instance;
  }

  /** Opens the dashboard (or reveals the open one). */
  static show(context: vscode.ExtensionContext, host: DashboardHost, opts: { preserveFocus?: boolean } = {}): Dashboard {
    const open = Dashboard.instance;
    if (open) {
      open.host = host;
      open.panel.reveal(undefined, opts.preserveFocus);
      return open;
    }
    const panel = vscode.window.createWebviewPanel(
      Dashboard.viewType,
      'Word2Vec Dashboard',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: opts.preserveFocus ?? false },
      webviewOptions(context.extensionUri),
    );
    return new Dashboard(panel, context, host, undefined);
  }

  // ---- Recording (static: works whether or not a panel is open) --------------------------------

  /** A new run: clears the previous run's curve and checks. */
  static runStarted(info: RunStartedInfo): void {
    const model = store.model;
    store.reset();
    store.model = model;
    store.run = { runId: String(info.runId), source: info.source, options: { ...info.options }, startedAt: Date.now() };
    notify({ type: 'runStarted', run: store.run });
  }

  static vocab(stats: VocabStats): void {
    store.vocab = stats;
    notify({ type: 'vocab', stats });
  }

  static progress(p: TrainProgress): void {
    store.progress = p;
    if (p.phase === 'train') {
      const point = { x: p.wordsProcessed, raw: p.lossRaw, smooth: p.loss };
      if (store.loss.add(point)) store.pendingPoints.push(point);
    }
    store.pendingProgress = true;
    scheduleFlush();
  }

  static gradCheck(r: GradCheckReport): void {
    store.grad.add(r);
    store.pendingReports.push(r);
    scheduleFlush();
  }

  static runEnded(info: RunEndedInfo): void {
    flushNow();
    store.ended = { ...info };
    notify({ type: 'runEnded', end: store.ended });
  }

  /** The vectors used for neighbours and hovers changed (a run finished, or vectors were loaded). */
  static modelChanged(model: ModelInfo): void {
    store.model = { ...model };
    notify({ type: 'model', model: store.model });
  }

  /** A sentiment sweep finished: shown in the Sentiment tab (kept across runs). `vectors`: where the features' word vectors came from. */
  static sentiment(result: SentimentResult, vectors?: string): void {
    const { model: _weights, ...view } = result;
    store.sentiment = vectors !== undefined ? { ...view, vectors } : view;
    notify({ type: 'sentiment', result: store.sentiment });
  }

  /** The last sentiment sweep recorded, as the page gets it (for tests). */
  static sentimentResult(): SentimentView | undefined {
    return store.sentiment;
  }

  /** Everything recorded, as a panel would receive it (for tests). */
  static snapshot(): DashboardSnapshot {
    return store.snapshot();
  }

  // ---- The panel --------------------------------------------------------------------------------

  private readonly disposables: vscode.Disposable[] = [];
  private readonly posted: ToWebview[] = [];
  private readonly postedCount: Partial<Record<ToWebviewType, number>> = {};
  private invalid = 0;
  private status: WebviewStatus | undefined;
  private isReady = false;
  private readyWaiters: (() => void)[] = [];
  private pendingWord: string | undefined;
  private pendingTab: TabId | undefined;
  private pendingExplorer: { request?: ExplorerRequest } | undefined;
  private explorerRun: { requestId: number; abort: AbortController } | undefined;
  private explorerSeed = 1;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private host: DashboardHost,
    restoredState: unknown,
  ) {
    Dashboard.instance = this;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg');
    panel.webview.options = webviewOptions(context.extensionUri);
    if (restoredState !== undefined) this.restore(restoredState);
    const webview = panel.webview;
    const nonce = makeNonce();
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      nonce,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'dashboard.css')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidDispose(() => this.disposed()),
      // A hidden page is destroyed (no retainContextWhenHidden); shown again, it reloads and sends
      // 'ready', getting a fresh snapshot. Until then, nothing would reach it.
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.isReady = false;
      }),
    );
  }

  /** True once the page has loaded and asked for its snapshot (and is visible): updates reach it. */
  isReadyForUpdates(): boolean {
    return this.isReady;
  }

  /** Switches to the Neighbours tab and searches `word` (queued until the page has loaded). */
  showWord(word: string): void {
    if (this.isReady) this.post({ type: 'showWord', word });
    else this.pendingWord = word;
  }

  /** Switches the page to a tab (queued until the page has loaded), e.g. 'sentiment' after a sweep. */
  showTab(tab: TabId): void {
    if (this.isReady) this.post({ type: 'showTab', tab });
    else this.pendingTab = tab;
  }

  /**
   * Opens the Gradients tab's explorer (the "Run gradient check" command); with a request, the
   * page sets its form to it and runs the check. Queued until the page has loaded.
   */
  showExplorer(request?: Partial<ExplorerRequest>): void {
    const full = request ? { ...DEFAULT_EXPLORER_REQUEST, ...request } : undefined;
    if (this.isReady) this.post(full ? { type: 'showExplorer', request: full } : { type: 'showExplorer' });
    else this.pendingExplorer = { request: full };
  }

  /** The last gradient-explorer result (any panel), for tests and exports. */
  static explorerResult(): ExplorerResult | undefined {
    return store.explorer;
  }

  /** Resolves once the page's script has loaded and received its snapshot. */
  whenReady(): Promise<void> {
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** The last POSTED_LOG messages posted to this panel, oldest first (for tests). */
  postedMessages(): readonly ToWebview[] {
    return this.posted;
  }

  /** How many messages of each type were posted to this panel. */
  postedCounts(): Readonly<Partial<Record<ToWebviewType, number>>> {
    return this.postedCount;
  }

  /** What the webview last said it has drawn. */
  webviewStatus(): WebviewStatus | undefined {
    return this.status;
  }

  /** Messages from the webview that failed validation and were ignored. */
  invalidMessages(): number {
    return this.invalid;
  }

  dispose(): void {
    this.panel.dispose();
  }

  /** Posts now (the recorders batch; this is the one place messages leave). */
  post(message: ToWebview): void {
    this.posted.push(message);
    if (this.posted.length > POSTED_LOG) this.posted.splice(0, this.posted.length - POSTED_LOG);
    this.postedCount[message.type] = (this.postedCount[message.type] ?? 0) + 1;
    void this.panel.webview.postMessage(message);
  }

  /** Flushes batched progress and checks to this panel. */
  flush(): void {
    if (store.pendingProgress && store.progress) {
      this.post({ type: 'progress', progress: store.progress, points: store.pendingPoints });
    }
    if (store.pendingReports.length > 0) this.post({ type: 'gradCheck', reports: store.pendingReports });
    store.clearPending();
  }

  private restore(state: unknown): void {
    if (!isWebviewState(state)) {
      if (state !== null && state !== undefined) this.log(`restored dashboard state ignored: ${describeInvalid(state)}`);
      return;
    }
    // After a reload the extension starts empty: take the run the page had. A run recorded since
    // (or a model) is newer than the page's, so it wins.
    if (state.snapshot && !store.run && !store.model) store.load(state.snapshot);
  }

  private receive(m: unknown): void {
    if (!isFromWebview(m)) {
      this.invalid++;
      this.log(`ignored an invalid message from the dashboard webview: ${describeInvalid(m)}`);
      return;
    }
    switch (m.type) {
      case 'ready': {
        // The snapshot carries everything recorded, so batched updates not yet posted are in it.
        store.clearPending();
        const k = this.host.neighbourCount?.();
        this.post({
          type: 'snapshot',
          snapshot: store.snapshot(),
          ...(k !== undefined && Number.isInteger(k) && k >= 1 && k <= LIMITS.maxK ? { neighbourCount: k } : {}),
          ...(store.explorer ? { explorer: store.explorer } : {}),
          ...(store.sentiment ? { sentiment: store.sentiment } : {}),
        });
        this.isReady = true;
        if (this.pendingWord !== undefined) {
          this.post({ type: 'showWord', word: this.pendingWord });
          this.pendingWord = undefined;
        }
        if (this.pendingTab !== undefined) {
          this.post({ type: 'showTab', tab: this.pendingTab });
          this.pendingTab = undefined;
        }
        if (this.pendingExplorer) {
          const r = this.pendingExplorer.request;
          this.post(r ? { type: 'showExplorer', request: r } : { type: 'showExplorer' });
          this.pendingExplorer = undefined;
        }
        for (const w of this.readyWaiters.splice(0)) w();
        break;
      }
      case 'explorerRun':
        void this.runExplorer(m.requestId, m.request);
        break;
      case 'explorerCancel':
        if (this.explorerRun?.requestId === m.requestId) this.explorerRun.abort.abort();
        break;
      case 'explorerCopyMarkdown':
        void this.copyExplorer();
        break;
      case 'explorerExportJson':
        void this.exportExplorer();
        break;
      case 'neighbours': {
        let answer: Neighbour[] | { error: string };
        try {
          answer = this.host.neighbours(m.word, m.k);
        } catch (e) {
          answer = { error: e instanceof Error ? e.message : String(e) };
        }
        if (Array.isArray(answer)) this.post({ type: 'neighbours', requestId: m.requestId, word: m.word, k: m.k, results: answer });
        else this.post({ type: 'neighbours', requestId: m.requestId, word: m.word, k: m.k, results: [], error: answer.error });
        break;
      }
      case 'complete': {
        let words: string[] = [];
        try {
          words = this.host.complete(m.prefix, m.limit).slice(0, m.limit);
        } catch (e) {
          this.log(`completion failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        this.post({ type: 'completions', requestId: m.requestId, prefix: m.prefix, words });
        break;
      }
      case 'status':
        this.status = m;
        break;
      case 'error':
        this.log(`dashboard webview error: ${m.message}`);
        break;
    }
  }

  private async runExplorer(requestId: number, request: ExplorerRequest): Promise<void> {
    this.explorerRun?.abort.abort(); // one check at a time: the newest wins
    const abort = new AbortController();
    this.explorerRun = { requestId, abort };
    this.post({ type: 'explorerStarted', requestId, request });
    try {
      let params: ExplorerParameters | undefined;
      try {
        params = await this.host.gradientParameters?.();
      } catch (e) {
        // No usable window (say, the open document has too few vocabulary words): random parameters, and say why.
        this.log(`gradient explorer: ${e instanceof Error ? e.message : String(e)}; checking at random parameters`);
      }
      const core = await runExplorerCheck(coreRequest(request, params, this.explorerSeed++), { signal: abort.signal });
      const result = wireResult(request, core);
      store.explorer = result;
      store.explorerCore = core;
      this.post({ type: 'explorerResult', requestId, result });
    } catch (e) {
      const cancelled = isExplorerCancelled(e);
      if (!cancelled && !(e instanceof UserInputError)) this.log(`gradient explorer failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      this.post({ type: 'explorerError', requestId, message: e instanceof Error ? e.message : String(e), cancelled });
    } finally {
      if (this.explorerRun?.requestId === requestId) this.explorerRun = undefined;
    }
  }

  private async copyExplorer(): Promise<void> {
    if (!store.explorerCore) return this.post({ type: 'notice', text: 'Run a gradient check first.' });
    await vscode.env.clipboard.writeText(explorerResultToMarkdown(store.explorerCore));
    this.post({ type: 'notice', text: 'Copied the check as a Markdown table.' });
  }

  private async exportExplorer(): Promise<void> {
    const result = store.explorerCore;
    if (!result) return this.post({ type: 'notice', text: 'Run a gradient check first.' });
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      title: 'Export the gradient check as JSON',
      filters: { JSON: ['json'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'gradient-check.json') } : {}),
    });
    if (!uri) return;
    try {
      const json = explorerResultToJson(result);
      if (uri.scheme === 'file') await atomicWriteFile(uri.fsPath, json);
      else await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(json));
      this.post({ type: 'notice', text: `Saved ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}.` });
    } catch (e) {
      void vscode.window.showErrorMessage(`Could not save the gradient check: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private log(line: string): void {
    if (this.host.log) this.host.log(line);
    else console.warn(`[word2vec dashboard] ${line}`);
  }

  private disposed(): void {
    if (Dashboard.instance === this) Dashboard.instance = undefined;
    this.explorerRun?.abort.abort();
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const w of this.readyWaiters.splice(0)) w();
  }

  /** Used by the serializer to rebuild a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, host: DashboardHost, state: unknown): Dashboard {
    // Only one dashboard: a second restored panel (should not happen) replaces the first.
    Dashboard.instance?.dispose();
    return new Dashboard(panel, context, host, state);
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // The page rebuilds itself from a snapshot when shown again, so no need to keep it alive hidden.
    retainContextWhenHidden: false,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Posts to the open panel if its page is listening; otherwise the next snapshot carries it. */
function notify(message: ToWebview): void {
  const open = Dashboard.current;
  if (open?.isReadyForUpdates()) open.post(message);
}

function scheduleFlush(): void {
  if (flushTimer !== undefined) return;
  flushTimer = setTimeout(flushNow, FLUSH_MS);
}

function flushNow(): void {
  if (flushTimer !== undefined) {
    clearTimeout(flushTimer);
    flushTimer = undefined;
  }
  const open = Dashboard.current;
  // Not ready yet: the page will get a snapshot holding all of it.
  if (open && open.isReadyForUpdates()) open.flush();
  else store.clearPending();
}

/** Restores the dashboard after VS Code reloads. Call from activate(); also needs the activation event `onWebviewPanel:word2vec.dashboard`. */
export function registerDashboardSerializer(context: vscode.ExtensionContext, host: DashboardHost): vscode.Disposable {
  const d = vscode.window.registerWebviewPanelSerializer(Dashboard.viewType, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      Dashboard.revive(panel, context, host, state);
    },
  });
  context.subscriptions.push(d);
  return d;
}

