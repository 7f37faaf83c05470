/**
 * Vector files at full size, against gensim in the same run: load time and peak memory of our
 * streaming reader (extension/core/vectors) and of gensim's KeyedVectors.load_word2vec_format on
 * generated files of GloVe-6B size (400,000 x 300, word2vec text) and GoogleNews size
 * (3,000,000 x 300, binary), and top-10 neighbour latency over the 400,000 x 300 vectors (ours:
 * WordVectors.neighbours; gensim: most_similar).
 *
 *   node scripts/build.mjs bench:vectors core && flock /tmp/w2v-heavy.lock node dist/bench/vectors.js [--dir D] [--words N] [--big-words N] [--queries Q] [--keep]
 *
 * Each load runs in its own process under GNU time (peak RSS = the process's ru_maxrss); the load
 * time is measured inside each process around the load call alone, so interpreter start-up and
 * imports are left out for both. The files are generated first (so they are in the page cache for
 * both readers) and deleted at the end unless --keep.
 *
 * Peak memory is given two ways. The process's peak minus that of the same process with the code
 * imported (nothing read) counts, beside the load's own memory, what the runtime takes the first
 * time the code runs hot (compiled code, the compiler's memory, V8's young generation: about 10
 * MB). A load's own peak leaves those out: in a process that has loaded (and holds) a file of the
 * same format with the first 20,000 words, then collected its garbage, the peak during the load
 * minus the resident memory just before it (Linux resets a process's peak when "5" is written to
 * /proc/self/clear_refs); the median and range of three processes. gensim is measured the same way
 * (once). The extension reads each file in a new worker thread, whose runtime starts afresh: its
 * loads are nearer the first figure.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readVectors } from '../extension/core/vectors';
import { readVectorsOffThread } from '../extension/vectors/vectorsIo';
import { VectorStore } from '../extension/vectors/vectorStore';
import { GNU_TIME, median, runMeasured } from './lib/measure';
import { startStallMeter } from './lib/stallMeter';

const root = join(__dirname, '../..');
const PY = '/usr/bin/python3';
const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};

/** A deterministic generator (xorshift32) for words and numbers. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
}

/** Word-like strings of 2 to 16 letters (some with a digit or capital), unique by a base-36 suffix where needed. */
function makeWords(n: number, seed: number): string[] {
  const r = xorshift(seed);
  const letters = 'etaoinshrdlcumwfgypbvkjxqz';
  const seen = new Set<string>();
  const words: string[] = [];
  while (words.length < n) {
    const len = 2 + (r() % 15);
    let w = '';
    for (let i = 0; i < len; i++) w += letters[Math.min(25, Math.floor(((r() % 1000) / 1000) ** 2 * 26))];
    if (r() % 10 === 0) w = w[0].toUpperCase() + w.slice(1);
    if (seen.has(w)) w += '_' + words.length.toString(36);
    seen.add(w);
    words.push(w);
  }
  return words;
}

/** Writes a file by chunks of about 64 MB from `rows` strings or buffers. */
function writeChunks(path: string, header: string, rows: number, row: (i: number) => string | Buffer): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    let parts: Buffer[] = [];
    let size = 0;
    for (let i = 0; i < rows; i++) {
      const x = row(i);
      const b = typeof x === 'string' ? Buffer.from(x) : x;
      parts.push(b);
      size += b.length;
      if (size >= 64 << 20) {
        writeSync(fd, Buffer.concat(parts, size));
        parts = [];
        size = 0;
      }
    }
    if (size) writeSync(fd, Buffer.concat(parts, size));
    // On disk before any load is timed: otherwise the first reader (ours) competes with the
    // write-back of gigabytes of dirty pages and the second (gensim) does not.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** word2vec text as GloVe's files look: numbers with 6 decimals (from a pool of 65,536 random values, for speed). */
function generateText(path: string, words: string[], dim: number): void {
  const r = xorshift(7);
  const pool = Array.from({ length: 65536 }, () => (((r() / 2 ** 32) - 0.5) * 2).toFixed(6));
  writeChunks(path, `${words.length} ${dim}\n`, words.length, (i) => {
    const parts = new Array<string>(dim + 1);
    parts[0] = words[i];
    for (let j = 0; j < dim; j++) parts[j + 1] = pool[r() & 0xffff];
    return parts.join(' ') + '\n';
  });
}

/** word2vec binary (as word2vec.c writes it: a "\n" after each row) with random float32s in (-1, 1). */
function generateBinary(path: string, words: string[], dim: number): void {
  const r = xorshift(9);
  const f = new Float32Array(dim);
  writeChunks(path, `${words.length} ${dim}\n`, words.length, (i) => {
    for (let j = 0; j < dim; j++) f[j] = ((r() / 2 ** 32) - 0.5) * 2;
    return Buffer.concat([Buffer.from(words[i] + ' '), Buffer.from(f.buffer.slice(0)), Buffer.from('\n')]);
  });
}

/** The child-process side of our measurement: load, then optionally time neighbour queries. */
async function childLoad(path: string, queriesFile?: string): Promise<void> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const wv = await readVectors(path);
  const loadSeconds = (performance.now() - t0) / 1000;
  // Every thread's CPU time, libuv's reading threads included (with a busy machine the wall time varies more).
  const cpu = process.cpuUsage(cpu0);
  const out: Record<string, unknown> = { loadSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, words: wv.size, dim: wv.dim, queryMs: [], answers: [] };
  if (queriesFile) {
    const words = JSON.parse((await import('node:fs')).readFileSync(queriesFile, 'utf8')) as string[];
    wv.neighbours(words[0], 10); // the first query normalises the matrix, as gensim's fill_norms: not timed
    for (const w of words) {
      const t = performance.now();
      const ans = wv.neighbours(w, 10);
      (out.queryMs as number[]).push(performance.now() - t);
      (out.answers as string[][]).push(ans.map((a) => a.word));
    }
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

/** A figure of /proc/self/status ("VmRSS", "VmHWM") in bytes. */
function procStatus(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  if (!m) throw new Error(`no ${field} in /proc/self/status`);
  return Number(m[1]) * 1024;
}

/**
 * A load's own peak memory: `warmPath` loaded first (and kept, as its garbage is collected before
 * the measure), then the peak of loading `path` above the memory before it (see the top of this
 * file). Run with --expose-gc.
 */
async function childWarm(path: string, warmPath: string): Promise<void> {
  const first = await readVectors(warmPath);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('--child-warm needs node --expose-gc');
  gc();
  const before = procStatus('VmRSS');
  writeFileSync('/proc/self/clear_refs', '5');
  const wv = await readVectors(path);
  process.stdout.write(JSON.stringify({ loadPeakBytes: procStatus('VmHWM') - before, words: wv.size, first: first.size }) + '\n');
}

/**
 * The extension's way to load and use a model (extension/vectors/vectorsIo.ts: read in a worker,
 * the words kept as one block and the matrix in shared memory; then VectorStore.set, whose query
 * worker builds the unit matrix and the word index), with this thread's longest stall measured by
 * a 5 ms timer from the start of the load until the first neighbour query is answered: what the
 * extension host's thread goes through while a file loads and becomes the model.
 */
async function childHost(path: string, word: string): Promise<void> {
  const meter = startStallMeter(5);
  const t0 = performance.now();
  const wv = await readVectorsOffThread(path);
  const loadSeconds = (performance.now() - t0) / 1000;
  const store = new VectorStore();
  const model = store.set(wv, { kind: 'loaded', name: 'bench', path });
  const answer = await store.neighbours(word, 10);
  const readySeconds = (performance.now() - t0) / 1000;
  const worst = await meter.stop();
  store.dispose();
  await model.queries.stopped;
  process.stdout.write(JSON.stringify({ loadSeconds, readySeconds, answered: answer?.length ?? 0, words: wv.size, maxStallMs: worst }) + '\n');
}

interface Side { loadSeconds: number; cpuSeconds?: number; peakRssBytes: number; wallSeconds: number; queryMs: number[]; answers: string[][]; words: number; loads?: number[] }

/**
 * Ours: one process that only loads (its time and peak memory are the load's), then one that loads
 * and queries (our queries keep a unit-length copy of the matrix, gensim only a vector of norms, so
 * the query process's memory is not the load's). gensim: one process that loads, then queries.
 */
async function measure(path: string, binary: boolean, queriesFile?: string): Promise<{ ours: Side; oursQueries?: Side; gensim: Side }> {
  const parse = (r: { stdout: string; peakRssBytes: number; wallSeconds: number }): Side => ({ ...JSON.parse(r.stdout.trim().split('\n').pop()!), peakRssBytes: r.peakRssBytes, wallSeconds: r.wallSeconds });
  const oursLoad = async (): Promise<Side> => parse(await runMeasured(process.execPath, [__filename, '--child', path], `our load of ${path}`));
  const gensimLoad = async (): Promise<Side> => parse(await runMeasured(PY, [join(root, 'bench/gensim_vectors.py'), path, binary ? 'binary' : 'text', ...(queriesFile ? [queriesFile] : [])], `gensim's load of ${path}`));
  // Each load twice, alternating: the first process to map gigabytes after the file was written can
  // wait for the kernel to reclaim memory (by hand at 3,000,000 x 300: 10.1 s, then 6.8, 4.4 and
  // 5.1 s for the same load), so each side gets its faster load and its higher peak RSS.
  const o1 = await oursLoad();
  const g1 = await gensimLoad();
  const o2 = await oursLoad();
  const g2 = await gensimLoad();
  const best = (a: Side, b: Side): Side => ({ ...(a.loadSeconds <= b.loadSeconds ? a : b), peakRssBytes: Math.max(a.peakRssBytes, b.peakRssBytes), loads: [a.loadSeconds, b.loadSeconds] });
  const oursQueries = queriesFile ? parse(await runMeasured(process.execPath, [__filename, '--child', path, queriesFile], `our queries on ${path}`)) : undefined;
  return { ours: best(o1, o2), oursQueries, gensim: best(g1, g2) };
}

/** Words of the file loaded first for a load's own peak. */
const WARM_WORDS = 20000;

/** A load's own peak memory: ours in three processes (sorted), gensim's in one (see childWarm). */
async function loadPeaks(path: string, warmPath: string, binary: boolean): Promise<{ ours: number[]; gensim: number }> {
  const peak = (r: { stdout: string }): number => (JSON.parse(r.stdout.trim().split('\n').pop()!) as { loadPeakBytes: number }).loadPeakBytes;
  const ours: number[] = [];
  for (let i = 0; i < 3; i++) ours.push(peak(await runMeasured(process.execPath, ['--expose-gc', __filename, '--child-warm', path, warmPath], `our load of ${path} after ${warmPath}`)));
  const gensim = peak(await runMeasured(PY, [join(root, 'bench/gensim_vectors.py'), path, binary ? 'binary' : 'text', '--warm', warmPath], `gensim's load of ${path} after ${warmPath}`));
  return { ours: ours.sort((a, b) => a - b), gensim };
}

const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
/** For the figures compared with the memory budget, where a megabyte decides. */
const mb1 = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MB`;

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return childLoad(process.argv[3], process.argv[4]);
  if (process.argv[2] === '--child-host') return childHost(process.argv[3], process.argv[4]);
  if (process.argv[2] === '--child-warm') return childWarm(process.argv[3], process.argv[4]);
  if (process.argv[2] === '--child-idle') return;
  if (spawnSync(PY, ['-c', 'import gensim'], { encoding: 'utf8' }).status !== 0) {
    console.log(`bench:vectors: ${PY} with gensim is not available; skipping (apt-get install python3-gensim).`);
    return;
  }
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is needed (apt-get install time)`);
  const dir = arg('dir', join(root, 'build/bench-vectors'));
  const nSmall = Number(arg('words', '400000'));
  const nBig = Number(arg('big-words', '3000000'));
  const nQueries = Number(arg('queries', '50'));
  const dim = 300;
  mkdirSync(dir, { recursive: true });
  const baseline = await runMeasured(process.execPath, ['-e', ''], 'node baseline');
  // The same process as our loads up to the load itself (this script's code imported, nothing read).
  const idle = await runMeasured(process.execPath, [__filename, '--child-idle'], 'node with the code loaded');
  const report: string[] = [];
  const say = (s: string): void => { console.log(s); report.push(s); };
  say(`bench:vectors ${new Date().toISOString()}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; node ${process.version}; an empty node process peaks at ${mb(baseline.peakRssBytes)}, one with this script's code loaded (nothing read) at ${mb(idle.peakRssBytes)}`);
  try {
    for (const spec of [{ name: 'GloVe-6B size', n: nSmall, binary: false, file: 'glove-size.txt', seed: 1 }, { name: 'GoogleNews size', n: nBig, binary: true, file: 'googlenews-size.bin', seed: 2 }]) {
      if (spec.n <= 0) continue;
      const path = join(dir, spec.file);
      const words = makeWords(spec.n, spec.seed);
      const t = performance.now();
      (spec.binary ? generateBinary : generateText)(path, words, dim);
      const warmPath = join(dir, `warm-${spec.file}`);
      (spec.binary ? generateBinary : generateText)(warmPath, words.slice(0, WARM_WORDS), dim);
      const vocabBytes = words.reduce((s, w) => s + Buffer.byteLength(w), 0);
      const floats = spec.n * dim * 4;
      say(`\n${spec.name}: ${spec.n} x ${dim} ${spec.binary ? 'binary' : 'text'}, ${mb(statSync(path).size)} file (generated in ${((performance.now() - t) / 1000).toFixed(1)} s); floats ${mb(floats)}, vocabulary strings ${mb(vocabBytes)} (UTF-8)`);
      let queriesFile: string | undefined;
      if (!spec.binary && nQueries > 0) {
        const r = xorshift(3);
        const qs = Array.from({ length: nQueries }, () => words[r() % Math.min(words.length, 30000)]);
        queriesFile = join(dir, 'queries.json');
        writeFileSync(queriesFile, JSON.stringify(qs));
      }
      const { ours, oursQueries, gensim } = await measure(path, spec.binary, queriesFile);
      if (ours.words !== spec.n || gensim.words !== spec.n) throw new Error(`loaded ${ours.words} (ours) / ${gensim.words} (gensim) words of ${spec.n}`);
      const budget = floats + 1.5 * vocabBytes;
      const both = (x: Side): string => (x.loads ?? []).map((t) => t.toFixed(2)).join(' and ');
      say(`  load time      ours ${ours.loadSeconds.toFixed(2)} s, gensim ${gensim.loadSeconds.toFixed(2)} s: ${(gensim.loadSeconds / ours.loadSeconds).toFixed(1)}x faster (target >= 5x); the faster of two loads each, alternating (ours ${both(ours)} s, gensim ${both(gensim)} s)`);
      say(`  whole process  ours ${ours.wallSeconds.toFixed(2)} s, gensim ${gensim.wallSeconds.toFixed(2)} s; CPU time of the (faster) load, all threads: ours ${ours.cpuSeconds?.toFixed(2)} s, gensim ${gensim.cpuSeconds?.toFixed(2)} s`);
      say(`  peak RSS       ours ${mb(ours.peakRssBytes)}, gensim ${mb(gensim.peakRssBytes)}; budget floats + 1.5 x vocabulary = ${mb(budget)}; ours minus an empty node's ${mb(baseline.peakRssBytes)} = ${mb(ours.peakRssBytes - baseline.peakRssBytes)} (${((ours.peakRssBytes - baseline.peakRssBytes) / budget).toFixed(2)}x the budget); minus the one with the code loaded = ${mb1(ours.peakRssBytes - idle.peakRssBytes)} (${((ours.peakRssBytes - idle.peakRssBytes) / budget).toFixed(4)}x the budget of ${mb1(budget)})`);
      const warm = await loadPeaks(path, warmPath, spec.binary);
      rmSync(warmPath, { force: true });
      const [low, mid, high] = warm.ours;
      say(`  a load's own peak (after a load of the first ${WARM_WORDS} words): ours ${mb1(mid)} (${(mid / budget).toFixed(4)}x the budget of ${mb1(budget)}; three processes: ${warm.ours.map(mb1).join(', ')}, ${(low / budget).toFixed(4)}x to ${(high / budget).toFixed(4)}x), gensim ${mb1(warm.gensim)} (${(warm.gensim / budget).toFixed(2)}x)`);
      const host = JSON.parse((await runMeasured(process.execPath, [__filename, '--child-host', path, words[1]], `the extension's load of ${path}`)).stdout.trim().split('\n').pop()!) as { loadSeconds: number; readySeconds: number; answered: number; maxStallMs: number };
      say(`  extension load in a worker (vectorsIo.ts): ${host.loadSeconds.toFixed(2)} s, then the model's query worker answered a top-10 query (${host.answered} words) at ${host.readySeconds.toFixed(2)} s; ` +
        `the calling thread's longest stall over both ${host.maxStallMs.toFixed(0)} ms (target <= 50 ms)`);
      if (oursQueries) {
        const same = oursQueries.answers.filter((a, i) => a.join(' ') === gensim.answers[i].join(' ')).length;
        const po = median(oursQueries.queryMs), pg = median(gensim.queryMs);
        say(`  top-10 query   p50 ours ${po.toFixed(1)} ms, gensim most_similar ${pg.toFixed(1)} ms: ratio gensim/ours ${(pg / po).toFixed(2)} (target >= 1.0); ${same}/${oursQueries.answers.length} answer lists identical; ours with the unit-length copy peaks at ${mb(oursQueries.peakRssBytes)}`);
      }
      if (!process.argv.includes('--keep')) rmSync(path, { force: true });
    }
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
  say(`\nload average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exitCode = 1;
});
