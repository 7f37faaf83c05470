import type * as vscode from 'vscode';
import type { Neighbour } from '../shared/protocol';
import type { ExplorerInputs } from './explorer';
import type { CurrentVectors } from '../vectors/vectorStore';
import type { KernelMistakeId } from '../core/train/mistakes';
import type { NamedPath } from '../core/util/outputGuard';

/** What the dashboard asks of the extension (implemented by training/dashboardLink.ts). */
export interface DashboardHost {
  /** Nearest neighbours of a word in the current vectors, or why there are none (no vectors, unknown word); answered off the host's thread. */
  neighbours(word: string, k: number): Promise<Neighbour[] | { error: string }>;
  /** Up to `limit` vocabulary words starting with `prefix`, most frequent first; answered off the host's thread. */
  complete(prefix: string, limit: number): Promise<string[]>;
  /** Default k of the neighbour search (the word2vec.neighbours setting). */
  neighbourCount?(): number;
  /** Where the dashboard logs (rejected webview messages, webview errors): an output channel. */
  log?(line: string): void;
  /**
   * The gradient explorer checks at these parameters: the current model's center (V) and outside
   * (U) vectors and one real window of the open corpus, as word indices. Undefined (or no hook):
   * seeded random parameters. Called on each check; the arrays are copied to a worker, never changed.
   */
  gradientParameters?(): Promise<ExplorerInputs | undefined>;
  /** The current vectors (with a trained model's snapshots), for the Evaluation tab and neighbours over time. */
  vectors?(): CurrentVectors | undefined;
  /** Called when the current vectors change (a run ended, vectors were loaded): evaluations run again. */
  onVectorsChange?(listener: () => void): { dispose(): void };
  /**
   * "Train with a mistake" (the Runs tab): trains the last run's corpus with the planted mistake,
   * then a correct run of the same corpus and seed. Resolves when both have ended, with what the page
   * says of them; rejects with a message for the page (no corpus yet, a mistake that does not change the chosen model).
   */
  trainWithMistake?(mistake: KernelMistakeId): Promise<string>;
  /** The files the extension read (the corpus, the vectors file loaded): the dashboard's exports never overwrite one (see saveExport.ts). */
  inputFiles?(): NamedPath[];
  /** The save dialog the dashboard's exports ask (the extension's Ui: the host tests answer it); vscode.window's when absent. */
  saveDialog?(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  /** Shows an error that has no place in the page (a failed save): the extension's Ui, which records it for the host tests; vscode.window's when absent. */
  showError?(text: string): void;
}
