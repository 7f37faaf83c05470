/**
 * The Gradients tab's checks, on the extension side: runs the page's form in the core's worker
 * (one check at a time, the newest wins), cancels it, and copies or saves the last result. The
 * check itself is the core's (runExplorerCheck); explorer.ts translates the form and the result.
 */
import * as vscode from 'vscode';
import { runExplorerCheck } from '../core/gradcheck/explorer';
import { explorerResultToJson, explorerResultToMarkdown } from '../core/gradcheck/report';
import { isCancelled, UserInputError } from '../core/errors';
import type { ExplorerForm, ToWebview } from '../shared/protocol';
import { coreRequest, wireResult, type ExplorerInputs } from './explorer';
import type { DashboardRecorder } from './recorder';
import { saveExport, type ExportHost } from './saveExport';
import type { DashboardHost } from './host';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class ExplorerController {
  private running: { requestId: number; abort: AbortController } | undefined;
  private seed = 1;

  constructor(
    private readonly recorder: DashboardRecorder,
    /** Where the check's parameters come from: the current model at a real window, or undefined for seeded random ones. */
    private readonly inputs: () => Promise<ExplorerInputs | undefined>,
    private readonly post: (m: ToWebview) => void,
    private readonly log: (line: string) => void,
    /** The save dialog, the files an export must not overwrite, and where a failed save is told. */
    private readonly host: ExportHost & Pick<DashboardHost, 'showError'>,
  ) {}

  async run(requestId: number, form: ExplorerForm): Promise<void> {
    this.running?.abort.abort(); // one check at a time: the newest wins
    const abort = new AbortController();
    this.running = { requestId, abort };
    this.post({ type: 'explorerStarted', requestId, request: form });
    try {
      let inputs: ExplorerInputs | undefined;
      try {
        inputs = await this.inputs();
      } catch (e) {
        // No usable window (say, the open document has too few vocabulary words): random parameters, and say why.
        this.log(`gradient explorer: ${message(e)}; checking at random parameters`);
      }
      const core = await runExplorerCheck(coreRequest(form, inputs, this.seed++), { signal: abort.signal });
      const view = wireResult(form, core);
      this.recorder.explorerChecked(view, core);
      this.post({ type: 'explorerResult', requestId, result: view });
    } catch (e) {
      const cancelled = isCancelled(e);
      if (!cancelled && !(e instanceof UserInputError)) this.log(`gradient explorer failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      this.post({ type: 'explorerError', requestId, message: message(e), cancelled });
    } finally {
      if (this.running?.requestId === requestId) this.running = undefined;
    }
  }

  cancel(requestId: number): void {
    if (this.running?.requestId === requestId) this.running.abort.abort();
  }

  async copyMarkdown(): Promise<void> {
    const result = this.recorder.explorer?.core;
    if (!result) return this.post({ type: 'notice', text: vscode.l10n.t('Run a gradient check first.') });
    await vscode.env.clipboard.writeText(explorerResultToMarkdown(result));
    this.post({ type: 'notice', text: vscode.l10n.t('Copied the check as a Markdown table.') });
  }

  async exportJson(): Promise<void> {
    const result = this.recorder.explorer?.core;
    if (!result) return this.post({ type: 'notice', text: vscode.l10n.t('Run a gradient check first.') });
    try {
      const saved = await saveExport(this.host, { title: vscode.l10n.t('Export the gradient check as JSON'), name: 'gradient-check.json', filters: { JSON: ['json'] } },
        () => explorerResultToJson(result));
      if (saved) this.post({ type: 'notice', text: vscode.l10n.t('Saved {0}.', saved) });
    } catch (e) {
      const text = vscode.l10n.t('Could not save the gradient check: {0}', message(e));
      if (this.host.showError) this.host.showError(text);
      else void vscode.window.showErrorMessage(text);
    }
  }

  dispose(): void {
    this.running?.abort.abort();
  }
}
