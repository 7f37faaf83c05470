import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import { hoverAt, OPEN_IN_DASHBOARD } from './vectors/hoverText';
import type { VectorStore } from './vectors/vectorStore';

/** Languages whose documents get hovers once any model is loaded (the trained document always does). */
export const HOVER_LANGUAGES = ['plaintext', 'markdown'];

export interface HoverContext {
  store: VectorStore;
  /** How many neighbours to show (setting word2vec.neighbours), read when it changes, not per hover. */
  neighbours(): number;
  /** A one-line status when a run is training on this document and there is no model yet. */
  trainingStatus(uri: vscode.Uri): string | undefined;
  /** Receives each answered hover's time on this thread, in ms (the tests and the README's figure). */
  timed?(ms: number): void;
}

/**
 * Neighbour hovers. The work per hover is one line's word lookup and one top-k pass over the
 * normalised matrix (see NeighbourIndex), so hovers answer at once even while a run trains:
 * training runs in worker threads and this thread only receives its progress messages.
 */
export function registerHover(ctx: HoverContext): vscode.Disposable {
  return vscode.languages.registerHoverProvider('*', {
    provideHover(document, position) {
      const model = ctx.store.current;
      const trainedHere = model?.origin.kind === 'trained' && model.origin.documentUri === document.uri.toString();
      if (!model || (!trainedHere && !HOVER_LANGUAGES.includes(document.languageId))) {
        const status = ctx.trainingStatus(document.uri);
        return status ? new vscode.Hover(new vscode.MarkdownString(status)) : undefined;
      }
      const t0 = performance.now();
      const line = document.lineAt(position.line).text;
      const answer = hoverAt(model, line, position.character, ctx.neighbours(), vscode.l10n.t);
      ctx.timed?.(performance.now() - t0);
      if (!answer) return undefined;
      const md = new vscode.MarkdownString(answer.markdown);
      // The link opens the word in the dashboard; no other command may run from a hover.
      md.isTrusted = { enabledCommands: [OPEN_IN_DASHBOARD] };
      return new vscode.Hover(md, new vscode.Range(position.line, answer.start, position.line, answer.end));
    },
  });
}
