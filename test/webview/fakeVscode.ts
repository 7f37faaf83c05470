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
  showSaveDialog: async () => undefined,
  showErrorMessage: async () => undefined,
};
export const env = { clipboard: { writeText: async (t: string) => { clipboardWrites.push(t); } } };
export const workspace = { workspaceFolders: undefined, fs: { writeFile: async () => undefined } };
export type Thenable<T> = PromiseLike<T>;
