import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WordVectors } from '../../extension/core/vectors/WordVectors';
import { readVectors } from '../../extension/core/vectors/readVectors';
import { writeVectors } from '../../extension/core/vectors/writeVectors';

// Interoperability with the reference reader/writer: gensim's KeyedVectors (Debian's python3-gensim).
const PY = '/usr/bin/python3';
const gensimMissing = ((): string | false => {
  const r = spawnSync(PY, ['-c', 'import gensim'], { encoding: 'utf8' });
  return r.status === 0 ? false : `${PY} with gensim is not available (${(r.stderr || String(r.error)).trim().split('\n').pop()}); skipping the gensim interoperability checks`;
})();

const dir = mkdtempSync(join(tmpdir(), 'w2v-gensim-io-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Vectors with awkward values (tiny, huge, negative zero) and non-ASCII words. */
function sample(): WordVectors {
  const words = ['the', 'of', 'café', '日本語', "isn't", 'x1'];
  const dim = 9;
  const v = new Float32Array(words.length * dim);
  let s = 99;
  for (let i = 0; i < v.length; i++) v[i] = Math.fround((((s = (s * 48271) % 2147483647) / 2147483647) - 0.5) * 10 ** ((i % 7) - 3));
  v[3] = -0;
  v[4] = Math.fround(3.4e38);
  v[5] = Math.fround(1.5e-45);
  return new WordVectors(words, dim, v);
}

function bitsHex(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
}

interface Dump { words: string[]; bits: string }

/**
 * One Python run (importing gensim takes seconds): it loads the files we wrote and dumps what it
 * sees (words and exact float32 bits as hex), then writes text and binary files of its own
 * (seeded random vectors over 12 orders of magnitude) and dumps what it wrote.
 */
const SCRIPT = `
import sys, json, numpy as np
from gensim.models import KeyedVectors
out = {}
for fmt in ('text', 'binary', 'fasttext', 'glove'):
    kv = KeyedVectors.load_word2vec_format(sys.argv[1] + '/ours.' + fmt, binary=fmt == 'binary', no_header=fmt == 'glove')
    out['ours.' + fmt] = {'words': list(kv.index_to_key), 'bits': kv.vectors.astype('<f4').tobytes().hex()}
rng = np.random.default_rng(5)
words = ['alpha', 'beta', 'gamma', 'über', 'ça', 'z9'] + ['w%d' % i for i in range(300)]
vecs = (rng.standard_normal((len(words), 17)) * np.logspace(-6, 6, 17)).astype(np.float32)
kv = KeyedVectors(vector_size=17)
kv.add_vectors(words, vecs)
for fmt in ('text', 'binary'):
    kv.save_word2vec_format(sys.argv[1] + '/gensim.' + fmt, binary=fmt == 'binary')
out['gensim'] = {'words': words, 'bits': vecs.astype('<f4').tobytes().hex()}
print(json.dumps(out))
`;

let dumps: Promise<Record<string, Dump>> | undefined;
function gensimDumps(): Promise<Record<string, Dump>> {
  dumps ??= (async () => {
    for (const format of ['text', 'binary', 'fasttext', 'glove'] as const) await writeVectors(join(dir, `ours.${format}`), sample(), format);
    return JSON.parse(execFileSync(PY, ['-c', SCRIPT, dir], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, Dump>;
  })();
  return dumps;
}

for (const format of ['fasttext', 'glove'] as const) {
  test(`gensim reads the ${format} files we write, bit for bit (GloVe with no_header=True)`, { skip: gensimMissing }, async () => {
    const g = (await gensimDumps())[`ours.${format}`];
    assert.deepEqual(g.words, sample().words);
    assert.equal(g.bits, bitsHex(sample().vectors));
  });
}

for (const format of ['text', 'binary'] as const) {
  test(`gensim reads the ${format} files we write, bit for bit`, { skip: gensimMissing }, async () => {
    const g = (await gensimDumps())[`ours.${format}`];
    const wv = sample();
    assert.deepEqual(g.words, wv.words);
    assert.equal(g.bits, bitsHex(wv.vectors));
  });

  test(`we read the ${format} files gensim writes, bit for bit`, { skip: gensimMissing }, async () => {
    const g = (await gensimDumps()).gensim;
    const ours = await readVectors(join(dir, `gensim.${format}`));
    assert.deepEqual(ours.words, g.words);
    assert.equal(bitsHex(ours.vectors), g.bits);
  });
}
