import * as vscode from 'vscode';

/** The scheme of the reports the extension opens (the sentiment classifier's). */
export const REPORT_SCHEME = 'word2vec-report';

/**
 * Reports as read-only documents: a report is a result to read, not a file the user wrote, so it
 * opens without an editable buffer that asks "Save changes?" when closed (an untitled document
 * did). The user can still copy it, or save it with "Save As". The text is kept in memory, one
 * report per name: running the classifier again replaces that report's text.
 */
export class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  register(): vscode.Disposable {
    return vscode.Disposable.from(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this), this.changed);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.toString()) ?? vscode.l10n.t('This report is no longer available: run its command again.');
  }

  /** Opens `markdown` as the read-only document `<title>.md`, beside the active editor. */
  async show(title: string, markdown: string): Promise<vscode.TextEditor> {
    // The title is the tab's name: no slashes (they would make folders of the path).
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title.replace(/[\\/]/g, '-')}.md` });
    this.reports.set(uri.toString(), markdown);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const md = doc.languageId === 'markdown' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    return vscode.window.showTextDocument(md, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
}
