/**
 * Sentiment benchmark (CS224d problem set 1, §4): the same classifier (ours: averaged word vectors +
 * L2 softmax regression, reg chosen on dev) fed with word vectors trained by OUR engine and by
 * gensim on the same sentences with the same settings, on SST-5 and SST-2.
 *
 *   npm run bench:sentiment                       (= build + node dist/bench/sentiment.js)
 *   node dist/bench/sentiment.js [--seeds 3] [--epochs 20] [--threads 1] [--no-large]
 *        [--large-epochs 3] [--large-threads 2] [--large-min-count 1] [--json FILE] [--keep DIR]
 *
 * 1. The SST corpus: every sentence of stsa.fine.{train,dev,test} (no labels), tokenized by the
 *    engine's tokenizer and written one sentence per line. Both tools train on that same file, so
 *    both vocabularies hold the classifier's tokens ("n't" stays "n't", "'s" becomes "s").
 * 2. For each seed: `w2v train` (our CLI, a child process) and bench/gensim_sentiment.py
 *    (gensim 4.2, LineSentence, via /usr/bin/python3), both skip-gram, dim 100, window 5,
 *    negative 5, sample 1e-3, alpha 0.025 decaying to alpha*1e-4, min-count 1, 20 epochs, the same
 *    thread count (1 by default: reproducible runs).
 * 3. The sweep of every vector set on SST-5 (stsa.fine.*) and SST-2 (stsa.binary.*): dev accuracy
 *    per reg, the best reg on dev, its test accuracy.
 * 4. A larger corpus: text8-head + IMDB reviews + the SST sentences, fewer epochs, both tools, one
 *    seed: how much more the same classifier gets.
 * Skips with a message when ../shared/data is absent. Word2vec training is random: one seed's
 * accuracy moves by about a point, so the verdict compares means over the seeds.
 */
import { spawn } from 'node:child_process';
import {
  createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { checkSplits, loadLabeledFile } from '../extension/core/sentiment/load';
import { sentenceFeatures } from '../extension/core/sentiment/features';
import { DEFAULT_REGS, runSentimentSweep, SST_CLASS_NAMES } from '../extension/core/sentiment/sweep';
import { fmtReg } from '../extension/core/sentiment/format';
import type { LabeledSentences, SentimentResult } from '../extension/core/sentiment/types';
import { tokenizeLine } from '../extension/core/text/tokenize';
import { readVectors } from '../extension/core/vectors/readVectors';

const root = resolve(__dirname, '../..');
const data = resolve(root, '../shared/data');
const PYTHON = '/usr/bin/python3';

interface Args {
  seeds: number; epochs: number; threads: number;
  large: boolean; largeEpochs: number; largeThreads: number; largeMinCount: number;
  json?: string; keep?: string;
}

function parse(argv: string[]): Args {
  const a: Args = { seeds: 3, epochs: 20, threads: 1, large: true, largeEpochs: 3, largeThreads: 2, largeMinCount: 1 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${k} needs a positive integer`);
      return v;
    };
    if (k === '--seeds') a.seeds = num();
    else if (k === '--epochs') a.epochs = num();
    else if (k === '--threads') a.threads = num();
    else if (k === '--no-large') a.large = false;
    else if (k === '--large-epochs') a.largeEpochs = num();
    else if (k === '--large-threads') a.largeThreads = num();
    else if (k === '--large-min-count') a.largeMinCount = num();
    else if (k === '--json') a.json = argv[++i];
    else if (k === '--keep') a.keep = argv[++i];
    else throw new Error(`unknown argument ${k} (see the header of bench/sentiment.ts)`);
  }
  return a;
}

/** Runs a child process; resolves with its stdout, rejects with the tail of its stderr. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) ok(stdout);
      else fail(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-1500)}`));
    });
  });
}

interface Trained { tool: 'ours' | 'gensim'; corpus: string; seed: number; path: string; vocabSize: number; seconds: number }

interface W2vSettings { epochs: number; threads: number; minCount: number; seed: number }
const FIXED = { model: 'skipgram', dim: 100, window: 5, negative: 5, sample: 1e-3, alpha: 0.025 } as const;

async function trainOurs(corpus: string, name: string, s: W2vSettings, dir: string): Promise<Trained> {
  const out = join(dir, `ours-${name}-seed${s.seed}.bin`);
  const stats = join(dir, `ours-${name}-seed${s.seed}.json`);
  const t0 = Date.now();
  await run(process.execPath, [
    join(root, 'dist/cli.js'), 'train', corpus, '--out', out, '--model', FIXED.model, '--dim', `${FIXED.dim}`,
    '--window', `${FIXED.window}`, '--negative', `${FIXED.negative}`, '--sample', `${FIXED.sample}`,
    '--alpha', `${FIXED.alpha}`, '--min-count', `${s.minCount}`, '--epochs', `${s.epochs}`,
    '--threads', `${s.threads}`, '--seed', `${s.seed}`, '--quiet', '--stats-json', stats,
  ]);
  const st = JSON.parse(readFileSync(stats, 'utf8')) as { vocabSize: number };
  return { tool: 'ours', corpus: name, seed: s.seed, path: out, vocabSize: st.vocabSize, seconds: (Date.now() - t0) / 1000 };
}

async function trainGensim(corpus: string, name: string, s: W2vSettings, dir: string): Promise<Trained> {
  const out = join(dir, `gensim-${name}-seed${s.seed}.bin`);
  const t0 = Date.now();
  const stdout = await run(PYTHON, [
    join(root, 'bench/gensim_sentiment.py'), corpus, '--out', out, '--model', FIXED.model, '--dim', `${FIXED.dim}`,
    '--window', `${FIXED.window}`, '--negative', `${FIXED.negative}`, '--sample', `${FIXED.sample}`,
    '--alpha', `${FIXED.alpha}`, '--min-count', `${s.minCount}`, '--epochs', `${s.epochs}`,
    '--threads', `${s.threads}`, '--seed', `${s.seed}`,
  ], { ...process.env, PYTHONHASHSEED: '0' });
  const info = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { vocabSize: number };
  return { tool: 'gensim', corpus: name, seed: s.seed, path: out, vocabSize: info.vocabSize, seconds: (Date.now() - t0) / 1000 };
}

type Task = 'SST-5' | 'SST-2';
interface Splits { train: LabeledSentences; dev: LabeledSentences; test: LabeledSentences; k: number }
interface Cell { tool: string; corpus: string; seed: number; task: Task; vocabSize: number; trainSeconds: number; result: SentimentResult }

async function classify(t: Trained, tasks: Record<Task, Splits>): Promise<Cell[]> {
  const wv = await readVectors(t.path);
  const cells: Cell[] = [];
  for (const task of Object.keys(tasks) as Task[]) {
    const s = tasks[task];
    const result = runSentimentSweep({
      numClasses: s.k,
      train: sentenceFeatures(s.train, wv), dev: sentenceFeatures(s.dev, wv), test: sentenceFeatures(s.test, wv),
      regs: [...DEFAULT_REGS], classNames: SST_CLASS_NAMES[s.k],
    });
    cells.push({ tool: t.tool, corpus: t.corpus, seed: t.seed, task, vocabSize: t.vocabSize, trainSeconds: t.seconds, result });
    const sw = result.sweep;
    console.log(
      `  ${t.tool.padEnd(6)} ${t.corpus} seed ${t.seed} ${task}: dev ${pct(result.devAccuracy)} test ${pct(result.testAccuracy)} ` +
        `(reg ${fmtReg(result.chosenReg)}; dev by reg ${sw.map((r) => (100 * r.devAccuracy).toFixed(1)).join(' ')}; ` +
        `${sw.reduce((a, r) => a + r.iterations, 0)} L-BFGS iterations, ${result.seconds.toFixed(1)} s)`,
    );
  }
  return cells;
}

const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
/** A difference of fractions in percentage points, "0.00" (not "-0.00") for a tie. */
const points = (d: number): string => (Math.abs(d) < 5e-5 ? '0.00' : (100 * d).toFixed(2));
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]): number => (v.length < 2 ? 0 : Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1)));

async function main(): Promise<void> {
  if (!existsSync(join(data, 'sst'))) {
    console.log(`bench:sentiment skipped: ${data}/sst not found (the shared data folder is absent).`);
    return;
  }
  const args = parse(process.argv.slice(2));
  const dir = args.keep ? resolve(args.keep) : mkdtempSync(join(tmpdir(), 'w2v-bench-sentiment-'));
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  try {
    const sst = (name: string): string => join(data, 'sst', name);
    const load = async (kind: string): Promise<Splits> => {
      const [train, dev, test] = await Promise.all(['train', 'dev', 'test'].map((s) => loadLabeledFile(sst(`stsa.${kind}.${s}`))));
      return { train, dev, test, k: checkSplits(train, dev, test) };
    };
    const tasks: Record<Task, Splits> = { 'SST-5': await load('fine'), 'SST-2': await load('binary') };

    // 1. All SST sentences, tokenized as the classifier tokenizes them.
    const fine = tasks['SST-5'];
    const sentences = [fine.train, fine.dev, fine.test].flatMap((s) => s.sentences);
    const lines = sentences.map((t) => t.join(' '));
    for (const l of lines) {
      // Our engine re-tokenizes the file: it must read back exactly these tokens.
      if (tokenizeLine(l).join(' ') !== l) throw new Error(`tokenizer is not idempotent on "${l}"`);
    }
    const sstCorpus = join(dir, 'sst-sentences.txt');
    writeFileSync(sstCorpus, lines.join('\n') + '\n');
    const words = sentences.reduce((a, s) => a + s.length, 0);
    console.log(`SST corpus: ${lines.length} sentences, ${words} tokens (${sstCorpus})`);
    console.log(
      `settings: skip-gram, dim ${FIXED.dim}, window ${FIXED.window}, negative ${FIXED.negative}, sample ${FIXED.sample}, ` +
        `alpha ${FIXED.alpha}, min-count 1, ${args.epochs} epochs, ${args.threads} thread(s), seeds 1..${args.seeds}`,
    );

    // 2-3. Both tools, every seed, both tasks.
    const cells: Cell[] = [];
    for (let seed = 1; seed <= args.seeds; seed++) {
      const s = { epochs: args.epochs, threads: args.threads, minCount: 1, seed };
      for (const trainer of [trainOurs, trainGensim]) {
        const t = await trainer(sstCorpus, 'sst', s, dir);
        console.log(`trained ${t.tool} seed ${seed}: vocabulary ${t.vocabSize}, ${t.seconds.toFixed(1)} s`);
        cells.push(...(await classify(t, tasks)));
        if (!args.keep) rmSync(t.path, { force: true });
      }
    }

    // 4. The larger corpus.
    if (args.large) {
      const big = join(dir, 'large-corpus.txt');
      const out = createWriteStream(big);
      for (const f of ['corpus/text8-head.txt', 'corpus/imdb-reviews.txt']) {
        await pipeline(createReadStream(join(data, f)), out, { end: false });
        out.write('\n');
      }
      await new Promise<void>((ok, fail) => out.end(lines.join('\n') + '\n', () => ok()).on('error', fail));
      console.log(
        `large corpus: text8-head + imdb-reviews + the SST sentences, ${args.largeEpochs} epochs, ` +
          `min-count ${args.largeMinCount}, ${args.largeThreads} threads, seed 1`,
      );
      const s = { epochs: args.largeEpochs, threads: args.largeThreads, minCount: args.largeMinCount, seed: 1 };
      for (const trainer of [trainOurs, trainGensim]) {
        const t = await trainer(big, 'large', s, dir);
        console.log(`trained ${t.tool} large: vocabulary ${t.vocabSize}, ${t.seconds.toFixed(1)} s`);
        cells.push(...(await classify(t, tasks)));
        if (!args.keep) rmSync(t.path, { force: true });
      }
      if (!args.keep) rmSync(big, { force: true });
    }

    // The table.
    console.log('');
    console.log('corpus  task   vectors  seeds  dev acc (mean ± sd)   test acc (mean ± sd)   per seed dev/test');
    const summary: Record<string, { dev: number; test: number; n: number; devCorrect: number }> = {};
    for (const corpus of ['sst', 'large']) {
      for (const task of ['SST-5', 'SST-2'] as Task[]) {
        for (const tool of ['ours', 'gensim']) {
          const cs = cells.filter((c) => c.corpus === corpus && c.task === task && c.tool === tool);
          if (cs.length === 0) continue;
          const dev = cs.map((c) => c.result.devAccuracy);
          const test = cs.map((c) => c.result.testAccuracy);
          // Correct sentences summed over the seeds: an exact count, so a tie is a tie (means of
          // fractions differ in the last bit with the order of the additions).
          const devCorrect = cs.reduce((a, c) => a + Math.round(c.result.devAccuracy * c.result.splits.dev.sentences), 0);
          summary[`${corpus}/${task}/${tool}`] = { dev: mean(dev), test: mean(test), n: cs.length, devCorrect };
          console.log(
            `${corpus.padEnd(7)} ${task}  ${tool.padEnd(7)}  ${String(cs.length).padStart(5)}  ` +
              `${pct(mean(dev)).padStart(7)} ± ${(100 * sd(dev)).toFixed(2).padStart(4)}      ` +
              `${pct(mean(test)).padStart(7)} ± ${(100 * sd(test)).toFixed(2).padStart(4)}       ` +
              cs.map((c) => `${(100 * c.result.devAccuracy).toFixed(1)}/${(100 * c.result.testAccuracy).toFixed(1)}`).join('  '),
          );
        }
      }
    }
    console.log('');
    const verdicts: Record<string, boolean> = {};
    for (const corpus of ['sst', 'large']) {
      for (const task of ['SST-5', 'SST-2'] as Task[]) {
        const o = summary[`${corpus}/${task}/ours`], g = summary[`${corpus}/${task}/gensim`];
        if (!o || !g) continue;
        const ge = o.n === g.n ? o.devCorrect >= g.devCorrect : o.dev >= g.dev;
        verdicts[`${corpus}/${task}`] = ge;
        console.log(
          `${corpus} ${task}: ours ${ge ? '>=' : '<'} gensim on mean dev accuracy ` +
            `(${pct(o.dev)} vs ${pct(g.dev)}, ${points(o.dev - g.dev)} points; dev sentences right over the seeds ` +
            `${o.devCorrect} vs ${g.devCorrect}); ` +
            `test ${pct(o.test)} vs ${pct(g.test)}`,
        );
      }
    }
    if (args.large) {
      for (const task of ['SST-5', 'SST-2'] as Task[]) {
        for (const tool of ['ours', 'gensim']) {
          const small = cells.find((c) => c.corpus === 'sst' && c.task === task && c.tool === tool && c.seed === 1);
          const big = cells.find((c) => c.corpus === 'large' && c.task === task && c.tool === tool);
          if (!small || !big) continue;
          console.log(
            `larger corpus, ${task}, ${tool} (seed 1): dev ${pct(small.result.devAccuracy)} -> ${pct(big.result.devAccuracy)} ` +
              `(${points(big.result.devAccuracy - small.result.devAccuracy)} points), test ` +
              `${pct(small.result.testAccuracy)} -> ${pct(big.result.testAccuracy)} ` +
              `(${points(big.result.testAccuracy - small.result.testAccuracy)} points)`,
          );
        }
      }
    }
    console.log(`reference (an earlier run: gensim vectors + an independent softmax regression): SST-5 40.3% dev / 38.6% test, SST-2 76.7% dev / 74.5% test`);
    console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (args.json) {
      const slim = cells.map((c) => ({ ...c, result: { ...c.result, model: undefined } }));
      writeFileSync(args.json + '.tmp', JSON.stringify({ args, settings: FIXED, summary, verdicts, cells: slim }, null, 1) + '\n');
      renameSync(args.json + '.tmp', args.json);
      console.log(`wrote ${args.json}`);
    }
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
