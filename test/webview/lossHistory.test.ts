import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { BUCKET_FIELDS, isLossHistoryState, LossHistory, smoothLoss } from '../../extension/shared/lossHistory';
import { GradHistory } from '../../extension/shared/gradHistory';
import type { GradCheckReport } from '../../extension/core/train/types';

/** The noise-free loss at point i of n: a fast fall, then a slow one, as training gives; `tau`: its time constant, as a fraction of n. */
const truth = (i: number, n: number, tau = 0.2): number => 2 + 2 * Math.exp(-i / (n * tau));

/** A reproducible noisy curve (uniform noise ±0.15, with `spikes` a spike of +3 every 997 points). */
function curve(n: number, seed = 7, spikes = true, tau = 0.2): { x: number; raw: number }[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out = [];
  for (let i = 0; i < n; i++) {
    const raw = truth(i, n, tau) + (rand() - 0.5) * 0.3 + (spikes && i % 997 === 500 ? 3 : 0);
    out.push({ x: (i + 1) * 1000, raw });
  }
  return out;
}

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

test('below capacity every point is kept as it is', () => {
  const h = new LossHistory(16);
  const pts = curve(16);
  for (const p of pts) h.add(p);
  assert.equal(h.bucketCount, 16);
  assert.equal(h.pointsPerBucket, 1);
  assert.deepEqual(h.rawPoints(), pts.map((p) => ({ x: p.x, y: p.raw })));
  assert.deepEqual(h.meanPoints(), pts.map((p) => ({ x: p.x, y: p.raw, n: 1 })));
});

test('a million points stay within capacity, keep every extreme, and stay sorted', () => {
  const cap = 2048;
  const h = new LossHistory(cap);
  const pts = curve(1_000_000);
  for (const p of pts) h.add(p);
  assert.equal(h.size, pts.length);
  assert.ok(h.bucketCount <= cap, `${h.bucketCount} buckets`);
  assert.ok(h.bucketCount > cap / 2, 'buckets are not merged more than needed');
  const raw = h.rawPoints();
  assert.ok(raw.length <= 2 * cap);
  for (let i = 1; i < raw.length; i++) assert.ok(raw[i].x > raw[i - 1].x, `raw points sorted at ${i}`);
  // The global minimum and maximum (a spike) are drawn exactly.
  const min = pts.reduce((a, b) => (b.raw < a.raw ? b : a));
  const max = pts.reduce((a, b) => (b.raw >= a.raw ? b : a));
  assert.ok(raw.some((p) => p.x === min.x && p.y === min.raw), 'global minimum kept');
  assert.ok(raw.some((p) => p.x === max.x && p.y === max.raw), 'global maximum kept');
  // Every spike (one every 997 points) survives as some bucket's maximum.
  const spikes = pts.filter((_, i) => i % 997 === 500);
  const ys = new Set(raw.map((p) => p.y));
  assert.ok(spikes.every((p) => ys.has(p.raw)), 'every spike is drawn');
  // The buckets' means are the means of the points they hold: together, the mean of every point.
  const means = h.meanPoints();
  const total = means.reduce((s, m) => s + m.y * m.n, 0) / pts.length;
  assert.ok(Math.abs(total - mean(pts.map((p) => p.raw))) < 1e-9);
  // The smoothed line through the decimated means ends on the true curve.
  const sm = h.smoothPoints();
  assert.equal(sm.length, h.bucketCount);
  assert.ok(Math.abs(sm[sm.length - 1].y - truth(pts.length - 1, pts.length)) < 0.02, `ends at ${sm[sm.length - 1].y}`);
});

test('each bucket is the min/max of exactly the points it covers', () => {
  const h = new LossHistory(8);
  const pts = curve(100);
  for (const p of pts) h.add(p);
  const st = h.state();
  let start = 0;
  for (let o = 0; o < st.buckets.length; o += BUCKET_FIELDS) {
    const n = st.buckets[o];
    const slice = pts.slice(start, start + n);
    assert.equal(st.buckets[o + 2], Math.min(...slice.map((p) => p.raw)));
    assert.equal(st.buckets[o + 4], Math.max(...slice.map((p) => p.raw)));
    assert.equal(st.buckets[o + 5], slice.reduce((a, p) => a + p.x, 0));
    assert.ok(Math.abs(st.buckets[o + 6] - slice.reduce((a, p) => a + p.raw, 0)) < 1e-9);
    start += n;
  }
  assert.equal(start, 100);
});

test('a history restored from its state continues exactly like the original (the webview path)', () => {
  const pts = curve(5000);
  const a = new LossHistory(64);
  for (const p of pts.slice(0, 3001)) a.add(p);
  const b = LossHistory.fromState(JSON.parse(JSON.stringify(a.state())));
  for (const p of pts.slice(3001)) { a.add(p); b.add(p); }
  assert.deepEqual(b.state(), a.state());
});

test('the smoothed line follows a loss still falling at the end: centred, no lag (the old trailing average fails this)', () => {
  const n = 750; // a 150k-word, 5-epoch run at 1,000 words a point
  const tau = 0.5; // still falling when the run ends, like a short run
  const pts = curve(n, 11, false, tau);
  const h = new LossHistory();
  for (const p of pts) h.add(p);
  const sm = h.smoothPoints();
  const lastRaw = pts.slice(-20).map((p) => p.raw);
  const end = sm[sm.length - 1].y;
  // The noise is uniform ±0.15 (sd 0.087); the fit's standard error is about 0.02 inside and at
  // the ends: the bounds below are 3 of those.
  // It ends among the last raw points, not above every one of them, and on the true curve.
  assert.ok(end < Math.max(...lastRaw) && end > Math.min(...lastRaw), `ends at ${end}; last raw ${Math.min(...lastRaw)}..${Math.max(...lastRaw)}`);
  assert.ok(Math.abs(end - truth(n - 1, n, tau)) < 0.06, `ends at ${end}, truth ${truth(n - 1, n, tau)}`);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(sm[i].y - truth(i, n, tau)) < 0.07, `at ${i}: ${sm[i].y} against ${truth(i, n, tau)}`);
  // The raw points scatter evenly about it over the last tenth (no bias).
  const tail = pts.slice(-n / 10);
  assert.ok(Math.abs(mean(tail.map((p, i) => p.raw - sm[n - n / 10 + i].y))) < 0.03);
  // The same checks catch what the dashboard drew before: an EMA (0.7 old, 0.3 new) of the mean
  // loss per progress tick (here 100 points a tick) lags a falling loss.
  let ema = NaN;
  for (let t = 0; t < n; t += 100) {
    const raw = mean(pts.slice(t, t + 100).map((p) => p.raw));
    ema = Number.isNaN(ema) ? raw : 0.7 * ema + 0.3 * raw;
  }
  assert.ok(ema - truth(n - 1, n, tau) > 0.06, `the old line ends at ${ema}, truth ${truth(n - 1, n, tau)}`);
});

test('smoothLoss: a straight line is reproduced exactly, ends included; one point is itself', () => {
  const line = Array.from({ length: 50 }, (_, i) => ({ x: i * 10, y: 5 - 0.03 * i }));
  for (const [i, p] of smoothLoss(line).entries()) assert.ok(Math.abs(p.y - line[i].y) < 1e-9);
  assert.deepEqual(smoothLoss([{ x: 3, y: 2 }]), [{ x: 3, y: 2 }]);
  assert.deepEqual(smoothLoss([]), []);
});

test('non-finite losses are counted, not drawn', () => {
  const h = new LossHistory(8);
  assert.equal(h.add({ x: 1, raw: NaN }), false);
  assert.equal(h.add({ x: 2, raw: Infinity }), false);
  assert.equal(h.add({ x: 3, raw: 1 }), true);
  assert.equal(h.skippedCount, 2);
  assert.equal(h.size, 1);
  assert.equal(h.rawPoints().length, 1);
});

test('isLossHistoryState rejects malformed states', () => {
  const good = new LossHistory(8);
  good.add({ x: 1, raw: 2 });
  assert.ok(isLossHistoryState(JSON.parse(JSON.stringify(good.state()))));
  assert.ok(!isLossHistoryState({ ...good.state(), capacity: 7 }));
  assert.ok(!isLossHistoryState({ ...good.state(), buckets: [1, 2, 3] }));
  assert.ok(!isLossHistoryState({ ...good.state(), buckets: [1, 2, 3, 4, 5, 6, 'x'] }));
  assert.ok(!isLossHistoryState({ ...good.state(), per: 0 }));
  assert.ok(!isLossHistoryState(null));
});

function report(x: number, center: number, outside: number): GradCheckReport {
  return {
    wordsProcessed: x, centerWord: 'w', contextWords: ['a'],
    groups: [
      { name: 'center vectors', count: 1, maxRelError: center, relErrors: [center] },
      { name: 'outside vectors', count: 1, maxRelError: outside, relErrors: [outside] },
    ],
  };
}

test('gradient history keeps every report up to capacity, then merges pairs keeping the worse error', () => {
  const h = new GradHistory(4);
  for (let i = 0; i < 4; i++) h.add(report(i, 1e-9 * (i + 1), 1e-8));
  assert.equal(h.series().length, 4);
  h.add(report(4, 1e-3, 1e-10)); // fifth: merge to 2, then append
  assert.equal(h.size, 5);
  const s = h.series();
  assert.deepEqual(s.map((p) => p.x), [1, 3, 4]);
  assert.deepEqual(s.map((p) => p.groups[0].maxRelError), [2e-9, 4e-9, 1e-3]);
  assert.deepEqual(s.map((p) => p.groups[1].maxRelError), [1e-8, 1e-8, 1e-10]);
  assert.equal(h.latest?.wordsProcessed, 4);
  const copy = GradHistory.fromState(JSON.parse(JSON.stringify(h.state())));
  assert.deepEqual(copy.state(), h.state());
});
