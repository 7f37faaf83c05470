/**
 * Training benchmark: our engine (the `w2v train` CLI, as a child process) against gensim 4.2
 * (bench/gensim_train.py under /usr/bin/python3), the same settings, one after the other in one run.
 *
 *   npm run bench                      build, then 1 epoch, skip-gram and CBOW, 1 and 2 threads
 *   node dist/bench/train.js [--corpus PATH] [--epochs 1] [--repeat 1] [--models skipgram,cbow]
 *       [--threads 1,2] [--gensim-modes auto|corpus_file|iterable|corpus_file,iterable]
 *       [--json results.json] [--no-eval] [--eval-once] [--gensim-only] [--keep DIR] [--alpha 0.025] [--sample 1e-3]
 *       [--dim 100] [--window 5] [--negative 5] [--min-count 5] [--seed 1]
 *
 * How each figure is measured (identically for both tools):
 * - words/s = (in-vocabulary corpus tokens before subsampling) x epochs / seconds of one span:
 *   'train' = training alone: gensim's model.train() call; ours TrainResult.trainSeconds (the CLI's
 *     --stats-json "trainSeconds"), used when both report it;
 *   'vocab+train' = reading the corpus, vocabulary, tables and training, no start-up or saving:
 *     gensim's build_vocab() + train(); ours TrainResult.seconds (--stats-json "seconds").
 *   Words: ours wordsProcessed from --stats-json; gensim the sum of its vocabulary counts x epochs.
 *   The table warns when the two word counts or vocabularies differ.
 * - process s: wall time from spawning the child to its exit, measured here (start-up, vocabulary
 *   scan, training, writing the vectors).
 * - peak MB: ru_maxrss of the whole child process, read by GNU time (wait4), for both tools.
 * - CPU s: user + system CPU seconds of the whole child process (same wait4): on a loaded machine
 *   the steadier measure of work done; words per CPU-second cannot show multi-thread speed-up.
 * - quality: both vector files are read and scored by the same code (extension/core/eval):
 *   WordSim-353 and SimLex-999 Spearman, analogy accuracy over the 30,000 most frequent words.
 * - --repeat N runs every cell N times, rotating which tool goes first, and reports medians
 *   (--eval-once: quality from the first repeat's vectors only, to save time).
 * gensim modes: corpus_file is the speed peer; with several workers it decays alpha only
 * about halfway (shared/data/README.md), so 'auto' also runs LineSentence ('iterable') mode for
 * multi-thread cells, whose row is the fair quality comparison.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm, rename, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateVectors, type Quality } from './lib/evaluate';
import { GNU_TIME } from './lib/measure';
import { compare, markdownTable, summarize, timingTable, TARGETS, type MeasuredRun, type Row } from './lib/report';
import { EngineNotBuilt, repoRoot, requireCli, runGensim, runOurs, snapshotEngine, type BenchSettings, type GensimMode, type Tool } from './lib/runners';

const USAGE = 'usage: node dist/bench/train.js [--corpus PATH] [--epochs N] [--repeat N] [--models skipgram,cbow] [--threads 1,2] ' +
  '[--gensim-modes auto|corpus_file|iterable|corpus_file,iterable] [--json FILE] [--no-eval] [--eval-once] [--gensim-only] [--keep DIR] ' +
  '[--alpha A] [--sample S] [--dim D] [--window W] [--negative K] [--min-count M] [--seed N]';

class BadArgs extends Error {}

function positiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new BadArgs(`--${name} must be a whole number >= 1, got "${v}"`);
  return n;
}
function positiveNum(name: string, v: string | undefined, dflt: number, allowZero = false): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new BadArgs(`--${name} must be a number ${allowZero ? '>= 0' : '> 0'}, got "${v}"`);
  return n;
}

function parse() {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' }, epochs: { type: 'string' }, repeat: { type: 'string' }, models: { type: 'string' },
      threads: { type: 'string' }, 'gensim-modes': { type: 'string' }, json: { type: 'string' }, 'no-eval': { type: 'boolean' },
      'gensim-only': { type: 'boolean' }, 'eval-once': { type: 'boolean' }, keep: { type: 'string' }, alpha: { type: 'string' }, sample: { type: 'string' },
      dim: { type: 'string' }, window: { type: 'string' }, negative: { type: 'string' }, 'min-count': { type: 'string' },
      seed: { type: 'string' }, help: { type: 'boolean' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const models = (values.models ?? 'skipgram,cbow').split(',').map((m) => m.trim());
  for (const m of models) if (m !== 'skipgram' && m !== 'cbow') throw new BadArgs(`--models takes skipgram and/or cbow, got "${m}"`);
  const threads = (values.threads ?? '1,2').split(',').map((t) => positiveInt('threads', t.trim(), 1));
  const modesArg = values['gensim-modes'] ?? 'auto';
  let gensimModes: (threads: number) => GensimMode[];
  if (modesArg === 'auto') {
    gensimModes = (t) => (t > 1 ? ['corpus_file', 'iterable'] : ['corpus_file']);
  } else {
    const list = modesArg.split(',').map((m) => m.trim());
    for (const m of list) if (m !== 'corpus_file' && m !== 'iterable') throw new BadArgs(`--gensim-modes takes auto, or corpus_file and/or iterable, got "${m}"`);
    gensimModes = () => list as GensimMode[];
  }
  const root = repoRoot();
  const corpus = resolve(values.corpus ?? join(root, '..', 'shared', 'data', 'corpus', 'text8-head.txt'));
  const base = {
    corpus, epochs: positiveInt('epochs', values.epochs, 1), dim: positiveInt('dim', values.dim, 100),
    window: positiveInt('window', values.window, 5), negative: positiveInt('negative', values.negative, 5),
    minCount: positiveInt('min-count', values['min-count'], 5), sample: positiveNum('sample', values.sample, 1e-3, true),
    alpha: positiveNum('alpha', values.alpha, 0.025), seed: positiveInt('seed', values.seed, 1),
  };
  return {
    base, models: models as BenchSettings['model'][], threads, gensimModes, corpusGiven: values.corpus !== undefined,
    repeat: positiveInt('repeat', values.repeat, 1), json: values.json, evaluate: !values['no-eval'], evalOnce: !!values['eval-once'],
    gensimOnly: !!values['gensim-only'], keep: values.keep, evalDir: join(root, '..', 'shared', 'data', 'eval'),
  };
}

async function writeAtomic(path: string, text: string): Promise<void> {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const tmp = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(tmp, text);
  await rename(tmp, path);
}

const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

async function main(): Promise<number> {
  let o: ReturnType<typeof parse>;
  try {
    o = parse();
  } catch (e) {
    if (e instanceof BadArgs || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`bench: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (!existsSync(o.base.corpus)) {
    const why = o.corpusGiven ? 'the file does not exist' : 'the shared data folder (../shared/data relative to the repository) is absent';
    console.log(`bench: skipped: corpus ${o.base.corpus} not found (${why}); pass --corpus PATH to use another text file.`);
    return 0;
  }
  if (!o.gensimOnly) {
    try {
      requireCli();
    } catch (e) {
      if (e instanceof EngineNotBuilt) {
        console.error(`bench: ${e.message}`);
        return 1;
      }
      throw e;
    }
  }
  for (const p of ['/usr/bin/python3', GNU_TIME]) if (!existsSync(p)) throw new Error(`${p} is needed by the benchmark and is missing`);
  let evaluate = o.evaluate;
  if (evaluate && !existsSync(o.evalDir)) {
    log(`evaluation files not found in ${o.evalDir}; quality columns stay empty`);
    evaluate = false;
  }

  const work = o.keep ? resolve(o.keep) : await mkdtemp(join(tmpdir(), 'w2v-bench-'));
  mkdirSync(work, { recursive: true });
  const cells: { name: string; settings: BenchSettings; tools: Tool[] }[] = [];
  for (const model of o.models) {
    for (const threads of o.threads) {
      const tools: Tool[] = [...(o.gensimOnly ? [] : (['ours'] as Tool[])), ...o.gensimModes(threads).map((m) => `gensim:${m}` as Tool)];
      // CBOW with word2vec.c's update, as gensim's: the same model for both tools (bench/cbow.ts compares the corrected update).
      cells.push({ name: `${model === 'skipgram' ? 'skip-gram' : 'CBOW'} ${threads}t`, settings: { ...o.base, model, threads, ...(model === 'cbow' ? { cbowUpdate: 'word2vec' as const } : {}) }, tools });
    }
  }
  const runs = new Map<string, MeasuredRun[]>();
  const started = Date.now();
  let engineBuild: ReturnType<typeof snapshotEngine> | undefined;
  try {
    // One run measures one build of the engine, even if dist/ is rebuilt meanwhile.
    engineBuild = o.gensimOnly ? undefined : snapshotEngine(join(work, 'engine'));
    if (engineBuild) log(`engine: dist/cli.js built ${engineBuild['cli.js']?.mtime}, copied to ${join(work, 'engine')}`);
    let turn = 0;
    for (let r = 0; r < o.repeat; r++) {
      for (const cell of cells) {
        // Rotate which tool goes first, so drift in the machine's load does not favour one side.
        const order = cell.tools.map((_, i) => cell.tools[(i + turn) % cell.tools.length]);
        turn++;
        for (const tool of order) {
          const stem = join(work, `${cell.settings.model}-${cell.settings.threads}t-${tool.replace(':', '-')}-r${r}`);
          const out = `${stem}.bin`;
          const loadavgBefore = loadavg()[0];
          log(`${cell.name} ${tool} (repeat ${r + 1}/${o.repeat}, load ${loadavgBefore.toFixed(2)})...`);
          const run = tool === 'ours'
            ? await runOurs(cell.settings, out, `${stem}.stats.json`)
            : await runGensim(cell.settings, tool.slice('gensim:'.length) as GensimMode, out);
          let quality: Quality | null = null;
          if (evaluate && (r === 0 || !o.evalOnce)) quality = await evaluateVectors(out, o.evalDir);
          log(`  ${run.trainSeconds === null ? 'training time not reported' : `${(run.wordsTrained / run.trainSeconds / 1000).toFixed(0)}k words/s over ${run.trainSeconds.toFixed(2)} s of training`}, ` +
            `${run.runSeconds.toFixed(2)} s vocab+train, ${run.wallSeconds.toFixed(2)} s whole process (${run.cpuSeconds.toFixed(2)} CPU s), peak ${(run.peakRssBytes / 2 ** 20).toFixed(0)} MB` +
            (quality ? `, WordSim ${quality.wordsim353?.toFixed(3)}, analogy ${quality.analogy === null ? '–' : (100 * quality.analogy).toFixed(1) + '%'}` : ''));
          if (!o.keep) await rm(out, { force: true });
          const key = `${cell.name}|${tool}`;
          runs.set(key, [...(runs.get(key) ?? []), { ...run, repeat: r, quality, loadavgBefore }]);
        }
      }
    }
  } finally {
    if (!o.keep) await rm(work, { recursive: true, force: true });
  }

  const rows: Row[] = [];
  for (const cell of cells) {
    const oursRuns = runs.get(`${cell.name}|ours`);
    const ours = oursRuns ? summarize('ours', oursRuns) : null;
    for (const tool of cell.tools) {
      if (tool === 'ours') continue;
      rows.push(compare(`${cell.name}, gensim ${tool.slice('gensim:'.length)}`, cell.settings, ours, summarize(tool, runs.get(`${cell.name}|${tool}`)!)));
    }
  }
  const b = o.base;
  const header = [
    `Training benchmark, ${new Date().toISOString()}: ${basename(b.corpus)}, ${b.epochs} epoch${b.epochs > 1 ? 's' : ''}, ` +
      `dim ${b.dim}, window ${b.window}, negative ${b.negative}, min-count ${b.minCount}, sample ${b.sample}, alpha ${b.alpha}, seed ${b.seed}; ` +
      `median of ${o.repeat}; ${cpus().length} cores, Node ${process.version}.`,
    '',
  ];
  const notes = [
    '',
    'words/s = in-vocabulary corpus tokens (before subsampling) x epochs / seconds, the same span for both: training alone ' +
      '(gensim: the model.train() call; ours: TrainResult.trainSeconds from --stats-json), or where marked "vocab+train span" ' +
      '(ours does not report training alone) reading + vocabulary + training (gensim: build_vocab() + train(); ours: TrainResult.seconds). ' +
      'process = spawn to exit, measured by the bench; CPU s = user+system CPU of the whole process (steady under load, blind to thread speed-up). peak MB = ru_maxrss of the whole child process (GNU time). ' +
      `Targets: speed ratio >= ${TARGETS.speedRatio}, WordSim-353 Spearman and analogy accuracy not below gensim's by more than ` +
      `${TARGETS.spearman} and ${100 * TARGETS.analogy} points, memory <= ${TARGETS.memoryRatio}x. gensim corpus_file with several workers ` +
      'decays alpha only halfway: judge quality of multi-thread cells on the iterable rows, speed on the corpus_file rows.',
    '',
    timingTable(rows),
  ];
  const warnings = rows.flatMap((r) => r.warnings.map((w) => `warning (${r.cell}): ${w}`));
  const text = [...header, markdownTable(rows), ...notes, ...(warnings.length ? ['', ...warnings] : [])].join('\n');
  console.log(text);
  if (!evaluate) console.log('\n(quality not evaluated)');
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (o.json) {
    await writeAtomic(o.json, JSON.stringify({
      date: new Date().toISOString(), command: process.argv.slice(1).join(' '), node: process.version, cores: cpus().length,
      settings: o.base, repeat: o.repeat, engineBuild, rows, runs: Object.fromEntries(runs), markdown: text,
    }, null, 2) + '\n');
    log(`wrote ${o.json}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
