// Benchmark (not a test): the gradient explorer's window check of every touched parameter, as the
// Gradients tab runs it: through runExplorerCheck (a worker thread per check; the model's two
// matrices are cloned into it), and in-thread (computeExplorerResult) for comparison. Random
// Float32 "trained" vectors, dim 100, K 10, window 5 (10 context words). Prints medians.
//   node scripts/build.mjs bench:explorer worker:explorer && node dist/bench/explorer.js [runs] [vocab]
import { computeExplorerResult, runExplorerCheck, type ExplorerRequest, type ExplorerTarget } from '../extension/core/gradcheck/explorer';
import { Rng } from '../extension/core/math/random';

const runs = Number(process.argv[2] ?? 9);
const VOCAB = Number(process.argv[3] ?? 20000);
const DIM = 100;
const K = 10;
const WINDOW = 5;
/** The engine refuses the naive softmax over more words than this (MAX_SOFTMAX_VOCAB). */
const SOFTMAX_VOCAB = 5000;

const rng = new Rng(2024);
const vectors = (n: number) => Float32Array.from({ length: n * DIM }, () => 0.3 * rng.normal());
const words = Array.from({ length: VOCAB }, (_, i) => `w${i}`);
const inputVectors = vectors(VOCAB);
const outputVectors = vectors(VOCAB);
const counts = words.map((_, i) => Math.floor(1e6 / (i + 1)) + 1); // Zipf-like

function request(seed: number, target: ExplorerTarget, maxOutsideRows?: number): ExplorerRequest {
  const r = new Rng(seed);
  const vocab = target.kind === 'word2vec' && target.loss === 'softmax' ? Math.min(VOCAB, SOFTMAX_VOCAB) : VOCAB;
  return {
    target, seed, maxOutsideRows,
    parameters: {
      kind: 'trained', words: words.slice(0, vocab), counts: counts.slice(0, vocab),
      inputVectors: inputVectors.subarray(0, vocab * DIM), outputVectors: outputVectors.subarray(0, vocab * DIM),
    },
    window: { centerIdx: r.int(vocab), contextIdxs: Array.from({ length: 2 * WINDOW }, () => r.int(vocab)) },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

async function bench(label: string, target: ExplorerTarget, maxOutsideRows?: number): Promise<void> {
  computeExplorerResult(request(0, target, maxOutsideRows)); // warm-up (JIT) of the in-thread path
  const inThread: number[] = [];
  const inThreadCpu: number[] = [];
  const total: number[] = [];
  const start: number[] = [];
  const check: number[] = [];
  const kernel: number[] = [];
  const compute: number[] = [];
  const caller: number[] = [];
  const longest: number[] = [];
  const workerCpu: number[] = [];
  let params = 0;
  let worst = 0;
  let kernelWorst = 0;
  for (let i = 1; i <= runs; i++) {
    const req = request(i, target, maxOutsideRows);
    let c0 = process.cpuUsage();
    let t0 = performance.now();
    computeExplorerResult(req);
    inThread.push(performance.now() - t0);
    inThreadCpu.push(cpuMs(process.cpuUsage(c0)));
    // process.cpuUsage counts every thread of the process, the worker's included.
    c0 = process.cpuUsage();
    t0 = performance.now();
    const r = await runExplorerCheck(req);
    workerCpu.push(cpuMs(process.cpuUsage(c0)));
    total.push(r.timing.totalMs!);
    start.push(r.timing.workerStartMs!);
    check.push(r.timing.checkMs);
    kernel.push(r.timing.kernelMs ?? NaN);
    kernelWorst = Math.max(kernelWorst, ...(r.kernel?.groups ?? []).map((g) => g.maxRelError));
    compute.push(r.timing.computeMs);
    caller.push(r.timing.callerMs!);
    longest.push(r.timing.callerLongestMs!);
    params = r.groups.reduce((s, g) => s + g.count, 0);
    worst = Math.max(worst, ...r.groups.map((g) => g.maxRelError));
  }
  const f = (xs: number[]) => median(xs).toFixed(1);
  console.log(`${label}: ${params} parameters, worst rel. error ${worst.toExponential(2)}`);
  console.log(`  worker: total ${f(total)} ms wall (min ${Math.min(...total).toFixed(1)}), ${f(workerCpu)} ms CPU (all threads); of which worker start ${f(start)} ms (the caller's thread busy ${f(caller)} ms in all, longest stretch ${f(longest)} ms), in the worker: CS224n's formulas' check ${f(check)} ms, the training kernel's check and step by step ${f(kernel)} ms (worst rel. error ${kernelWorst.toExponential(2)}), everything + result ${f(compute)} ms`);
  console.log(`  in-thread computeExplorerResult: ${f(inThread)} ms wall, ${f(inThreadCpu)} ms CPU`);
}

async function main(): Promise<void> {
  console.log(`gradient explorer, ${VOCAB} words of random Float32 vectors, dim ${DIM}, window ${WINDOW} (${2 * WINDOW} context words), ${runs} runs, medians`);
  const w2v = (model: 'skipgram' | 'cbow', loss: 'neg' | 'softmax'): ExplorerTarget => ({ kind: 'word2vec', model, loss, negatives: K, dim: DIM, window: WINDOW });
  await bench(`skipgram neg K=${K}`, w2v('skipgram', 'neg'));
  await bench(`cbow     neg K=${K}`, w2v('cbow', 'neg'));
  await bench(`skipgram softmax, vocabulary ${Math.min(VOCAB, SOFTMAX_VOCAB)}, 100 outside rows`, w2v('skipgram', 'softmax'), 100);
  await bench(`skipgram softmax, vocabulary ${Math.min(VOCAB, SOFTMAX_VOCAB)}, all outside rows`, w2v('skipgram', 'softmax'), SOFTMAX_VOCAB);
}
void main();
