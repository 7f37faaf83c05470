// orDeadline (extension/core/util/deadline.ts): the one "this promise, or a deadline" of the
// workers' stop, the training coordinator's waits and the extension's shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orDeadline } from '../../extension/core/util/deadline';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('orDeadline gives the promise\'s value when it comes first, and leaves no timer behind', async () => {
  const before = timers();
  assert.equal(await orDeadline(Promise.resolve('answer'), 60_000, 'late'), 'answer');
  assert.equal(timers(), before);
});

test('orDeadline gives `late` when the deadline comes first; the promise goes on unwaited', async () => {
  let answer: (v: string) => void = () => undefined;
  const never = new Promise<string>((r) => { answer = r; });
  assert.equal(await orDeadline(never, 20, undefined), undefined);
  answer('too late');
  assert.equal(await never, 'too late');
});

test('orDeadline passes a rejection on and clears its timer', async () => {
  const before = timers();
  await assert.rejects(orDeadline(Promise.reject(new Error('stat failed')), 60_000, 'late'), /stat failed/);
  assert.equal(timers(), before);
});
