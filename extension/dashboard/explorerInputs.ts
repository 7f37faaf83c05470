/**
 * What the gradient explorer checks at: a trained model's V and U at one real window of its corpus.
 * The window's words are looked up by the model's query worker (it picks the window there, from
 * the text or a few KB of the file): looking them up here would build an index of the whole
 * vocabulary on the extension host's thread at the first check. No `vscode` import: the tests and
 * bench/hostIndex.ts run it in plain Node (training/dashboardLink.ts chooses the source).
 */
import type { CurrentVectors } from '../vectors/vectorStore';
import type { CorpusSource } from '../vectors/vectorQueryOps';
import type { ExplorerInputs } from './explorer';

/** The explorer's inputs at a seeded window of `source`; undefined for a model without outside vectors U or not trained here. */
export async function explorerInputsAt(model: CurrentVectors, source: CorpusSource, seed: number): Promise<ExplorerInputs | undefined> {
  const origin = model.origin;
  if (!model.outside || origin.kind !== 'trained') return undefined;
  const v = model.vectors;
  // Bound to this model's worker: the window's rows index this model's V and U.
  const w = await model.queries.ask('corpusWindow', { source, window: origin.options.window, seed });
  return {
    label: `the vectors trained on ${origin.name}, at "${w.text}"`,
    words: v.words,
    dim: v.dim,
    centerVectors: v.vectors,
    outsideVectors: model.outside,
    counts: v.counts,
    window: { centerIdx: w.centerIdx, contextIdxs: w.contextIdxs },
    trainedWith: { model: origin.options.model, loss: origin.options.loss, cbowUpdate: origin.options.cbowUpdate, mistake: origin.options.mistake },
  };
}
