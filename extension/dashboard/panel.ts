/**
 * One open dashboard webview: its lifecycle (created, hidden, shown again, disposed) and the
 * routing of the page's messages. Messages the extension sends before the page has loaded wait
 * in one queue, flushed after the snapshot on 'ready'.
 */
import * as vscode from 'vscode';
import {
  type FromWebview, type TabId, type ToWebview, type ToWebviewType, type ExplorerForm,
  describeInvalid, isFromWebview, isWebviewState, LIMITS,
} from '../shared/protocol';
import { DEFAULT_EXPLORER_FORM } from './explorer';
import { ExplorerController } from './explorerController';
import { MapController } from './mapController';
import { dashboardHtml, makeNonce } from './html';
import type { DashboardRecorder } from './recorder';
import type { DashboardHost } from './host';
import type { EvaluationController } from './evaluationController';
import { NeighboursOverTime } from './neighboursOverTime';
import { neighboursTabSearch, type NeighbourSearch } from './neighbourSearch';
import { settled } from './settled';

/** Status the webview reports after drawing (see FromWebview 'status'). */
export type WebviewStatus = Extract<FromWebview, { type: 'status' }>;

/** Messages kept for tests. */
const POSTED_LOG = 500;

/** Messages that wait for the page to load: one of each kind, the newest wins. */
type Queued = Extract<ToWebview, { type: 'showWord' | 'showTab' | 'showExplorer' }>;

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // The page rebuilds itself from a snapshot when shown again, so no need to keep it alive hidden.
    retainContextWhenHidden: false,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class DashboardPanel {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly posted: ToWebview[] = [];
  private readonly postedCount: Partial<Record<ToWebviewType, number>> = {};
  private readonly queue: Queued[] = [];
  private readonly explorer: ExplorerController;
  private readonly map: MapController;
  private readonly overTime: NeighboursOverTime;
  private readonly search: NeighbourSearch;
  private invalid = 0;
  private status: WebviewStatus | undefined;
  private isReady = false;
  private readyWaiters: (() => void)[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly host: DashboardHost,
    private readonly recorder: DashboardRecorder,
    restoredState: unknown,
    private readonly onDisposed: (p: DashboardPanel) => void,
    /** The Evaluation tab's controller (one per Dashboard, outliving panels). */
    private readonly evaluation?: EvaluationController,
  ) {
    this.map = new MapController(host, (m) => this.post(m), (l) => this.log(l));
    this.overTime = new NeighboursOverTime(host, (m) => this.post(m), (l) => this.log(l));
    this.search = neighboursTabSearch(host, (m) => this.post(m), this.overTime);
    this.explorer = new ExplorerController(recorder, async () => this.host.gradientParameters?.(), (m) => this.post(m), (l) => this.log(l),
      host);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.options = webviewOptions(extensionUri);
    if (restoredState !== undefined) this.restore(restoredState);
    const webview = panel.webview;
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'dashboard.css')).toString(),
      t: vscode.l10n.t,
      l10nBundle: vscode.l10n.bundle,
      lang: vscode.env.language,
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
    this.postWhenReady({ type: 'showWord', word });
  }

  /** Switches the page to a tab (queued until the page has loaded), e.g. 'sentiment' after a sweep. */
  showTab(tab: TabId): void {
    this.postWhenReady({ type: 'showTab', tab });
  }

  /**
   * Opens the Gradients tab's explorer (the "Run gradient check" command); with a request, the
   * page sets its form to it and runs the check. Queued until the page has loaded.
   */
  showExplorer(request?: Partial<ExplorerForm>): void {
    this.postWhenReady(request ? { type: 'showExplorer', request: { ...DEFAULT_EXPLORER_FORM, ...request } } : { type: 'showExplorer' });
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

  /**
   * Handles `m` as if the page had posted it, validated the same way (an invalid one is counted and
   * ignored): the host tests ask the Map's questions with it and read what is posted back.
   */
  receiveForTests(m: unknown): void {
    this.receive(m);
  }

  /** Messages from the webview that failed validation and were ignored. */
  invalidMessages(): number {
    return this.invalid;
  }

  dispose(): void {
    this.panel.dispose();
  }

  /**
   * Ends the panel's work in progress (a gradient check, a map projection, a neighbours-over-time request: their
   * workers) but leaves the panel open: on deactivation VS Code keeps it and restores it after a reload.
   */
  stopWork(): void {
    this.explorer.dispose();
    this.map.dispose();
    this.search.dispose();
    this.overTime.dispose();
  }

  /** Posts now: the one place messages leave. */
  post(message: ToWebview): void {
    this.posted.push(message);
    if (this.posted.length > POSTED_LOG) this.posted.splice(0, this.posted.length - POSTED_LOG);
    this.postedCount[message.type] = (this.postedCount[message.type] ?? 0) + 1;
    void this.panel.webview.postMessage(message);
  }

  private postWhenReady(message: Queued): void {
    if (this.isReady) return this.post(message);
    const i = this.queue.findIndex((q) => q.type === message.type);
    if (i >= 0) this.queue.splice(i, 1);
    this.queue.push(message);
  }

  private restore(state: unknown): void {
    if (isWebviewState(state)) {
      if (state.snapshot) this.recorder.restore(state.snapshot);
    } else if (state !== null && state !== undefined) {
      this.log(`restored dashboard state ignored: ${describeInvalid(state)}`);
    }
  }

  private receive(m: unknown): void {
    if (!isFromWebview(m)) {
      this.invalid++;
      this.log(`ignored an invalid message from the dashboard webview: ${describeInvalid(m)}`);
      return;
    }
    switch (m.type) {
      case 'ready': {
        const k = this.host.neighbourCount?.();
        const snapshot = this.recorder.snapshotMessage(k !== undefined && Number.isInteger(k) && k >= 1 && k <= LIMITS.maxK ? k : undefined);
        // The Evaluation tab's files and results come with it (the controller outlives the page).
        if (snapshot.type === 'snapshot' && this.evaluation) snapshot.evaluation = this.evaluation.view();
        this.post(snapshot);
        this.isReady = true;
        for (const q of this.queue.splice(0)) this.post(q);
        for (const w of this.readyWaiters.splice(0)) w();
        break;
      }
      case 'explorerRun':
        void this.explorer.run(m.requestId, m.request);
        break;
      case 'explorerCancel':
        this.explorer.cancel(m.requestId);
        break;
      case 'explorerCopyMarkdown':
        void this.explorer.copyMarkdown();
        break;
      case 'explorerExportJson':
        void this.explorer.exportJson();
        break;
      case 'openDerivations':
        void this.openDerivations();
        break;
      case 'mapRun':
        void this.map.run(m.requestId, m.request);
        break;
      case 'mapCancel':
        this.map.cancel(m.requestId);
        break;
      case 'mapNeighbours':
        void this.map.neighbours(m.requestId, m.word, m.k);
        break;
      case 'mapAnalogy':
        void this.map.analogy(m.requestId, m.query);
        break;
      case 'mapExport':
        void this.map.exportCoordinates(m.format, m.scope, m.selection);
        break;
      case 'mapLoadEvalSet':
        void this.map.loadEvalSet();
        break;
      case 'evalOpen':
        void this.evaluation?.open();
        break;
      case 'evalLoad':
        void this.evaluation?.load(m.path);
        break;
      case 'evalPreset':
        void this.evaluation?.setPreset(m.preset);
        break;
      case 'evalRemove':
        this.evaluation?.remove(m.path);
        break;
      case 'trainWithMistake':
        if (!this.host.trainWithMistake) break;
        this.host.trainWithMistake(m.mistake).catch((e: unknown) => (e instanceof Error ? e.message : String(e))).then((text) => this.post({ type: 'runsNotice', text }));
        break;
      case 'neighbours':
        void this.search.ask(m.requestId, m.word, m.k);
        break;
      case 'complete':
        void settled(() => this.host.complete(m.prefix, m.limit)).then(
          (words) => words.slice(0, m.limit),
          (e: unknown) => {
            this.log(`completion failed: ${e instanceof Error ? e.message : String(e)}`);
            return [];
          },
        ).then((words) => this.post({ type: 'completions', requestId: m.requestId, prefix: m.prefix, words }));
        break;
      case 'status':
        this.status = m;
        break;
      case 'error':
        this.log(`dashboard webview error: ${m.message}`);
        break;
    }
  }

  /** The derivations the checks follow, from the extension's own docs/ folder, in the Markdown preview. */
  private async openDerivations(): Promise<void> {
    try {
      await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(this.extensionUri, 'docs', 'derivations.md'));
    } catch (e) {
      this.log(`could not open docs/derivations.md: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private log(line: string): void {
    if (this.host.log) this.host.log(line);
    else console.warn(`[word2vec dashboard] ${line}`);
  }

  private disposed(): void {
    this.isReady = false;
    this.stopWork();
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const w of this.readyWaiters.splice(0)) w();
    this.onDisposed(this);
  }
}
