// Benchmark (not a test): the wall time of one window gradient check, as the engine runs it during
// training, on Float32 vectors like the live model's. Prints the median over repeated runs.
//   node scripts/build.mjs bench:gradcheck && node dist/bench/gradcheck.js [runs]
import { checkWindow, unigramTable, Rng, WindowCheckRequest } from '../extension/core/index';

const runs = Number(process.argv[2] ?? 15);
const VOCAB = 20000;
const DIM = 100;
const K = 10;
const WINDOW = 5;
/** MAX_SOFTMAX_VOCAB of the engine's options. */
const SOFTMAX_VOCAB = 5000;

const rng = new Rng(2024);
const vectors = () => {
  const a = new Float32Array(VOCAB * DIM);
  for (let i = 0; i < a.length; i++) a[i] = 0.3 * rng.normal();
  return a;
};
const centerVectors = vectors();
const outsideVectors = vectors();
// Zipf-like counts, as in a real corpus.
const counts = Array.from({ length: VOCAB }, (_, i) => Math.floor(1e6 / (i + 1)) + 1);
const negativeTable = unigramTable(counts);

function windowRequest(seed: number, over: Partial<WindowCheckRequest>): WindowCheckRequest {
  const r = new Rng(seed);
  // The naive softmax uses the first SOFTMAX_VOCAB words (the engine refuses larger softmax vocabularies).
  const vocab = over.loss === 'softmax' ? SOFTMAX_VOCAB : VOCAB;
  return {
    model: 'skipgram', loss: 'neg', dim: DIM, vocabSize: vocab,
    centerVectors: centerVectors.subarray(0, vocab * DIM), outsideVectors: outsideVectors.subarray(0, vocab * DIM),
    centerIdx: r.int(vocab), contextIdxs: Array.from({ length: 2 * WINDOW }, () => r.int(vocab)),
    negatives: K, negativeTable, seed, ...over,
  };
}

function bench(label: string, over: Partial<WindowCheckRequest>): void {
  checkWindow(windowRequest(0, over)); // warm-up (JIT)
  const times: number[] = [];
  const cpu: number[] = [];
  let params = 0;
  let worst = 0;
  for (let i = 1; i <= runs; i++) {
    const req = windowRequest(i, over);
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const res = checkWindow(req);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    params = res.groups.reduce((s, g) => s + g.count, 0);
    worst = Math.max(worst, ...res.groups.map((g) => g.maxRelError));
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
  // CPU time as well as wall time: on a shared machine the wall time includes waiting for a core.
  console.log(`${label}: median ${median(times).toFixed(1)} ms wall (min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)}), median ${median(cpu).toFixed(1)} ms CPU, over ${runs} runs; ${params} parameters checked, worst rel. error ${worst.toExponential(2)}`);
}

console.log(`window check, vocabulary ${VOCAB} random Float32 vectors, dim ${DIM}, window ${WINDOW} (${2 * WINDOW} context words), one core`);
bench(`skipgram neg K=${K}`, {});
bench(`cbow     neg K=${K}`, { model: 'cbow' });
bench(`skipgram softmax, vocabulary ${SOFTMAX_VOCAB}, 100 outside rows sampled`, { loss: 'softmax', maxOutsideRows: 100 });
bench(`cbow     softmax, vocabulary ${SOFTMAX_VOCAB}, 100 outside rows sampled`, { model: 'cbow', loss: 'softmax', maxOutsideRows: 100 });
bench(`skipgram softmax, vocabulary ${SOFTMAX_VOCAB}, all outside rows`, { loss: 'softmax' });
