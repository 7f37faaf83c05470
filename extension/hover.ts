import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import { isCancelled } from './core/errors';
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
  /** Receives each answered hover's time from request to Markdown (the worker's answer included), in ms (the tests and the README's figure). */
  timed?(ms: number): void;
}

/**
 * Neighbour hovers. This thread finds the word on the line and writes the Markdown; the lookup and
 * the top-k pass over the normalised matrix are one message to the model's query worker
 * (VectorQueries), so hovers answer at once even while a run trains: training runs in worker
 * threads and this thread only receives its progress messages.
 */
export function registerHover(ctx: HoverContext): vscode.Disposable {
  return vscode.languages.registerHoverProvider('*', {
    async provideHover(document, position) {
      const model = ctx.store.current;
      const trainedHere = model?.origin.kind === 'trained' && model.origin.documentUri === document.uri.toString();
      if (!model || (!trainedHere && !HOVER_LANGUAGES.includes(document.languageId))) {
        const status = ctx.trainingStatus(document.uri);
        return status ? new vscode.Hover(new vscode.MarkdownString(status)) : undefined;
      }
      const t0 = performance.now();
      const line = document.lineAt(position.line).text;
      let answer;
      try {
        answer = await hoverAt(model, line, position.character, ctx.neighbours(), vscode.l10n.t);
      } catch (e) {
        // The model was replaced or cleared while the worker answered: the next hover uses the new one.
        if (isCancelled(e)) return undefined;
        throw e;
      }
      ctx.timed?.(performance.now() - t0);
      if (!answer) return undefined;
      const md = new vscode.MarkdownString(answer.markdown);
      // The link opens the word in the dashboard; no other command may run from a hover.
      md.isTrusted = { enabledCommands: [OPEN_IN_DASHBOARD] };
      return new vscode.Hover(md, new vscode.Range(position.line, answer.start, position.line, answer.end));
    },
  });
}
