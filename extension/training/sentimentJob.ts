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
  const distinct = new Set<string>();
  for (const split of [splits.train, splits.dev, splits.test]) for (const sentence of split.sentences) for (const w of sentence) distinct.add(w);
  const words = [...distinct];
  // Bound to this model's worker (not the store's current one): the rows index this model's matrix.
  const rows = await model.queries.ask('rows', { words });
  const rowOf = new Map<string, number>();
  words.forEach((w, i) => rowOf.set(w, rows[i]));
  const { dim, vectors } = model.vectors;
  return prepareSentimentJob({ dim, vectors, indexOf: (w) => rowOf.get(w) ?? -1 }, splits, numClasses, regs, options);
}
