/**
 * The extension host's longest stall at the end of a training run whose corpus has about a million
 * words below min-count: a real run (startTraining, as RunManager starts it: snapshots and the
 * outside vectors kept) on a generated corpus, then the run's result put in a VectorStore as
 * RunManager.keep puts it, up to the new model's query worker being ready and answering a dropped
 * word's count. The stall is a 1 ms timer's worst lateness on this thread (bench/lib/stallMeter.ts's
 * way), split into the training (up to the last progress event) and the run's end (from then on:
 * the result's arrival from the coordinator's thread, the store, the query worker's start).
 *
 *   node scripts/build.mjs bench:runEndStall.ts && node dist/bench/runEndStall.js [droppedWords] [runs]
 *
 * Heavy (a training run of a few seconds): run it under the machine-wide lock.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startTraining } from '../extension/core/train';
import { EXTENSION_SNAPSHOT_WORDS } from '../extension/core/train/snapshots';
import { WordVectors } from '../extension/core/vectors/WordVectors';
import { VectorStore } from '../extension/vectors/vectorStore';

const DROPPED = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 3);

/** Each of `dropped` words once, among 2,000 frequent words (three tokens of them to one rare one), 20 a line. */
async function writeCorpus(path: string, dropped: number): Promise<void> {
  const out = createWriteStream(path);
  let x = 7;
  const rand = (): number => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  let line: string[] = [];
  for (let i = 0; i < dropped; i++) {
    line.push(`rare${i.toString(36)}`);
    for (let k = 0; k < 3; k++) line.push(`f${Math.floor(rand() ** 2 * 2000)}`);
    if (line.length >= 20) {
      if (!out.write(line.join(' ') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      line = [];
    }
  }
  out.write(line.join(' ') + '\n');
  await new Promise<void>((r) => out.end(() => r()));
}

interface Lateness { at: number; ms: number }

async function oneRun(corpus: string): Promise<{ trainMs: number; endMs: number; endStalls: Lateness[]; dropped: number; count: number | undefined }> {
  const late: Lateness[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last - 1 > 0.5) late.push({ at: now, ms: now - last - 1 });
    last = now;
  }, 1);
  let lastProgress = 0;
  const run = startTraining({ kind: 'file', path: corpus }, { snapshotWords: EXTENSION_SNAPSHOT_WORDS, keepOutsideVectors: true, dim: 50, epochs: 1, threads: 2, minCount: 5 }, {
    onProgress: () => { lastProgress = performance.now(); },
  });
  const result = await run.result;
  const store = new VectorStore();
  try {
    const u = result.outsideVectors;
    const model = store.set(
      WordVectors.fromTrainResult(result),
      { kind: 'trained', name: 'corpus.txt', options: result.options, vocab: result.vocab, stopReason: result.stopReason, wordsProcessed: result.wordsProcessed },
      { rare: result.rare, outside: u && u.length === result.vectors.length ? u : undefined, snapshots: result.snapshots },
    );
    await model.queries.ready;
    const answer = await model.queries.ask('lookup', { word: 'rare0', k: 1 });
    await new Promise((r) => setTimeout(r, 20));
    clearInterval(timer);
    const worst = (xs: Lateness[]): number => xs.reduce((m, l) => Math.max(m, l.ms), 0);
    const endStalls = late.filter((l) => l.at > lastProgress);
    return { trainMs: worst(late.filter((l) => l.at <= lastProgress)), endMs: worst(endStalls), endStalls: endStalls.filter((l) => l.ms >= 5), dropped: model.droppedWords ?? 0, count: answer.rareCount };
  } finally {
    store.dispose();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'w2v-bench-run-end-'));
  try {
    const corpus = join(dir, 'corpus.txt');
    await writeCorpus(corpus, DROPPED);
    console.log(`corpus: ${DROPPED.toLocaleString('en-US')} words once each among 2,000 frequent ones; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (let i = 0; i < RUNS; i++) {
      const r = await oneRun(corpus);
      console.log(`run ${i + 1}: longest stall of this thread at the run's end ${r.endMs.toFixed(1)} ms (during training ${r.trainMs.toFixed(1)} ms); ` +
        `${r.dropped.toLocaleString('en-US')} dropped words, "rare0" occurs ${r.count}; the end's stalls of 5 ms or more: ${r.endStalls.map((l) => l.ms.toFixed(0)).join(', ') || 'none'}`);
      if (r.count !== 1) process.exitCode = 1;
    }
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
