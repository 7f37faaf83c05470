import { stat } from 'node:fs/promises';
import { writeVectors } from '../../core/vectors/word2vecFormat';
import { FORMAT_DESCRIPTIONS, VECTOR_FORMATS, formatFromPath, metadataPathFor, type VectorFormat } from '../../core/vectors/formats';
import { UsageError, flag, helpText, parseArgs, type CommandSpec } from '../args';
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

/** The file's identity (device, inode) when it exists: two paths naming the same file compare equal, through links too. */
async function identity(path: string): Promise<string | undefined> {
  const st = await stat(path).catch(() => undefined);
  return st ? `${st.dev}:${st.ino}` : undefined;
}

export async function runConvert(argv: string[]): Promise<number> {
  const a = parseArgs(argv, convertSpec);
  if (a.help) return out(helpText(convertSpec)), 0;
  const [input, output] = a.positionals;
  const to = (flag.string(a, 'to') as VectorFormat | undefined) ?? formatFromPath(output);
  const outputs = to === 'tsv' ? [output, flag.string(a, 'out-metadata') ?? metadataPathFor(output)] : [output];
  const inputs = [input, ...(flag.string(a, 'metadata') ? [flag.string(a, 'metadata')!] : [])];
  // Never overwrite an input: compare the files themselves, not the strings naming them.
  const inputIds = new Map<string, string>();
  for (const i of inputs) {
    const id = await identity(i);
    if (id) inputIds.set(id, i);
  }
  for (const o of outputs) {
    const id = await identity(o);
    const input = id && inputIds.get(id);
    if (input) throw new UsageError(`${o} is the same file as ${input}, an input of this command; choose another output name (inputs are never overwritten).`);
    const st = await stat(o).catch(() => undefined);
    if (st && !st.isFile()) throw new UsageError(`${o} exists and is not a regular file; choose another output name.`);
  }
  const wv = await loadVectors(a, input);
  await writeVectors(output, wv, to, { metadata: outputs[1], onProgress: writeProgress(output, flag.boolean(a, 'quiet')) });
  out(`${output}: ${grouped(wv.size)} words x ${wv.dim} dimensions, ${to}${outputs[1] ? ` (words in ${outputs[1]})` : ''}`);
  return 0;
}
