import * as vscode from 'vscode';

/** What a task under a progress notification says: a line, and how far it is in percent when it knows. */
export type ProgressReport = (message: string, percent?: number) => void;

/** One message the extension showed the user, kept so that tests can assert on what was said. */
export interface ShownMessage {
  level: 'info' | 'warning' | 'error';
  text: string;
  /** Milliseconds since the epoch, to tell a test's message from an earlier one. */
  at: number;
}

/**
 * Every message and question the extension puts in front of the user goes through here, for two
 * reasons: the host tests read what was said (`messages`) instead of scraping notifications, and
 * they answer modal questions (`answers`) that would otherwise wait for a click forever.
 */
export class Ui {
  readonly messages: ShownMessage[] = [];
  /**
   * Answers queued by tests for the next questions (modal choice, quick pick, file dialog), taken
   * in order instead of showing the question; empty in normal use.
   */
  readonly answers: unknown[] = [];

  info(text: string, ...actions: string[]): Thenable<string | undefined> {
    this.record('info', text);
    return vscode.window.showInformationMessage(text, ...actions);
  }

  warn(text: string, ...actions: string[]): Thenable<string | undefined> {
    this.record('warning', text);
    return vscode.window.showWarningMessage(text, ...actions);
  }

  error(text: string, ...actions: string[]): Thenable<string | undefined> {
    this.record('error', text);
    return vscode.window.showErrorMessage(text, ...actions);
  }

  /** A modal question; resolves with the chosen action, or undefined for Cancel. */
  async ask(text: string, detail: string, ...actions: string[]): Promise<string | undefined> {
    this.record('warning', text);
    if (this.answers.length > 0) return this.answers.shift() as string | undefined;
    return vscode.window.showWarningMessage(text, { modal: true, detail }, ...actions);
  }

  async pick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    if (this.answers.length > 0) {
      const label = this.answers.shift();
      return items.find((i) => i.label === label);
    }
    return vscode.window.showQuickPick(items, options);
  }

  async saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    if (this.answers.length > 0) return this.answers.shift() as vscode.Uri | undefined;
    return vscode.window.showSaveDialog(options);
  }

  async openDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri | undefined> {
    if (this.answers.length > 0) return this.answers.shift() as vscode.Uri | undefined;
    return (await vscode.window.showOpenDialog(options))?.[0];
  }

  /**
   * Runs `task` under a progress notification titled `title`: the one way the extension shows
   * progress (training, the sentiment sweep, reading and writing vector files). `task` reports a
   * line and, when it knows, how far it is in percent (0 to 100; the bar only moves forward).
   * With `cancellable`, the notification has a Cancel button, which aborts the signal `task` gets;
   * the host tests press it with cancelProgress (a notification's button cannot be clicked from
   * the extension host).
   */
  progress<T>(title: string, cancellable: boolean, task: (report: ProgressReport, signal: AbortSignal) => Promise<T>): Thenable<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable }, async (progress, token) => {
      const abort = new AbortController();
      const shown = { cancel: () => abort.abort(), message: undefined as string | undefined };
      const listening = token.onCancellationRequested(shown.cancel);
      if (cancellable) this.shownProgress.set(title, shown);
      let percentShown = 0;
      const report: ProgressReport = (message, percent) => {
        const increment = percent !== undefined && percent > percentShown ? Math.min(100, percent) - percentShown : undefined;
        // A worker reports far more often than the line changes: only a change goes to the notification.
        if (message === shown.message && increment === undefined) return;
        shown.message = message;
        if (increment !== undefined) percentShown += increment;
        progress.report({ message, increment });
      };
      try {
        return await task(report, abort.signal);
      } finally {
        listening.dispose();
        if (this.shownProgress.get(title) === shown) this.shownProgress.delete(title);
      }
    });
  }

  /** For tests: the last message of the cancellable progress notification titled `title`; undefined when none is shown. */
  progressMessage(title: string): string | undefined {
    return this.shownProgress.get(title)?.message;
  }

  /** For tests: presses Cancel on the cancellable progress notification titled `title`; false when none is shown. */
  cancelProgress(title: string): boolean {
    const shown = this.shownProgress.get(title);
    shown?.cancel();
    return shown !== undefined;
  }

  private readonly shownProgress = new Map<string, { cancel(): void; message: string | undefined }>();

  private record(level: ShownMessage['level'], text: string): void {
    const m = { level, text, at: Date.now() };
    this.messages.push(m);
    // Only the last few matter; keep a long session's log from growing without bound.
    if (this.messages.length > 200) this.messages.splice(0, this.messages.length - 200);
  }
}
