import { ANALOGY_METHODS, analogy, type AnalogyMethod } from '../../core/vectors/queries';
import { flag, helpText, parseArgs, type CommandSpec } from '../args';
import { out } from '../output';
import { formatNeighbours, lookupWord } from './neighbours';
import { VECTOR_INPUT_FLAGS, loadVectors } from './vectorFiles';

export const analogySpec: CommandSpec = {
  name: 'analogy',
  usage: 'analogy <vectors> <a> <b> <c> [-k 5] [--method 3cosadd|3cosmul] [--restrict N]',
  summary: '"a is to b as c is to ?": the words nearest to b - a + c (3CosAdd over unit vectors, or 3CosMul), excluding a, b and c.',
  positionals: ['vectors', 'a', 'b', 'c'],
  flags: [
    { name: 'k', short: 'k', kind: 'number', range: { min: 1, max: 10000, integer: true }, help: 'How many answers (default 5).' },
    { name: 'method', kind: 'string', choices: ANALOGY_METHODS, value: 'NAME', help: '3cosadd (gensim most_similar) or 3cosmul (Levy and Goldberg; gensim most_similar_cosmul). Default 3cosadd.' },
    { name: 'restrict', kind: 'number', range: { min: 1, max: 1e9, integer: true }, help: 'Search only the N most frequent words (default: all).' },
    ...VECTOR_INPUT_FLAGS,
  ],
  notes: 'Example: w2v analogy vectors.bin man king woman   (-> queen, with good vectors)',
};

export async function runAnalogy(argv: string[]): Promise<number> {
  const a = parseArgs(argv, analogySpec);
  if (a.help) return out(helpText(analogySpec)), 0;
  const [path, ...words] = a.positionals;
  const wv = await loadVectors(a, path);
  const [wa, wb, wc] = words.map((w) => lookupWord(wv, w));
  const method = (flag.string(a, 'method') as AnalogyMethod | undefined) ?? '3cosadd';
  out(formatNeighbours(analogy(wv, wa, wb, wc, { k: flag.number(a, 'k') ?? 5, restrict: flag.number(a, 'restrict'), method })));
  return 0;
}
