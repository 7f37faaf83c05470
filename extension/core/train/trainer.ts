import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from '../text/corpus';
import { tokenizeLine } from '../text/tokenize';
import { createControl, DIVERGED, FINISHED, JOB, type Control } from './control';
import { CHUNK_CAPACITY, ChunkWriter } from './encode';
import { instantiateKernel, type KernelConfig, type KernelExports } from './kernel';
import { idsView, type MemoryLayout } from './layout';
import { LossRecorder } from './lossCurve';
import { decayedAlpha } from './alpha';
import { takeEpochSnapshot, type SnapshotSlots } from './snapshots';

/** A corpus too big to hold as ids: each worker re-reads its own byte range of the file every epoch. */
export interface StreamSource {
  path: string;
  size: number;
  words: string[];
}

/** What a trainer needs: a training worker's workerData, or the coordinator's own trainer 0 (a corpus in memory). */
export interface TrainerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  layout: MemoryLayout;
  config: KernelConfig;
  control: SharedArrayBuffer;
  /** In-memory corpus: chunk c is ids[chunks[c] .. chunks[c + 1]). Empty when streaming. */
  chunks: Int32Array;
  stream?: StreamSource;
  worker: number;
  threads: number;
  epochs: number;
  seed: number;
  alpha: number;
  /** trainWords * epochs: the learning rate reaches alpha * 1e-4 there. */
  totalWords: number;
  /** Words per loss point, and the entries of each worker's loss log (lossCurve.ts). */
  lossStep: number;
  lossLogCapacity: number;
  /** End-of-epoch snapshots of the top words (option snapshotWords), taken by the worker that starts the next epoch. */
  snapshots?: SnapshotSlots;
}

/**
 * One training worker's loop. In memory: takes the next chunk from the shared job queue. Streaming:
 * reads its share of the file and trains each chunk as it fills. Either way, the learning rate
 * follows the words done so far by all workers (word2vec's linear decay), until the corpus is
 * done, the run is cancelled or the weights diverge.
 */
export function runTrainer(d: TrainerData): void {
  const trainer = new Trainer(d);
  if (d.stream) trainStream(d, d.stream, trainer.trainChunk);
  else for (const _ of trainer.jobs());
  trainer.finish();
}

/**
 * A trainer: the kernel instance of worker d.worker over the shared memory and its share of the
 * run's bookkeeping (the loss curve, the per-epoch stats). A corpus in memory is trained job by
 * job (jobs()), so that the coordinator can run one trainer itself between its progress ticks.
 */
export class Trainer {
  private readonly kernel: KernelExports;
  private readonly control: Control;
  private readonly cancel: Int32Array;
  private readonly curve: LossRecorder;
  private lossBefore = 0;
  private pairsBefore = 0;

  constructor(private readonly d: TrainerData) {
    const kernel = instantiateKernel(d.module, d.memory, d.layout, d.config, d.worker, d.seed);
    this.kernel = kernel;
    this.control = createControl(d.threads, d.epochs, d.control, d.lossLogCapacity);
    const cancel = new Int32Array(d.memory.buffer, d.layout.cancel, 1);
    this.cancel = cancel;
    this.curve = new LossRecorder(this.control, d.worker, d.lossStep, (base, length) => idsView(d.memory.buffer, base, length, d.layout.idBytes),
      { loss: () => kernel.lossTotal(), pairs: () => kernel.pairTotal() }, () => Atomics.load(cancel, 0) !== 0);
  }

  /** Trains ids [start, end) at `base`; false when the run must stop. */
  readonly trainChunk = (base: number, start: number, end: number, epoch: number): boolean => {
    const { d, kernel, control, cancel } = this;
    const done = Number(Atomics.load(control.wordsDone, 0));
    const alpha = decayedAlpha(d.alpha, done, d.totalWords);
    // In pieces for the loss curve, which also counts the words done.
    const words = this.curve.train(base, start, end, (s, e) => kernel.trainChunk(base, s, e, alpha));
    const loss = kernel.lossTotal();
    const pairs = kernel.pairTotal();
    const at = (d.worker * d.epochs + epoch) * 3;
    // Only this worker writes its own slots; the coordinator reads them for progress.
    control.stats[at] += loss - this.lossBefore;
    control.stats[at + 1] += pairs - this.pairsBefore;
    control.stats[at + 2] += words;
    this.lossBefore = loss;
    this.pairsBefore = pairs;
    if (kernel.diverged()) {
      Atomics.store(control.ints, DIVERGED, 1);
      Atomics.store(cancel, 0, 1);
      return false;
    }
    return Atomics.load(cancel, 0) === 0;
  };

  /** A corpus in memory: takes jobs (chunk x epoch) from the shared queue until none is left or the run stops; yields after each. */
  *jobs(): Generator<void, void, void> {
    const { d, control, cancel } = this;
    const nChunks = d.chunks.length - 1;
    const totalJobs = nChunks * d.epochs;
    while (Atomics.load(cancel, 0) === 0) {
      const job = Atomics.add(control.ints, JOB, 1);
      if (job >= totalJobs) break;
      const chunk = job % nChunks;
      if (chunk === 0 && job > 0 && d.snapshots) takeEpochSnapshot(d.snapshots, d.memory.buffer, d.layout, job / nChunks, Number(Atomics.load(control.wordsDone, 0)));
      if (!this.trainChunk(d.layout.ids, d.chunks[chunk], d.chunks[chunk + 1], Math.floor(job / nChunks))) break;
      yield;
    }
  }

  /** Logs the last loss point and counts this trainer as finished. */
  finish(): void {
    this.curve.flush();
    Atomics.add(this.control.ints, FINISHED, 1);
  }
}

const READ_BYTES = 1 << 20;

/** True for the ASCII whitespace bytes, which never occur inside a UTF-8 sequence or a word. */
const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Where a worker's share of the file starts (and the previous one's ends) for a boundary at byte
 * b: b itself after whitespace, else the first whitespace byte from b on. A word across b thus
 * belongs to the earlier share, and every word is read by exactly one worker.
 */
export function splitPoint(fd: number, size: number, b: number): number {
  if (b <= 0) return 0;
  if (b >= size) return size;
  const buf = Buffer.alloc(4096);
  let pos = b - 1;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) return size;
    for (let i = 0; i < n; i++) {
      if (isSpace(buf[i])) return pos + i < b ? b : pos + i;
    }
    pos += n;
  }
}

function trainStream(d: TrainerData, s: StreamSource, trainChunk: (base: number, start: number, end: number, epoch: number) => boolean): void {
  const ids = new Map<string, number>();
  s.words.forEach((w, i) => ids.set(w, i));
  const base = d.layout.scratch[d.worker].chunk;
  const out = idsView(d.memory.buffer, base, CHUNK_CAPACITY, d.layout.idBytes);
  const fd = openSync(s.path, 'r');
  try {
    const from = splitPoint(fd, s.size, Math.floor((s.size * d.worker) / d.threads));
    const to = splitPoint(fd, s.size, Math.floor((s.size * (d.worker + 1)) / d.threads));
    const buf = Buffer.alloc(READ_BYTES);
    for (let epoch = 0; epoch < d.epochs; epoch++) {
      let go = true;
      const writer = new ChunkWriter(out, (end) => {
        if (go) go = trainChunk(base, 0, end, epoch);
        writer.at = 0;
      });
      const decoder = new StringDecoder('utf8');
      const splitter = new LineSplitter();
      const lines: string[] = [];
      const encode = (): void => {
        for (const line of lines) {
          for (const t of tokenizeLine(line)) {
            const id = ids.get(t);
            if (id !== undefined) writer.word(id);
          }
          writer.endSentence();
        }
        lines.length = 0;
      };
      for (let pos = from; pos < to && go;) {
        const n = readSync(fd, buf, 0, Math.min(READ_BYTES, to - pos), pos);
        if (n === 0) break;
        pos += n;
        splitter.push(decoder.write(buf.subarray(0, n)), lines);
        encode();
      }
      if (!go) return;
      splitter.push(decoder.end(), lines);
      splitter.end(lines);
      encode();
      if (!go) return;
      if (writer.finish() && !trainChunk(base, 0, writer.at, epoch)) return;
    }
  } finally {
    closeSync(fd);
  }
}
