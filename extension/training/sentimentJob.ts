/**
 * The sentiment sweep's job for the current model, prepared without a word index on this thread:
 * the model may be a loaded GoogleNews-size one (3 million words kept as one UTF-8 block here), and
 * `prepareSentimentJob(model.vectors, ...)` would decode every word and index them all on the
 * extension host's thread before the first lookup. Instead the splits' distinct words (a few
 * thousand for SST) are looked up by the model's query worker, which holds the index already, and
 * the sentences are encoded from that answer. No `vscode` import: the tests and bench/hostIndex.ts
 * run it in plain Node.
 */
import { prepareSentimentJob, type LabeledSentences, type SentimentJob } from '../core/sentiment';
import type { FitOptions } from '../core/sentiment/types';
import type { CurrentVectors } from '../vectors/vectorStore';

export type SentimentSplits = { train: LabeledSentences; dev: LabeledSentences; test: LabeledSentences };

/** prepareSentimentJob on `model`, its words' rows asked of the model's query worker. */
export async function sentimentJobFor(
  model: Pick<CurrentVectors, 'vectors' | 'queries'>,
  splits: SentimentSplits,
  numClasses: number,
  regs: number[],
  options: { fit?: Partial<FitOptions>; classNames?: string[] } = {},
): Promise<SentimentJob> {
  // One pass over the tokens: each distinct word gets a provisional id (its place in `words`), then
  // the worker's rows replace those ids in place.
  const provisional = new Map<string, number>();
  const words: string[] = [];
  const idOf = (w: string): number => {
    let id = provisional.get(w);
    if (id === undefined) {
      id = words.length;
      provisional.set(w, id);
      words.push(w);
    }
    return id;
  };
  const { dim, vectors } = model.vectors;
  const job = prepareSentimentJob({ dim, vectors, indexOf: idOf }, splits, numClasses, regs, options);
  // Bound to this model's worker (not the store's current one): the rows index this model's matrix.
  const rows = await model.queries.ask('rows', { words });
  for (const split of [job.train, job.dev, job.test]) {
    const ids = split.ids;
    for (let p = 0; p < ids.length; p++) ids[p] = rows[ids[p]];
  }
  return job;
}
