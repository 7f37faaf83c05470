import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import { writeVectors } from '../../extension/core/vectors/writeVectors';
import { doesntMatch, mostSimilar, type MostSimilarQuery } from '../../extension/core/vectors/queries';

// Our queries against gensim's KeyedVectors on the same small random model (Debian's python3-gensim).
const PY = '/usr/bin/python3';
const gensimMissing = ((): string | false => {
  const r = spawnSync(PY, ['-c', 'import gensim'], { encoding: 'utf8' });
  return r.status === 0 ? false : `${PY} with gensim is not available; skipping the gensim cross-check of the queries`;
})();
const dir = mkdtempSync(join(tmpdir(), 'w2v-gensim-queries-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function model(): WordVectors {
  const n = 400, d = 24;
  const words = Array.from({ length: n }, (_, i) => `w${i}`);
  const v = new Float32Array(n * d);
  let s = 2024;
  for (let i = 0; i < v.length; i++) v[i] = Math.fround(((s = (s * 48271) % 2147483647) / 2147483647) - 0.5);
  return new WordVectors(words, d, v);
}

const QUERIES: MostSimilarQuery[] = [
  { positive: ['w5', 'w17'], negative: ['w3'] },
  { positive: ['w100', 'w2', 'w77'], negative: ['w9', 'w250'] },
  { positive: ['w42'] },
  { positive: ['w8', 'w13'], negative: ['w21'], restrict: 150 },
];
const ODD = [['w1', 'w2', 'w3', 'w4'], ['w10', 'w300', 'w77', 'w5', 'w6']];

const SCRIPT = `
import sys, json
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
qs = json.loads(sys.argv[2]); odd = json.loads(sys.argv[3])
out = {'add': [], 'mul': [], 'odd': []}
for q in qs:
    out['add'].append(kv.most_similar(positive=q['positive'], negative=q.get('negative', []), topn=5, restrict_vocab=q.get('restrict')))
    if 'restrict' not in q:  # gensim 4.2's most_similar_cosmul ignores restrict_vocab
        out['mul'].append(kv.most_similar_cosmul(positive=q['positive'], negative=q.get('negative', []), topn=5))
for words in odd:
    out['odd'].append([kv.doesnt_match(words), [[float(s), w] for s, w in kv.rank_by_centrality(words)]])
print(json.dumps(out))
`;

test('most_similar (3CosAdd), most_similar_cosmul (3CosMul) and doesnt_match agree with gensim', { skip: gensimMissing }, async () => {
  const wv = model();
  const p = join(dir, 'model.bin');
  await writeVectors(p, wv, 'binary');
  const g = JSON.parse(execFileSync(PY, ['-c', SCRIPT, p, JSON.stringify(QUERIES), JSON.stringify(ODD)], { encoding: 'utf8' })) as {
    add: [string, number][][]; mul: [string, number][][]; odd: [string, [number, string][]][];
  };
  const compare = (ours: { word: string; similarity: number }[], theirs: [string, number][], what: string): void => {
    assert.deepEqual(ours.map((x) => x.word), theirs.map((x) => x[0]), what);
    // gensim computes in float32, we in float64 over float32 unit vectors.
    ours.forEach((x, i) => assert.ok(Math.abs(x.similarity - theirs[i][1]) < 1e-5, `${what}: ${x.similarity} vs ${theirs[i][1]}`));
  };
  QUERIES.forEach((q, i) => compare(mostSimilar(wv, { ...q, k: 5 }), g.add[i], `3CosAdd ${JSON.stringify(q)}`));
  QUERIES.filter((q) => q.restrict === undefined).forEach((q, i) => compare(mostSimilar(wv, { ...q, k: 5, method: '3cosmul' }), g.mul[i], `3CosMul ${JSON.stringify(q)}`));
  ODD.forEach((words, i) => {
    const r = doesntMatch(wv, words);
    assert.equal(r.word, g.odd[i][0]);
    compare(r.ranked, g.odd[i][1].map(([s, w]) => [w, s]), `doesnt_match ${words.join(' ')}`);
  });
});
