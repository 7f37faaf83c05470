/**
 * Hover latency while a training run goes: the extension's hover code path (hoverAt: the
 * tokenizer's word lookup on the line, then the model's query worker's lookup and top-k cosine
 * neighbours on its normalised matrix, then the Markdown) timed in plain Node while the engine
 * trains in its worker threads, exactly as in the extension host, where this thread also receives
 * the run's progress messages.
 *
 *   node scripts/build.mjs bench:hover worker && node dist/bench/hover.js [requests]
 *
 * Needs ../shared/data/corpus/text8-head.txt (skips with a message when absent). Steps:
 *   1. a model: train on the corpus for a few seconds, then stop (the vectors so far are kept, with
 *      the corpus' full vocabulary, which is what the hover's cost depends on);
 *   2. idle: N hover requests, one every 10 ms, with nothing else running;
 *   3. busy: the same N requests while a second run trains with the default thread count.
 * Each request is due at a time set by a timer; its latency runs from when it was due to when the
 * Markdown is ready, so it includes waiting behind other work on this thread (progress messages),
 * not only the answer itself (request to Markdown, the worker's round trip included), which is
 * reported separately.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startTraining } from '../extension/core/train';
import type { TrainOptions, TrainResult } from '../extension/core/train/types';
import { WordVectors } from '../extension/core/vectors';
import { hoverAt } from '../extension/vectors/hoverText';
import { english } from '../extension/shared/translate';
import { VectorStore } from '../extension/vectors/vectorStore';

const corpus = join(__dirname, '../../../shared/data/corpus/text8-head.txt');
const N = Number(process.argv[2] ?? 200);
const K = 10;

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

function summary(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${quantile(s, 0.5).toFixed(2)} ms, p95 ${quantile(s, 0.95).toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms`;
}

async function hovers(store: VectorStore, lines: string[], seed: number): Promise<{ total: number[]; compute: number[]; known: number }> {
  const total: number[] = [];
  const compute: number[] = [];
  let known = 0;
  // A small LCG: the same requests in the idle and busy phases.
  let x = seed >>> 0;
  const rand = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const model = store.current!;
  for (let i = 0; i < N; i++) {
    const line = lines[Math.floor(rand() * lines.length)];
    const offset = Math.floor(rand() * line.length);
    const due = performance.now() + 10;
    await new Promise<void>((resolve, reject) => setTimeout(() => {
      const t0 = performance.now();
      hoverAt(model, line, offset, K, english).then((a) => {
        const t1 = performance.now();
        if (a?.known) known++;
        compute.push(t1 - t0);
        total.push(t1 - due);
        resolve();
      }, reject);
    }, 10));
  }
  return { total, compute, known };
}

/** Disposed at the end: its query worker would keep the process alive. */
let storeInUse: VectorStore | undefined;

async function main(): Promise<void> {
  if (!existsSync(corpus)) {
    console.log(`bench:hover skipped: ${corpus} is absent (needs ../shared/data).`);
    return;
  }
  const lines = (await readFile(corpus, 'utf8')).split('\n').filter((l) => l.length > 0);
  const options: Partial<TrainOptions> = { dim: 100, window: 5, negative: 5, minCount: 5, epochs: 1, seed: 1 };

  // 1. A model with the corpus' whole vocabulary.
  const first = startTraining({ kind: 'file', path: corpus }, options, {
    onProgress: (p) => { if (p.phase === 'train' && p.elapsedSec > 4) first.cancel(); },
  });
  const r: TrainResult = await first.result;
  const store = new VectorStore();
  storeInUse = store;
  const t0 = performance.now();
  store.set(WordVectors.fromTrainResult(r), {
    kind: 'trained', name: 'text8-head.txt', options: r.options, vocab: r.vocab, stopReason: r.stopReason, wordsProcessed: r.wordsProcessed,
  });
  const setMs = performance.now() - t0;
  const workerMs = await store.current!.queries.ready;
  console.log(`model: ${r.words.length} words x ${r.dim} (trained ${r.wordsProcessed} words, ${r.stopReason}); store.set on this thread ${setMs.toFixed(1)} ms; ` +
    `the query worker ready (words, unit matrix, index) after ${(performance.now() - t0).toFixed(0)} ms (${workerMs.toFixed(0)} ms in the worker)`);

  // Warm-up (JIT), not counted.
  for (let i = 0; i < 50; i++) await hoverAt(store.current!, lines[i % lines.length], 100, K, english);
  // 2. Idle.
  const idle = await hovers(store, lines, 7);
  // 3. While a run trains (default threads: all cores, the worst case for this thread).
  let progressEvents = 0;
  let wps = 0;
  let training = false;
  const second = startTraining({ kind: 'file', path: corpus }, { ...options, epochs: 5 }, {
    onProgress: (p) => { progressEvents++; if (p.phase === 'train') { training = true; wps = p.wordsPerSec; } },
  });
  while (!training) await new Promise((res) => setTimeout(res, 20));
  const busy = await hovers(store, lines, 7);
  const stillTraining = training;
  second.cancel();
  const r2 = await second.result;

  console.log(`hover requests: ${N}, k=${K}, ${idle.known} of them on a word with a vector`);
  console.log(`idle:   latency ${summary(idle.total)} | answer ${summary(idle.compute)}`);
  console.log(`during: latency ${summary(busy.total)} | answer ${summary(busy.compute)}`);
  console.log(`the run during the hovers: ${r2.options.threads} threads, ${Math.round(wps)} words/s, ${progressEvents} progress events, ` +
    `${r2.wordsProcessed} words, stopped: ${r2.stopReason}${stillTraining ? '' : ' (not training?)'}`);
}

main().then(() => storeInUse?.dispose(), (e) => {
  console.error(e);
  process.exit(1);
});
