import * as vscode from 'vscode';

/** The status bar item shown while a run trains; clicking it opens the dashboard. */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('word2vec.run', vscode.StatusBarAlignment.Left, 10);

  constructor(openDashboardCommand: string) {
    this.item.name = 'Word2Vec training';
    this.item.command = { command: openDashboardCommand, title: 'Open the Word2Vec dashboard' };
  }

  show(text: string, tooltip: string): void {
    this.item.text = `$(sync~spin) ${text}`;
    this.item.tooltip = `${tooltip}\nClick to open the dashboard.`;
    this.item.show();
    this.shown = true;
  }

  hide(): void {
    this.item.hide();
    this.shown = false;
  }

  /** For tests: what the item says now, or undefined when hidden. */
  get shownText(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  /** StatusBarItem has no "visible" getter; track it through show/hide. */
  private shown = false;

  dispose(): void {
    this.item.dispose();
  }
}
