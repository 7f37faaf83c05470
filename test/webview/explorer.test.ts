import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomParameters, randomParametersForWindow, runExplorerCheck, RANDOM_DIM, type ExplorerParameters } from '../../extension/dashboard/explorer';
import { errValue, explorerJson, explorerMarkdown, passes, worstEntries } from '../../extension/dashboard/explorerReport';
import { ExplorerCancelled, runExplorerInWorker } from '../../extension/dashboard/explorerRunner';
import { BROKEN_GRADIENTS } from '../../extension/core/gradcheck/broken';
import { UserInputError } from '../../extension/core/errors';
import type { ExplorerRequest } from '../../extension/protocol';

const req = (r: Partial<ExplorerRequest>): ExplorerRequest => ({ target: 'skipgram', loss: 'neg', negatives: 5, broken: '', ...r });

/** A small "model" whose words contain markup and a pipe, to check labels and the Markdown export. */
function model(): ExplorerParameters {
  const p = randomParameters(3);
  const words = p.words.map((_, i) => ['the', 'cat|dog', '<b>sat</b>', 'on', 'mat'][i] ?? `w${i}`);
  return { ...p, label: 'a test model', words, window: { centerIdx: 2, contextIdxs: [0, 1, 3, 4] } };
}

for (const target of ['skipgram', 'cbow'] as const) {
  for (const loss of ['neg', 'softmax'] as const) {
    test(`${target} / ${loss}: every group passes, shapes and row labels match the checked rows`, () => {
      const r = runExplorerCheck(req({ target, loss }), model(), 7);
      assert.deepEqual(r.groups.map((g) => g.name), ['center vectors', 'outside vectors']);
      assert.equal(r.window?.center, '<b>sat</b>');
      assert.deepEqual(r.window?.context, ['the', 'cat|dog', 'on', 'mat']);
      for (const g of r.groups) {
        assert.ok(passes(g), `${g.name} max ${g.maxRelError}`);
        assert.equal(g.shape[1], RANDOM_DIM);
        assert.equal(g.rowLabels.length, g.shape[0]);
        assert.equal(g.relErrors.length, g.shape[0] * g.shape[1]);
        assert.equal(g.count, g.relErrors.length);
        assert.equal(g.maxRelError, Math.max(...g.relErrors.map(errValue)));
        assert.equal(g.relErrors[g.worstIndex], g.maxRelError);
      }
      // skip-gram checks the center word's row; CBOW the context words' rows.
      const centerRows = r.groups[0].rowLabels;
      if (target === 'skipgram') assert.deepEqual(centerRows, ['<b>sat</b>']);
      else assert.deepEqual([...centerRows].sort(), ['cat|dog', 'mat', 'on', 'the']);
      if (loss === 'neg') assert.ok(r.negatives && r.negatives.length > 0 && r.negatives.every((ks) => ks.length === 5));
      // It survives JSON (what postMessage and the export do).
      assert.deepEqual(JSON.parse(JSON.stringify(r)).groups[0].shape, r.groups[0].shape);
    });
  }
}

test('a real window at random parameters: its words label the rows, repeated words share a row', () => {

  const p = randomParametersForWindow('cat', ['the', 'sat', 'the'], 5);
  assert.equal(p.words.length, 20);
  assert.deepEqual(p.window, { centerIdx: 0, contextIdxs: [1, 2, 1] });
  const r = runExplorerCheck(req({ target: 'cbow' }), p, 5);
  assert.deepEqual(r.window, { center: 'cat', context: ['the', 'sat', 'the'] });
  assert.ok(r.groups.every(passes));
  assert.throws(() => randomParametersForWindow('cat', [], 5), UserInputError);
});

test('the network check reports W1, b1, W2, b2 with their shapes', () => {
  const r = runExplorerCheck(req({ target: 'network' }), undefined, 1);
  assert.deepEqual(r.groups.map((g) => [g.name, g.shape]), [['W1', [10, 5]], ['b1', [1, 5]], ['W2', [5, 10]], ['b2', [1, 10]]]);
  assert.ok(r.groups.every(passes));
});

test('every broken variant fails, and its worst entry lies in a group it feeds', () => {
  for (const b of BROKEN_GRADIENTS) {
    for (const target of ['neg', 'softmax', 'network'] as const) {
      if (!b.wrong[target]) continue;
      const r = target === 'network'
        ? runExplorerCheck(req({ target: 'network', broken: b.id }), undefined, 2)
        : runExplorerCheck(req({ loss: target, broken: b.id }), model(), 2);
      const worst = worstEntries(r, 1)[0];
      assert.ok(errValue(worst.relError) > 1e-5, `${b.id}/${target}: worst ${worst.relError}`);
      assert.ok(b.feeds[target]!.includes(worst.group), `${b.id}/${target}: worst in ${worst.group}`);
    }
  }
});

test('a broken variant that does not apply is a UserInputError', () => {
  assert.throws(() => runExplorerCheck(req({ loss: 'softmax', broken: 'neg-grad-on-outside' }), model(), 1), UserInputError);
});

test('the Markdown export has one row per group and escapes pipes in words', () => {
  const r = runExplorerCheck(req({ broken: 'sign-flip' }), model(), 4);
  const md = explorerMarkdown(r, 5);
  assert.match(md, /\| center vectors \| \d+ \| \d+ \| [0-9.e-]+ \| FAIL \|/);
  assert.match(md, /\| outside vectors \| \d+ \| \d+ \| [0-9.e-]+ \| pass \|/);
  assert.ok(md.includes('cat\\|dog'), 'a pipe in a word is escaped');
  assert.ok(!md.includes('<b>') && md.includes('\\<b\\>sat\\</b\\>'), 'markup in a word is escaped');
  const tableRows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Group'));
  assert.equal(tableRows.length, 2 + 5);
  const json = JSON.parse(explorerJson(r));
  assert.equal(json.format, 'word2vec-gradient-check');
  assert.equal(json.groups.length, 2);
});

test('the worker runs a check and can be cancelled', async () => {
  const r = await runExplorerInWorker(req({}), model(), 1);
  assert.ok(r.groups.every(passes));
  const abort = new AbortController();
  const p = runExplorerInWorker(req({ loss: 'softmax' }), model(), 1, abort.signal);
  abort.abort();
  await assert.rejects(p, ExplorerCancelled);
  await assert.rejects(runExplorerInWorker(req({ loss: 'softmax', broken: 'dropped-uo-nope' }), model(), 1), UserInputError);
});
