import { doesntMatch } from '../../core/vectors/queries';
import { flag, helpText, parseArgs, type CommandSpec } from '../args';
import { err, out } from '../output';
import { lookupWord } from './neighbours';
import { VECTOR_INPUT_FLAGS, loadVectors } from './vectorFiles';

export const doesntMatchSpec: CommandSpec = {
  name: 'doesnt-match',
  usage: 'doesnt-match <vectors> "<word> <word> <word> ..."',
  summary: 'Which word does not go with the others? The one furthest from the mean of their unit vectors, as gensim\'s doesnt_match.',
  positionals: ['vectors', 'words'],
  flags: [
    { name: 'json', kind: 'boolean', help: 'Print every word\'s cosine to the mean as JSON.' },
    ...VECTOR_INPUT_FLAGS,
  ],
  notes: 'Example: w2v doesnt-match vectors.bin "breakfast cereal dinner lunch"   (-> cereal, with good vectors)\nWords outside the vocabulary are left out and named on stderr.',
};

export async function runDoesntMatch(argv: string[]): Promise<number> {
  const a = parseArgs(argv, doesntMatchSpec);
  if (a.help) return out(helpText(doesntMatchSpec)), 0;
  const wv = await loadVectors(a, a.positionals[0]);
  const typed = a.positionals[1].split(/[\s,]+/).filter((w) => w !== '');
  const r = doesntMatch(wv, typed.map((w) => lookupWord(wv, w)));
  if (r.ignored.length) err(`not in the vocabulary, left out: ${r.ignored.join(', ')}`);
  if (flag.boolean(a, 'json')) out(JSON.stringify(r, null, 2));
  else out(`${r.word}\n${r.ranked.map((x) => `  ${x.word}\t${x.similarity.toFixed(4)}`).join('\n')}`);
  return 0;
}
