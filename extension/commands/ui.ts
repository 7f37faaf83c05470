import * as vscode from 'vscode';

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

  private record(level: ShownMessage['level'], text: string): void {
    const m = { level, text, at: Date.now() };
    this.messages.push(m);
    // Only the last few matter; keep a long session's log from growing without bound.
    if (this.messages.length > 200) this.messages.splice(0, this.messages.length - 200);
  }
}
