import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateAnalogies, parseAnalogies } from '../../extension/core/eval/analogies';
import { evaluateWordPairsFile } from '../../extension/core/eval/wordPairs';
import { readVectors } from '../../extension/core/vectors/readVectors';

// Our evaluation against gensim's own evaluate_word_pairs / evaluate_word_analogies on the same
// vectors: a quick gensim model of the text8 excerpt, saved in word2vec format.
const PY = '/usr/bin/python3';
const DATA = join(__dirname, '../../../../shared/data');
const skip = ((): string | false => {
  if (!existsSync(join(DATA, 'corpus/text8-head.txt'))) return `${DATA} is absent; skipping the comparison with gensim's evaluation`;
  const r = spawnSync(PY, ['-c', 'import gensim'], { encoding: 'utf8' });
  if (r.status !== 0) return `${PY} with gensim is not available; skipping the comparison with gensim's evaluation`;
  return false;
})();

const SCRIPT = `
import sys, json
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence
corpus, out, questions, wordsim, simlex = sys.argv[1:6]
# One thread and a seed: a quick, deterministic model (quality is beside the point here).
m = Word2Vec(LineSentence(corpus), vector_size=50, window=5, min_count=5, sg=0, negative=5, epochs=1, workers=1, seed=1)
m.wv.save_word2vec_format(out, binary=True)
kv = m.wv
res = {'pairs': {}}
for name, path in (('wordsim', wordsim), ('simlex', simlex)):
    p, s, oov = kv.evaluate_word_pairs(path)
    res['pairs'][name] = {'spearman': float(s[0]), 'pearson': float(p[0]), 'oovPercent': float(oov)}
score, sections = kv.evaluate_word_analogies(questions, restrict_vocab=30000)
res['analogy'] = {'score': score, 'sections': [[s['section'], len(s['correct']), len(s['incorrect'])] for s in sections]}
# Top answers for answerable questions, to compare prediction by prediction.
ok = {w.upper() for w in kv.index_to_key[:30000]}
preds = []
for line in open(questions):
    if line.startswith(':'): continue
    q = line.upper().split()
    if len(q) == 4 and all(w in ok for w in q) and len(preds) < 300:
        a, b, c = (w.lower() for w in q[:3])
        preds.append([a, b, c, kv.most_similar(positive=[b, c], negative=[a], topn=1, restrict_vocab=30000)[0][0]])
res['predictions'] = preds
print(json.dumps(res))
`;

test('word-pair Spearman and analogy accuracy equal gensim\'s on the same vectors', { skip, timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'w2v-eval-gensim-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // Every 4th question of each section keeps both evaluations quick while covering all 14 sections.
  const all = readFileSync(join(DATA, 'eval/questions-words.txt'), 'utf8').split('\n');
  let n = 0;
  const subset = all.filter((l) => l.startsWith(':') || (l.trim() !== '' && n++ % 4 === 0));
  const questions = join(dir, 'questions.txt');
  writeFileSync(questions, subset.join('\n') + '\n');
  const vectors = join(dir, 'gensim.bin');
  const wordsim = join(DATA, 'eval/wordsim353.tsv');
  const simlex = join(DATA, 'eval/simlex999.txt');
  const g = JSON.parse(execFileSync(PY, ['-c', SCRIPT, join(DATA, 'corpus/text8-head.txt'), vectors, questions, wordsim, simlex], {
    encoding: 'utf8', maxBuffer: 64 << 20,
  })) as {
    pairs: Record<string, { spearman: number; pearson: number; oovPercent: number }>;
    analogy: { score: number; sections: [string, number, number][] };
    predictions: [string, string, string, string][];
  };
  const wv = await readVectors(vectors);

  for (const [name, path] of [['wordsim', wordsim], ['simlex', simlex]] as const) {
    const ours = await evaluateWordPairsFile(wv, path);
    t.diagnostic(`${name}: Spearman ours ${ours.spearman} gensim ${g.pairs[name].spearman}; ${ours.pairs} pairs, OOV ${(100 * ours.oovRate).toFixed(2)}%`);
    // gensim computes the cosines in float32, we in float64: only the last digits may differ.
    assert.ok(Math.abs(ours.spearman - g.pairs[name].spearman) < 1e-4, `${name} Spearman ${ours.spearman} vs gensim ${g.pairs[name].spearman}`);
    assert.ok(Math.abs(ours.pearson - g.pairs[name].pearson) < 1e-4, `${name} Pearson ${ours.pearson} vs gensim ${g.pairs[name].pearson}`);
    assert.ok(Math.abs(100 * ours.oovRate - g.pairs[name].oovPercent) < 1e-9, `${name} OOV ${100 * ours.oovRate}% vs gensim ${g.pairs[name].oovPercent}%`);
  }

  const ours = evaluateAnalogies(wv, parseAnalogies(readFileSync(questions, 'utf8'), questions));
  const gSections = g.analogy.sections.filter((s) => s[0] !== 'Total accuracy');
  assert.deepEqual(ours.sections.map((s) => [s.section, s.total]), gSections.map(([name, c, i]) => [name, c + i]), 'the same questions are evaluated');
  // Near-ties computed in float32 by gensim may flip a rare answer; allow one per 1,000 questions.
  const slack = Math.max(1, Math.floor(ours.overall.total / 1000));
  const gCorrect = gSections.reduce((t, s) => t + s[1], 0);
  assert.ok(Math.abs(ours.overall.correct - gCorrect) <= slack, `correct: ours ${ours.overall.correct}, gensim ${gCorrect}`);
  assert.ok(Math.abs(ours.overall.accuracy - g.analogy.score) <= slack / ours.overall.total, `accuracy ${ours.overall.accuracy} vs ${g.analogy.score}`);

  assert.ok(g.predictions.length >= 200, `only ${g.predictions.length} answerable questions`);
  t.diagnostic(`analogies: ours ${ours.overall.correct}/${ours.overall.total}, gensim ${gCorrect}/${ours.overall.total}, ${ours.overall.skipped} skipped`);
  const agree = g.predictions.filter(([a, b, c, answer]) => wv.analogy(a, b, c, 1, 30_000)[0].word === answer).length;
  t.diagnostic(`top answers agree on ${agree} of ${g.predictions.length} questions`);
  assert.ok(agree >= g.predictions.length - slack, `top answers agree on ${agree} of ${g.predictions.length} questions`);
});
