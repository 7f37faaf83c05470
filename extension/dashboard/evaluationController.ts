/**
 * The Evaluation tab, on the extension side: one instance (in Dashboard) that outlives any panel,
 * so its files and results survive a reload of the page. It keeps the loaded files (and, in the
 * workspace's state, their paths and the preset; in the global state, the recent files),
 * evaluates them on the current vectors in a worker (evaluationQueries.ts), again whenever the
 * vectors change (a run ended, vectors were loaded) or the preset does, and posts the tab's whole
 * state to the open page.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { isCancelled, UserInputError } from '../core/errors';
import { EVAL_PRESET_IDS, type EvalFileView, type EvalPresetId, type EvaluationView, type ToWebview } from '../shared/protocol';
import type { DashboardHost } from './host';
import { analogiesView, pairsView } from './evaluationFiles';
import { evaluateFiles, presetOptions } from './evaluationQueries';
import type { UpdateSink } from './recorder';

/** The Memento calls used (ExtensionContext.globalState / workspaceState). */
export type StateStore = Pick<vscode.Memento, 'get' | 'update'>;

const RECENT_KEY = 'word2vec.evaluation.recent';
const FILES_KEY = 'word2vec.evaluation.files';
const PRESET_KEY = 'word2vec.evaluation.preset';
/** Recent files remembered, and files shown at once. */
export const MAX_RECENT = 8;
export const MAX_FILES = 8;

export class EvaluationController {
  private preset: EvalPresetId;
  private files: EvalFileView[];
  private recent: string[];
  private generation = 0;
  private readonly listening: { dispose(): void } | undefined;

  constructor(
    private readonly host: DashboardHost,
    private readonly sink: UpdateSink,
    private readonly global?: StateStore,
    private readonly workspace?: StateStore,
    /** Told each set of results, with the name of the vectors they are for (the Runs tab keeps them per run). */
    private readonly onScored?: (vectors: string, files: readonly EvalFileView[]) => void,
  ) {
    const preset = workspace?.get<unknown>(PRESET_KEY);
    this.preset = EVAL_PRESET_IDS.includes(preset as EvalPresetId) ? (preset as EvalPresetId) : 'gensim';
    this.recent = stringList(global?.get<unknown>(RECENT_KEY), MAX_RECENT);
    this.files = stringList(workspace?.get<unknown>(FILES_KEY), MAX_FILES).map(waitingFile);
    // A new model: evaluate the loaded files on it.
    this.listening = host.onVectorsChange?.(() => void this.run());
    if (this.files.length > 0) void this.run();
  }

  view(): EvaluationView {
    return { preset: this.preset, files: this.files.map((f) => ({ ...f })), recent: [...this.recent] };
  }

  /** The open dialog: picks one or more files, loads and evaluates them. */
  async open(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uris = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Open a word-pair file (WordSim-353, SimLex-999) or an analogy file (questions-words.txt)'),
      canSelectMany: true,
      openLabel: vscode.l10n.t('Evaluate'),
      filters: { [vscode.l10n.t('Evaluation files')]: ['txt', 'tsv', 'csv'], [vscode.l10n.t('All files')]: ['*'] },
      ...(folder ? { defaultUri: folder } : {}),
    });
    if (!uris || uris.length === 0) return;
    const local = uris.filter((u) => u.scheme === 'file');
    if (local.length < uris.length) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Evaluation files must be on this machine\'s disk; {0} is not.', uris.find((u) => u.scheme !== 'file')!.toString()));
    }
    await this.add(local.map((u) => u.fsPath));
  }

  /** Loads a recent file again: only a path the dialog gave before (the page's message is untrusted). */
  async load(path: string): Promise<void> {
    if (!this.recent.includes(path)) return;
    await this.add([path]);
  }

  async setPreset(preset: EvalPresetId): Promise<void> {
    if (preset === this.preset) return;
    this.preset = preset;
    void this.workspace?.update(PRESET_KEY, preset);
    await this.run();
  }

  remove(path: string): void {
    this.files = this.files.filter((f) => f.path !== path);
    void this.workspace?.update(FILES_KEY, this.files.map((f) => f.path));
    this.post();
  }

  dispose(): void {
    this.generation++; // an evaluation still going is not posted
    this.listening?.dispose();
  }

  private async add(paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    this.recent = [...paths, ...this.recent.filter((p) => !paths.includes(p))].slice(0, MAX_RECENT);
    void this.global?.update(RECENT_KEY, this.recent);
    const kept = this.files.filter((f) => !paths.includes(f.path));
    this.files = [...kept, ...paths.map(waitingFile)].slice(-MAX_FILES);
    void this.workspace?.update(FILES_KEY, this.files.map((f) => f.path));
    await this.run();
  }

  /** Evaluates every loaded file on the current vectors (the newest run's results are the ones shown). */
  async run(): Promise<void> {
    const generation = ++this.generation;
    const model = this.host.vectors?.();
    if (!model || this.files.length === 0) {
      this.files = this.files.map((f) => waitingFile(f.path));
      this.post();
      return;
    }
    const paths = this.files.map((f) => f.path);
    this.files = this.files.map((f) => ({ ...f, status: 'running' as const, error: undefined }));
    this.post();
    const { restrict, caseInsensitive } = presetOptions(this.preset);
    try {
      // In the model's own query worker, which shares its matrix: nothing is copied for this.
      const outcomes = await evaluateFiles(model.queries, paths, this.preset);
      if (generation !== this.generation) return;
      const vectors = model.origin.name;
      // Only the files still loaded: one removed while this ran stays removed.
      const loaded = new Set(this.files.map((f) => f.path));
      this.files = outcomes.filter((o) => loaded.has(o.path)).map((o): EvalFileView => {
        const base = { path: o.path, name: basename(o.path), vectors, restrict, caseInsensitive };
        if ('pairs' in o) return { ...base, status: 'done', pairs: pairsView(o.pairs) };
        if ('analogies' in o) return { ...base, status: 'done', analogies: analogiesView(o.analogies) };
        const e = o.error;
        const message = e instanceof Error ? e.message : String(e);
        // A model replaced meanwhile: the newer run answers.
        if (isCancelled(e)) return { ...base, status: 'waiting' };
        // A file's mistake (its message names the line) is shown as it is; anything else is our bug: logged with its stack.
        if (!(e instanceof UserInputError)) this.host.log?.(`evaluating ${o.path} failed: ${e instanceof Error ? e.stack ?? message : message}`);
        return { ...base, status: 'error', error: e instanceof UserInputError ? message : vscode.l10n.t('Could not evaluate this file: {0}', message) };
      });
      this.onScored?.(vectors, this.files);
    } catch (e) {
      if (generation !== this.generation || isCancelled(e)) return;
      const message = e instanceof Error ? e.message : String(e);
      this.host.log?.(`evaluation failed: ${e instanceof Error ? e.stack ?? message : message}`);
      this.files = this.files.map((f) => ({ ...waitingFile(f.path), status: 'error', error: vscode.l10n.t('Could not evaluate: {0}', message) }));
    }
    this.post();
  }

  private post(): void {
    this.sink()?.post({ type: 'evaluation', evaluation: this.view() } satisfies ToWebview);
  }
}

function waitingFile(path: string): EvalFileView {
  return { path, name: basename(path), status: 'waiting' };
}

/** A saved list of paths, checked (another version of the extension, or a hand edit, may have left anything). */
function stringList(v: unknown, max: number): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 4096).slice(0, max) : [];
}
