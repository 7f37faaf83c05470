import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { BUCKET_FIELDS, isLossHistoryState, LossHistory } from '../../extension/shared/lossHistory';
import { GradHistory } from '../../extension/shared/gradHistory';
import type { GradCheckReport } from '../../extension/core/train/types';

/** A reproducible noisy curve with a few spikes. */
function curve(n: number, seed = 7): { x: number; raw: number; smooth: number }[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out = [];
  let smooth = 4;
  for (let i = 0; i < n; i++) {
    const raw = 2 + 2 * Math.exp(-i / (n / 5)) + (rand() - 0.5) * 0.3 + (i % 997 === 500 ? 3 : 0);
    smooth = 0.9 * smooth + 0.1 * raw;
    out.push({ x: (i + 1) * 1000, raw, smooth });
  }
  return out;
}

test('below capacity every point is kept as it is', () => {
  const h = new LossHistory(16);
  const pts = curve(16);
  for (const p of pts) h.add(p);
  assert.equal(h.bucketCount, 16);
  assert.equal(h.pointsPerBucket, 1);
  assert.deepEqual(h.rawPoints(), pts.map((p) => ({ x: p.x, y: p.raw })));
  assert.deepEqual(h.smoothPoints(), pts.map((p) => ({ x: p.x, y: p.smooth })));
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
  // The smoothed curve ends at the last smoothed value.
  const sm = h.smoothPoints();
  assert.deepEqual(sm[sm.length - 1], { x: pts[pts.length - 1].x, y: pts[pts.length - 1].smooth });
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
    assert.equal(st.buckets[o + 5], slice[slice.length - 1].x);
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

test('non-finite losses are counted, not drawn', () => {
  const h = new LossHistory(8);
  assert.equal(h.add({ x: 1, raw: NaN, smooth: 1 }), false);
  assert.equal(h.add({ x: 2, raw: 1, smooth: Infinity }), false);
  assert.equal(h.add({ x: 3, raw: 1, smooth: 1 }), true);
  assert.equal(h.skippedCount, 2);
  assert.equal(h.size, 1);
  assert.equal(h.rawPoints().length, 1);
});

test('isLossHistoryState rejects malformed states', () => {
  const good = new LossHistory(8);
  good.add({ x: 1, raw: 2, smooth: 2 });
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
