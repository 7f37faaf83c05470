import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readVectors } from '../../extension/core/vectors/readVectors';
import { topicCorpus } from './topicCorpus';

// The `w2v` CLI as a user runs it: `node dist/cli.js ...` in a child process.
const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'w2v-cli-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

before(() => {
  // `npm test` builds everything first; when this file runs alone, build the CLI and its workers.
  if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'cli', 'worker'], { stdio: 'inherit', cwd: root });
});

function w2v(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A user error: the given exit code and exactly one line on stderr matching `pattern`, no stack trace. */
function fails(args: string[], code: number, pattern: RegExp): void {
  const r = w2v(...args);
  assert.equal(r.code, code, `w2v ${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/);
}

test('help: w2v --help and w2v <command> --help exit 0; no command prints usage and exits 2', () => {
  const main = w2v('--help');
  assert.equal(main.code, 0);
  for (const c of ['train', 'neighbours', 'analogy', 'eval', 'sentiment']) assert.match(main.stdout, new RegExp(`\\b${c}\\b`));
  for (const c of ['train', 'neighbours', 'analogy', 'eval']) {
    const r = w2v(c, '--help');
    assert.equal(r.code, 0, c);
    assert.match(r.stdout, new RegExp(`^Usage: w2v ${c}`), c);
  }
  assert.match(w2v('train', '--help').stdout, /--min-count N .*Range 1\.\.1000000000/);
  const none = w2v();
  assert.equal(none.code, 2);
  assert.match(none.stdout, /^Usage: w2v <command>/);
});

test('usage errors: unknown command or flag, bad or out-of-range values, missing arguments (exit 2)', () => {
  const corpus = file('c.txt', topicCorpus(20));
  fails(['frobnicate'], 2, /unknown command "frobnicate"/);
  fails(['train', corpus, '--out', 'v.txt', '--bogus', '3'], 2, /Unknown flag --bogus for "w2v train"; see w2v train --help/);
  fails(['neighbours', 'v.txt', 'cat', '-z'], 2, /Unknown flag -z/);
  fails(['train', corpus, '--out', 'v.txt', '--dim', '0'], 2, /--dim 0 is out of range: it must be an integer from 1 to 1000/);
  fails(['train', corpus, '--out', 'v.txt', '--window', '2.5'], 2, /--window 2\.5 is out of range: it must be an integer/);
  fails(['train', corpus, '--out', 'v.txt', '--sample', '2'], 2, /--sample 2 is out of range: it must be a number from 0 to 1/);
  fails(['train', corpus, '--out', 'v.txt', '--alpha', 'fast'], 2, /--alpha needs a number, got "fast"/);
  fails(['train', corpus, '--out', 'v.txt', '--model', 'glove'], 2, /--model "glove" is not one of: skipgram, cbow/);
  fails(['train', corpus, '--out', 'v.txt', '--epochs'], 2, /--epochs needs a value/);
  fails(['train', corpus], 2, /Missing --out FILE/);
  fails(['train'], 2, /Missing <corpus>/);
  fails(['train', corpus, '--out', dir], 2, /is a directory/);
  fails(['train', corpus, '--out', join(dir, 'no/such/folder/v.txt')], 2, /the folder .* does not exist/);
  fails(['train', corpus, '--out', corpus], 2, /is the corpus .*inputs are never overwritten/);
  fails(['analogy', 'v.txt', 'a', 'b'], 2, /Missing <c>/);
  fails(['neighbours', 'v.txt', 'a', 'b'], 2, /Unexpected argument "b"/);
  fails(['eval', 'v.txt'], 2, /Nothing to evaluate/);
});

test('corpus errors: missing, a directory, empty, binary, too few distinct words (exit 1)', () => {
  const out = join(dir, 'v.txt');
  fails(['train', join(dir, 'nope.txt'), '--out', out], 1, /nope\.txt: no such corpus file \(it does not exist\)/);
  mkdirSync(join(dir, 'folder'), { recursive: true });
  fails(['train', join(dir, 'folder'), '--out', out], 1, /folder is a directory/);
  fails(['train', file('empty.txt', ''), '--out', out], 1, /empty/);
  fails(['train', file('blob.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))), '--out', out], 1, /does not look like|NUL|not .*text/);
  fails(['train', file('tiny.txt', 'one two three\n'), '--out', out, '--min-count', '1'], 1, /has 3 distinct words; window 5 and 5 negatives need at least 12\. Use a larger corpus\./);
  assert.ok(!existsSync(out), 'no vectors written on error');
});

test('vector file errors: missing, malformed (names the line), unknown word (exit 1)', () => {
  fails(['neighbours', join(dir, 'none.txt'), 'cat'], 1, /none\.txt: no such vectors file/);
  fails(['neighbours', file('bad.txt', '2 3\ncat 1 2 3\ndog 1 2\n'), 'cat'], 1, /bad\.txt, line 3: expected 3 numbers after the word "dog", found 2/);
  fails(['neighbours', file('nohead.txt', 'cat dog 3\n'), 'cat'], 1, /nohead\.txt, line 1: not a vectors file we know/);
  fails(['neighbours', file('ok.txt', '2 2\ncat 1 0\ndog 0 1\n'), 'emu'], 1, /"emu" is not in the vocabulary \(2 words\)/);
  fails(['eval', join(dir, 'ok.txt'), '--similarity', join(dir, 'none.tsv')], 1, /none\.tsv: no such word-pair file/);
  fails(['eval', join(dir, 'ok.txt'), '--analogy', file('q.txt', 'cat dog\n')], 1, /q\.txt, line 1: expected a question "a b c d"/);
});

test('neighbours, analogy and eval print their results', () => {
  const p = file('toy.txt', '5 3\nman 0 0 1\nwoman 0 1 1\nking 1 0 1\nqueen 1 1 1\napple 0 0 -1\n');
  const n = w2v('neighbours', p, 'King', '-k', '2');
  assert.equal(n.code, 0, n.stderr);
  assert.equal(n.stdout, `queen\t${(2 / Math.sqrt(6)).toFixed(4)}\nman\t${Math.SQRT1_2.toFixed(4)}\n`);
  const a = w2v('analogy', p, 'man', 'king', 'woman', '-k', '1');
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /^queen\t0\.\d{4}\n$/);
  const pairs = file('pairs.tsv', '# w1 w2 score\nking\tqueen\t9\nman\tapple\t0\nking\tapple\t1\nman\temu\t5\n');
  const q = file('questions.txt', ': royal\nman king woman queen\nman woman king queen\n: other\nman king woman emu\n');
  const e = w2v('eval', p, '--similarity', pairs, '--analogy', q, '--json');
  assert.equal(e.code, 0, e.stderr);
  const j = JSON.parse(e.stdout);
  assert.equal(j.similarity[0].spearman, 1);
  assert.equal(j.similarity[0].oov, 1);
  assert.deepEqual(j.analogy[0].overall, { section: 'overall', correct: 2, total: 2, skipped: 1, accuracy: 1 });
  const text = w2v('eval', p, '--similarity', pairs, '--analogy', q);
  assert.match(text.stdout, /pairs\.tsv: Spearman 1\.0000 on 3 pairs; 1 pairs out of vocabulary \(25\.0%\)/);
  assert.match(text.stdout, /royal\s+100\.0%\s+\(2\/2; 0 skipped\)/);
});

test('train end to end: topic words become neighbours; summary, stats JSON, text and binary output', () => {
  const corpus = file('topics.txt', topicCorpus(600));
  for (const out of ['topics.txt.vec', 'topics.bin']) {
    const stats = join(dir, `${out}.json`);
    const r = w2v('train', corpus, '--out', out, '--dim', '16', '--min-count', '1', '--epochs', '3', '--threads', '1',
      '--seed', '7', '--sample', '0', '--window', '3', '--stats-json', stats);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /vocabulary\s+16 words/);
    assert.match(r.stdout, /words trained\s+[\d,]+/);
    assert.match(r.stdout, /final loss\s+\d+\.\d+/);
    assert.match(r.stdout, new RegExp(`vectors\\s+${out.replace('.', '\\.')} \\(${out.endsWith('.bin') ? 'binary' : 'fasttext'}\\)`));
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    for (const key of ['finalLoss', 'peakRssBytes', 'seconds', 'vocabSize', 'wordsPerSec', 'wordsProcessed']) assert.equal(typeof s[key], 'number', key);
    assert.ok(Math.abs(s.wordsPerSec - s.wordsProcessed / s.seconds) < 1e-6 * s.wordsPerSec);
    assert.equal(s.vocabSize, 16);
    assert.equal(s.wordsProcessed, 600 * 12 * 3);
    assert.ok(s.peakRssBytes > 10e6 && s.wordsPerSec > 0);
    const n = w2v('neighbours', out, 'cat', '-k', '7');
    assert.equal(n.code, 0, n.stderr);
    const got = n.stdout.trim().split('\n').map((l) => l.split('\t')[0]);
    assert.deepEqual(got.sort(), ['bark', 'dog', 'fur', 'kitten', 'paw', 'pet', 'puppy'], `neighbours of cat: ${n.stdout}`);
  }
});

test('Ctrl-C stops training and still writes the vectors trained so far', { timeout: 120_000 }, async () => {
  const corpus = file('long.txt', topicCorpus(4000));
  const out = join(dir, 'interrupted.txt');
  const child = spawn(process.execPath, [cli, 'train', corpus, '--out', out, '--dim', '16', '--min-count', '1', '--epochs', '1000', '--threads', '1'], { cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    // Interrupt once training is under way (the first progress line).
    if (/progress/.test(stderr) && !child.killed) child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 130, `exit ${code}; stderr: ${stderr}`);
  assert.match(stdout, /^Cancelled:/);
  const wv = await readVectors(out);
  assert.equal(wv.size, 16);
  assert.ok(wv.vectors.every(Number.isFinite));
});
