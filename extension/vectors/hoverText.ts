import { wordAt } from '../core/text/tokenize';
import type { CurrentVectors } from './vectorStore';
import { COMMANDS } from '../commands/ids';
import type { Translate } from '../shared/translate';

/**
 * What a hover on a word says, as Markdown, without `vscode`: the extension's hover provider wraps
 * it in a vscode.Hover, and bench/hover.ts times this same function in plain Node. The caller
 * passes its translator (vscode.l10n.t).
 */
export interface HoverAnswer {
  /** The vocabulary form of the hovered word (the tokenizer's, e.g. lower-cased). */
  word: string;
  /** The word's span in the line (UTF-16 offsets), for the hover's range. */
  start: number;
  end: number;
  markdown: string;
  /** Whether the word has a vector (false: the Markdown says why not). */
  known: boolean;
}

/** The command the hover's link runs; the provider trusts exactly this command and no other. */
export const OPEN_IN_DASHBOARD = COMMANDS.openDashboard;

/** The lookup and the neighbour search are the model's query worker's: this thread only writes the Markdown. */
export async function hoverAt(model: CurrentVectors, line: string, offset: number, k: number, t: Translate): Promise<HoverAnswer | undefined> {
  const hit = wordNear(line, offset);
  if (!hit) return undefined;
  const { word, start, end } = hit;
  const { row, neighbours, rareCount } = await model.queries.ask('lookup', { word, k });
  if (row < 0) {
    return { word, start, end, known: false, markdown: `${bold(word)} ${whyUnknown(model, rareCount, t)}` };
  }
  const source = escapeMarkdown(model.origin.name);
  const count = model.vectors.counts?.[row];
  const lines = [
    count !== undefined
      ? t('{0}: nearest neighbours in {1} (seen {2})', bold(word), `*${source}*`, times(count, t))
      : t('{0}: nearest neighbours in {1}', bold(word), `*${source}*`),
    '',
    `| ${t('neighbour')} | ${t('cosine')} |`,
    '|:--|--:|',
    ...neighbours.map((n) => `| ${escapeMarkdown(n.word)} | ${n.similarity.toFixed(3)} |`),
    '',
    `[${t('Open "{0}" in the dashboard', escapeMarkdown(word))}](${commandUri(OPEN_IN_DASHBOARD, [{ word }])})`,
  ];
  return { word, start, end, known: true, markdown: lines.join('\n') };
}

/** Longer lines are cut around the offset before the tokenizer sees them. */
const LONG_LINE = 4096;

/**
 * wordAt on a long line looks only at a stretch around the offset, cut at whitespace (words never
 * contain any), so that a corpus kept on one line (text8 is 100 MB on one line) still hovers at once.
 */
export function wordNear(line: string, offset: number): { word: string; start: number; end: number } | undefined {
  if (line.length <= LONG_LINE) return wordAt(line, offset);
  let lo = Math.max(0, offset - 256);
  let hi = Math.min(line.length, offset + 256);
  while (lo > 0 && !/\s/.test(line[lo - 1])) lo--;
  while (hi < line.length && !/\s/.test(line[hi])) hi++;
  const hit = wordAt(line.slice(lo, hi), offset - lo);
  return hit && { word: hit.word, start: hit.start + lo, end: hit.end + lo };
}

/**
 * Why a word has no vector, in words the user can act on: Markdown for hovers (`md`), plain text
 * for notifications. `rareCount`: the word's count in the corpus when the run dropped it (the query
 * worker's lookup answers it; the dropped words are indexed there, not on this thread).
 */
export function whyUnknown(model: CurrentVectors, rareCount: number | undefined, t: Translate, md = true): string {
  const o = model.origin;
  const name = md ? `*${escapeMarkdown(o.name)}*` : o.name;
  const setting = md ? '`word2vec.minCount`' : 'word2vec.minCount';
  if (o.kind === 'loaded') {
    return t('has no vector in {0} ({1}).', name, wordCount(model.vectors.size, t));
  }
  const minCount = o.options.minCount;
  if (rareCount !== undefined && rareCount >= minCount) {
    return t('is not in the vocabulary: it occurs {0} in {1}, but only the {2} most frequent words were kept (maximum vocabulary size).',
      times(rareCount, t), name, o.options.maxVocab);
  }
  if (rareCount !== undefined) {
    return t('is not in the vocabulary: it occurs {0} in {1}, fewer than the min-count of {2} (setting {3}). Lower it and train again to give it a vector.',
      times(rareCount, t), name, minCount, setting);
  }
  if (model.droppedWords !== undefined) {
    // A full vocabulary may have dropped frequent-enough words too (maxVocab keeps the most frequent).
    const capped = o.options.maxVocab > 0 && o.vocab.vocabSize >= o.options.maxVocab;
    return capped
      ? t('is not in the vocabulary: it does not occur in {0}, or not often enough to be among its {1} most frequent words.', name, o.options.maxVocab)
      : t('is not in the vocabulary: it does not occur in {0}.', name);
  }
  return t('is not in the vocabulary of {0}: it does not occur there, or fewer than the min-count of {1} times (setting {2}).', name, minCount, setting);
}

/** A `command:` link whose arguments survive as JSON (VS Code decodes and parses them). */
export function commandUri(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** Corpus words are data: every Markdown punctuation character in them is escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:"']/g, '\\$&');
}

function bold(word: string): string {
  return `**${escapeMarkdown(word)}**`;
}

/** "1 time", "3 times": one message per form, so a translation can inflect it. */
function times(n: number, t: Translate): string {
  return n === 1 ? t('1 time') : t('{0} times', n.toLocaleString('en-US'));
}

function wordCount(n: number, t: Translate): string {
  return n === 1 ? t('1 word') : t('{0} words', n.toLocaleString('en-US'));
}
