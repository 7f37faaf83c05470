/**
 * Peak memory on a large generated corpus: writes a Zipf-distributed corpus of
 * the given size to a temp folder, trains it with the CLI (a child process, 1 epoch, binary
 * output) and reports the whole process's peak RSS (the CLI's --stats-json peakRssBytes) next to
 * the corpus size, then deletes the corpus.
 *
 *   npm run build && node dist/bench/bigcorpus.js [--mb 1024] [--vocab 200000] [--threads 2]
 *
 * Heavy: run it under the machine-wide lock (flock /tmp/w2v-heavy.lock ...).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

async function writeCorpus(path: string, bytes: number, vocab: number): Promise<void> {
  const cum = new Float64Array(vocab);
  let t = 0;
  for (let i = 0; i < vocab; i++) cum[i] = t += 1 / (i + 1);
  let s = 12345;
  const out = createWriteStream(path);
  let written = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let l = 0; l < 5000; l++) {
      const words: string[] = [];
      for (let w = 0; w < 20; w++) {
        s = (s * 48271) % 2147483647;
        const r = (s / 2147483647) * t;
        let lo = 0, hi = vocab - 1;
        while (lo < hi) { const m = (lo + hi) >> 1; if (cum[m] < r) lo = m + 1; else hi = m; }
        words.push('w' + lo.toString(36));
      }
      lines.push(words.join(' '));
    }
    const chunk = lines.join('\n') + '\n';
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

async function main(): Promise<void> {
  const mb = arg('mb', 1024), vocab = arg('vocab', 200_000), threads = arg('threads', 2);
  const dir = mkdtempSync(join(tmpdir(), 'w2v-bigcorpus-'));
  try {
    const corpus = join(dir, 'corpus.txt');
    const t0 = Date.now();
    await writeCorpus(corpus, mb * 2 ** 20, vocab);
    const size = statSync(corpus).size;
    console.log(`corpus: ${(size / 2 ** 20).toFixed(0)} MB written in ${((Date.now() - t0) / 1000).toFixed(0)} s; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    const stats = join(dir, 'stats.json');
    const r = spawnSync(process.execPath, [join(__dirname, '..', 'cli.js'), 'train', corpus, '--out', join(dir, 'v.bin'), '--epochs', '1',
      '--threads', String(threads), '-q', '--stats-json', stats], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`w2v train exited ${r.status}`);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    console.log(`trained ${s.wordsProcessed.toLocaleString('en-US')} words (vocabulary ${s.vocabSize.toLocaleString('en-US')}) in ${s.seconds.toFixed(0)} s ` +
      `(${Math.round(s.wordsProcessed / s.seconds / 1000)}k words/s in all, ${s.trainWordsPerSec ? Math.round(s.trainWordsPerSec / 1000) : '?'}k training alone; corpus ${s.corpusInMemory === false ? 're-read every epoch' : 'held in memory'}); ` +
      `peak RSS ${(s.peakRssBytes / 2 ** 20).toFixed(0)} MB for a ${(size / 2 ** 20).toFixed(0)} MB corpus (${(s.peakRssBytes / size).toFixed(2)}x); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
