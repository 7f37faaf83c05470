/**
 * The sentiment sweep's job for the current model, prepared off the extension host's thread: the
 * model's query worker reads the three files, checks them and encodes every token as a row of the
 * model (encodeSplits: it holds the word index already); here the job is made of those rows and
 * the model's matrix (sentimentJob), as prepareSentimentJob makes it in one thread. Encoded here
 * instead, a loaded GoogleNews-size model (3 million words kept as one UTF-8 block on the host)
 * would have every word decoded and indexed on the host before the first lookup, and every token
 * looked up there. No `vscode` import: the tests and bench/hostIndex.ts run it in plain Node.
 */
import { sentimentJob, type SentimentJob } from '../core/sentiment/job';
import type { FitOptions } from '../core/sentiment/types';
import type { CurrentVectors } from '../vectors/vectorStore';

/**
 * The job for the files at `paths` (train, dev, test) on `model`'s vectors; rejects with the
 * core's UserInputError for a missing or malformed file, or splits that do not match.
 */
export async function sentimentJobFor(
  model: Pick<CurrentVectors, 'vectors' | 'queries'>,
  paths: [string, string, string],
  regs: number[],
  options: { fit?: Partial<FitOptions>; classNames?: (numClasses: number) => string[] | undefined } = {},
): Promise<SentimentJob> {
  // Bound to this model's worker (not the store's current one): the rows index this model's matrix.
  const splits = await model.queries.ask('sentimentSplits', { paths });
  return sentimentJob(model.vectors, splits, regs, { fit: options.fit, classNames: options.classNames?.(splits.numClasses) });
}
