import { writeVectors } from '../../core/vectors/writeVectors';
import { FORMAT_DESCRIPTIONS, VECTOR_FORMATS, formatFromPath, metadataPathFor, type VectorFormat } from '../../core/vectors/formats';
import { flag, guardOutputFlags, helpText, parseArgs, type CommandSpec } from '../args';
import { out, grouped } from '../output';
import { VECTOR_INPUT_FLAGS, loadVectors, writeProgress } from './vectorFiles';

export const convertSpec: CommandSpec = {
  name: 'convert',
  usage: 'convert <input> <output> [--to FORMAT] [--format FORMAT] [--limit N]',
  summary: 'Converts a vectors file between word2vec text and binary, fastText .vec, GloVe and the Projector\'s TSV pair, exactly (float32 values are kept bit for bit).',
  positionals: ['input', 'output'],
  flags: [
    { name: 'to', kind: 'string', choices: VECTOR_FORMATS, value: 'NAME', help: 'The output\'s format (default from its name: .bin binary, .vec fasttext, .tsv tsv, else text).' },
    { name: 'out-metadata', kind: 'string', value: 'FILE', help: 'For --to tsv: where the words go (default: metadata.tsv beside the output).' },
    { name: 'quiet', short: 'q', kind: 'boolean', help: 'No progress output.' },
    ...VECTOR_INPUT_FLAGS,
  ],
  notes: ['Formats:', ...VECTOR_FORMATS.map((f) => `  ${f.padEnd(9)} ${FORMAT_DESCRIPTIONS[f]}`)].join('\n'),
};

export async function runConvert(argv: string[]): Promise<number> {
  const a = parseArgs(argv, convertSpec);
  if (a.help) return out(helpText(convertSpec)), 0;
  const [input, output] = a.positionals;
  const to = (flag.string(a, 'to') as VectorFormat | undefined) ?? formatFromPath(output);
  const outputs = to === 'tsv' ? [output, flag.string(a, 'out-metadata') ?? metadataPathFor(output)] : [output];
  // A Projector input's words are an input too.
  const tsvIn = (flag.string(a, 'format') ?? formatFromPath(input)) === 'tsv';
  const metadata = flag.string(a, 'metadata') ?? (tsvIn ? metadataPathFor(input) : undefined);
  // Never overwrite an input: the shared guard compares the files themselves (device, inode, real path).
  await guardOutputFlags(
    [{ flag: 'the input', path: input }, ...(metadata ? [{ flag: 'the metadata', path: metadata }] : [])],
    outputs.map((path, i) => ({ flag: i === 0 ? 'the output' : '--out-metadata', path, example: i === 0 ? 'vectors.bin' : 'metadata.tsv' })),
  );
  const wv = await loadVectors(a, input);
  await writeVectors(output, wv, to, { metadata: outputs[1], onProgress: writeProgress(output, flag.boolean(a, 'quiet')) });
  out(`${output}: ${grouped(wv.size)} words x ${wv.dim} dimensions, ${to}${outputs[1] ? ` (words in ${outputs[1]})` : ''}`);
  return 0;
}
