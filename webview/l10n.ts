/**
 * The page's translator, with vscode.l10n.t's shape: `t('Trained {0} words', n)`. The English text
 * is the key, as in vscode.l10n; the extension puts the display language's bundle
 * (vscode.l10n.bundle, undefined in English) into the page as JSON, so the page never fetches it.
 */
import { fillPlaceholders } from '../extension/shared/translate';

type Bundle = Record<string, string | { message: string }>;

function readBundle(): Bundle {
  const text = document.getElementById('l10n-bundle')?.textContent;
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Bundle) : {};
  } catch {
    return {};
  }
}

const bundle = readBundle();

export function t(message: string, ...args: (string | number | boolean)[]): string {
  const entry = bundle[message];
  const text = typeof entry === 'string' ? entry : entry?.message ?? message;
  return fillPlaceholders(text, args);
}
