import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMapJob, seededRandom, snapshotFrames, umapEpochs, type MapProgress } from '../../extension/dashboard/mapCompute';
import { axisDirection, axisLabel, fitPcaPlane, mapPoints, projectOnPlane, unitRowsOf } from '../../extension/core/vectors/mapProjection';
import { rotate } from '../../extension/core/vectors/procrustes';
import { WordVectors } from '../../extension/core/vectors/WordVectors';

/** n words in three clusters of dim d: cluster c is around the axis c, plus noise. */
function clustered(n: number, d: number, seed: number): WordVectors {
  const r = seededRandom(seed);
  const words = Array.from({ length: n }, (_, i) => `w${i}`);
  const v = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) v[i * d + j] = (r() - 0.5) * 0.3;
    v[i * d + (i % 3)] += 2;
  }
  return new WordVectors(words, d, v);
}

test('map PCA in the worker gives the coordinates of the core\'s mapPoints (the same words, the same numbers)', () => {
  const wv = clustered(60, 8, 3);
  const job = runMapJob({ words: wv.words.slice(0, 40), dim: 8, vectors: wv.vectors.slice(0, 40 * 8), projection: 'pca' });
  const core = mapPoints(wv, 40, { kind: 'pca' });
  for (let i = 0; i < 40; i++) {
    assert.ok(Math.abs(job.x[i] - core.coords.data[2 * i]) < 1e-12 && Math.abs(job.y[i] - core.coords.data[2 * i + 1]) < 1e-12);
  }
  assert.deepEqual(job.labels, core.labels);
  assert.match(job.labels[0], /^PC1 \(\d+\.\d% of the variance\)$/);
  assert.ok(job.varianceRatio![0] >= job.varianceRatio![1]);
});

test('word axes: each coordinate is the cosine of the word with the axis direction', () => {
  const wv = new WordVectors(['man', 'woman', 'king', 'queen', 'good', 'bad'], 3,
    Float32Array.from([1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0.5, 0.5, -1]));
  const x = { plus: ['woman'], minus: ['man'] }, y = { plus: ['good'], minus: ['bad'] };
  const res = runMapJob({
    words: wv.words, dim: 3, vectors: wv.vectors, projection: 'axes',
    axes: { x: { direction: axisDirection(wv, x), label: axisLabel(x) }, y: { direction: axisDirection(wv, y), label: axisLabel(y) } },
  });
  assert.deepEqual(res.labels, ['woman − man', 'good − bad']);
  // woman − man = (−1, 1, 0)/√2; queen (0, 1, 1)/√2: cosine 1/2.
  assert.ok(Math.abs(res.x[3] - 0.5) < 1e-9, `queen on x: ${res.x[3]}`);
  assert.ok(res.x[1] > 0 && res.x[0] < 0);
  assert.throws(() => axisDirection(wv, { plus: ['woman'], minus: ['zebra'] }), /"zebra" is not in the vocabulary/);
});

test('snapshots: a rotated copy of the final vectors lands exactly on the map; an earlier, noisier one lands near it', () => {
  const wv = clustered(30, 5, 7);
  const n = 30, d = 5;
  const plane = fitPcaPlane(unitRowsOf(wv, n));
  const map = projectOnPlane(plane, unitRowsOf(wv, n));
  // A random rotation (training turns the whole space; only cosines matter).
  const r = seededRandom(11);
  const q = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    const x = Array.from({ length: d }, () => r() - 0.5);
    for (let p = 0; p < c; p++) {
      const dot = x.reduce((t, xi, i) => t + xi * q[i * d + p], 0);
      for (let i = 0; i < d; i++) x[i] -= dot * q[i * d + p];
    }
    const norm = Math.hypot(...x);
    for (let i = 0; i < d; i++) q[i * d + c] = x[i] / norm;
  }
  const turned = Float32Array.from(rotate({ rows: n, cols: d, data: wv.vectors }, { rows: d, cols: d, data: q }).data);
  const noisy = Float32Array.from(turned, (v) => v + (r() - 0.5) * 0.4);
  // The snapshots hold the first 20 words only, in another order: words 20..29 of the map have no frame position.
  const order = Array.from({ length: 20 }, (_, i) => 19 - i);
  const pick = (m: Float32Array) => Float32Array.from(order.flatMap((i) => Array.from(m.subarray(i * d, (i + 1) * d))));
  const frames = snapshotFrames(wv.words, {
    words: order.map((i) => wv.words[i]), dim: d, final: pick(wv.vectors),
    snapshots: [{ label: 'epoch 1', vectors: pick(noisy) }, { label: 'epoch 2', vectors: pick(turned) }],
  }, plane);
  assert.deepEqual(frames.map((f) => f.label), ['epoch 1', 'epoch 2']);
  let far = 0;
  for (let i = 0; i < n; i++) {
    if (i >= 20) {
      assert.equal(frames[1].x[i], null);
      continue;
    }
    assert.ok(Math.abs(frames[1].x[i]! - map.data[2 * i]) < 1e-5 && Math.abs(frames[1].y[i]! - map.data[2 * i + 1]) < 1e-5, `word ${i} back in place`);
    far = Math.max(far, Math.abs(frames[0].x[i]! - map.data[2 * i]));
  }
  assert.ok(far > 1e-3 && far < 0.5, `the noisy snapshot moved words a little (${far})`);
  // Through the worker's job too: frames come with PCA, and UMAP says why it has none.
  const snaps = { words: wv.words, dim: d, final: wv.vectors, snapshots: [{ label: 'epoch 1', vectors: turned }] };
  const viaJob = runMapJob({ words: wv.words, dim: d, vectors: wv.vectors, projection: 'pca', snapshots: snaps });
  assert.ok(Math.abs(viaJob.frames![0].x[3]! - viaJob.x[3]) < 1e-5);
  const viaUmap = runMapJob({ words: wv.words, dim: d, vectors: wv.vectors, projection: 'umap', snapshots: snaps });
  assert.equal(viaUmap.frames, undefined);
  assert.equal(viaUmap.framesNote, 'umapNotLinear');
});

test('UMAP: after PCA to at most 50 dimensions and our epochs, the three clusters stay apart; the same seed gives the same map', () => {
  const wv = clustered(300, 60, 5);
  const events: MapProgress[] = [];
  const job = { words: wv.words, dim: 60, vectors: wv.vectors, projection: 'umap' as const, seed: 3 };
  const a = runMapJob(job, (p) => events.push(p));
  assert.deepEqual(a.umap && { epochs: a.umap.epochs, inputDims: a.umap.inputDims }, { epochs: umapEpochs(300), inputDims: 50 });
  const epochs = events.filter((e) => e.stage === 'epochs');
  assert.ok(epochs.length >= 10 && epochs[epochs.length - 1].done === epochs[epochs.length - 1].total, 'progress through the epochs');
  const centre = (c: number) => {
    let x = 0, y = 0, k = 0;
    for (let i = c; i < 300; i += 3) { x += a.x[i]; y += a.y[i]; k++; }
    return [x / k, y / k];
  };
  const spread = (c: number) => {
    const [cx, cy] = centre(c);
    let s = 0, k = 0;
    for (let i = c; i < 300; i += 3) { s += Math.hypot(a.x[i] - cx, a.y[i] - cy); k++; }
    return s / k;
  };
  const between = Math.min(...[[0, 1], [1, 2], [0, 2]].map(([p, q]) => Math.hypot(centre(p)[0] - centre(q)[0], centre(p)[1] - centre(q)[1])));
  const within = Math.max(spread(0), spread(1), spread(2));
  assert.ok(between > 2 * within, `clusters apart: between ${between.toFixed(2)}, within ${within.toFixed(2)}`);
  const b = runMapJob(job);
  assert.deepEqual(Array.from(b.x), Array.from(a.x));
});
