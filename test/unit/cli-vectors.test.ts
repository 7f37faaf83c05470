import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readVectors } from '../../extension/core/vectors/readVectors';

// The vector-file and query commands of the `w2v` CLI as a user runs them, in a child process.
const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'w2v-cli-vectors-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
before(() => {
  if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'cli'], { stdio: 'inherit', cwd: root });
});
function w2v(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The toy model of the query tests, in word2vec text: king - man + woman = queen. */
const TOY = ['8 4', 'man 0 0 1 0', 'woman 0 1 1 0', 'king 1 0 1 0', 'queen 1 1 1 0', 'apple 0 0 0 1', 'pear 0 0.1 0 1', 'prince 1 0 1.2 0', 'princess 1 1.1 1.2 0', ''].join('\n');

test('convert: text -> binary -> fastText -> GloVe -> Projector TSV -> text keeps every word and float32 bit', async () => {
  const src = file('toy.txt', TOY);
  const chain = ['toy.bin', 'toy.vec', 'toy.glove', 'toy-vectors.tsv', 'back.txt'];
  const to: Record<string, string[]> = { 'toy.glove': ['--to', 'glove'] };
  let prev = src;
  for (const name of chain) {
    const r = w2v('convert', prev, join(dir, name), ...(to[name] ?? []));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /8 words x 4 dimensions/);
    prev = join(dir, name);
  }
  assert.ok(existsSync(join(dir, 'toy-metadata.tsv')));
  const a = await readVectors(src);
  const b = await readVectors(prev);
  assert.deepEqual(b.words, a.words);
  assert.deepEqual(Buffer.from(b.vectors.buffer, b.vectors.byteOffset, b.vectors.byteLength), Buffer.from(a.vectors.buffer, a.vectors.byteOffset, a.vectors.byteLength));
  assert.equal(readFileSync(join(dir, 'back.txt'), 'utf8'), TOY.replace(/ 0\.1 /, ' 0.1 '));
});

test('convert never overwrites its input, also through a hard link; --limit and --format apply', () => {
  const src = file('in.txt', TOY);
  linkSync(src, join(dir, 'same.txt'));
  const r = w2v('convert', src, join(dir, 'same.txt'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /the output .*same\.txt is the input .*in\.txt \(the same file through a link\); inputs are never overwritten/);
  // The Projector's words are an input too.
  writeFileSync(join(dir, 'p-vectors.tsv'), '1\t2\n');
  writeFileSync(join(dir, 'p-metadata.tsv'), 'a\n');
  const m = w2v('convert', join(dir, 'p-vectors.tsv'), join(dir, 'q-vectors.tsv'), '--out-metadata', join(dir, 'p-metadata.tsv'));
  assert.equal(m.code, 2);
  assert.match(m.stderr, /--out-metadata .*p-metadata\.tsv is the metadata/);
  assert.equal(readFileSync(join(dir, 'p-metadata.tsv'), 'utf8'), 'a\n');
  assert.equal(readFileSync(src, 'utf8'), TOY);
  const l = w2v('convert', src, join(dir, 'first3.txt'), '--limit', '3');
  assert.equal(l.code, 0, l.stderr);
  assert.equal(readFileSync(join(dir, 'first3.txt'), 'utf8'), '3 4\nman 0 0 1 0\nwoman 0 1 1 0\nking 1 0 1 0\n');
  const f = w2v('neighbours', src, 'king', '--format', 'binary');
  assert.equal(f.code, 1);
  assert.match(f.stderr, /in\.txt, line 1: the header promises 8 words of 4 dimensions, more than a \d+-byte binary file can hold/);
});

test('most-similar, analogy --method and doesnt-match answer from the built-in model', () => {
  const p = file('q.txt', TOY);
  const m = w2v('most-similar', p, '-p', 'king', '-p', 'woman', '-n', 'man');
  assert.equal(m.code, 0, m.stderr);
  const lines = m.stdout.trim().split('\n');
  assert.equal(lines.length, 5, 'top 5 by default');
  assert.match(lines[0], /^queen\t0\.\d{4}$/);
  const mul = w2v('analogy', p, 'man', 'king', 'woman', '--method', '3cosmul', '-k', '1');
  assert.match(mul.stdout, /^queen\t\d\.\d{4}\n$/);
  assert.match(w2v('most-similar', p, '--positive', 'prince,woman,queen', '--negative', 'man,king', '-k', '1').stdout, /^princess\t/);
  const odd = w2v('doesnt-match', p, 'king queen prince apple emperor');
  assert.equal(odd.code, 0, odd.stderr);
  assert.match(odd.stdout, /^apple\n/);
  assert.match(odd.stderr, /left out: emperor/);
  const none = w2v('most-similar', p, '-n', 'man');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /at least one --positive WORD/);
});

test('--drop-nonfinite skips NaN rows and says how many; without it the line is named', () => {
  const p = file('nan.txt', '3 2\na 1 2\nb nan 1\nc 2 1\n');
  const bad = w2v('neighbours', p, 'a');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /nan\.txt, line 3: number 1 of the word "b" is NaN; .*--drop-nonfinite/);
  const ok = w2v('neighbours', p, 'a', '--drop-nonfinite');
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.trim().split('\n').length, 1);
  assert.match(ok.stderr, /dropped 1 row with NaN or infinite numbers \(line 3\)/);
});

test('eval: presets, Pearson beside Spearman, the worst-predicted pairs and wrong answers', () => {
  const p = file('e.txt', TOY);
  const pairs = file('pairs.tsv', 'king\tqueen\t9\nman\twoman\t8\napple\tpear\t2\nking\tapple\t1\nKING\tprince\t7\nzebra\tman\t3\n');
  const q = file('q.txt', ': royal\nman king woman queen\nman woman king apple\n');
  const r = w2v('eval', p, '--similarity', pairs, '--analogy', q, '--preset', 'compute-accuracy', '--worst', '2');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /pairs\.tsv: Spearman -?\d\.\d{4} on 5 pairs; 1 pairs out of vocabulary \(16\.7%\); Pearson -?\d\.\d{4}; the 30000 most frequent words/);
  assert.equal(r.stdout.match(/^ {4}\S+ \S+\thuman /gm)?.length, 2, r.stdout);
  assert.match(r.stdout, /royal\s+50\.0%\s+\(1\/2; 0 skipped\)/);
  assert.match(r.stdout, /man : woman :: king : apple\tgot queen/);
  const exact = JSON.parse(w2v('eval', p, '--similarity', pairs, '--case-sensitive', '--restrict', '4', '--json').stdout);
  assert.deepEqual([exact.similarity[0].pairs, exact.similarity[0].oov, exact.similarity[0].restrict], [2, 4, 4]);
});

test('writing a large file shows progress: none in the first second, then every 5 s (a log) or redrawn (a terminal), and the end', async () => {
  const { writeProgress } = await import('../../extension/cli/commands/vectorFiles');
  for (const tty of [false, true]) {
    let t = 0;
    const out: string[] = [];
    const p = writeProgress('big.txt', false, { isTTY: tty, write: (s: string) => { out.push(s); return true; } } as never, () => t);
    for (const [at, done] of [[500, 100], [1500, 200], [2000, 300], [7000, 600], [7100, 700], [8000, 1000]]) {
      t = at;
      p(done, 1000);
    }
    const lines = out.map((s) => s.replace(/^\r\x1b\[2K/, '').trimEnd());
    assert.deepEqual(lines, tty
      ? ['Writing big.txt: 20% (200 of 1,000 words)', 'Writing big.txt: 30% (300 of 1,000 words)', 'Writing big.txt: 60% (600 of 1,000 words)', 'Writing big.txt: 100% (1,000 of 1,000 words)']
      : ['Writing big.txt: 20% (200 of 1,000 words)', 'Writing big.txt: 60% (600 of 1,000 words)', 'Writing big.txt: 100% (1,000 of 1,000 words)']);
  }
  // The library calls it every few thousand rows and at the end (vectorFormats.test.ts); quiet prints nothing.
  const out: string[] = [];
  writeProgress('q.txt', true, { isTTY: false, write: (s: string) => { out.push(s); return true; } } as never, () => 5000)(10, 10);
  assert.deepEqual(out, []);
});
