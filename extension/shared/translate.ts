/**
 * The translator pure modules take (no vscode import): vscode.l10n.t's shape, the English text is
 * the key and `{0}`, `{1}`… are replaced by the arguments. The extension passes vscode.l10n.t; the
 * dashboard page its own t() (webview/l10n.ts); tests and the command line pass `english`.
 */
export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

/** `{n}` replaced by the n-th argument; a placeholder without an argument stays as it is. */
export function fillPlaceholders(text: string, args: readonly (string | number | boolean)[]): string {
  return text.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
}

/** No translation: the English message with its placeholders filled. */
export const english: Translate = (message, ...args) => fillPlaceholders(message, args);
