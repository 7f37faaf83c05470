/**
 * The extension host's longest stall when a big model's words are looked up for the dashboard:
 *   - "Train sentiment classifier" on a loaded model (its words kept as one UTF-8 block on the
 *     host, as readVectorsOffThread returns them): the files read and encoded as rows by the
 *     model's query worker (sentimentJobFor, what the command runs) against the old way, the files
 *     read and prepareSentimentJob on this thread, which decodes every word of the model and
 *     indexes them all first (the peer);
 *   - the gradient explorer's corpus window on a trained model (its words a string array): picked
 *     by the query worker (explorerInputsAt) against pickCorpusWindow on this thread (the peer),
 *     which indexes the whole vocabulary first; then the whole check at that window (its words sent
 *     to the explorer's worker as one block), ours only;
 *   - a run's end with as many dropped words (min-count) as the model has words: indexed by the new
 *     model's query worker (they arrive as one UTF-8 block, as the engine sends them, and are moved
 *     on) against the Map word -> count RunManager built on this thread before (the peer).
 * The stall is a 1 ms timer's worst lateness on this thread (bench/lib/stallMeter.ts). The query
 * worker is started and ready beforehand, as the vector store starts it when a model is set. Both
 * sides must give the same job and the same window.
 *
 *   node scripts/build.mjs bench:hostIndex.ts worker && node --expose-gc dist/bench/hostIndex.js [words] [dim]
 *
 * Defaults: 1,000,000 words x 100 dims (seeded random vectors, made in memory: reading a file is
 * what bench/vectors.ts measures). The sentiment splits are SST's (../shared/data/sst, fine-grained)
 * when present, else synthetic ones of its size.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { checkSplits, loadLabeledFile, prepareSentimentJob } from '../extension/core/sentiment';
import { pickCorpusWindow } from '../extension/core/gradcheck/corpusWindow';
import { WordVectors } from '../extension/core/vectors/WordVectors';
import { packWords } from '../extension/core/vectors/packedWords';
import { sharedBytes } from '../extension/core/util/sharedMemory';
import type { TrainOptions } from '../extension/core/train/types';
import { VectorStore } from '../extension/vectors/vectorStore';
import { sentimentJobFor } from '../extension/training/sentimentJob';
import { explorerInputsAt } from '../extension/dashboard/explorerInputs';
import { coreRequest, DEFAULT_EXPLORER_FORM } from '../extension/dashboard/explorer';
import { runExplorerCheck } from '../extension/core/gradcheck/explorer';
import { measureStall } from './lib/stallMeter';

const N = Number(process.argv[2] ?? 1_000_000);
const DIM = Number(process.argv[3] ?? 100);

/** The garbage of the sides measured before (millions of strings) is collected before each, with --expose-gc. */
const stall = measureStall;

function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function line(name: string, r: { maxStallMs: number; seconds: number }): string {
  return `  ${name.padEnd(30)} longest stall of this thread ${r.maxStallMs.toFixed(1).padStart(7)} ms, ${r.seconds.toFixed(2)} s in all`;
}

const sstDir = join(__dirname, '../../../shared/data/sst');
const sstFiles = ['train', 'dev', 'test'].map((s) => join(sstDir, `stsa.fine.${s}`));

async function main(): Promise<void> {
  const rand = seeded(1);
  // The sentiment splits: SST (fine-grained), what the command is for, when ../shared/data has it;
  // else synthetic ones of SST's size (8,500 / 1,100 / 2,200 sentences of 20 words).
  let paths = sstFiles as [string, string, string];
  if (!sstFiles.every(existsSync)) {
    console.log(`(no SST in ${sstDir}: synthetic sentiment splits)`);
    const tmp = mkdtempSync(join(tmpdir(), 'w2v-bench-host-index-'));
    process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
    paths = ([['train', 8500], ['dev', 1100], ['test', 2200]] as const).map(([name, n]) => {
      const path = join(tmp, name);
      writeFileSync(path, Array.from({ length: n }, (_, i) => `${i % 5} ${Array.from({ length: 20 }, () => `s${Math.floor(rand() ** 2 * 20_000)}`).join(' ')}`).join('\n'));
      return path;
    }) as [string, string, string];
  }
  const load = async () => {
    const [train, dev, test] = await Promise.all(paths.map((f) => loadLabeledFile(f)));
    return { train, dev, test };
  };
  const splits = await load();
  // The model: 9 in 10 of the splits' words (the others stay unknown), then filler words up to N.
  const splitWords = [...new Set([splits.train, splits.dev, splits.test].flatMap((s) => s.sentences.flat()))].filter((_, i) => i % 10 !== 9);
  const words = [...splitWords, ...Array.from({ length: N - splitWords.length }, (_, i) => `w${i}`)];
  const vectors = new Float32Array(new SharedArrayBuffer(N * DIM * 4));
  for (let i = 0; i < vectors.length; i++) vectors[i] = rand() - 0.5;
  const counts = words.map((_, i) => N - i);
  const packed = sharedBytes(await packWords(words));
  const tokens = [splits.train, splits.dev, splits.test].reduce((s, x) => s + x.sentences.reduce((t, y) => t + y.length, 0), 0);
  console.log(`model: ${N.toLocaleString('en-US')} words x ${DIM} (${(vectors.byteLength / 2 ** 20).toFixed(0)} MB); sentiment splits: ${tokens.toLocaleString('en-US')} tokens; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  const regs = [0, 1e-2];
  const pick = (): string => words[Math.floor(rand() ** 3 * N)];
  // A corpus of 2 MB for the explorer's window.
  const corpus = Array.from({ length: 20_000 }, () => Array.from({ length: 12 }, pick).join(' ')).join('\n');
  const options = { window: 5, model: 'skipgram', loss: 'neg', cbowUpdate: 'mean' } as unknown as TrainOptions;
  const trainedOrigin = { kind: 'trained' as const, name: 'corpus.txt', options, vocab: {} as never, stopReason: 'done' as const, wordsProcessed: 0 };

  const store = new VectorStore();
  let failed = false;
  try {
    console.log('Train sentiment classifier, loaded model (words one UTF-8 block):');
    const loaded = store.set(WordVectors.fromPackedWords(packed, N, DIM, vectors, counts), { kind: 'loaded', name: 'big.bin', path: '/tmp/big.bin' });
    await loaded.queries.ready;
    const ours = await stall(() => sentimentJobFor(loaded, paths, regs));
    // The old way: the files read and tokenized here, every word of the model decoded and indexed here, every token looked up here.
    const peer = await stall(async () => {
      const s = await load();
      return prepareSentimentJob(WordVectors.fromPackedWords(packed, N, DIM, vectors, counts), s, checkSplits(s.train, s.dev, s.test), regs);
    });
    const sameJob = isDeepStrictEqual(ours.result, peer.result);
    console.log(line('on this thread (peer)', peer));
    console.log(line('query worker (sentimentJobFor)', ours));
    console.log(`  stall ratio peer / ours: ${(peer.maxStallMs / Math.max(ours.maxStallMs, 0.1)).toFixed(1)}x; same job: ${sameJob}`);

    console.log('Gradient explorer window, trained model (words a string array):');
    const trained = store.set(new WordVectors(words, DIM, vectors, counts), trainedOrigin, { outside: vectors });
    await trained.queries.ready;
    const oursW = await stall(() => explorerInputsAt(trained, { text: corpus }, 3));
    const peerW = await stall(() => pickCorpusWindow(corpus, new WordVectors(words, DIM, vectors, counts), options.window, 3));
    const sameWindow = oursW.result?.window.centerIdx === peerW.result.centerIdx && isDeepStrictEqual(oursW.result?.window.contextIdxs, peerW.result.contextIdxs);
    console.log(line('on this thread (peer)', peerW));
    console.log(line('query worker (explorerInputsAt)', oursW));
    console.log(`  stall ratio peer / ours: ${(peerW.maxStallMs / Math.max(oursW.maxStallMs, 0.1)).toFixed(1)}x; same window: ${sameWindow}`);
    // And the whole check at that window, as the Gradients tab runs it: the words go to the explorer's worker as one block.
    const check = await stall(async () => runExplorerCheck(coreRequest(DEFAULT_EXPLORER_FORM, (await explorerInputsAt(trained, { text: corpus }, 3))!, 1)));
    console.log(line('whole gradient check (ours)', check) + `; the check's own count of this thread's longest stretch ${check.result.timing.callerLongestMs?.toFixed(1)} ms`);

    // The run's dropped words (a big corpus drops millions at min-count 5): what RunManager kept as
    // a Map word -> count on this thread, now indexed by the new model's query worker.
    console.log(`A run's end with ${N.toLocaleString('en-US')} dropped words (min-count):`);
    const rare = { words: words.map((w) => `${w}_rare`), counts: words.map((_, i) => 1 + (i % 4)) };
    // As the engine sends them (TrainResult.rare): one UTF-8 block and the counts, made off this thread.
    const sent = { words: await packWords(rare.words), count: N, counts: Float64Array.from(rare.counts) };
    const oursR = await stall(async () => {
      const m = store.set(new WordVectors(words, DIM, vectors, counts), trainedOrigin, { outside: vectors, rare: sent });
      await m.queries.ready;
      return m.queries.ask('lookup', { word: rare.words[N - 1], k: 1 });
    });
    const peerR = await stall(() => {
      const m = new Map<string, number>();
      rare.words.forEach((w, i) => m.set(w, rare.counts[i]));
      return m;
    });
    const sameCount = oursR.result.rareCount === peerR.result.get(rare.words[N - 1]);
    console.log(line('Map on this thread (peer)', peerR));
    console.log(line('query worker (store.set)', oursR));
    console.log(`  stall ratio peer / ours: ${(peerR.maxStallMs / Math.max(oursR.maxStallMs, 0.1)).toFixed(1)}x; same count: ${sameCount}`);
    failed = !sameJob || !sameWindow || !sameCount;
  } finally {
    store.dispose();
  }
  if (failed) process.exitCode = 1;
}

main().catch((e) => { console.error(e); process.exit(1); });
