import { readVectors } from '../../core/vectors/word2vecFormat';
import { flag, helpText, parseArgs, type CommandSpec } from '../args';
import { out } from '../output';
import { formatNeighbours, lookupWord } from './neighbours';

export const analogySpec: CommandSpec = {
  name: 'analogy',
  usage: 'analogy <vectors> <a> <b> <c> [-k 10] [--restrict N]',
  summary: '"a is to b as c is to ?": the words nearest to b - a + c (3CosAdd over unit vectors), excluding a, b and c.',
  positionals: ['vectors', 'a', 'b', 'c'],
  flags: [
    { name: 'k', short: 'k', kind: 'number', range: { min: 1, max: 10000, integer: true }, help: 'How many answers (default 10).' },
    { name: 'restrict', kind: 'number', range: { min: 1, max: 1e9, integer: true }, help: 'Search only the N most frequent words (default: all).' },
  ],
  notes: 'Example: w2v analogy vectors.bin man king woman   (-> queen, with good vectors)',
};

export async function runAnalogy(argv: string[]): Promise<number> {
  const a = parseArgs(argv, analogySpec);
  if (a.help) return out(helpText(analogySpec)), 0;
  const [path, ...words] = a.positionals;
  const wv = await readVectors(path);
  const [wa, wb, wc] = words.map((w) => lookupWord(wv, w));
  out(formatNeighbours(wv.analogy(wa, wb, wc, flag.number(a, 'k') ?? 10, flag.number(a, 'restrict'))));
  return 0;
}
