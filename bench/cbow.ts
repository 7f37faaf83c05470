/**
 * CBOW benchmark: corrected CBOW (each context vector steps by its own gradient, 1/n of the hidden
 * vector's; İrsoy, Benton & Stratos 2021) against word2vec.c's CBOW update (ours and gensim's) and
 * our skip-gram, one after the other in one run, on the same corpus and settings.
 *
 *   node dist/bench/cbow.js [--corpora text8-head.txt:5,imdb-reviews.txt:1] [--threads 1]
 *       [--corrected-alpha A] [--hs text8-head.txt] [--json FILE]
 *       (--hs: the corpora that also get the hierarchical-softmax rows, ours against gensim hs=1 negative=0)
 *   node dist/bench/cbow.js --sweep 0.025,0.05,0.075,0.1,0.15 [--negatives 5,10] [--with-skipgram] [--corpora text8-head.txt:5]
 *       the sweep of corrected CBOW (quality per starting alpha, and per K with --negatives), with our
 *       skip-gram in the same run for the "× skip-gram" column when --with-skipgram
 *
 * Corpora are read from ../shared/data/corpus, or --data DIR's corpus/ (skipped with a message when
 * absent); CORPUS:EPOCHS.
 * Settings otherwise as bench/train.ts: dim 100, window 5, negative 5, min-count 5, sample 1e-3, seed 1.
 * words/s = in-vocabulary tokens x epochs / seconds of training alone (ours: TrainResult.trainSeconds;
 * gensim: its train() call, corpus_file mode, which with 1 worker decays alpha over the whole run).
 * Quality: WordSim-353 and SimLex-999 Spearman, analogy accuracy over the 30,000 most frequent words,
 * by the same code for every vectors file (extension/core/eval).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultAlpha } from '../extension/core/train/options';
import { evaluateVectors, type Quality } from './lib/evaluate';
import { repoRoot, runGensim, runOurs, snapshotEngine, type BenchSettings, type TrainRun } from './lib/runners';

interface Config { label: string; tool: 'ours' | 'gensim'; settings: Partial<BenchSettings> & Pick<BenchSettings, 'model' | 'alpha'> }
interface Result { corpus: string; epochs: number; label: string; run: TrainRun; quality: Quality; load: number }

const log = (m: string): void => { process.stderr.write(`bench: ${m}\n`); };
const f3 = (x: number | null): string => (x === null ? '–' : x.toFixed(3));
const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const wps = (r: TrainRun): number => r.wordsTrained / (r.trainSeconds ?? r.runSeconds);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: {
    data: { type: 'string' }, corpora: { type: 'string' }, threads: { type: 'string' }, sweep: { type: 'string' }, hs: { type: 'string' }, 'corrected-alpha': { type: 'string' }, json: { type: 'string' },
    negatives: { type: 'string' }, 'with-skipgram': { type: 'boolean' },
  } });
  const root = repoRoot();
  const dataDir = resolve(values.data ?? join(root, '..', 'shared', 'data'));
  const corpora = (values.corpora ?? (values.sweep ? 'text8-head.txt:5' : 'text8-head.txt:5,imdb-reviews.txt:1')).split(',').map((c) => {
    const [name, epochs] = c.split(':');
    return { path: resolve(dataDir, 'corpus', name), name, epochs: Number(epochs ?? 1) };
  });
  const missing = corpora.filter((c) => !existsSync(c.path));
  if (missing.length) {
    console.log(`bench: skipped: ${missing.map((c) => c.path).join(', ')} not found (the shared data folder ../shared/data is absent).`);
    return 0;
  }
  const threads = Number(values.threads ?? 1);
  const correctedAlpha = Number(values['corrected-alpha'] ?? defaultAlpha('cbow', 'corrected'));
  const base = { threads, dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, seed: 1 };
  const configs: Config[] = values.sweep
    ? [
      ...values.sweep.split(',').flatMap((a) => (values.negatives ?? '5').split(',').map((k): Config => ({
        label: `corrected CBOW, alpha ${a}, K ${k}`, tool: 'ours', settings: { model: 'cbow', cbowUpdate: 'corrected', alpha: Number(a), negative: Number(k) },
      }))),
      ...(values['with-skipgram'] ? [{ label: 'ours: skip-gram (alpha 0.025)', tool: 'ours', settings: { model: 'skipgram', alpha: 0.025 } } satisfies Config] : []),
    ]
    : [
      { label: `ours: corrected CBOW (alpha ${correctedAlpha})`, tool: 'ours', settings: { model: 'cbow', cbowUpdate: 'corrected', alpha: correctedAlpha } },
      { label: 'ours: word2vec-update CBOW (alpha 0.05)', tool: 'ours', settings: { model: 'cbow', cbowUpdate: 'word2vec', alpha: 0.05 } },
      { label: 'gensim CBOW (alpha 0.05, word2vec.c\'s)', tool: 'gensim', settings: { model: 'cbow', alpha: 0.05 } },
      { label: 'gensim CBOW (alpha 0.025, gensim\'s)', tool: 'gensim', settings: { model: 'cbow', alpha: 0.025 } },
      { label: 'ours: skip-gram (alpha 0.025)', tool: 'ours', settings: { model: 'skipgram', alpha: 0.025 } },
    ];
  // The hierarchical softmax against gensim's hs=1, negative=0 (skip-gram), on the corpora named by --hs.
  const hsCorpora = (values.hs ?? (values.sweep ? '' : 'text8-head.txt')).split(',').filter(Boolean);
  const hsConfigs: Config[] = [
    { label: 'ours: skip-gram, hierarchical softmax (alpha 0.025)', tool: 'ours', settings: { model: 'skipgram', loss: 'hs', alpha: 0.025 } },
    { label: 'gensim skip-gram, hs=1 negative=0 (alpha 0.025)', tool: 'gensim', settings: { model: 'skipgram', loss: 'hs', alpha: 0.025 } },
  ];
  const work = await mkdtemp(join(tmpdir(), 'w2v-cbow-bench-'));
  const results: Result[] = [];
  const startLoad = loadavg();
  try {
    snapshotEngine(join(work, 'engine'));
    for (const c of corpora) {
      for (const cfg of [...configs, ...(hsCorpora.includes(c.name) ? hsConfigs : [])]) {
        const s: BenchSettings = { ...base, corpus: c.path, epochs: c.epochs, ...cfg.settings };
        const out = join(work, `${results.length}.bin`);
        const load = loadavg()[0];
        log(`${c.name} x${c.epochs}: ${cfg.label} (load ${load.toFixed(2)})...`);
        const run = cfg.tool === 'ours' ? await runOurs(s, out, join(work, `${results.length}.json`)) : await runGensim(s, 'corpus_file', out);
        const quality = await evaluateVectors(out, join(dataDir, 'eval'));
        await rm(out, { force: true });
        log(`  ${(wps(run) / 1000).toFixed(0)}k words/s, WordSim ${f3(quality.wordsim353)}, SimLex ${f3(quality.simlex999)}, analogy ${pct(quality.analogy)}`);
        results.push({ corpus: c.name, epochs: c.epochs, label: cfg.label, run, quality, load });
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const lines = [
    `CBOW benchmark, ${new Date().toISOString()}: ${threads} thread(s), dim 100, window 5, negative ${values.negatives ? 'as labelled' : 5}, min-count 5, sample 1e-3, seed 1; ` +
      `${cpus().length} cores, Node ${process.version}; load average at start ${startLoad.map((x) => x.toFixed(2)).join(' ')}, at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}.`,
    '',
    '| corpus | run | words/s | × skip-gram speed | WordSim-353 | SimLex-999 | analogy |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const sg = results.find((x) => x.corpus === r.corpus && x.label.includes('skip-gram'));
    lines.push(`| ${r.corpus} (${r.epochs} ep.) | ${r.label} | ${(wps(r.run) / 1000).toFixed(0)}k | ${sg ? (wps(r.run) / wps(sg.run)).toFixed(2) : '–'} | ` +
      `${f3(r.quality.wordsim353)} | ${f3(r.quality.simlex999)} | ${pct(r.quality.analogy)} |`);
  }
  console.log(lines.join('\n'));
  if (values.json) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(values.json, JSON.stringify({ command: process.argv.slice(1).join(' '), results }, null, 2) + '\n');
  }
  return 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
