/**
 * The few `vscode` APIs the dashboard uses, faked for plain-Node tests of extension/dashboard/:
 * a webview panel whose posted messages are recorded and whose page messages the test sends.
 * Bundled in place of 'vscode' by scripts/build.mjs (esbuild alias) for the test/webview/*.test.ts unit tests.
 */
type Listener<T> = (e: T) => void;

class Emitter<T> {
  private listeners: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.listeners.push(l);
    return { dispose: () => { this.listeners = this.listeners.filter((x) => x !== l); } };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
}

export class Uri {
  constructor(readonly scheme: string, readonly fsPath: string) {}
  static file(p: string): Uri { return new Uri('file', p); }
  static parse(s: string): Uri { const i = s.indexOf('://'); return new Uri(s.slice(0, i), s.slice(i + 3)); }
  get path(): string { return this.fsPath; }
  static joinPath(u: Uri, ...parts: string[]): Uri { return new Uri(u.scheme, [u.fsPath, ...parts].join('/')); }
  toString(): string { return `${this.scheme}://${this.fsPath}`; }
}

export class FakeWebview {
  html = '';
  options: unknown;
  readonly cspSource = 'https://fake.vscode-cdn.net';
  readonly posted: unknown[] = [];
  readonly received = new Emitter<unknown>();
  onDidReceiveMessage = this.received.event;
  postMessage(m: unknown): Thenable<boolean> {
    // VS Code serialises messages as JSON.
    this.posted.push(JSON.parse(JSON.stringify(m)));
    return Promise.resolve(true);
  }
  asWebviewUri(u: Uri): Uri { return new Uri('https', `fake.vscode-cdn.net${u.fsPath}`); }
}

export class FakePanel {
  readonly webview = new FakeWebview();
  iconPath: unknown;
  visible = true;
  private readonly disposeEmitter = new Emitter<void>();
  private readonly viewState = new Emitter<{ webviewPanel: FakePanel }>();
  onDidDispose = this.disposeEmitter.event;
  onDidChangeViewState = this.viewState.event;
  constructor(readonly viewType: string, readonly title: string) {}
  /** The arguments of every reveal() call, to check that the dashboard leaves the focus where it was. */
  readonly reveals: { viewColumn?: number; preserveFocus?: boolean }[] = [];
  /** How createWebviewPanel was asked to show this panel. */
  showOptions: unknown;
  reveal(viewColumn?: number, preserveFocus?: boolean): void { this.reveals.push({ viewColumn, preserveFocus }); this.setVisible(true); }
  setVisible(v: boolean): void { this.visible = v; this.viewState.fire({ webviewPanel: this }); }
  dispose(): void { this.disposeEmitter.fire(); }
}

export const created: FakePanel[] = [];
export const openDialog: { answer: Uri[] | undefined; asked: unknown[] } = { answer: undefined, asked: [] };
export const serializers = new Map<string, { deserializeWebviewPanel(p: FakePanel, state: unknown): Promise<void> }>();
export const clipboardWrites: string[] = [];

export const ViewColumn = { One: 1, Two: 2, Beside: -2 };
export const window = {
  createWebviewPanel(viewType: string, title: string, showOptions?: unknown): FakePanel {
    const p = new FakePanel(viewType, title);
    p.showOptions = showOptions;
    created.push(p);
    return p;
  },
  registerWebviewPanelSerializer(viewType: string, s: { deserializeWebviewPanel(p: FakePanel, state: unknown): Promise<void> }) {
    serializers.set(viewType, s);
    return { dispose: () => serializers.delete(viewType) };
  },
  showSaveDialog: async (_o?: unknown): Promise<Uri | undefined> => undefined,
  /** What the open dialog answers: set openDialog.answer in a test (undefined = cancelled). */
  showOpenDialog: async (options?: unknown) => { openDialog.asked.push(options); return openDialog.answer; },
  showErrorMessage: async () => undefined,
};
export const env = { clipboard: { writeText: async (t: string) => { clipboardWrites.push(t); } } };
export const workspace = { workspaceFolders: undefined, fs: { writeFile: async () => undefined } };
export type Thenable<T> = PromiseLike<T>;

// ---- what the run manager, the status bar and the settings use ----

export class Disposable {
  constructor(private readonly f: () => void) {}
  dispose(): void { this.f(); }
}

/** vscode.l10n without a bundle: the English message with {n} replaced by the arguments. */
export const l10n = {
  t: (message: string, ...args: unknown[]): string => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])),
};

export const StatusBarAlignment = { Left: 1, Right: 2 };
export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 };

export class FakeStatusBarItem {
  text = '';
  tooltip: unknown;
  name: string | undefined;
  command: unknown;
  visible = false;
  /** Every text the item showed, in order (what a person would have seen). */
  readonly shown: string[] = [];
  show(): void { this.visible = true; this.shown.push(this.text); }
  hide(): void { this.visible = false; }
  dispose(): void { this.visible = false; }
}
export const statusBarItems: FakeStatusBarItem[] = [];
export const messages: { level: string; text: string; actions: string[] }[] = [];
export const executed: unknown[][] = [];
/** The progress notifications shown, with what each reported. */
export const progressShown: { title: string; reports: { message?: string; increment?: number }[] }[] = [];

Object.assign(window, {
  createStatusBarItem(): FakeStatusBarItem {
    const item = new FakeStatusBarItem();
    statusBarItems.push(item);
    return item;
  },
  showInformationMessage: async (text: string, ...actions: string[]) => { messages.push({ level: 'info', text, actions }); return undefined; },
  showWarningMessage: async (text: string, ...actions: unknown[]) => { messages.push({ level: 'warning', text, actions: actions.filter((a): a is string => typeof a === 'string') }); return undefined; },
  showErrorMessage: async (text: string, ...actions: string[]) => { messages.push({ level: 'error', text, actions }); return undefined; },
  withProgress: async (options: { title: string }, task: (p: { report(v: { message?: string; increment?: number }): void }, token: { onCancellationRequested(f: () => void): { dispose(): void } }) => Promise<unknown>) => {
    const shown = { title: options.title, reports: [] as { message?: string; increment?: number }[] };
    progressShown.push(shown);
    return task({ report: (v) => shown.reports.push(v) }, { onCancellationRequested: () => ({ dispose: () => undefined }) });
  },
});
export const commands = { executeCommand: async (...args: unknown[]) => { executed.push(args); return undefined; } };
/** Settings the test sets, by key under 'word2vec'. */
export const settings = new Map<string, unknown>();
Object.assign(workspace, {
  getConfiguration: () => ({
    inspect: (key: string) => (settings.has(key) ? { globalValue: settings.get(key) } : undefined),
    get: <T>(key: string, dflt: T): T => (settings.has(key) ? settings.get(key) as T : dflt),
  }),
});

// ---- what "Train word2vec on file" looks at: the active editor and tab ----

export class TabInputText { constructor(readonly uri: Uri) {} }
export class TabInputWebview { constructor(readonly viewType: string) {} }
export class TabInputNotebook { constructor(readonly uri: Uri, readonly notebookType: string) {} }
export class TabInputCustom { constructor(readonly uri: Uri, readonly viewType: string) {} }
Object.assign(workspace, { textDocuments: [] as { uri: Uri; isDirty: boolean; getText(): string }[] });
Object.assign(window, {
  visibleTextEditors: [] as { document: { uri: Uri } }[],
  activeTextEditor: undefined as undefined | { document: { uri: Uri } },
  tabGroups: { activeTabGroup: { activeTab: undefined as undefined | { label: string; input: unknown } } },
});
