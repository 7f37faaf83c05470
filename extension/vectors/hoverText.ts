import { wordAt } from '../core/text/tokenize';
import type { CurrentVectors } from './vectorStore';
import { COMMANDS } from '../commands/ids';

/**
 * What a hover on a word says, as Markdown, without `vscode`: the extension's hover provider wraps
 * it in a vscode.Hover, and bench/hover.ts times this same function in plain Node.
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
export async function hoverAt(model: CurrentVectors, line: string, offset: number, k: number): Promise<HoverAnswer | undefined> {
  const hit = wordNear(line, offset);
  if (!hit) return undefined;
  const { word, start, end } = hit;
  const { row, neighbours } = await model.queries.ask('lookup', { word, k });
  if (row < 0) {
    return { word, start, end, known: false, markdown: `${bold(word)} ${whyUnknown(model, word)}` };
  }
  const source = escapeMarkdown(model.origin.name);
  const count = model.vectors.counts?.[row];
  const lines = [
    `${bold(word)}: nearest neighbours in *${source}*${count !== undefined ? ` (seen ${plural(count, 'time')})` : ''}`,
    '',
    '| neighbour | cosine |',
    '|:--|--:|',
    ...neighbours.map((n) => `| ${escapeMarkdown(n.word)} | ${n.similarity.toFixed(3)} |`),
    '',
    `[Open "${escapeMarkdown(word)}" in the dashboard](${commandUri(OPEN_IN_DASHBOARD, [{ word }])})`,
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
 * for notifications.
 */
export function whyUnknown(model: CurrentVectors, word: string, md = true): string {
  const o = model.origin;
  const name = md ? `*${escapeMarkdown(o.name)}*` : o.name;
  const setting = md ? '`word2vec.minCount`' : 'word2vec.minCount';
  if (o.kind === 'loaded') {
    return `has no vector in ${name} (${plural(model.vectors.size, 'word')}).`;
  }
  const minCount = o.options.minCount;
  const rareCount = model.rare?.get(word);
  if (rareCount !== undefined && rareCount >= minCount) {
    return `is not in the vocabulary: it occurs ${plural(rareCount, 'time')} in ${name}, but only the ${o.options.maxVocab} most frequent words were kept (maximum vocabulary size).`;
  }
  if (rareCount !== undefined) {
    return `is not in the vocabulary: it occurs ${plural(rareCount, 'time')} in ${name}, fewer than the min-count of ${minCount} ` +
      `(setting ${setting}). Lower it and train again to give it a vector.`;
  }
  if (model.rare) {
    // A full vocabulary may have dropped frequent-enough words too (maxVocab keeps the most frequent).
    const capped = o.options.maxVocab > 0 && o.vocab.vocabSize >= o.options.maxVocab;
    return capped
      ? `is not in the vocabulary: it does not occur in ${name}, or not often enough to be among its ${o.options.maxVocab} most frequent words.`
      : `is not in the vocabulary: it does not occur in ${name}.`;
  }
  return `is not in the vocabulary of ${name}: it does not occur there, or fewer than the min-count of ${minCount} times ` +
    `(setting ${setting}).`;
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

function plural(n: number, unit: string): string {
  return `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;
}
