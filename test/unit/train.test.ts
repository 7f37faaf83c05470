import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startTraining } from '../../extension/core/train/index';
import { UserInputError } from '../../extension/core/errors';
import type { CorpusSource, GradCheckReport, TrainOptions, TrainProgress, TrainResult } from '../../extension/core/train/types';
import { unpackWords } from '../../extension/core/vectors/packedWords';

const dir = mkdtempSync(join(tmpdir(), 'w2v-train-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// Four topics; every sentence draws its words from one topic, so words of a topic co-occur and
// words of different topics never do.
const TOPICS = [
  ['cat', 'dog', 'horse', 'cow', 'sheep', 'goat'],
  ['apple', 'banana', 'cherry', 'grape', 'mango', 'peach'],
  ['red', 'green', 'blue', 'yellow', 'purple', 'orange'],
  ['paris', 'london', 'berlin', 'madrid', 'rome', 'vienna'],
];
const topicOf = new Map(TOPICS.flatMap((t, i) => t.map((w) => [w, i] as const)));

function topicCorpus(sentences: number, seed = 1): string {
  let x = seed;
  const rnd = (n: number): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % n; };
  let text = '';
  for (let s = 0; s < sentences; s++) {
    const topic = TOPICS[rnd(TOPICS.length)];
    const words = Array.from({ length: 8 }, () => topic[rnd(topic.length)]);
    // Mixed line ends and punctuation: the tokenizer and reader must not care.
    text += words.join(' ') + (s % 3 === 0 ? '.' : '') + (s % 2 ? '\r\n' : '\n');
  }
  return text;
}

const SMALL: Partial<TrainOptions> = { dim: 20, window: 3, negative: 5, minCount: 1, sample: 0, epochs: 5, threads: 1, seed: 3 };

function train(source: CorpusSource, options: Partial<TrainOptions>, onProgress?: (p: TrainProgress) => void): Promise<TrainResult> {
  return startTraining(source, options, { onProgress }).result;
}

function cosine(r: TrainResult, a: number, b: number): number {
  let ab = 0, aa = 0, bb = 0;
  for (let k = 0; k < r.dim; k++) {
    const x = r.vectors[a * r.dim + k], y = r.vectors[b * r.dim + k];
    ab += x * y; aa += x * x; bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

/** The share of words whose nearest neighbour (cosine) is in the same topic. */
function sameTopicNeighbours(r: TrainResult): number {
  let same = 0;
  for (let i = 0; i < r.words.length; i++) {
    let best = -1, bestSim = -Infinity;
    for (let j = 0; j < r.words.length; j++) {
      if (j === i) continue;
      const s = cosine(r, i, j);
      if (s > bestSim) { bestSim = s; best = j; }
    }
    if (topicOf.get(r.words[i]) === topicOf.get(r.words[best])) same++;
  }
  return same / r.words.length;
}

const text = (t: string): CorpusSource => ({ kind: 'text', text: t, name: 'test corpus' });

for (const [model, loss] of [['skipgram', 'neg'], ['cbow', 'neg'], ['skipgram', 'softmax'], ['cbow', 'softmax']] as const) {
  test(`${model} with ${loss}: related words become neighbours and the loss falls`, async () => {
    const reports: GradCheckReport[] = [];
    const r = await startTraining(text(topicCorpus(1500)), { ...SMALL, model, loss }, { onGradCheck: (g) => reports.push(g) }).result;
    assert.equal(r.stopReason, 'done');
    // The gradient check on a real window at the trained parameters agrees with the analytic gradient.
    assert.ok(reports.length >= 1);
    for (const g of reports) {
      assert.ok(r.words.includes(g.centerWord) && g.contextWords.length > 0 && g.contextWords.length <= 6);
      assert.deepEqual(g.groups.map((x) => x.name).sort(), ['center vectors', 'outside vectors']);
      // The training kernel's own update is checked (below 1e-6), and CS224n's formulas beside it.
      assert.ok(g.groups.every((x) => x.source === 'the training kernel'));
      assert.ok(g.formulaGroups?.length === 2 && g.formulaGroups.every((x) => x.source === "CS224n's formulas"));
      for (const x of [...g.groups, ...g.formulaGroups]) {
        assert.equal(x.relErrors.length, x.count);
        assert.ok(x.count > 0 && x.maxRelError < (x.source === 'the training kernel' ? 1e-6 : 1e-5), `${x.source}, ${x.name}: max relative error ${x.maxRelError}`);
      }
      assert.match(g.notes?.join(' ') ?? '', model === 'cbow' ? /Sum against mean/ : /Pair direction/);
    }
    assert.equal(r.words.length, 24);
    assert.equal(r.vectors.length, 24 * 20);
    assert.equal(r.wordsProcessed, 1500 * 8 * 5);
    assert.ok(r.epochLoss && r.epochLoss.length === 5);
    assert.ok(r.epochLoss[4] < r.epochLoss[0] * 0.95, `loss ${r.epochLoss.join(', ')}`);
    assert.ok(Number.isFinite(r.finalLoss) && r.finalLoss === r.epochLoss[4]);
    const share = sameTopicNeighbours(r);
    assert.ok(share >= 0.95, `only ${share} of nearest neighbours share the topic`);
  });
}

for (const model of ['skipgram', 'cbow'] as const) {
  test(`${model} with the hierarchical softmax: related words become neighbours, and the live check checks the kernel's inner nodes`, async () => {
    const reports: GradCheckReport[] = [];
    const r = await startTraining(text(topicCorpus(1500)), { ...SMALL, model, loss: 'hs' }, { onGradCheck: (g) => reports.push(g) }).result;
    assert.equal(r.stopReason, 'done');
    assert.ok(r.epochLoss![4] < r.epochLoss![0] * 0.95, `loss ${r.epochLoss!.join(', ')}`);
    assert.ok(sameTopicNeighbours(r) >= 0.95);
    assert.ok(reports.length >= 1);
    for (const g of reports) {
      assert.deepEqual(g.groups.map((x) => x.name), ['center vectors', 'inner nodes']);
      assert.ok(g.groups.every((x) => x.source === 'the training kernel' && x.count > 0 && x.maxRelError < 1e-6));
      assert.equal(g.formulaGroups, undefined);
      assert.match(g.notes!.join(' '), /no formulas for it/);
    }
  });
}

test('train with a mistake: the run trains the mistaken kernel, its live kernel check fails and says why; a bad choice is refused', async () => {
  const reports: GradCheckReport[] = [];
  const opts = { ...SMALL, model: 'skipgram' as const, loss: 'neg' as const };
  const [bad, good] = await Promise.all([
    startTraining(text(topicCorpus(1500)), { ...opts, mistake: 'dropped-one-minus-sigma' }, { onGradCheck: (g) => reports.push(g) }).result,
    startTraining(text(topicCorpus(1500)), opts).result,
  ]);
  assert.equal(bad.options.mistake, 'dropped-one-minus-sigma');
  assert.equal(good.options.mistake, '');
  // What the loaded kernel build itself reports (its mutation() export): a correct run never loads a mistaken build.
  assert.equal(bad.kernelMutation, 2);
  assert.equal(good.kernelMutation, 0);
  // Same corpus, same seed: the mistaken kernel trained different vectors.
  assert.notDeepEqual(Buffer.from(bad.vectors.buffer), Buffer.from(good.vectors.buffer));
  assert.ok(reports.length >= 1);
  for (const g of reports) {
    assert.ok(g.groups.some((x) => x.maxRelError > 1e-3), `the mistaken kernel passed: ${g.groups.map((x) => x.maxRelError)}`);
    assert.ok(g.formulaGroups!.every((x) => x.maxRelError < 1e-5), 'CS224n\'s formulas are not mistaken');
    assert.match(g.notes!.join(' '), /planted mistake, dropped \(1 − σ\) factor/);
  }
  await assert.rejects(startTraining(text(topicCorpus(100)), { ...opts, mistake: 'softmax-dropped-label' }).result, /does not change skipgram with loss neg/);
  await assert.rejects(startTraining(text(topicCorpus(100)), { ...opts, mistake: 'nonsense' as never }).result, /Unknown mistake "nonsense"/);
});

test('the live kernel check while two workers keep training (Hogwild): one copy of the rows, every kernel group below 1e-6', async () => {
  for (const model of ['skipgram', 'cbow'] as const) {
    const reports: GradCheckReport[] = [];
    const run = startTraining(text(topicCorpus(20000)), { ...SMALL, model, epochs: 1000, threads: 2 }, {
      onGradCheck: (g) => { reports.push(g); if (reports.length >= 2) run.cancel(); },
    });
    const r = await run.result;
    assert.equal(r.stopReason, 'cancelled');
    assert.ok(reports.length >= 2 && reports[1].wordsProcessed > 0);
    for (const g of reports) for (const x of g.groups) assert.ok(x.maxRelError < 1e-6, `${model}, ${x.name} at ${g.wordsProcessed} words: ${x.maxRelError}`);
  }
});

test('CBOW with word2vec\'s update: the live kernel check shows the context rows off by the number of context words, and says why', async () => {
  const reports: GradCheckReport[] = [];
  const r = await startTraining(text(topicCorpus(1500)), { ...SMALL, model: 'cbow', cbowUpdate: 'word2vec' }, { onGradCheck: (g) => reports.push(g) }).result;
  assert.equal(r.stopReason, 'done');
  assert.ok(reports.length >= 1);
  for (const g of reports) {
    const center = g.groups.find((x) => x.name === 'center vectors')!;
    const outside = g.groups.find((x) => x.name === 'outside vectors')!;
    assert.ok(center.maxRelError > 1e-4, `the context rows should be off: ${center.maxRelError}`);
    assert.ok(outside.maxRelError < 1e-6);
    assert.ok(g.formulaGroups!.every((x) => x.maxRelError < 1e-5));
    const n = g.contextWords.length;
    assert.match(g.notes!.join(' '), new RegExp(`off by a factor of ${n}.*Corrected CBOW Performs as well as Skip-gram`));
  }
});

test('the loss at zero output vectors: (K + 1) ln 2 for negative sampling, ln V for the softmax', async () => {
  // Output vectors start at 0 and a tiny learning rate keeps them there: every score is 0.
  // Negative sampling: ln 2 for the positive and each of the K negatives, minus the negatives that
  // drew the target word itself (skipped, as word2vec does); 24 equally frequent words and the
  // unigram^0.75 table make that 1/24 of them. The softmax: ln V for every pair.
  const K = 5;
  for (const model of ['skipgram', 'cbow'] as const) {
    const neg = await train(text(topicCorpus(400)), { ...SMALL, model, epochs: 1, alpha: 1e-6 });
    const expected = (1 + K * (23 / 24)) * Math.LN2;
    assert.ok(Math.abs(neg.finalLoss - expected) < 0.02, `${model} neg: ${neg.finalLoss} vs ${expected}`);
    const soft = await train(text(topicCorpus(400)), { ...SMALL, model, loss: 'softmax', epochs: 1, alpha: 1e-6 });
    assert.ok(Math.abs(soft.finalLoss - Math.log(24)) < 1e-3, `${model} softmax: ${soft.finalLoss} vs ${Math.log(24)}`);
  }
});

test('seeded single-thread runs give identical vectors; another seed does not', async () => {
  const corpus = text(topicCorpus(600));
  const opts = { ...SMALL, sample: 1e-2, seed: 42 };
  const [a, b, c] = await Promise.all([train(corpus, opts), train(corpus, opts), train(corpus, { ...opts, seed: 43 })]);
  assert.deepEqual(Buffer.from(a.vectors.buffer), Buffer.from(b.vectors.buffer));
  assert.deepEqual(a.epochLoss, b.epochLoss);
  assert.notDeepEqual(Buffer.from(a.vectors.buffer), Buffer.from(c.vectors.buffer));
});

test('two threads train the same corpus to the same structure', async () => {
  const r = await train(text(topicCorpus(3000)), { ...SMALL, threads: 2 });
  assert.equal(r.stopReason, 'done');
  assert.equal(r.wordsProcessed, 3000 * 8 * 5);
  assert.ok(sameTopicNeighbours(r) >= 0.95);
});

test('a file corpus, input+output vectors, and progress events with the documented fields', async () => {
  const path = join(dir, 'corpus.txt');
  writeFileSync(path, topicCorpus(1000));
  const events: TrainProgress[] = [];
  let vocabSize = 0;
  const run = startTraining({ kind: 'file', path }, { ...SMALL, output: 'input+output' }, {
    onVocab: (s) => { vocabSize = s.vocabSize; },
    onProgress: (p) => events.push(p),
  });
  const r = await run.result;
  assert.equal(vocabSize, 24);
  assert.equal(r.vectors.length, 24 * 20);
  const last = events[events.length - 1];
  assert.equal(last.phase, 'train');
  assert.equal(last.wordsProcessed, last.totalWords);
  assert.equal(last.totalWords, 1000 * 8 * 5);
  assert.equal(last.epochs, 5);
  assert.ok(Number.isFinite(last.loss) && last.loss > 0);
  assert.ok(last.alpha < 0.025 && last.alpha >= 0.025 * 1e-4);
  assert.ok(sameTopicNeighbours(r) >= 0.9);
});

test('the result carries the outside vectors U and the words left out of the vocabulary, with counts', async () => {
  // Two words below min-count 3 (once and twice) beside the topic words.
  const r = await train(text(topicCorpus(300) + '\nzebra quokka quokka\n'), { ...SMALL, minCount: 3, epochs: 1, output: 'input+output', keepOutsideVectors: true });
  assert.ok(r.outsideVectors, 'outsideVectors is set');
  assert.equal(r.outsideVectors.length, r.words.length * r.dim);
  // input+output averages V and U, so V = 2 * vectors - U must be a different, finite matrix.
  let differs = false;
  for (let i = 0; i < r.vectors.length; i++) {
    assert.ok(Number.isFinite(r.outsideVectors[i]));
    if (r.outsideVectors[i] !== r.vectors[i]) differs = true;
  }
  assert.ok(differs, 'U is not the averaged vectors');
  // The dropped words come as one UTF-8 block with their counts (no string each for the caller's thread to rebuild).
  assert.ok(r.rare);
  assert.deepEqual([unpackWords(r.rare.words, r.rare.count), Array.from(r.rare.counts)], [['zebra', 'quokka'], [1, 2]]);
  assert.ok(!r.words.includes('zebra') && !r.words.includes('quokka'));
  // Without the option, no copy of U is made.
  const plain = await train(text(topicCorpus(100)), { ...SMALL, epochs: 1 });
  assert.equal(plain.outsideVectors, undefined);
});

test('cancel stops within a second and returns usable vectors', async () => {
  let cancelledAt = 0;
  let sawTrain = false;
  const run = startTraining(text(topicCorpus(20000)), { ...SMALL, epochs: 1000 }, {
    onProgress: (p) => {
      if (p.phase === 'train' && !sawTrain) {
        sawTrain = true;
        cancelledAt = Date.now();
        run.cancel();
      }
    },
  });
  const r = await run.result;
  const stopTook = Date.now() - cancelledAt;
  assert.equal(r.stopReason, 'cancelled');
  assert.ok(stopTook < 1000, `stopping took ${stopTook} ms`);
  assert.ok(r.wordsProcessed > 0 && r.wordsProcessed < 20000 * 8 * 1000);
  assert.equal(r.vectors.length, r.words.length * r.dim);
  assert.ok(r.vectors.every(Number.isFinite));
  assert.ok(sameTopicNeighbours(r) >= 0.9, 'the vectors so far already carry the structure');
});

test('a learning rate far too large diverges: stopped, with the last good vectors and a message', async () => {
  const reports: GradCheckReport[] = [];
  const r = await startTraining(text(topicCorpus(2000)), { ...SMALL, loss: 'softmax', alpha: 10, epochs: 50 }, { onGradCheck: (g) => reports.push(g) }).result;
  assert.equal(r.stopReason, 'diverged');
  // No check at the exploded weights at its end: it would measure float64's limits, not the code.
  assert.ok(reports.every((g) => g.wordsProcessed < r.wordsProcessed), `a check at ${reports.map((g) => g.wordsProcessed)} of ${r.wordsProcessed} words`);
  assert.match(r.message ?? '', /smaller learning rate/);
  assert.ok(r.vectors.every(Number.isFinite));
  assert.equal(r.vectors.length, 24 * 20);
});

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof UserInputError, `not a UserInputError: ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

test('bad input rejects with a UserInputError that says what to do', async () => {
  await rejects(train(text(''), SMALL), /empty/);
  await rejects(train(text(' \n \r\n\t'), SMALL), /empty/);
  await rejects(train(text('... !!! ???\n---'), SMALL), /no words/);
  await rejects(train(text('a b c a b c'), SMALL), /3 distinct words; window 3 and 5 negatives need at least 10\. Use a larger corpus\./);
  await rejects(train(text(topicCorpus(100)), { ...SMALL, minCount: 1000 }), /0 distinct words seen at least 1000 times; .*Use .*a lower minCount \(the corpus has 24 distinct words in all\) or a larger corpus\./);
  const many = Array.from({ length: 5200 }, (_, i) => `w${i}`).join(' ');
  await rejects(train(text(many), { ...SMALL, loss: 'softmax' }), /5200 words.*limited to 5000.*negative sampling/);
  const oneWordLines = TOPICS.flat().join('\n');
  await rejects(train(text(oneWordLines), SMALL), /at most one word.*same line/);
  await rejects(train(text(topicCorpus(10)), { ...SMALL, window: 0 }), /Option window is 0; it must be an integer from 1 to/);
  await rejects(train(text(topicCorpus(10)), { ...SMALL, sample: -1 }), /Option sample/);
  await rejects(train(text(topicCorpus(10)), { ...SMALL, dim: 2.5 }), /Option dim .*integer/);
  await rejects(train(text(topicCorpus(10)), { ...SMALL, model: 'glove' as never }), /Unknown model "glove"/);
  await rejects(train({ kind: 'file', path: join(dir, 'missing.txt') }, SMALL), /does not exist/);
  const sub = join(dir, 'a-folder');
  mkdirSync(sub);
  await rejects(train({ kind: 'file', path: sub }, SMALL), /directory/);
  const bin = join(dir, 'binary.bin');
  writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]));
  await rejects(train({ kind: 'file', path: bin }, SMALL), /does not look like UTF-8 text/);
});

test('a file too big to hold is re-read every epoch: the same vectors as in memory (1 thread), every word once per epoch (2 threads)', async () => {
  const path = join(dir, 'stream.txt');
  writeFileSync(path, topicCorpus(3000, 5));
  const opts = { ...SMALL, sample: 1e-2, seed: 9 };
  const reports: GradCheckReport[] = [];
  const [inMemory, streamed] = await Promise.all([
    train({ kind: 'file', path }, opts),
    startTraining({ kind: 'file', path }, { ...opts, maxWordsInMemory: 1000 }, { onGradCheck: (g) => reports.push(g) }).result,
  ]);
  assert.equal(streamed.stopReason, 'done');
  assert.equal(inMemory.corpusInMemory, true);
  assert.equal(streamed.corpusInMemory, false);
  assert.equal(streamed.wordsProcessed, 3000 * 8 * 5);
  assert.deepEqual(Buffer.from(streamed.vectors.buffer), Buffer.from(inMemory.vectors.buffer));
  assert.ok(reports.length >= 1 && reports[0].groups.every((g) => g.maxRelError < 1e-5));
  const two = await train({ kind: 'file', path }, { ...opts, threads: 2, maxWordsInMemory: 1000 });
  assert.equal(two.wordsProcessed, 3000 * 8 * 5);
  assert.equal(two.corpusInMemory, false);
  assert.ok(sameTopicNeighbours(two) >= 0.95);
});

test('streaming a file that is one long line: the workers split it between words', async () => {
  const path = join(dir, 'one-line.txt');
  writeFileSync(path, topicCorpus(4000, 11).replace(/[\r\n.]+/g, ' '));
  for (const threads of [1, 2]) {
    const r = await train({ kind: 'file', path }, { ...SMALL, epochs: 2, threads, maxWordsInMemory: 1000 });
    assert.equal(r.wordsProcessed, 4000 * 8 * 2, `threads ${threads}`);
    assert.equal(r.corpusInMemory, false);
  }
});

test('cancel right away (while reading) resolves as cancelled with consistent, possibly empty, vectors', async () => {
  const run = startTraining(text(topicCorpus(20000)), { ...SMALL, epochs: 1000 });
  run.cancel();
  const r = await run.result;
  assert.equal(r.stopReason, 'cancelled');
  assert.equal(r.vectors.length, r.words.length * r.dim);
  assert.ok(r.wordsProcessed < 20000 * 8 * 1000);
});

test('a callback that throws ends the run with its error', async () => {
  const run = startTraining(text(topicCorpus(2000)), { ...SMALL, epochs: 200 }, {
    onProgress: () => { throw new Error('callback failed'); },
  });
  await assert.rejects(run.result, /callback failed/);
});
