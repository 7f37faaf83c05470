/**
 * The dashboard's adapter to the core's gradient explorer: the page's form and the extension's
 * parameters become the core's request; the core's result becomes the page's JSON-safe view.
 * (The check's own correctness is the core's tests: test/unit/explorer.test.ts.)
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CLASSIFIER, coreRequest, NETWORK_DIMS, RANDOM_DIM, wireResult, type ExplorerInputs } from '../../extension/dashboard/explorer';
import { errValue, passes, worstEntries } from '../../extension/shared/explorerReport';
import { computeExplorerResult } from '../../extension/core/gradcheck/explorer';
import { Rng } from '../../extension/core/math/random';
import type { ExplorerForm } from '../../extension/shared/protocol';

const req = (r: Partial<ExplorerForm>): ExplorerForm => ({ target: 'skipgram', loss: 'neg', negatives: 5, broken: '', ...r });
const run = (r: ExplorerForm, p?: ExplorerInputs) => wireResult(r, computeExplorerResult(coreRequest(r, p, 3)));

/** A small trained-looking model whose words carry markup and a pipe. */
function model(withOutside = true): ExplorerInputs {
  const words = ['the', 'cat|dog', '<b>sat</b>', 'on', 'mat', 'a', 'hat', 'and', 'bat', 'rat', 'fat', 'cap'];
  const dim = 6;
  const rng = new Rng(11);
  const vec = () => Float32Array.from({ length: words.length * dim }, () => rng.normal() * 0.3);
  const p: ExplorerInputs = { label: 'a test model', words, dim, centerVectors: vec(), counts: words.map((_, i) => 20 - i), window: { centerIdx: 2, contextIdxs: [0, 1, 3, 4] } };
  if (withOutside) p.outsideVectors = vec();
  return p;
}

test('the form maps to the core request: random word2vec, the network of CS224d problem set 1 §2.3, its classifier of §4', () => {
  assert.deepEqual(coreRequest(req({ loss: 'softmax' }), undefined, 7).target, { kind: 'word2vec', model: 'skipgram', loss: 'softmax', negatives: 5, dim: RANDOM_DIM, window: 2 });
  assert.deepEqual(coreRequest(req({ target: 'network', broken: 'sign-flip' }), undefined, 7), { target: { kind: 'network', dims: NETWORK_DIMS, rows: 20 }, broken: 'sign-flip', seed: 7 });
  assert.deepEqual(coreRequest(req({ target: 'sentiment' }), undefined, 7).target, { kind: 'sentiment', ...CLASSIFIER });
  const c = coreRequest(req({ target: 'cbow' }), model(), 7);
  assert.deepEqual(c.window, { centerIdx: 2, contextIdxs: [0, 1, 3, 4] });
  assert.equal(c.parameters?.kind, 'trained');
  assert.deepEqual(c.target, { kind: 'word2vec', model: 'cbow', loss: 'neg', negatives: 5, dim: 6, window: 2 });
});

for (const target of ['skipgram', 'cbow'] as const) {
  for (const loss of ['neg', 'softmax'] as const) {
    test(`${target} / ${loss} at a trained model: words label the rows, arrays are plain, worstIndex is the argmax`, () => {
      const r = run(req({ target, loss }), model());
      assert.deepEqual(r.window, { center: '<b>sat</b>', context: ['the', 'cat|dog', 'on', 'mat'] });
      assert.deepEqual(r.groups.map((g) => g.name), ['center vectors', 'outside vectors']);
      for (const g of r.groups) {
        assert.ok(passes(g), `${g.name}: ${g.maxRelError}`);
        assert.ok(Array.isArray(g.relErrors) && Array.isArray(g.analytic) && Array.isArray(g.numeric));
        assert.equal(g.relErrors.length, g.shape[0] * g.shape[1]);
        assert.equal(g.rowLabels.length, g.shape[0]);
        assert.equal(g.relErrors[g.worstIndex], Math.max(...g.relErrors.map(errValue)));
      }
      if (target === 'skipgram') assert.deepEqual(r.groups[0].rowLabels, ['<b>sat</b>']);
      else assert.deepEqual([...r.groups[0].rowLabels].sort(), ['cat|dog', 'mat', 'on', 'the']);
      if (loss === 'neg') assert.ok(r.negatives?.length && r.negatives.every((ks) => ks.length === 5));
      assert.equal(r.vocabSize, 12);
      assert.equal(r.dim, 6);
    });
  }
}

test('a model without outside vectors is checked at a copy of V, and the page is told', () => {
  const r = run(req({}), model(false));
  assert.match(r.parameters, /copy of the center vectors V as the outside vectors U/);
});

test('a broken gradient lights up the group it feeds; Infinity survives JSON as null, the worst', () => {
  const r = run(req({ loss: 'softmax', broken: 'sign-flip' }), model());
  assert.ok(!passes(r.groups[0]) && passes(r.groups[1]));
  assert.equal(worstEntries(r, 1)[0].group, 'center vectors');
  const noShift = JSON.parse(JSON.stringify(run(req({ loss: 'softmax', broken: 'softmax-no-shift' }), model())));
  const w = worstEntries(noShift, 1)[0];
  assert.equal(w.relError, null, 'a NaN gradient arrives as null');
  assert.equal(errValue(w.relError), Infinity);
});

test('the network and the classifier keep their matrices\' shapes', () => {
  const n = run(req({ target: 'network' }));
  assert.deepEqual(n.groups.map((g) => [g.name, g.shape]), [['W1', [10, 5]], ['b1', [1, 5]], ['W2', [5, 10]], ['b2', [1, 10]]]);
  assert.deepEqual(n.network, { dims: [10, 5, 10], rows: 20 });
  const s = run(req({ target: 'sentiment' }));
  assert.deepEqual(s.groups.map((g) => g.name), ['W', 'b']);
  assert.equal(s.groups[0].count + s.groups[1].count, CLASSIFIER.classes * CLASSIFIER.dim + CLASSIFIER.classes);
  assert.ok(s.groups.every(passes));
  assert.deepEqual(s.classifier, { ...CLASSIFIER });
});

test('the page gets the training kernel\'s check beside the formulas: sources, notes, the step by step; a run\'s CBOW update and planted mistake reach the kernel check', () => {
  const r = run(req({ target: 'cbow' }), model());
  assert.ok(r.groups.every((g) => g.source === "CS224n's formulas"));
  assert.ok(r.kernel && r.kernel.groups.every((g) => g.source === 'the training kernel' && passes(g)));
  assert.match(r.kernel.notes.join(' '), /Sum against mean/);
  assert.ok(r.kernel.steps.terms.length > 0 && r.kernel.steps.terms.every((t) => typeof t.row === 'string'));
  // Trained with word2vec's CBOW update: the kernel's context rows are off by the number of context words (4).
  const w2v = run(req({ target: 'cbow' }), { ...model(), trainedWith: { model: 'cbow', loss: 'neg', cbowUpdate: 'word2vec', mistake: '' } });
  assert.ok(!passes(w2v.kernel!.groups[0]) && passes(w2v.kernel!.groups[1]));
  assert.match(w2v.kernel!.notes.join(' '), /off by a factor of 4/);
  // Trained with a planted mistake: checked with it for the same model and loss, not for another.
  const trainedWith = { model: 'skipgram', loss: 'neg', cbowUpdate: 'corrected', mistake: 'dropped-one-minus-sigma' } as const;
  assert.equal((coreRequest(req({}), { ...model(), trainedWith }, 3).target as { mistake?: string }).mistake, 'dropped-one-minus-sigma');
  assert.ok(run(req({}), { ...model(), trainedWith }).kernel!.groups.some((g) => !passes(g)));
  assert.ok(run(req({ loss: 'softmax' }), { ...model(), trainedWith }).kernel!.groups.every(passes));
});

test('the hierarchical softmax from the form: inner nodes as their own group, every touched row sent to the page with its numbers', () => {
  const inputs = { ...model(), trainedWith: { model: 'skipgram' as const, loss: 'neg' as const, cbowUpdate: 'corrected' as const } };
  const r = run(req({ loss: 'hs' }), inputs);
  assert.deepEqual(r.groups.map((g) => [g.name, g.source]), [['center vectors', 'the training kernel'], ['inner nodes', 'the training kernel']]);
  assert.ok(r.groups.every(passes));
  assert.match(r.parameters, /outside vectors U stand in for the inner nodes/);
  const rows = r.kernel!.steps.rows;
  assert.deepEqual(rows.filter((x) => x.group === 'center vectors').map((x) => x.row).sort(), ['cat|dog', 'mat', 'on', 'the']);
  assert.ok(rows.some((x) => x.group === 'inner nodes' && /^node \d+$/.test(x.row)));
  for (const x of rows) assert.ok(x.before.length === 6 && x.grad.length === 6 && x.after.length === 6);
  const json = JSON.parse(JSON.stringify(r));
  assert.deepEqual(json.kernel.steps.rows[0].after, rows[0].after, 'plain arrays survive postMessage');
});
