import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserInputError } from '../../extension/core/errors';
import { guardOutputs } from '../../extension/core/util/outputGuard';
import { atomicWriteFile, removeStaleTempFiles } from '../../extension/core/util/atomicWrite';
import { readVectors } from '../../extension/core/vectors/readVectors';
import { startTraining } from '../../extension/core/train/index';
import type { TrainProgress } from '../../extension/core/train/types';
import { fitSoftmaxRegression, runSentimentSweep } from '../../extension/core/sentiment/sweep';
import { parseLabeledText } from '../../extension/core/sentiment/load';
import type { FeatureSet, SweepInput } from '../../extension/core/sentiment/types';
import { tokenizeLine, wordAt } from '../../extension/core/text/tokenize';
import { pearson, spearman } from '../../extension/core/eval/spearman';
import { parseWordPairs } from '../../extension/core/eval/wordPairs';
import { parseAnalogies } from '../../extension/core/eval/analogies';
import { topicCorpus } from './topicCorpus';

// Issue 12 as a careless or hostile user tries it: the `w2v` CLI in a child process on real
// files, links, FIFOs and sockets made in a temp folder, and the core modules it uses.
const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'w2v-reliability-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, content);
  return p;
};
const fifo = (name: string): string => {
  const p = join(dir, name);
  execFileSync('mkfifo', [p]);
  return p;
};

before(() => {
  if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'cli', 'worker'], { stdio: 'inherit', cwd: root });
});

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

function w2v(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/** Refused: exit `code`, one line on stderr matching `pattern`, no stack trace. */
function refused(args: string[], code: number, pattern: RegExp): Run {
  const r = w2v(args);
  assert.equal(r.code, code, `w2v ${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/);
  return r;
}


/** Zipf-distributed words (word i with weight 1/(i+1)) in lines of 20: a corpus shaped like text. */
function zipfCorpus(words: number, vocab: number, seed = 1): string {
  let s = seed;
  const rand = (): number => (s = (s * 48271) % 2147483647) / 2147483647;
  const cum = new Float64Array(vocab);
  let t = 0;
  for (let i = 0; i < vocab; i++) cum[i] = t += 1 / (i + 1);
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = rand() * t;
    let lo = 0, hi = vocab - 1;
    while (lo < hi) { const m = (lo + hi) >> 1; if (cum[m] < r) lo = m + 1; else hi = m; }
    out.push('w' + lo.toString(36), i % 20 === 19 ? '\n' : ' ');
  }
  return out.join('');
}

const fingerprint = (p: string): string => `${readFileSync(p).toString('base64')}|${statSync(p).mtimeMs}`;

/** Starts `w2v args` and calls `onLine(stderrSoFar, child)` as stderr grows; resolves when it exits. */
function running(args: string[], onStderr: (stderr: string, child: ChildProcess) => void, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, ...env } });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => { stderr += d; onStderr(stderr, child); });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 })));
}

const TRAIN_FAST = ['--dim', '8', '--min-count', '1', '--epochs', '1', '--threads', '1', '-q'];

test('outputs never reach an input: same path, hard link, symlinked folder, symlink, two outputs the same file', () => {
  const corpus = file('in/corpus.txt', topicCorpus(200));
  const before = fingerprint(corpus);
  linkSync(corpus, join(dir, 'hardlink.txt'));
  symlinkSync(join(dir, 'in'), join(dir, 'linked-folder'));
  symlinkSync(corpus, join(dir, 'symlink.txt'));
  refused(['train', corpus, '--out', corpus, ...TRAIN_FAST], 2, /--out .*corpus\.txt is the corpus .*inputs are never overwritten/);
  refused(['train', corpus, '--out', join(dir, 'hardlink.txt'), ...TRAIN_FAST], 2, /--out .*hardlink\.txt is the corpus .*the same file through a link/);
  refused(['train', corpus, '--out', join(dir, 'linked-folder/corpus.txt'), ...TRAIN_FAST], 2, /is the corpus/);
  refused(['train', corpus, '--out', join(dir, 'symlink.txt'), ...TRAIN_FAST], 2, /is the corpus/);
  refused(['train', corpus, '--out', 'x.txt', '--stats-json', join(dir, 'in/../x.txt'), ...TRAIN_FAST], 2, /--stats-json .* and --out x\.txt are the same file/);
  refused(['train', corpus, '--out', 'v.txt', '--stats-json', corpus, ...TRAIN_FAST], 2, /--stats-json .* is the corpus/);
  assert.equal(fingerprint(corpus), before, 'the corpus is untouched');
  assert.ok(!existsSync(join(dir, 'x.txt')));
});

test('sentiment --json naming one of its inputs (directly or through a hard link) is refused, the file untouched', () => {
  const vec = file('s/vec.txt', '4 2\ngood 1 0\nbad -1 0\nfilm 0 1\nplot 0 -1\n');
  const train = file('s/train.txt', '1 good film\n0 bad film\n1 good plot\n0 bad plot\n');
  const dev = file('s/dev.txt', '1 good\n0 bad\n');
  const test_ = file('s/test.txt', '1 good film\n0 bad plot\n');
  linkSync(vec, join(dir, 's/vec-link.json'));
  const args = ['sentiment', '--vectors', vec, '--train', train, '--dev', dev, '--test', test_, '--regs', '0', '-q'];
  const before = [vec, train, dev, test_].map(fingerprint);
  refused([...args, '--json', train], 2, /--json .*train\.txt is --train .*inputs are never overwritten/);
  refused([...args, '--json', join(dir, 's/vec-link.json')], 2, /--json .*vec-link\.json is --vectors .*through a link/);
  assert.deepEqual([vec, train, dev, test_].map(fingerprint), before);
  const ok = w2v([...args, '--json', join(dir, 's/result.json')]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, 's/result.json'), 'utf8')).numClasses, 2);
});

test('an output that is a FIFO, a device or a socket is refused and stays what it was', async () => {
  const corpus = file('dev/corpus.txt', topicCorpus(200));
  const pipe = fifo('dev/out.fifo');
  refused(['train', corpus, '--out', pipe, ...TRAIN_FAST], 2, /out\.fifo is a FIFO \(named pipe\), not a regular file; it will not be replaced/);
  assert.ok(statSync(pipe).isFIFO());
  refused(['train', corpus, '--out', 'v.txt', '--stats-json', '/dev/null', ...TRAIN_FAST], 2, /\/dev\/null is a character device/);
  assert.ok(statSync('/dev/null').isCharacterDevice());
  const sock = join(dir, 'dev/out.sock');
  const server = createServer();
  await new Promise<void>((r) => server.listen(sock, r));
  try {
    refused(['train', corpus, '--out', sock, ...TRAIN_FAST], 2, /out\.sock is a socket/);
    assert.ok(statSync(sock).isSocket());
  } finally {
    server.close();
  }
  // The library refuses too (the extension's exports call the same functions).
  await assert.rejects(atomicWriteFile(pipe, 'x'), (e) => e instanceof UserInputError && /not a regular file/.test(e.message));
  await assert.rejects(guardOutputs([], [{ flag: 'export', path: pipe }]), UserInputError);
});

test('a folder that cannot be written is refused before training, not after', () => {
  const corpus = file('ro/corpus.txt', topicCorpus(200));
  // Running as root, permissions do not stop writes; /proc refuses new files to everyone.
  if (!existsSync('/proc/self')) return;
  const r = refused(['train', corpus, '--out', '/proc/vectors.txt', '--epochs', '50'], 2, /cannot write in the folder \/proc/);
  assert.doesNotMatch(r.stderr, /Vocabulary/);
});

test('inputs that are FIFOs (no writer) or devices are refused at once, never waited on', () => {
  const pipe = fifo('fifo-in');
  const vec = file('fifo/vec.txt', '2 2\ncat 1 0\ndog 0 1\n');
  for (const [args, pattern] of [
    [['train', pipe, '--out', 'v.txt'], /fifo-in is a FIFO \(named pipe\), not a regular file; save its content to a file/],
    [['train', '/dev/zero', '--out', 'v.txt'], /\/dev\/zero is a device, not a regular file/],
    [['neighbours', pipe, 'cat'], /fifo-in is a FIFO/],
    [['eval', vec, '--similarity', pipe], /fifo-in is a FIFO/],
    [['sentiment', '--vectors', vec, '--train', pipe, '--dev', pipe, '--test', pipe], /fifo-in is a FIFO/],
  ] as [string[], RegExp][]) {
    const r = refused(args, 1, pattern);
    assert.ok(r.ms < 10_000, `${args.join(' ')} took ${r.ms} ms`);
  }
});

test('a write that fails at the end of a run goes to a rescue file the message names (exit 1, no stack)', async () => {
  const outDir = join(dir, 'vanishing');
  mkdirSync(outDir);
  const rescueDir = join(dir, 'rescue-tmp');
  mkdirSync(rescueDir);
  const corpus = file('long.txt', topicCorpus(4000));
  const r = await running(['train', corpus, '--out', join(outDir, 'v.txt'), '--dim', '8', '--min-count', '1', '--epochs', '1000', '--threads', '1'], (stderr, child) => {
    // Training is under way: the output folder disappears, then the user stops the run.
    if (/progress/.test(stderr) && existsSync(outDir)) {
      rmSync(outDir, { recursive: true });
      child.kill('SIGINT');
    }
  }, { TMPDIR: rescueDir });
  assert.equal(r.code, 1, r.stderr);
  const rescued = readdirSync(rescueDir).filter((f) => f.startsWith('w2v-rescued-'));
  assert.equal(rescued.length, 1, `rescue files: ${rescued}`);
  assert.match(r.stderr, new RegExp(`Cannot write .*v\\.txt: its folder no longer exists \\(ENOENT\\)\\. The vectors were saved to ${join(rescueDir, rescued[0]).replace(/[.]/g, '\\.')} instead`));
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const wv = await readVectors(join(rescueDir, rescued[0]));
  assert.equal(wv.size, 16);
});

test('a diverging run writes the last good vectors and says so; an exploding loss is divergence with the rate to try', async () => {
  const corpus = file('zipf.txt', zipfCorpus(400_000, 5000));
  // word2vec.c's CBOW update at alpha 0.5: the weights stay finite but the loss explodes (ended "Done" with ~1e36 before).
  const exploded = w2v(['train', corpus, '--out', 'exploded.txt', '--model', 'cbow', '--cbow-update', 'word2vec', '--alpha', '0.5', '--min-count', '1', '--epochs', '1', '--threads', '1', '-q']);
  assert.equal(exploded.code, 1, exploded.stderr);
  assert.match(exploded.stderr, /Training diverged \(the loss exploded to [\d.e+]+, above 41\.6, ten times that of the untrained model\) .* Try a smaller learning rate \(alpha\), e\.g\. 0\.05\. Wrote them to exploded\.txt\./);
  assert.doesNotMatch(exploded.stdout, /Done/);
  // Skip-gram at alpha 0.5 too (it ended "Done" with a loss near 1e35 before).
  const explodedSg = w2v(['train', corpus, '--out', 'exploded-sg.txt', '--model', 'skipgram', '--alpha', '0.5', '--min-count', '1', '--epochs', '1', '--threads', '1', '-q']);
  assert.equal(explodedSg.code, 1, explodedSg.stderr);
  assert.match(explodedSg.stderr, /Training diverged \(the loss exploded to [\d.e+]+, above 41\.6/);
  // alpha 4: NaN within the first words; the vectors written are finite.
  const nan = w2v(['train', corpus, '--out', 'nan.txt', '--alpha', '4', '--min-count', '1', '--epochs', '1', '--threads', '1', '-q']);
  assert.equal(nan.code, 1, nan.stderr);
  assert.match(nan.stderr, /infinite or NaN.*Try a smaller learning rate \(alpha\), e\.g\. 0\.4\. Wrote them to nan\.txt\./);
  for (const f of ['exploded.txt', 'nan.txt']) {
    const wv = await readVectors(join(dir, f));
    assert.ok(wv.size > 4000 && wv.vectors.every(Number.isFinite), f);
  }
  // The default rates are not flagged.
  for (const model of ['skipgram', 'cbow']) {
    const fine = w2v(['train', corpus, '--out', 'fine.txt', '--model', model, '--min-count', '1', '--epochs', '1', '--threads', '1', '-q']);
    assert.equal(fine.code, 0, fine.stderr);
  }
});

test('SIGTERM stops like Ctrl-C and writes what was trained (exit 143)', async () => {
  const corpus = file('long2.txt', topicCorpus(4000));
  const out = join(dir, 'terminated.txt');
  const r = await running(['train', corpus, '--out', out, '--dim', '8', '--min-count', '1', '--epochs', '1000', '--threads', '1'], (stderr, child) => {
    if (/progress/.test(stderr) && !child.killed) child.kill('SIGTERM');
  });
  assert.equal(r.code, 143, r.stderr);
  assert.match(r.stdout, /^Cancelled:/);
  assert.equal((await readVectors(out)).size, 16);
});

test('Ctrl-C while writing: once finishes the write; twice abandons it, leaves the old file and no temp file', async () => {
  const corpus = file('w/zipf.txt', zipfCorpus(100_000, 8000, 3));
  // A large text file (~6k words x 800 dims, 60 MB) takes a few seconds to write.
  const args = (out: string): string[] => ['train', corpus, '--out', out, '--dim', '800', '--min-count', '1', '--epochs', '1', '--threads', '2', '--sample', '0'];
  const out = join(dir, 'w/big.txt');
  const once = await running(args(out), (stderr, child) => {
    if (/Writing the vectors/.test(stderr) && !child.killed) child.kill('SIGINT');
  });
  assert.equal(once.code, 0, once.stderr);
  assert.match(once.stderr, /Finishing writing the vectors to .*big\.txt/);
  const wv = await readVectors(out);
  assert.equal(wv.dim, 800);
  const before = fingerprint(out);
  let sent = 0;
  const twice = await running(args(out), (stderr, child) => {
    if (/Writing the vectors/.test(stderr) && sent === 0) { sent++; child.kill('SIGINT'); }
    if (/Finishing writing/.test(stderr) && sent === 1) { sent++; child.kill('SIGINT'); }
  });
  assert.equal(twice.code, 130, twice.stderr);
  assert.match(twice.stderr, /interrupted while writing .*big\.txt; it was left as it was/);
  assert.equal(fingerprint(out), before, 'the previous file is intact');
  assert.deepEqual(readdirSync(join(dir, 'w')).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
});

test('temp files of killed runs are removed by the next write of the same file', async () => {
  const d = join(dir, 'stale');
  mkdirSync(d);
  // A process id that is not running (pid_max is at most 2^22 on Linux).
  const stale = join(d, '.v.txt.4194999.0badcafe.tmp');
  const mine = join(d, `.v.txt.${process.pid}.0badcafe.tmp`);
  const other = join(d, '.w.txt.4194999.0badcafe.tmp');
  for (const p of [stale, mine, other]) writeFileSync(p, 'partial');
  assert.equal(await removeStaleTempFiles(join(d, 'v.txt')), 1);
  assert.ok(!existsSync(stale) && existsSync(mine) && existsSync(other));
  rmSync(mine);
  // Through the CLI: a run killed with SIGKILL while writing, then a normal run.
  const corpus = file('stale/corpus.txt', topicCorpus(200));
  writeFileSync(stale, 'partial');
  const r = w2v(['train', corpus, '--out', join(d, 'v.txt'), ...TRAIN_FAST]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!existsSync(stale));
});

test('messages point to the fix: too few words names the window and negatives that fit, not min-count', () => {
  const ten = file('msg/ten.txt', Array.from({ length: 50 }, (_, i) => 'a b c d e f g h i j'.split(' ').sort(() => ((i * 7) % 3) - 1).join(' ')).join('\n'));
  refused(['train', ten, '--out', 'v.txt', '--min-count', '1'], 1,
    /has 10 distinct words; window 5 and 5 negatives need at least 12\. Use window 3 or less, negative 3 or less or a larger corpus\.$/);
  // min-count is suggested only when lowering it would keep enough words.
  refused(['train', ten, '--out', 'v.txt', '--min-count', '1000'], 1, /0 distinct words seen at least 1000 times; .*Use a larger corpus\.$/);
  const many = file('msg/many.txt', topicCorpus(20) + 'x1 x2 x3 x4 x5 x6 x7 x8 x9 x10\n');
  refused(['train', many, '--out', 'v.txt', '--min-count', '1000'], 1, /Use a lower --min-count \(the corpus has 26 distinct words in all\) or a larger corpus\.$/);
});

test('cancel() ends a run within a second while reading (empty result) and while training (vectors so far)', async () => {
  // 400k lines of 12 words: several seconds of reading on this machine.
  const text = zipfCorpus(4_000_000, 200_000, 5);
  const cancelAt = async (phase: TrainProgress['phase']): Promise<{ ms: number; words: number; stop: string; vectors: number }> => {
    let at = 0;
    const run = startTraining({ kind: 'text', name: 'zipf', text }, { dim: 8, minCount: 1, epochs: 50, threads: 1 }, {
      onProgress: (p) => { if (p.phase === phase && at === 0) { at = performance.now(); run.cancel(); } },
    });
    const r = await run.result;
    assert.ok(at > 0, `never reached the ${phase} phase`);
    return { ms: performance.now() - at, words: r.words.length, stop: r.stopReason, vectors: r.vectors.length };
  };
  const reading = await cancelAt('vocab');
  assert.deepEqual({ words: reading.words, stop: reading.stop, vectors: reading.vectors }, { words: 0, stop: 'cancelled', vectors: 0 });
  assert.ok(reading.ms < 1000, `cancelled while reading: ended after ${reading.ms.toFixed(0)} ms`);
  const training = await cancelAt('train');
  assert.equal(training.stop, 'cancelled');
  assert.ok(training.words > 100_000 && training.vectors === training.words * 8);
  assert.ok(training.ms < 1000, `cancelled while training: ended after ${training.ms.toFixed(0)} ms`);
});

test('bad numbers: the classifier refuses NaN or infinite features, naming the sentence, instead of "converging"', () => {
  const set = (name: string, x: number[], y: number[]): FeatureSet => ({
    name, n: y.length, dim: 2, x: Float64Array.from(x), y: Int32Array.from(y), noKnownWord: 0, knownTokens: y.length, tokens: y.length,
  });
  const good = set('train.txt', [1, 0, -1, 0, 1, 1, -1, -1], [1, 0, 1, 0]);
  const input = { numClasses: 2, train: good, dev: good, test: good, regs: [0, 1e-3] };
  assert.equal(runSentimentSweep(input).devAccuracy, 1);
  for (const bad of [NaN, Infinity, -Infinity]) {
    const poisoned = set('dev.txt', [1, 0, -1, 0, 1, bad, -1, -1], [1, 0, 1, 0]);
    assert.throws(() => runSentimentSweep({ ...input, dev: poisoned }),
      (e) => e instanceof UserInputError && new RegExp(`dev\\.txt sentence 3: its feature 2 is ${String(bad)}\\. The word vectors hold NaN or infinite values`).test(e.message));
    assert.throws(() => fitSoftmaxRegression({ ...poisoned, name: 'train.txt' }, 2, 0), (e) => e instanceof UserInputError && /train\.txt sentence 3/.test(e.message));
  }
  assert.throws(() => runSentimentSweep({ ...input, train: set('train.txt', [1, 0, -1, 0], [1, 7]) }), (e) => e instanceof UserInputError && /label 7 is not a class 0\.\.1/.test(e.message));
});

test('library functions given the wrong type throw a UserInputError naming the argument (no empty array, no silent NaN)', () => {
  const wrong: [string, () => unknown, RegExp][] = [
    ['tokenizeLine(42)', () => tokenizeLine(42 as unknown as string), /tokenizeLine\(line\) must be a string, got 42/],
    ['tokenizeLine(undefined)', () => tokenizeLine(undefined as unknown as string), /must be a string, got undefined/],
    ['wordAt(null, 0)', () => wordAt(null as unknown as string, 0), /wordAt\(line, offset\): line must be a string, got null/],
    ['wordAt("a", NaN)', () => wordAt('a', NaN), /offset must be a finite number, got NaN/],
    ['spearman("abc", "abd")', () => spearman('abc' as unknown as number[], 'abd' as unknown as number[]), /spearman\(xs, ys\): xs must be an array of numbers, got string/],
    ['spearman([1, NaN], [1, 2])', () => spearman([1, NaN], [1, 2]), /xs\[1\] is NaN/],
    ['pearson([1, "2"], [1, 2])', () => pearson([1, '2'] as unknown as number[], [1, 2]), /pearson\(xs, ys\): xs\[1\] must be a number, got string/],
    ['pearson([1, 2], [1])', () => pearson([1, 2], [1]), /2 xs but 1 ys/],
    ['parseWordPairs(Buffer)', () => parseWordPairs(Buffer.from('a b 1') as unknown as string, 'f'), /parseWordPairs\(text, name\): text must be a string, got Buffer/],
    ['parseAnalogies(undefined)', () => parseAnalogies(undefined as unknown as string, 'f'), /parseAnalogies\(text, name\): text must be a string/],
    ['parseLabeledText({})', () => parseLabeledText({} as unknown as string, 'f', tokenizeLine), /text must be a string, got object/],
    ['runSentimentSweep(null)', () => runSentimentSweep(null as unknown as SweepInput), /needs an object/],
    ['runSentimentSweep(numClasses "2")', () => runSentimentSweep({ numClasses: '2' } as unknown as SweepInput), /numClasses must be an integer >= 2, got 2/],
  ];
  for (const [call, fn, pattern] of wrong) {
    assert.throws(fn, (e) => (e instanceof UserInputError && pattern.test(e.message)) || assert.fail(`${call}: ${String(e)}`), call);
  }
});
