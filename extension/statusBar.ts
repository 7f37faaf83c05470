import * as vscode from 'vscode';
import type { CurrentVectors, VectorStore } from './vectors/vectorStore';
import { formatCount } from './training/format';

/**
 * The status bar item: while a run trains, its progress ("word2vec: training on reviews.txt, 42%");
 * otherwise, while vectors are loaded, which ones ("word2vec: reviews.txt, 3,540 words"); hidden
 * when there are none. Clicking it opens the dashboard.
 */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('word2vec.run', vscode.StatusBarAlignment.Left, 10);
  private vectors: { text: string; tooltip: string } | undefined;
  private progress: { text: string; tooltip: string } | undefined;
  private readonly listening: { dispose(): void };

  constructor(openDashboardCommand: string, store: VectorStore) {
    this.item.name = vscode.l10n.t('Word2Vec');
    this.item.command = { command: openDashboardCommand, title: vscode.l10n.t('Open the Word2Vec dashboard') };
    this.listening = store.onDidChange((m) => this.setVectors(m));
    this.setVectors(store.current);
  }

  /** A run's progress: shown until trainingEnded(). `stalled`: reading the corpus has stopped answering (`detail` says so): a warning, not a spinner. */
  training(name: string, percent: number | undefined, detail: string, stalled = false): void {
    this.progress = {
      text: stalled
        ? vscode.l10n.t('$(warning) word2vec: no progress reading {0}', name)
        : percent === undefined
        ? vscode.l10n.t('$(sync~spin) word2vec: training on {0}', name)
        : vscode.l10n.t('$(sync~spin) word2vec: training on {0}, {1}%', name, percent.toFixed(0)),
      tooltip: vscode.l10n.t('Training on {0}: {1}', name, detail),
    };
    this.render();
  }

  trainingEnded(): void {
    this.progress = undefined;
    this.render();
  }

  /** The vectors hovers and neighbours use now, or undefined when there are none. */
  setVectors(m: CurrentVectors | undefined): void {
    if (!m) {
      this.vectors = undefined;
    } else {
      const words = formatCount(m.vectors.size);
      const origin = m.origin;
      this.vectors = {
        text: vscode.l10n.t('$(symbol-array) word2vec: {0}, {1} words', origin.name, words),
        tooltip: origin.kind === 'trained'
          ? vscode.l10n.t('Word vectors trained on {0}: {1} words x {2} dimensions, used by hovers and neighbours.', origin.name, words, m.vectors.dim)
          : vscode.l10n.t('Word vectors loaded from {0}: {1} words x {2} dimensions, used by hovers and neighbours.', origin.path, words, m.vectors.dim),
      };
    }
    this.render();
  }

  /** For tests: what the item says now, or undefined when hidden. */
  get shownText(): string | undefined {
    return this.progress?.text ?? this.vectors?.text;
  }

  /** For tests: the item's tooltip now (without the click hint), or undefined when hidden. */
  get shownTooltip(): string | undefined {
    return this.progress?.tooltip ?? this.vectors?.tooltip;
  }

  dispose(): void {
    this.listening.dispose();
    this.item.dispose();
  }

  private render(): void {
    const shown = this.progress ?? this.vectors;
    if (!shown) {
      this.item.hide();
      return;
    }
    this.item.text = shown.text;
    this.item.tooltip = `${shown.tooltip}\n${vscode.l10n.t('Click to open the dashboard.')}`;
    this.item.show();
  }
}
