import { ANALOGY_METHODS, mostSimilar, type AnalogyMethod } from '../../core/vectors/queries';
import { UsageError, flag, helpText, parseArgs, type CommandSpec } from '../args';
import { out } from '../output';
import { formatNeighbours, lookupWord } from './neighbours';
import { VECTOR_INPUT_FLAGS, loadVectors } from './vectorFiles';

export const mostSimilarSpec: CommandSpec = {
  name: 'most-similar',
  usage: 'most-similar <vectors> --positive WORD ... [--negative WORD ...] [--method 3cosadd|3cosmul] [-k 5]',
  summary: 'The words most similar to the positive words and least to the negative ones, as gensim\'s most_similar(positive, negative).',
  positionals: ['vectors'],
  flags: [
    { name: 'positive', short: 'p', kind: 'strings', value: 'WORD', help: 'A word to be similar to (repeatable, or comma-separated).' },
    { name: 'negative', short: 'n', kind: 'strings', value: 'WORD', help: 'A word to be dissimilar to (repeatable, or comma-separated).' },
    { name: 'method', kind: 'string', choices: ANALOGY_METHODS, value: 'NAME', help: '3cosadd: cosine to the sum of the positive unit vectors minus the negative ones (gensim most_similar); 3cosmul: Levy and Goldberg\'s product of shifted cosines (gensim most_similar_cosmul). Default 3cosadd.' },
    { name: 'k', short: 'k', kind: 'number', range: { min: 1, max: 10000, integer: true }, help: 'How many answers (default 5).' },
    { name: 'restrict', kind: 'number', range: { min: 1, max: 2 ** 32, integer: true }, help: 'Search only the N most frequent words (default: all).' },
    ...VECTOR_INPUT_FLAGS,
  ],
  notes: 'Example: w2v most-similar vectors.bin -p king -p woman -n man   (king - man + woman -> queen, with good vectors)',
};

const words = (list: string[]): string[] => list.flatMap((w) => w.split(',')).map((w) => w.trim()).filter((w) => w !== '');

export async function runMostSimilar(argv: string[]): Promise<number> {
  const a = parseArgs(argv, mostSimilarSpec);
  if (a.help) return out(helpText(mostSimilarSpec)), 0;
  const positive = words(flag.strings(a, 'positive'));
  if (positive.length === 0) throw new UsageError('Give at least one --positive WORD (see w2v most-similar --help).');
  const wv = await loadVectors(a, a.positionals[0]);
  out(formatNeighbours(mostSimilar(wv, {
    positive: positive.map((w) => lookupWord(wv, w)),
    negative: words(flag.strings(a, 'negative')).map((w) => lookupWord(wv, w)),
    k: flag.number(a, 'k') ?? 5,
    restrict: flag.number(a, 'restrict'),
    method: (flag.string(a, 'method') as AnalogyMethod | undefined) ?? '3cosadd',
  })));
  return 0;
}
