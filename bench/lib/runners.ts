import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runMeasured } from './measure';

/** The settings both tools train with in one benchmark cell. */
export interface BenchSettings {
  corpus: string;
  model: 'skipgram' | 'cbow';
  threads: number;
  epochs: number;
  dim: number;
  window: number;
  negative: number;
  minCount: number;
  sample: number;
  alpha: number;
  seed: number;
  /** Negative sampling (default) or the hierarchical softmax (gensim: hs=1, negative=0). */
  loss?: 'neg' | 'hs';
  /** Ours, CBOW: the context update (the engine's default when absent). */
  cbowUpdate?: 'corrected' | 'word2vec';
}

export type GensimMode = 'corpus_file' | 'iterable';
export type Tool = 'ours' | `gensim:${GensimMode}`;

/** One measured training run of either tool, counted the same way for both. */
export interface TrainRun {
  tool: Tool;
  vectorsPath: string;
  vocabSize: number;
  /** In-vocabulary corpus tokens (before subsampling) times epochs: the words the run trained on. */
  wordsTrained: number;
  /** Training alone: gensim's model.train() call; our engine's TrainResult.trainSeconds (worker
   *  start to the last worker's end). null when our CLI's --stats-json does not report it. */
  trainSeconds: number | null;
  /** Reading the corpus, building the vocabulary and tables, and training (no start-up, no saving):
   *  gensim's build_vocab() + train(); our engine's TrainResult.seconds. */
  runSeconds: number;
  /** Measured from outside: spawn to exit. */
  wallSeconds: number;
  /** ru_maxrss of the whole child process (GNU time). */
  peakRssBytes: number;
  /** User + system CPU seconds of the whole child process (GNU time). */
  cpuSeconds: number;
  /** The figure the tool reports about itself, for a cross-check. */
  selfPeakRssBytes: number | null;
  finalLoss: number | null;
  /** Everything the tool printed about itself (gensim's JSON line, our --stats-json). */
  raw: Record<string, unknown>;
}

/** Repository root: bundles run from dist/bench/, sources from bench/. */
export function repoRoot(): string {
  for (const up of ['../..', '..', '.']) {
    const dir = join(__dirname, up);
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench'))) return dir;
  }
  throw new Error(`cannot find the repository root above ${__dirname}`);
}

const PYTHON = '/usr/bin/python3';

function num(obj: Record<string, unknown>, key: string, what: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${what}: field "${key}" is missing or not a number in ${JSON.stringify(obj).slice(0, 300)}`);
  return v;
}

export async function runGensim(s: BenchSettings, mode: GensimMode, out: string): Promise<TrainRun> {
  const script = join(repoRoot(), 'bench', 'gensim_train.py');
  const args = [
    script, s.corpus, '--out', out, '--model', s.model, '--dim', `${s.dim}`, '--window', `${s.window}`,
    '--negative', `${s.negative}`, '--min-count', `${s.minCount}`, '--sample', `${s.sample}`, '--epochs', `${s.epochs}`,
    '--alpha', `${s.alpha}`, '--threads', `${s.threads}`, '--seed', `${s.seed}`,
  ];
  if (mode === 'iterable') args.push('--iterable');
  if (s.loss === 'hs') args.push('--hs');
  const what = `gensim (${mode}, ${s.model}, ${s.threads} threads)`;
  const run = await runMeasured(PYTHON, args, what);
  const line = run.stdout.trim().split('\n').pop() ?? '';
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`${what} printed no JSON line; stdout: ${run.stdout.slice(-500)}`);
  }
  const trainSeconds = num(raw, 'trainSeconds', what);
  return {
    tool: `gensim:${mode}`, vectorsPath: out, vocabSize: num(raw, 'vocabSize', what),
    wordsTrained: num(raw, 'trainWords', what) * s.epochs,
    trainSeconds, runSeconds: num(raw, 'vocabSeconds', what) + trainSeconds, wallSeconds: run.wallSeconds, cpuSeconds: run.cpuSeconds,
    peakRssBytes: run.peakRssBytes, selfPeakRssBytes: num(raw, 'peakRssBytes', what),
    finalLoss: typeof raw.finalLoss === 'number' ? raw.finalLoss : null, raw,
  };
}

/** The CLI bundle our engine is run through; undefined when it has not been built. */
export function cliPath(): string | undefined {
  const p = join(repoRoot(), 'dist', 'cli.js');
  return existsSync(p) ? p : undefined;
}

export class EngineNotBuilt extends Error {}

let snapshot: string | undefined;

/**
 * Copies the built CLI and its worker bundles (dist/cli.js, dist/*.worker.js; the kernel .wasm is embedded) into
 * `dir`, and makes runOurs use that copy: others rebuild dist/ while a benchmark runs, and one run
 * must measure one build. Returns the copy's provenance (size and mtime of each bundle).
 */
export function snapshotEngine(dir: string): Record<string, { bytes: number; mtime: string }> {
  const src = join(repoRoot(), 'dist');
  requireCli();
  mkdirSync(dir, { recursive: true });
  const files: Record<string, { bytes: number; mtime: string }> = {};
  for (const f of readdirSync(src)) {
    if (f !== 'cli.js' && !f.endsWith('.worker.js')) continue; // the CLI finds its workers beside it
    const st = statSync(join(src, f));
    if (!st.isFile()) continue;
    copyFileSync(join(src, f), join(dir, f));
    files[f] = { bytes: st.size, mtime: st.mtime.toISOString() };
  }
  snapshot = join(dir, 'cli.js');
  return files;
}

export function requireCli(): string {
  if (snapshot) return snapshot;
  const p = cliPath();
  if (!p) {
    throw new EngineNotBuilt(
      'engine not built yet: dist/cli.js is missing (build it with "node scripts/build.mjs cli worker"; ' +
        'the CLI source is extension/cli/main.ts). No numbers for our engine are made up; run with --gensim-only to measure gensim alone.',
    );
  }
  return p;
}

/** Our engine through the `w2v train` CLI as a child process, so its peak memory is the whole
 *  process's, measured like gensim's. `nodeFlags` e.g. ['--cpu-prof', ...] for profiling. */
export async function runOurs(s: BenchSettings, out: string, statsPath: string, nodeFlags: string[] = []): Promise<TrainRun> {
  const cli = requireCli();
  const args = [
    ...nodeFlags, cli, 'train', s.corpus, '--out', out, '--model', s.model, '--loss', s.loss ?? 'neg', '--dim', `${s.dim}`,
    '--window', `${s.window}`, '--negative', `${s.negative}`, '--min-count', `${s.minCount}`, '--sample', `${s.sample}`,
    '--epochs', `${s.epochs}`, '--alpha', `${s.alpha}`, '--threads', `${s.threads}`, '--seed', `${s.seed}`,
    '--stats-json', statsPath, ...(s.cbowUpdate ? ['--cbow-update', s.cbowUpdate] : []),
  ];
  const what = `our engine (${s.model}, ${s.threads} threads)`;
  const run = await runMeasured(process.execPath, args, what);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(statsPath, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${what}: cannot read --stats-json ${statsPath}: ${(e as Error).message}`);
  }
  return {
    tool: 'ours', vectorsPath: out, vocabSize: num(raw, 'vocabSize', what), wordsTrained: num(raw, 'wordsProcessed', what),
    trainSeconds: typeof raw.trainSeconds === 'number' ? raw.trainSeconds : null,
    runSeconds: num(raw, 'seconds', what), wallSeconds: run.wallSeconds, cpuSeconds: run.cpuSeconds,
    peakRssBytes: run.peakRssBytes, selfPeakRssBytes: typeof raw.peakRssBytes === 'number' ? raw.peakRssBytes : null,
    finalLoss: typeof raw.finalLoss === 'number' ? raw.finalLoss : null, raw,
  };
}
