/**
 * The dashboard: one webview panel showing the current run (loss curve, progress, settings,
 * vocabulary), the gradient checks, a nearest-neighbour search and the sentiment classifier.
 *
 * One Dashboard is created in activate(). It holds the recorder (the run's data, kept whether or
 * not a panel is open) and the open panel, if any; there is no module-level state, so each test
 * can make its own.
 */
import * as vscode from 'vscode';
import type { DashboardHost } from './host';
import { DashboardPanel, webviewOptions } from './panel';
import { DashboardRecorder } from './recorder';
import { evaluationScores } from './runs';
import { EvaluationController } from './evaluationController';

export type { DashboardHost } from './host';
export { DashboardPanel } from './panel';

export class Dashboard {
  static readonly viewType = 'word2vec.dashboard';
  readonly recorder: DashboardRecorder;
  /** The Evaluation tab's files and results (they survive a reload of the page). */
  readonly evaluation: EvaluationController;
  private panel: DashboardPanel | undefined;

  constructor(private readonly context: vscode.ExtensionContext, readonly host: DashboardHost) {
    // The Runs tab's list lives in the workspace's storage: it survives a reload.
    this.recorder = new DashboardRecorder(() => (this.panel?.isReadyForUpdates() ? this.panel : undefined), context.workspaceState);
    this.evaluation = new EvaluationController(host, () => (this.panel?.isReadyForUpdates() ? this.panel : undefined), context.globalState, context.workspaceState,
      (vectors, files) => this.recorder.runs.scored(vectors, evaluationScores(files)));
  }

  /** The open panel, if any. */
  get current(): DashboardPanel | undefined {
    return this.panel;
  }

  /** Opens the dashboard (or reveals the open one). */
  show(opts: { preserveFocus?: boolean } = {}): DashboardPanel {
    if (this.panel) {
      this.panel.panel.reveal(undefined, opts.preserveFocus);
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(
      Dashboard.viewType,
      'Word2Vec Dashboard',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: opts.preserveFocus ?? false },
      webviewOptions(this.context.extensionUri),
    );
    return this.open(panel, undefined);
  }

  /** Restores the dashboard after VS Code reloads; also needs the activation event `onWebviewPanel:word2vec.dashboard`. */
  registerSerializer(): vscode.Disposable {
    const d = vscode.window.registerWebviewPanelSerializer(Dashboard.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        // Only one dashboard: a second restored panel (should not happen) replaces the first.
        this.panel?.dispose();
        this.open(panel, state);
      },
    });
    this.context.subscriptions.push(d);
    return d;
  }

  dispose(): void {
    this.panel?.dispose();
    this.stopWork();
  }

  /** Ends the work in progress (workers, timers) but leaves the panel open, for deactivation (see DashboardPanel.stopWork). */
  stopWork(): void {
    this.panel?.stopWork();
    this.recorder.dispose();
    this.evaluation.dispose();
  }

  private open(panel: vscode.WebviewPanel, state: unknown): DashboardPanel {
    this.panel = new DashboardPanel(panel, this.context.extensionUri, this.host, this.recorder, state, (p) => {
      if (this.panel === p) this.panel = undefined;
    }, this.evaluation);
    return this.panel;
  }
}
