import { UserInputError, outOfMemoryError } from '../core/errors';
import { UsageError } from './args';
import { runAnalogy, analogySpec } from './commands/analogy';
import { runConvert, convertSpec } from './commands/convert';
import { runDoesntMatch, doesntMatchSpec } from './commands/doesntMatch';
import { runMostSimilar, mostSimilarSpec } from './commands/mostSimilar';
import { runEval, evalSpec } from './commands/eval';
import { runNeighbours, neighboursSpec } from './commands/neighbours';
import { runSentiment } from './commands/sentiment';
import { runTrain, trainSpec } from './commands/train';
import { err, out } from './output';
import { exitProcess } from './signals';

/** The `w2v` command line: one module per command in ./commands, dispatched by the first argument. */
const commands: Record<string, { run: (argv: string[]) => Promise<number>; summary: string; usage: string }> = {
  train: { run: runTrain, summary: trainSpec.summary, usage: trainSpec.usage },
  neighbours: { run: runNeighbours, summary: neighboursSpec.summary, usage: neighboursSpec.usage },
  analogy: { run: runAnalogy, summary: analogySpec.summary, usage: analogySpec.usage },
  'most-similar': { run: runMostSimilar, summary: mostSimilarSpec.summary, usage: mostSimilarSpec.usage },
  'doesnt-match': { run: runDoesntMatch, summary: doesntMatchSpec.summary, usage: doesntMatchSpec.usage },
  eval: { run: runEval, summary: evalSpec.summary, usage: evalSpec.usage },
  convert: { run: runConvert, summary: convertSpec.summary, usage: convertSpec.usage },
  sentiment: { run: runSentiment, summary: 'Sentiment classification with averaged word vectors (see w2v sentiment --help).', usage: 'sentiment ...' },
};
const aliases: Record<string, string> = { neighbors: 'neighbours', nn: 'neighbours', evaluate: 'eval', similar: 'most-similar' };

function mainHelp(): string {
  const w = Math.max(...Object.keys(commands).map((c) => c.length)) + 2;
  return [
    'Usage: w2v <command> [options]',
    '',
    'Train word2vec (skip-gram / CBOW) on a text file and query or evaluate word vectors',
    '(word2vec text and binary, fastText .vec, GloVe, the Projector\'s TSV; see w2v convert --help).',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(w)}${c.summary}`),
    '',
    'Run "w2v <command> --help" for the options of a command.',
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first === 'help' && rest[0] && (commands[rest[0]] || aliases[rest[0]])) return main([rest[0], '--help']);
    out(mainHelp());
    return first === undefined ? 2 : 0;
  }
  const name = aliases[first] ?? first;
  const cmd = commands[name];
  if (!cmd) {
    err(`w2v: unknown command "${first}". Commands: ${Object.keys(commands).join(', ')} (w2v --help).`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (caught) {
    // A file too large for memory is the user's to fix, not an internal error (exit 1, not 70).
    const e = outOfMemoryError(caught, 'Use a smaller file; for training, --max-vocab N (e.g. 100000), a larger --min-count or a smaller --dim.') ?? caught;
    if (e instanceof UserInputError) {
      // One line: the message is written to be read by the user as it is.
      err(`w2v ${name}: ${e.message.replace(/\s*\n\s*/g, ' ')}`);
      return e instanceof UsageError ? 2 : 1;
    }
    throw e;
  }
}

if (require.main === module) {
  // Exit as soon as the command is done. After a stop signal, a read still blocked in a worker (a
  // stalled network file) must not keep the process alive (see exitProcess). stdout and stderr are
  // synchronous for files and pipes on Linux and macOS, so nothing printed is lost.
  main(process.argv.slice(2)).then(
    (code) => void exitProcess(code),
    (e: unknown) => {
      // A bug, not a user mistake: keep the stack for the report.
      err(`w2v: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(70);
    },
  );
}
