/**
 * The current model's queries, in one long-lived worker per model (see vectorQueries.ts for the
 * host side): it holds the unit-length copy of the matrix (and its int16 copy) and the word index,
 * so neither their preparation (about 0.4 s at 100,000 x 300) nor any query runs on the extension
 * host's thread. The raw matrix is the host's own SharedArrayBuffer, read in place; the words come
 * as one UTF-8 block. It never sends a result: it answers requests on its port until terminated.
 */
import { workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { serializeError, workerReplies } from '../core/util/runWorker';
import { WordVectors } from '../core/vectors/WordVectors';
import { unpackWords } from '../core/vectors/packedWords';
import { WordIndex } from '../core/vectors/wordIndex';
import { answerQuery, type QueryReply, type QueryRequest, type VectorQueriesData, type VectorQueriesEvent } from './vectorQueryOps';

const data = workerData as VectorQueriesData;
const reply = workerReplies<VectorQueriesEvent, never>();

/** The dropped words' counts, by word (a WordIndex over them), once the model is prepared. */
let rareCount: (word: string) => number | undefined = () => undefined;

async function prepare(): Promise<WordVectors> {
  const t0 = performance.now();
  // No pauses: nothing else runs on this thread until the model is ready.
  const words = unpackWords(data.words, data.count);
  const wv = new WordVectors(words, data.dim, data.vectors, data.counts && Array.from(data.counts));
  wv.normalized();
  wv.indexOf(''); // the word index, built now rather than on the first query
  if (data.rare) {
    const { counts } = data.rare;
    const rare = unpackWords(data.rare.words, data.rare.count);
    const index = new WordIndex(rare, rare.length);
    rare.forEach((w, i) => index.add(w, i));
    rareCount = (w) => { const i = index.get(w); return i === undefined ? undefined : counts[i]; };
  }
  reply.event({ kind: 'ready', ms: performance.now() - t0 });
  return wv;
}

const model = prepare();
model.catch((e: unknown) => reply.error(e));
// Requests that arrive while the model is prepared wait in the port's queue, then for `model`.
data.port.on('message', (req: QueryRequest) => {
  void model
    .then((wv) => answerQuery(wv, req, rareCount))
    .then(
      (result): QueryReply => ({ id: req.id, result }),
      (e: unknown): QueryReply => ({ id: req.id, error: serializeError(e) }),
    )
    .then((r) => data.port.postMessage(r));
});
