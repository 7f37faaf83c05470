import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { pca } from '../../extension/core/vectors/pca';
import { orthogonalProcrustes, rotate } from '../../extension/core/vectors/procrustes';
import { svd } from '../../extension/core/vectors/svd';

const PY = '/usr/bin/python3';
const numpyMissing = spawnSync(PY, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0 ? false : `${PY} with numpy is not available; skipping the numpy reference`;

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 48271) % 2147483647) / 2147483647) - 0.5;
}
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

/** A random orthogonal matrix: Gram-Schmidt on random columns, then a reflection of the first column so det may be -1 too. */
function randomOrthogonal(d: number, r: () => number, reflect: boolean): Float64Array {
  const q = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    const x = Array.from({ length: d }, r);
    for (let p = 0; p < c; p++) {
      const dot = x.reduce((t, xi, i) => t + xi * q[i * d + p], 0);
      for (let i = 0; i < d; i++) x[i] -= dot * q[i * d + p];
    }
    const n = Math.hypot(...x);
    for (let i = 0; i < d; i++) q[i * d + c] = (reflect && c === 0 ? -1 : 1) * x[i] / n;
  }
  return q;
}

test('svd: A = U S V^T with orthonormal U and V, also for a rank-deficient A', () => {
  const r = rng(5);
  for (const [m, n, rank] of [[9, 6, 6], [7, 7, 3], [5, 3, 1]]) {
    // A = B C with B m x rank and C rank x n: rank-deficient when rank < n.
    const b = Array.from({ length: m * rank }, r), c = Array.from({ length: rank * n }, r);
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let t = 0; t < rank; t++) a[i * n + j] += b[i * rank + t] * c[t * n + j];
    const { u, s, v } = svd({ rows: m, cols: n, data: a });
    const back = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) back[i * n + j] += u.data[i * n + k] * s[k] * v.data[j * n + k];
    assert.ok(maxAbs(back, a) < 1e-13, `reconstruction ${maxAbs(back, a)}`);
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        let uu = 0, vv = 0;
        for (let i = 0; i < m; i++) uu += u.data[i * n + p] * u.data[i * n + q];
        for (let i = 0; i < n; i++) vv += v.data[i * n + p] * v.data[i * n + q];
        assert.ok(Math.abs(uu - (p === q ? 1 : 0)) < 1e-12 && Math.abs(vv - (p === q ? 1 : 0)) < 1e-12, `orthonormality ${m}x${n} rank ${rank}`);
      }
    }
    assert.deepEqual(Array.from(s), [...s].sort((x, y) => y - x));
    for (let k = rank; k < n; k++) assert.ok(s[k] < 1e-13, `singular value ${k} of a rank-${rank} matrix is ${s[k]}`);
  }
});

test('pca: a cross of known spread, rotated by a known angle, by hand', () => {
  // (±3, 0) and (0, ±1), rotated by θ: covariance (divisor n - 1 = 3) has eigenvalues 18/3 and 2/3
  // along (cos θ, sin θ) and (-sin θ, cos θ).
  const th = 0.3, c = Math.cos(th), s = Math.sin(th);
  const pts = [[3, 0], [-3, 0], [0, 1], [0, -1]].map(([x, y]) => [c * x - s * y + 10, s * x + c * y - 4]);
  const r = pca({ rows: 4, cols: 2, data: pts.flat() }, 2);
  assert.ok(maxAbs(r.mean, [10, -4]) < 1e-12);
  assert.ok(maxAbs(r.variance, [6, 2 / 3]) < 1e-12);
  assert.ok(maxAbs(r.varianceRatio, [0.9, 0.1]) < 1e-12);
  // Signed so the largest entry is positive.
  assert.ok(maxAbs(r.components.data, [c, s, -s, c]) < 1e-12, `${r.components.data}`);
  assert.ok(maxAbs(r.coords.data.filter((_, i) => i % 2 === 0).map(Math.abs), [3, 3, 0, 0]) < 1e-12);
});

test('pca matches numpy (SVD of the centred matrix) to 1e-9 up to sign, with the % of variance', { skip: numpyMissing }, () => {
  const n = 30, d = 8, k = 4;
  const r = rng(77);
  // Columns of different spread, so the components are well separated.
  const x = Array.from({ length: n * d }, (_, i) => r() * (1 + (i % d)) + 0.1 * (i % d));
  const ref = JSON.parse(execFileSync(PY, ['-c', `
import sys, json, numpy as np
n, d, k = ${n}, ${d}, ${k}
x = np.array(json.loads(sys.stdin.read()), dtype=np.float64).reshape(n, d)
xc = x - x.mean(axis=0)
u, s, vt = np.linalg.svd(xc, full_matrices=False)
var = s ** 2 / (n - 1)
print(json.dumps({'components': vt[:k].ravel().tolist(), 'variance': var[:k].tolist(), 'ratio': (var / var.sum())[:k].tolist(), 'coords': (xc @ vt[:k].T).ravel().tolist()}))
`], { input: JSON.stringify(x), encoding: 'utf8' })) as { components: number[]; variance: number[]; ratio: number[]; coords: number[] };
  const ours = pca({ rows: n, cols: d, data: x }, k);
  assert.ok(maxAbs(ours.variance, ref.variance) < 1e-9, `variance ${maxAbs(ours.variance, ref.variance)}`);
  assert.ok(maxAbs(ours.varianceRatio, ref.ratio) < 1e-9);
  for (let c = 0; c < k; c++) {
    const ourRow = Array.from(ours.components.data.subarray(c * d, (c + 1) * d));
    const refRow = ref.components.slice(c * d, (c + 1) * d);
    const sign = Math.sign(ourRow.reduce((t, v, j) => t + v * refRow[j], 0));
    assert.ok(maxAbs(ourRow, refRow.map((v) => sign * v)) < 1e-9, `component ${c}: ${maxAbs(ourRow, refRow.map((v) => sign * v))}`);
    const ourCoords = Array.from({ length: n }, (_, i) => ours.coords.data[i * k + c]);
    const refCoords = Array.from({ length: n }, (_, i) => sign * ref.coords[i * k + c]);
    assert.ok(maxAbs(ourCoords, refCoords) < 1e-9);
  }
});

test('orthogonal Procrustes recovers a known rotation (and a reflection), and stays close under noise', () => {
  const r = rng(11);
  const n = 60, d = 7;
  const x = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, r) };
  for (const reflect of [false, true]) {
    const q = randomOrthogonal(d, r, reflect);
    const y = rotate(x, { rows: d, cols: d, data: q });
    const { rotation, residual } = orthogonalProcrustes(x, y);
    assert.ok(maxAbs(rotation.data, q) < 1e-9, `rotation error ${maxAbs(rotation.data, q)}`);
    assert.ok(residual < 1e-9);
    // Noise of 1% moves the answer only a little, and the residual is about the noise.
    const noisy = { rows: n, cols: d, data: y.data.map((v) => v + 0.01 * r()) };
    const near = orthogonalProcrustes(x, noisy);
    assert.ok(maxAbs(near.rotation.data, q) < 0.02, `noisy rotation error ${maxAbs(near.rotation.data, q)}`);
  }
  // Float32 word vectors are taken as they are.
  const f = orthogonalProcrustes({ rows: n, cols: d, data: Float32Array.from(x.data) }, { rows: n, cols: d, data: Float32Array.from(x.data) });
  assert.ok(maxAbs(f.rotation.data, Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0))) < 1e-9);
});

test('map points: PCA over the most frequent words, or axes defined by words (cosines with woman − man)', async () => {
  const { royalVectors } = await import('./royalVectors');
  const { mapPoints } = await import('../../extension/core/vectors/mapProjection');
  const wv = royalVectors();
  const p = mapPoints(wv, 5, { kind: 'pca' });
  assert.deepEqual(p.words, ['man', 'woman', 'king', 'queen', 'apple']);
  assert.match(p.chosen, /the 5 most frequent words/);
  assert.equal(p.coords.rows, 5);
  assert.ok(p.varianceRatio![0] >= p.varianceRatio![1] && p.varianceRatio![0] + p.varianceRatio![1] <= 1 + 1e-12);
  assert.match(p.labels[0], /^PC1 \(\d+\.\d% of the variance\)$/);
  const a = mapPoints(wv, 7, { kind: 'axes', x: { plus: ['woman'], minus: ['man'] }, y: { plus: ['king'], minus: ['man'] } });
  assert.deepEqual(a.labels, ['woman − man', 'king − man']);
  // woman − man on unit vectors is (0, 1/√2, 1/√2 − 1, 0); queen (1,1,1,0)/√3 has cosine with it:
  const r = Math.SQRT1_2, dir = [0, r, r - 1, 0], n = Math.hypot(...dir);
  const cosQueen = (dir[1] + dir[2]) / (n * Math.sqrt(3));
  assert.ok(Math.abs(a.coords.data[3 * 2] - cosQueen) < 1e-6);
  assert.ok(a.coords.data[1 * 2] > 0 && a.coords.data[0] < 0, 'woman is on the plus side, man on the minus side');
  assert.throws(() => mapPoints(wv, 7, { kind: 'axes', x: { plus: ['man'], minus: ['man'] }, y: { plus: ['king'], minus: [] } }), /its words cancel out/);
  assert.throws(() => mapPoints(wv, 20_000, { kind: 'pca' }), /2 to 10000 words/);
});

test('snapshots: each is rotated onto the final vectors (a known rotation is undone), neighbours over time', async () => {
  const { alignSnapshots, neighboursOverTime } = await import('../../extension/core/vectors/snapshots');
  const r = rng(21);
  const n = 40, d = 6;
  const words = Array.from({ length: n }, (_, i) => `w${i}`);
  const final = Float32Array.from({ length: n * d }, r);
  // An earlier snapshot: the final vectors turned by a random rotation and moved a little.
  const q = randomOrthogonal(d, r, false);
  const early = Float32Array.from(rotate({ rows: n, cols: d, data: final }, { rows: d, cols: d, data: q }).data, (v) => v + 0.01 * r());
  const turned = Float32Array.from(rotate({ rows: n, cols: d, data: final }, { rows: d, cols: d, data: q }).data);
  const [a, b, c] = alignSnapshots(words, d, [{ label: 'epoch 1', vectors: early }, { label: 'epoch 2', vectors: turned }, { label: 'final', vectors: final }]);
  assert.deepEqual([a.label, b.label, c.label], ['epoch 1', 'epoch 2', 'final']);
  // The unit rows of the final vectors, against which everything is aligned.
  const unit = (v: Float32Array, i: number): number[] => { const row = Array.from(v.subarray(i * d, (i + 1) * d)); const s = Math.hypot(...row); return row.map((x) => x / s); };
  const finalUnit = words.flatMap((_, i) => unit(final, i));
  assert.ok(maxAbs(b.aligned.data, finalUnit) < 1e-6, 'a pure rotation is undone');
  assert.ok(b.residual < 1e-5 && c.residual < 1e-5);
  assert.ok(a.residual > b.residual && maxAbs(a.aligned.data, finalUnit) < 0.1, 'a moved snapshot lands near, not on');
  const over = neighboursOverTime(words, d, [{ label: 'epoch 2', vectors: turned }, { label: 'final', vectors: final }], 'w3', 4);
  assert.deepEqual(over[0].neighbours.map((x) => x.word), over[1].neighbours.map((x) => x.word), 'a rotation keeps every neighbour');
  assert.throws(() => alignSnapshots(words, d, [{ label: 'bad', vectors: new Float32Array(5) }]), /A snapshot has 5 numbers/);
});
