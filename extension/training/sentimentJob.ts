/**
 * The sentiment sweep's job for the current model, prepared off the extension host's thread: the
 * model's query worker reads the three files, checks them and encodes every token as a row of the
 * model (it holds the word index already). Done here, as `prepareSentimentJob(model.vectors, ...)`,
 * a loaded GoogleNews-size model (3 million words kept as one UTF-8 block on the host) would have
 * every word decoded and indexed on the host before the first lookup, and every token looked up
 * there. No `vscode` import: the tests and bench/hostIndex.ts run it in plain Node.
 */
import type { SentimentJob } from '../core/sentiment';
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
  const { dim, vectors } = model.vectors;
  const classNames = options.classNames?.(splits.numClasses);
  return { dim, vectors, ...splits, regs, ...(options.fit ? { fit: options.fit } : {}), ...(classNames ? { classNames } : {}) };
}
