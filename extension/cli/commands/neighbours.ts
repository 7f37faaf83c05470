import type { WordVectors } from '../../core/vectors/WordVectors';
import { flag, helpText, parseArgs, type CommandSpec } from '../args';
import { out } from '../output';
import { VECTOR_INPUT_FLAGS, loadVectors } from './vectorFiles';

export const neighboursSpec: CommandSpec = {
  name: 'neighbours',
  usage: 'neighbours <vectors> <word> [-k 10]',
  summary: 'The words nearest to <word> by cosine similarity, in a vectors file (any format w2v convert knows).',
  positionals: ['vectors', 'word'],
  flags: [
    { name: 'k', short: 'k', kind: 'number', range: { min: 1, max: 10000, integer: true }, help: 'How many neighbours (default 10).' },
    ...VECTOR_INPUT_FLAGS,
  ],
};

/** The vocabulary's spelling of `word`: as typed, else lower-cased (the tokenizer lower-cases corpora). */
export function lookupWord(wv: WordVectors, word: string): string {
  if (wv.has(word) || !wv.has(word.toLowerCase())) return word;
  return word.toLowerCase();
}

/** Rows of "word<TAB>similarity", the similarity with 4 decimals. */
export function formatNeighbours(list: { word: string; similarity: number }[]): string {
  return list.map((n) => `${n.word}\t${n.similarity.toFixed(4)}`).join('\n') + (list.length ? '\n' : '');
}

export async function runNeighbours(argv: string[]): Promise<number> {
  const a = parseArgs(argv, neighboursSpec);
  if (a.help) return out(helpText(neighboursSpec)), 0;
  const [path, word] = a.positionals;
  const wv = await loadVectors(a, path);
  out(formatNeighbours(wv.neighbours(lookupWord(wv, word), flag.number(a, 'k') ?? 10)));
  return 0;
}
