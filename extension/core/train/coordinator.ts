import { Worker } from 'node:worker_threads';
import { UserInputError } from '../errors';
import { corpusName, readCorpusLines } from '../text/corpus';
import { WordCounter } from '../vocab/counter';
import { keepThresholds } from '../vocab/subsample';
import { buildVocab, type Vocab } from '../vocab/vocab';
import { negativeTable, packNegativeTable } from '../vocab/negativeTable';
import type { AliasTable } from '../math/alias';
import { workerPath } from '../util/workerPath';
import { TERMINATE_WAIT_MS } from '../util/runWorker';
import { orDeadline } from '../util/deadline';
import { STALL_NOTICE_MS } from '../util/stall';
import { collectGarbage } from '../util/collectGarbage';
import { fileChange, fileVersion, statInputFile, type FileVersion } from '../util/inputFile';
import { createControl, lastEpochLoss, sumStats, DIVERGED } from './control';
import { drainLossLogs, lossLogCapacity, lossStep } from './lossCurve';
import { CHUNK_CAPACITY, encodedLength, encodeInPlace } from './encode';
import { instantiateKernel, kernelModule, sharedMemory, type KernelConfig } from './kernel';
import { sharedFloat32Array } from '../util/sharedMemory';
import { fillTables, IDS_OFFSET, idsView, memoryLayout, MAX_MEMORY_BYTES, unpadRows, type MemoryLayout } from './layout';
import { decayedAlpha } from './alpha';
import { DEFAULT_MAX_WORDS_IN_MEMORY, MAX_SOFTMAX_VOCAB } from './options';
import { Trainer, type StreamSource, type TrainerData } from './trainer';
import { runGradCheck } from './gradCheck';
import { kernelMistake } from './mistakes';
import { huffmanTree, type HuffmanTree } from './huffman';
import { emptyResult } from './emptyResult';
import { SnapshotTaker } from './snapshots';
import { packWords } from '../vectors/packedWords';
import type { CorpusSource, GradCheckReport, TrainOptions, TrainProgress, TrainResult, VocabStats } from './types';

/** What the coordinator reports to startTraining while it runs (its result and errors go through runWorker). */
export type CoordinatorMessage =
  | { type: 'vocab'; stats: VocabStats }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'gradcheck'; report: GradCheckReport };

const PROGRESS_MS = 250;
/** The coordinator, training a corpus in memory, answers messages at least this often (ms). */
const TRAIN_SLICE_MS = 100;
/** With maxVocab, counting keeps at least this many distinct words before pruning the rarest. */
const MIN_PRUNE_WORDS = 100_000;
const CHECKPOINT_MS = 2000;
/** The time between checkpoints is at least this many times what the last one took. */
const CHECKPOINT_COST_RATIO = 20;
const GRADCHECK_MS = 3000;
/** More bytes per word than any real corpus has on average (see countWords). */
const BYTES_PER_WORD_AT_MOST = 20;
/** How often a corpus file is looked at for a change on disk while training. */
const CORPUS_CHECK_MS = 1000;
/** How long the end of a run waits for the corpus file's stat (a stalled network drive never answers). */
const LAST_CHECK_WAIT_MS = 250;

/** The words a model needs at least: a window's worth of distinct words plus the negatives. */
export function minimumVocab(o: TrainOptions): number {
  return o.loss === 'neg' ? o.window + o.negative + 2 : o.window + 2;
}

/**
 * Why a vocabulary is too small for the model, and what would help: a smaller window or fewer
 * negatives when that fits the words there are, a larger corpus always, and a lower minCount
 * only when it would keep enough words.
 */
export function tooFewWordsMessage(o: TrainOptions, vocabSize: number, distinctWords: number): string {
  const need = minimumVocab(o);
  const fixes: string[] = [];
  const neg = o.loss === 'neg' ? o.negative : 0;
  if (vocabSize - neg - 2 >= 1) fixes.push(`window ${vocabSize - neg - 2} or less`);
  if (o.loss === 'neg' && vocabSize - o.window - 2 >= 1) fixes.push(`negative ${vocabSize - o.window - 2} or less`);
  if (o.minCount > 1 && distinctWords >= need) fixes.push(`a lower minCount (the corpus has ${distinctWords} distinct words in all)`);
  fixes.push('a larger corpus');
  const last = fixes.pop()!;
  return `The corpus has ${vocabSize} distinct words${o.minCount > 1 ? ` seen at least ${o.minCount} times` : ''}; window ${o.window}${o.loss === 'neg' ? ` and ${o.negative} negatives` : ''} need at least ${need}. Use ${fixes.length ? `${fixes.join(', ')} or ` : ''}${last}.`;
}

/**
 * A mean loss above this means the run diverged even while every weight is still finite (alpha
 * 0.5 with skip-gram ended with a loss near 1e35): ten times the loss of the untrained model, which a
 * run that learns never comes back to. Untrained, every score is ~0: negative sampling costs
 * (1 + K)·ln 2 per pair, the full softmax ln(vocabulary).
 */
export function explodedLoss(o: TrainOptions, vocabSize: number): number {
  return 10 * (o.loss === 'neg' ? (1 + o.negative) * Math.LN2 : Math.log(vocabSize));
}

/**
 * The whole run, on the coordinator's thread: reads the corpus once (counting words and
 * recording it as ids), builds the vocabulary, lays the weights, tables and encoded corpus out in
 * one shared WebAssembly memory, trains with `threads` trainers (a corpus in memory: this thread
 * is one of them, the others are workers; a streamed corpus: `threads` workers) and reports
 * progress until they finish, are cancelled or diverge.
 */
export class Coordinator {
  private cancelled = false;
  private cancelFlag: Int32Array | undefined;
  /** The mutation() of the kernel build this run loaded (0: the correct kernel). */
  private kernelMutation = 0;
  /** The corpus file as it was when reading began (undefined for text in memory). */
  private corpusVersion: FileVersion | undefined;
  /** Set when the corpus file was changed or deleted on disk during training. */
  private corpusChanged: 'changed' | 'deleted' | undefined;
  /** The look at the corpus file in flight: at most one, as a stalled drive may never answer it. */
  private corpusCheck: Promise<'changed' | 'deleted' | undefined> | undefined;

  constructor(
    private readonly source: CorpusSource,
    private readonly o: TrainOptions,
    private readonly post: (m: CoordinatorMessage, transfer?: ArrayBuffer[]) => void,
    private readonly wantGradCheck: boolean,
  ) {}

  cancel(): void {
    this.cancelled = true;
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 1);
    for (const f of this.onStop) f();
    this.onStop.clear();
  }

  /** What cancel() ends: the waits of untilStopped. */
  private readonly onStop = new Set<() => void>();

  /**
   * `p`, or undefined at cancel(). Every wait on the corpus file (a stat, the next piece read) goes
   * through this: on a network drive that stopped answering it may never end, and a cancel does not
   * wait for it (it is left to the thread pool; the worker is abandoned, see runWorker). Not a
   * Promise.race with one long-lived promise: each race would leave a reaction on it holding its
   * value (every piece of the corpus read) until the run ends.
   */
  private untilStopped<T>(p: Promise<T>): Promise<T | undefined> {
    if (this.cancelled) return Promise.resolve(undefined);
    return new Promise<T | undefined>((resolve, reject) => {
      const stop = (): void => resolve(undefined);
      this.onStop.add(stop);
      p.then((v) => { this.onStop.delete(stop); resolve(v); }, (e: unknown) => { this.onStop.delete(stop); reject(e); });
    });
  }

  async run(): Promise<TrainResult> {
    const started = performance.now();
    const o = this.o;
    const name = corpusName(this.source);

    // 1. One pass over the corpus: counts and the raw-id stream.
    if (this.source.kind === 'file') {
      // The one stat of the run's start: missing, a directory or a FIFO is refused here, and its
      // size serves the reading, countWords and the streamed trainers (only the checks for a
      // change on disk stat it again).
      const st = await this.untilStopped(statInputFile(this.source.path, 'corpus file'));
      if (st) this.corpusVersion = fileVersion(st);
    }
    let counter: WordCounter | undefined = await this.countWords(started);
    if (this.cancelled) return emptyResult(o, started);
    // Changed while being read: the counts may mix the old and the new text.
    const changedWhileReading = await this.corpusChange(CORPUS_CHECK_MS);
    if (changedWhileReading) {
      throw new UserInputError(`The corpus ${name} was ${changedWhileReading} on disk while it was being read, so the words counted may mix two versions of it; nothing was trained. Train again once the file is saved.`);
    }

    // 2. The vocabulary, and the checks that the corpus can train this model.
    const vocab = buildVocab(counter, o.minCount, o.maxVocab);
    const stats = vocab.stats;
    if (this.cancelled) return emptyResult(o, started, stats);
    if (stats.corpusWords === 0) {
      throw new UserInputError(`The corpus ${name} has no words (only punctuation or symbols). Give a file with text in it.`);
    }
    const need = minimumVocab(o);
    if (stats.vocabSize < need) {
      throw new UserInputError(tooFewWordsMessage(o, stats.vocabSize, stats.distinctWords));
    }
    if (o.loss === 'softmax' && stats.vocabSize > MAX_SOFTMAX_VOCAB) {
      throw new UserInputError(`The vocabulary has ${stats.vocabSize} words after min-count ${o.minCount}; the naive softmax is limited to ${MAX_SOFTMAX_VOCAB} words (its cost grows with the vocabulary). Use negative sampling (loss "neg"), raise minCount, or set maxVocab to ${MAX_SOFTMAX_VOCAB} or less.`);
    }
    this.post({ type: 'vocab', stats });

    // 3. The shared memory: tables, weights and the corpus as ids (or, for a corpus too big to
    // hold, a chunk buffer per worker: the workers re-read the file).
    const streaming = !counter.record;
    const encoded = streaming ? undefined : encodedLength(counter.streamValues(), vocab.rawToId);
    if (encoded && encoded.trainableSentences === 0) {
      throw new UserInputError(`Every line of the corpus ${name} has at most one word after min-count ${o.minCount}, so no word has a context to learn from (lines are sentences). Put words that occur together on the same line, or lower minCount.`);
    }
    const idsLength = encoded?.length ?? 0;
    const tree = o.loss === 'hs' ? huffmanTree(vocab.counts) : undefined;
    const layout = memoryLayout(stats.vocabSize, o.dim, idsLength, o.threads, streaming ? CHUNK_CAPACITY : 0, tree?.points.length ?? 0);
    if (layout.bytes > MAX_MEMORY_BYTES) {
      throw new UserInputError(`The corpus (${stats.trainWords} training words, vocabulary ${stats.vocabSize}, dim ${o.dim}) needs ${(layout.bytes / 2 ** 30).toFixed(1)} GiB of training memory; the limit is 4 GiB. Set maxVocab (e.g. 100000), a larger minCount or a smaller dim, or use a smaller file.`);
    }
    // In memory: the raw ids become the encoded corpus where they are, in the memory they were
    // recorded in, which then grows for the rest (see IdStream). Streaming: a new memory.
    const raw = streaming ? undefined : counter.takeStream();
    counter = undefined; // the counts are no longer needed
    // The reading's dead strings (and, streaming, the ids recorded before the corpus proved too
    // big), before the training memory is touched.
    collectGarbage();
    const chunks = raw && encoded ? encodeInPlace(raw, encoded.lead, vocab.rawToId, layout) : new Int32Array(0);
    const memory = raw?.memory ?? sharedMemory(layout);
    const buf = memory.buffer as unknown as SharedArrayBuffer;
    const negTable = writeTables(buf, layout, vocab.counts, o.sample, stats.trainWords, tree);
    const stream: StreamSource | undefined = streaming && this.source.kind === 'file'
      // The size read at the start: the file has not changed since (corpusChange above).
      ? { path: this.source.path, size: this.corpusVersion?.size ?? 0, words: vocab.words }
      : undefined;
    const module = kernelModule(kernelMistake(o.mistake));
    const config: KernelConfig = { model: o.model, loss: o.loss, cbowUpdate: o.cbowUpdate ?? 'corrected', window: o.window, negative: o.negative };
    const init = instantiateKernel(module, memory, layout, config, -1, o.seed);
    init.initWeights(o.dim);
    // The build the workers run (the same module): 0 unless the run asked for a planted mistake.
    this.kernelMutation = init.mutation();
    this.cancelFlag = new Int32Array(buf, layout.cancel, 1);
    if (this.cancelled) Atomics.store(this.cancelFlag, 0, 1);

    // 4. Training.
    return this.train(vocab, layout, memory, module, config, chunks, stream, negTable, tree, started);
  }

  /** Reads the corpus once, counting words and recording it as raw ids; posts vocab-phase progress. */
  private async countWords(started: number): Promise<WordCounter> {
    const o = this.o;
    // Text already in memory is held as ids whatever its size; a file only up to the limit.
    const limit = this.source.kind === 'file' ? o.maxWordsInMemory ?? DEFAULT_MAX_WORDS_IN_MEMORY : Infinity;
    // maxVocab bounds the memory of counting too: the rarest words are pruned beyond twice as many.
    // A file more than 20 bytes a word over the limit will not fit (English averages 5 to 6 bytes
    // a word): stream it from the start rather than record ids only to drop them at the limit.
    const surelyTooBig = (this.corpusVersion?.size ?? 0) > BYTES_PER_WORD_AT_MOST * limit;
    const reading = new WordCounter(!surelyTooBig, 1 << 20, limit, o.maxVocab > 0 ? Math.max(2 * o.maxVocab, MIN_PRUNE_WORDS) : Infinity, IDS_OFFSET);
    let lastPost = 0;
    let lastYield = performance.now();
    // When the last bytes came, and how far through the file: a read that gives nothing for
    // STALL_NOTICE_MS is told (stalledSec), as the file may be on a drive that stopped answering.
    let lastBytesAt = performance.now(), lastDone = 0, lastTotal = 0;
    const report = (stalledSec?: number): void => {
      const now = performance.now();
      lastPost = now;
      const elapsed = (now - started) / 1000;
      const fraction = lastTotal > 0 ? lastDone / lastTotal : 1;
      this.post({ type: 'progress', progress: {
        phase: 'vocab', wordsProcessed: reading.corpusWords,
        totalWords: fraction > 0 ? Math.round(reading.corpusWords / fraction) : 0,
        epoch: 0, epochs: o.epochs, alpha: o.alpha, loss: NaN, lossRaw: NaN,
        wordsPerSec: elapsed > 0 ? reading.corpusWords / elapsed : 0, elapsedSec: elapsed,
        etaSec: fraction > 0 ? elapsed * (1 - fraction) / fraction : 0,
        ...(stalledSec !== undefined ? { stalledSec } : {}),
      } });
    };
    const watch = setInterval(() => {
      const waited = performance.now() - lastBytesAt;
      if (waited >= STALL_NOTICE_MS) report(Math.floor(waited / 1000));
    }, 1000);
    const pieces = readCorpusLines(this.source, (done, total) => {
      lastBytesAt = performance.now();
      lastDone = done;
      lastTotal = total;
      if (lastBytesAt - lastPost >= PROGRESS_MS) report();
    }, this.corpusVersion?.size);
    try {
      for (;;) {
        const next = this.cancelled ? undefined : await this.untilStopped(pieces.next());
        if (!next || next.done) break;
        for (const line of next.value) reading.addLine(line);
        // Text in memory never waits for I/O: let a "cancel" message in now and then (a timer, not
        // setImmediate, which runs before the message port is polled).
        if (performance.now() - lastYield > PROGRESS_MS) { await sleep(1); lastYield = performance.now(); }
        if (this.cancelled) break;
      }
    } finally {
      clearInterval(watch);
      // Closes the file once any read in flight has returned (for await's break did this).
      void pieces.return(undefined).catch(() => undefined);
    }

    return reading;
  }

  private async train(vocab: Vocab, layout: MemoryLayout, memory: WebAssembly.Memory, module: WebAssembly.Module,
    config: KernelConfig, chunks: Int32Array, stream: StreamSource | undefined, negTable: AliasTable, tree: HuffmanTree | undefined, started: number): Promise<TrainResult> {
    const o = this.o;
    const buf = memory.buffer as unknown as SharedArrayBuffer;
    const totalWords = vocab.stats.trainWords * o.epochs;
    const step = lossStep(totalWords);
    const logCapacity = lossLogCapacity(totalWords, step);
    const control = createControl(o.threads, o.epochs, undefined, logCapacity);
    const lossLogRead = new Int32Array(o.threads);
    const trainStart = performance.now();
    const syn0 = new Float32Array(buf, layout.syn0, layout.vocab * layout.stride);
    const syn1 = new Float32Array(buf, layout.syn1, layout.vocab * layout.stride);
    // The last good copy of the vectors, refreshed at each checkpoint when the live ones are finite.
    let lastGood: Snapshot | undefined = this.extract(syn0, syn1, layout);
    let lastGoodWords = 0;
    const liveFinite = (): boolean => allFinite(syn0) && allFinite(syn1);
    // Snapshots of the top words while training (option snapshotWords); a corpus in memory has its
    // end-of-epoch ones taken by the training workers, at the epoch's edge (snapshots.ts).
    const snapshots = o.snapshotWords ? new SnapshotTaker(o, vocab.words, o.dim, vocab.stats.trainWords, !stream) : undefined;
    const lossLimit = explodedLoss(o, vocab.stats.vocabSize);
    let exploded = NaN;

    const trainerData = (w: number): TrainerData => ({ module, memory, layout, config, control: control.buffer, chunks, stream, worker: w,
      threads: o.threads, epochs: o.epochs, seed: o.seed, alpha: o.alpha, totalWords, lossStep: step, lossLogCapacity: logCapacity,
      snapshots: snapshots?.slots });
    // A corpus in memory: this thread is trainer 0 itself, between its progress ticks (one thread
    // and one isolate fewer: about 10 MB), and workers are trainers 1 .. threads-1. A streamed
    // corpus: every trainer is a worker (a trainer reading the file cannot pause between chunks).
    const local = stream ? undefined : new Trainer(trainerData(0));
    let localJobs = local?.jobs();
    const workers: Promise<void>[] = [];
    const threads: Worker[] = [];
    for (let w = local ? 1 : 0; w < o.threads; w++) {
      const worker = new Worker(workerPath('train-kernel.worker'), {
        workerData: trainerData(w),
        // The training loop allocates almost nothing on the JS heap.
        resourceLimits: { maxYoungGenerationSizeMb: 2 },
      });
      threads.push(worker);
      workers.push(new Promise<void>((resolve, reject) => {
        // A failed worker stops the others too.
        worker.once('error', (e) => { this.cancel(); reject(e); });
        worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a training worker exited with code ${code}`))));
      }));
    }
    let workersDone = false;
    const allDone = Promise.all(workers).finally(() => { workersDone = true; });
    // Ends the loop's wait between ticks early when the workers are done. One reaction on allDone
    // for the run, not a Promise.race with it per tick: each race would leave one behind until the
    // run ends (as untilStopped explains). Also marks a failed worker's rejection as handled.
    let wake: (() => void) | undefined;
    void allDone.then(() => wake?.(), () => wake?.());

    let lastLoss = 0, lastPairs = 0, smoothed = NaN, recent = NaN;
    // Streamed, no word done for STALL_NOTICE_MS means the workers' reads are blocked.
    let movedAt = performance.now(), lastWords = 0;
    const progress = (): void => {
      const s = sumStats(control, o.threads, o.epochs);
      const done = Number(Atomics.load(control.wordsDone, 0));
      const now = performance.now();
      if (done !== lastWords) { lastWords = done; movedAt = now; }
      const stalledSec = stream && now - movedAt >= STALL_NOTICE_MS ? Math.floor((now - movedAt) / 1000) : undefined;
      const trainSec = (now - trainStart) / 1000;
      const dLoss = s.loss - lastLoss, dPairs = s.pairs - lastPairs;
      const raw = dPairs > 0 ? dLoss / dPairs : NaN;
      if (dPairs > 0) smoothed = Number.isNaN(smoothed) ? raw : 0.7 * smoothed + 0.3 * raw;
      if (dPairs > 0) recent = raw;
      lastLoss = s.loss; lastPairs = s.pairs;
      const wps = trainSec > 0 ? done / trainSec : 0;
      this.post({ type: 'progress', progress: {
        phase: 'train', wordsProcessed: done, totalWords,
        epoch: Math.min(o.epochs, Math.floor(done / vocab.stats.trainWords) + 1), epochs: o.epochs,
        alpha: decayedAlpha(o.alpha, done, totalWords),
        loss: smoothed, lossRaw: raw, wordsPerSec: wps, elapsedSec: (now - started) / 1000,
        etaSec: wps > 0 ? Math.max(0, totalWords - done) / wps : 0,
        epochLoss: lastEpochLoss(s.perEpoch, o.epochs), lossStep: step, lossPoints: drainLossLogs(control, lossLogRead),
        ...(stalledSec !== undefined ? { stalledSec } : {}),
      } });
    };
    let nextCheckpoint = performance.now() + CHECKPOINT_MS;
    // The first check at the first progress tick, then every few seconds, and one at the end
    // when the run was too short for any.
    let nextGradCheck = this.wantGradCheck ? 0 : Infinity;
    let gradChecks = 0;
    const gradCheck = (): void => {
      try {
        // Streaming: a window of the chunk worker 0 is training (copied: it is being rewritten).
        const ids = stream ? idsView(buf, layout.scratch[0].chunk, CHUNK_CAPACITY, layout.idBytes).slice() : idsView(buf, layout.ids, layout.idsLength, layout.idBytes);
        const wordsProcessed = Number(Atomics.load(control.wordsDone, 0));
        const alpha = decayedAlpha(o.alpha, wordsProcessed, totalWords);
        const report = runGradCheck({ syn0, syn1, layout, options: o, vocab, negTable, tree, ids, wordsProcessed, alpha });
        if (report) { this.post({ type: 'gradcheck', report }); gradChecks++; }
      } catch (e) {
        // A check at diverged parameters is refused (non-finite rows); the checkpoint reports divergence.
        if (!(e instanceof UserInputError)) throw e;
      }
    };
    let diverged = false;
    let nextCorpusCheck = performance.now() + CORPUS_CHECK_MS;
    let nextTick = performance.now() + PROGRESS_MS;
    let cancelledAt = Infinity;
    let abandoned = false;
    for (;;) {
      if (localJobs) {
        // Trains jobs for a slice, then lets messages (a cancel) and the workers' exits in.
        const until = Math.min(nextTick, performance.now() + TRAIN_SLICE_MS);
        try {
          do {
            if (localJobs.next().done) { local!.finish(); localJobs = undefined; break; }
          } while (performance.now() < until);
        } catch (e) {
          // The kernel failed on this thread: stop the workers too before reporting it.
          this.cancel();
          await allDone.catch(() => undefined);
          throw e;
        }
        // A timer, not setImmediate, which runs before the message port is polled.
        await sleep(0);
      } else if (!workersDone) {
        const wait = Math.max(0, nextTick - performance.now());
        await orDeadline(new Promise<void>((resolve) => { wake = resolve; }), this.cancelled ? Math.min(wait, TERMINATE_WAIT_MS / 3) : wait, undefined);
        wake = undefined;
      }
      if (workersDone && !localJobs) break;
      if (this.cancelled) cancelledAt = Math.min(cancelledAt, performance.now());
      // After a cancel, training workers that have not stopped within TERMINATE_WAIT_MS are
      // abandoned: a streamed corpus is re-read with readSync, which a stalled network file blocks,
      // maybe for ever.
      if (performance.now() - cancelledAt > TERMINATE_WAIT_MS) {
        // Blocked in a read: the vectors are in shared memory, the result need not wait for them.
        abandoned = true;
        for (const t of threads) void t.terminate();
        break;
      }
      if (performance.now() < nextTick) continue;
      nextTick = performance.now() + PROGRESS_MS;
      progress();
      snapshots?.poll(Number(Atomics.load(control.wordsDone, 0)), buf, layout, o.output === 'input+output');
      const now = performance.now();
      // Not while a stat is still in flight (a stalled drive): racing it again each second would
      // leave a reaction on it every time.
      if (now >= nextCorpusCheck && !this.corpusChanged && !this.corpusCheck) {
        nextCorpusCheck = now + CORPUS_CHECK_MS;
        void this.corpusChange(CORPUS_CHECK_MS).then((c) => {
          if (!c || this.corpusChanged) return;
          this.corpusChanged = c;
          // A streamed corpus is re-read every epoch: going on would train on a mix of two texts.
          if (stream) this.cancel();
        });
      }
      if (now >= nextCheckpoint) {
        // Checked in place first (Hogwild may move a value between the check and the copy, but
        // a value that was finite an instant ago is not the divergence this guards against).
        if (recent > lossLimit) exploded = recent;
        if (liveFinite() && !(recent > lossLimit)) {
          lastGoodWords = Number(Atomics.load(control.wordsDone, 0));
          lastGood = this.extract(syn0, syn1, layout, lastGood);
        } else { diverged = true; this.cancel(); }
        // A checkpoint scans and copies the whole vocabulary: with millions of words it takes
        // most of a second, on a core the training threads need. Keep it to ~5% of this thread.
        const cost = performance.now() - now;
        nextCheckpoint = performance.now() + Math.max(CHECKPOINT_MS, CHECKPOINT_COST_RATIO * cost);
      }
      if (now >= nextGradCheck) {
        nextGradCheck = now + GRADCHECK_MS;
        gradCheck();
      }
    }
    if (!abandoned) await allDone;
    progress();
    diverged ||= Atomics.load(control.ints, DIVERGED) === 1;
    if (!diverged && !liveFinite()) diverged = true;
    if (!diverged && recent > lossLimit) { diverged = true; exploded = recent; }
    // A run too short for a check gets one at its end, unless it diverged: a gradient check at
    // exploded weights measures float64's limits, not the code.
    if (this.wantGradCheck && gradChecks === 0 && !diverged) gradCheck();
    // Done or cancelled: the final vectors (into the checkpoint's buffers: one copy at a time).
    const vectors = diverged ? lastGood : this.extract(syn0, syn1, layout, lastGood);
    lastGood = undefined;

    const s = sumStats(control, o.threads, o.epochs);
    const epochLoss: number[] = [];
    for (let e = 0; e < o.epochs; e++) if (s.perEpoch[e * 3 + 1] > 0) epochLoss.push(s.perEpoch[e * 3] / s.perEpoch[e * 3 + 1]);
    // The same number as the last progress event's epochLoss.
    const done = Number(Atomics.load(control.wordsDone, 0));
    const end = performance.now();
    const result: TrainResult = {
      words: vocab.words, counts: vocab.counts, dim: o.dim, vectors: combine(vectors, o.output), outsideVectors: o.keepOutsideVectors ? vectors.output : undefined,
      rare: { words: await packWords(vocab.dropped.words), count: vocab.dropped.words.length, counts: Float64Array.from(vocab.dropped.counts) },
      options: o, vocab: vocab.stats, wordsProcessed: done, seconds: (end - started) / 1000,
      finalLoss: lastEpochLoss(s.perEpoch, o.epochs),
      stopReason: diverged ? 'diverged' : this.cancelled ? 'cancelled' : 'done',
      trainSeconds: (end - trainStart) / 1000, epochLoss, corpusInMemory: stream === undefined,
      kernelMutation: this.kernelMutation,
    };
    result.snapshots = snapshots?.finish(result.vectors, diverged ? lastGoodWords : done, result.stopReason, o.epochs);
    // Held in memory, a change at the very end is still worth saying (a streamed run is checked above only: it stops).
    if (!stream) this.corpusChanged ??= await this.corpusChange(LAST_CHECK_WAIT_MS);
    if (this.corpusChanged && !diverged) {
      result.corpusChanged = this.corpusChanged;
      const name = corpusName(this.source);
      result.message = stream
        ? `The corpus ${name} was ${this.corpusChanged} on disk during training. It is too big to hold in memory and is re-read every epoch, so the run stopped after ${done} words rather than train on a mix of two texts; the vectors trained so far are kept. Train again on the saved file.`
        : `The corpus ${name} was ${this.corpusChanged} on disk during training. It had been read into memory at the start, so the run went on with that text: these vectors are of the corpus as it was then. Train again for the new text.`;
    }
    if (diverged) {
      const what = Number.isNaN(exploded)
        ? 'the loss or the weights became infinite or NaN'
        : `the loss exploded to ${exploded.toPrecision(3)}, above ${lossLimit.toPrecision(3)}, ten times that of the untrained model`;
      result.message = `Training diverged (${what}) after ${done} words at learning rate ${o.alpha}. ${lastGoodWords > 0 ? `The vectors are the last good ones, from after ${lastGoodWords} words.` : 'The vectors are the untrained (random) ones: it diverged before the first checkpoint.'} Try a smaller learning rate (alpha), e.g. ${+(o.alpha / 10).toPrecision(2)}.`;
    }
    // The training memory (weights and corpus) is no longer needed: let go of the last view of it
    // this object keeps, so that a garbage collection frees it (see train-coordinator.worker.ts).
    this.cancelFlag = undefined;
    return result;
  }

  /**
   * How the corpus file differs from when reading began, if it does (never for text in memory),
   * as far as its stat tells within `waitMs`: a stat that has not answered by then (a network
   * drive that stopped answering) counts as no change, and is not asked again until it answers.
   */
  private corpusChange(waitMs: number): Promise<'changed' | 'deleted' | undefined> {
    if (this.source.kind !== 'file' || !this.corpusVersion) return Promise.resolve(undefined);
    this.corpusCheck ??= fileChange(this.source.path, this.corpusVersion).finally(() => { this.corpusCheck = undefined; });
    return orDeadline(this.corpusCheck, waitMs, undefined);
  }

  /** Copies the input vectors, and the output vectors when the result needs them, without row padding. */
  private extract(syn0: Float32Array, syn1: Float32Array, layout: MemoryLayout, into?: Snapshot): Snapshot {
    const needOutput = this.o.output === 'input+output' || this.o.keepOutsideVectors === true;
    // The input vectors in shared memory: the extension's query worker reads them in place.
    return { input: unpadRows(syn0, layout, into?.input ?? sharedFloat32Array(layout.vocab * layout.dim)), output: needOutput ? unpadRows(syn1, layout, into?.output) : undefined };
  }
}

interface Snapshot { input: Float32Array; output?: Float32Array }

/**
 * Writes the kernel's tables into the training memory: the sigmoid and loss tables, the
 * subsampling thresholds, the negative-sampling alias table (returned, for the gradient check)
 * and, for the hierarchical softmax, the Huffman tree.
 */
export function writeTables(buf: SharedArrayBuffer, layout: MemoryLayout, counts: ArrayLike<number>, sample: number, trainWords: number,
  tree: HuffmanTree | undefined): AliasTable {
  fillTables(buf, layout);
  new Uint32Array(buf, layout.keepTable, layout.vocab).set(keepThresholds(counts, sample, trainWords));
  const negTable = negativeTable(counts);
  new Int32Array(buf, layout.negTable, 2 * layout.vocab).set(packNegativeTable(negTable));
  if (tree) {
    new Int32Array(buf, layout.treeOffsets, tree.offsets.length).set(tree.offsets);
    new Int32Array(buf, layout.treePoints, tree.points.length).set(tree.points);
    new Int32Array(buf, layout.treeCodes, tree.codes.length).set(tree.codes);
  }
  return negTable;
}

/** The result's vectors: the input vectors, or input and output averaged per word. */
function combine(v: Snapshot, output: TrainOptions['output']): Float32Array {
  if (output === 'input' || !v.output) return v.input;
  const out = sharedFloat32Array(v.input.length);
  for (let i = 0; i < out.length; i++) out[i] = (v.input[i] + v.output[i]) / 2;
  return out;
}

function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
