/**
 * The Evaluation tab's cost to the extension host's thread: the longest stall of this thread (a
 * 1 ms timer's worst lateness) while WordSim-353 and SimLex-999 are evaluated on a GloVe-6B-sized
 * model (400,000 words x 300, seeded random vectors; the files' words first, so their pairs are
 * known) with gensim's preset (the 300,000 most frequent words), the way the tab does it
 * (evaluateFiles: asked of the model's query worker, started and ready beforehand as the vector
 * store starts it when a model is set), against the same core calls made on this thread (the
 * peer). The two must give the same numbers.
 *
 *   node scripts/build.mjs bench:evaluation worker && node dist/bench/evaluation.js [words] [dim]
 *
 * Needs ../shared/data/eval (skips with a message when absent).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { evaluateWordPairs, parseWordPairs } from '../extension/core/eval/wordPairs';
import { WordVectors } from '../extension/core/vectors/WordVectors';
import { evaluateFiles, presetOptions } from '../extension/dashboard/evaluationQueries';
import { measureStall } from './lib/stallMeter';
import { shareVectors, VectorQueries } from '../extension/vectors/vectorQueries';

const dataDir = join(__dirname, '../../../shared/data/eval');
const files = ['wordsim353.tsv', 'simlex999.txt'].map((f) => join(dataDir, f));
const N = Number(process.argv[2] ?? 400_000);
const DIM = Number(process.argv[3] ?? 300);

const stall = measureStall;

async function main(): Promise<void> {
  if (!files.every(existsSync)) {
    console.log(`skipped: ${dataDir} has no wordsim353.tsv / simlex999.txt`);
    return;
  }
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const pairs = texts.map((t, i) => parseWordPairs(t, files[i]));
  const known = [...new Set(pairs.flat().flatMap((p) => [p.a.toLowerCase(), p.b.toLowerCase()]))];
  const words = [...known, ...Array.from({ length: N - known.length }, (_, i) => `w${i}`)];
  let s = 1;
  const vectors = Float32Array.from({ length: N * DIM }, () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 8) / 2 ** 24 - 0.5; });
  console.log(`model: ${N} words x ${DIM} (${(vectors.byteLength / 2 ** 20).toFixed(0)} MB), preset gensim (restrict 300,000); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  // Each side on a fresh model object (the unit rows are computed on first use and cached); the
  // tab first, so that the peer's garbage (its unit rows) is not collected during the tab's run.
  const queries = new VectorQueries(shareVectors(new WordVectors(words, DIM, vectors)));
  await queries.ready;
  const ours = await stall(() => evaluateFiles(queries, files, 'gensim'));
  queries.dispose();
  const peer = await stall(async () => {
    const wv = new WordVectors(words, DIM, vectors);
    return pairs.map((p) => evaluateWordPairs(wv, p, presetOptions('gensim')));
  });
  const same = ours.result.every((o, i) => 'pairs' in o && o.pairs.spearman === peer.result[i].spearman && o.pairs.oov === peer.result[i].oov);
  for (const [name, r] of [['on this thread (peer)', peer], ['the tab (worker)', ours]] as const) {
    console.log(`${name.padEnd(22)} longest stall of this thread ${r.maxStallMs.toFixed(1)} ms, ${r.seconds.toFixed(2)} s in all`);
  }
  console.log(`stall ratio peer / tab: ${(peer.maxStallMs / Math.max(ours.maxStallMs, 0.1)).toFixed(1)}x; same Spearman and OOV: ${same}`);
  console.log(peer.result.map((r, i) => `${files[i].split('/').pop()}: Spearman ${r.spearman.toFixed(4)}, ${r.pairs} pairs, ${r.oov} OOV`).join('; '));
  if (!same) process.exitCode = 1;
}

main().catch((e) => { console.error(e); process.exit(1); });
