import * as vscode from 'vscode';
import type { Neighbour } from '../core/vectors';
import { whyUnknown, wordNear } from '../vectors/hoverText';
import { NO_VECTORS, type VectorStore } from '../vectors/vectorStore';
import type { Ui } from './ui';

/** The word under the cursor (a cursor right after a word counts as on it), as the vocabulary spells it. */
export function wordUnderCursor(editor: vscode.TextEditor): string | undefined {
  const pos = editor.selection.active;
  return wordNear(editor.document.lineAt(pos.line).text, pos.character)?.word;
}

/**
 * Shows the neighbours of the word under the cursor in a quick pick; picking one shows its own
 * neighbours. Resolves with the first list as soon as it is shown (tests read it), not when the
 * pick closes.
 */
export async function showNeighbours(store: VectorStore, ui: Ui, k: number, openInDashboard: (word: string) => void):
  Promise<{ word: string; neighbours: Neighbour[] } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void ui.error(vscode.l10n.t('Put the cursor on a word in a text editor, then run "Word2Vec: Show neighbours".'));
    return undefined;
  }
  const model = store.current;
  if (!model) {
    void ui.error(vscode.l10n.t(NO_VECTORS));
    return undefined;
  }
  const word = wordUnderCursor(editor);
  if (!word) {
    void ui.warn(vscode.l10n.t('There is no word under the cursor; put it on a word and try again.'));
    return undefined;
  }
  const { row, neighbours, rareCount } = await model.queries.ask('lookup', { word, k });
  if (row < 0) {
    void ui.warn(vscode.l10n.t('"{0}" {1}', word, whyUnknown(model, rareCount, vscode.l10n.t, false)));
    return undefined;
  }
  void browse(word, neighbours);
  return { word, neighbours };

  async function browse(first: string, list: Neighbour[]): Promise<void> {
    let current = first;
    let items = list;
    const DASHBOARD = vscode.l10n.t('Open in the dashboard');
    for (;;) {
      const picked = await ui.pick(
        [
          ...items.map((n) => ({ label: n.word, description: vscode.l10n.t('cosine {0}', n.similarity.toFixed(3)) })),
          { label: DASHBOARD, kind: vscode.QuickPickItemKind.Separator },
          { label: `$(graph) ${DASHBOARD}`, description: current },
        ],
        { title: vscode.l10n.t('Nearest neighbours of "{0}" in {1}', current, model!.origin.name), placeHolder: vscode.l10n.t('Pick a word to see its neighbours') },
      );
      if (!picked) return;
      if (picked.label.endsWith(DASHBOARD)) {
        openInDashboard(current);
        return;
      }
      current = picked.label;
      items = (await store.neighbours(current, k)) ?? [];
    }
  }
}
