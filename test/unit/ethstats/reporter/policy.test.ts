import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backoffDelay } from '../../../../src/ethstats/reporter/backoff.js';
import { createUptimeTracker } from '../../../../src/ethstats/reporter/uptime.js';
import { createSerialQueue } from '../../../../src/ethstats/reporter/serial.js';

const policy = { initialMs: 1000, maxMs: 60_000 };

test('backoff doubles from the initial delay up to the cap, with jitter in [d/2, d]', () => {
  assert.equal(backoffDelay(0, policy, () => 0.999999), 1000);
  assert.equal(backoffDelay(0, policy, () => 0), 500);
  assert.equal(backoffDelay(3, policy, () => 0.999999), 8000);
  assert.equal(backoffDelay(20, policy, () => 0.999999), 60_000);
  assert.equal(backoffDelay(10_000, policy, () => 0), 30_000);
  fc.assert(
    fc.property(fc.integer({ min: -5, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
      const d = backoffDelay(attempt, policy, () => r);
      assert.ok(d >= 250 && d <= 60_000, String(d));
    }),
  );
});

test('uptime is the share of observed time the node was up', () => {
  const uptime = createUptimeTracker();
  assert.equal(uptime.percent(), 100);
  uptime.record(true, 0);
  uptime.record(false, 3000);
  assert.equal(uptime.percent(), 100);
  uptime.record(true, 4000);
  assert.equal(uptime.percent(), 75);
  const down = createUptimeTracker();
  down.record(false, 0);
  assert.equal(down.percent(), 0);
});

test('the serial queue runs tasks one at a time, in order, past failures', async () => {
  const seen: string[] = [];
  const errors: unknown[] = [];
  const queue = createSerialQueue((err) => errors.push(err));
  const slow = (name: string, ms: number) => () => new Promise<void>((resolve) => setTimeout(() => { seen.push(name); resolve(); }, ms));
  const all = [queue.run(slow('a', 20)), queue.run(() => { throw new Error('boom'); }), queue.run(slow('b', 1))];
  assert.equal(queue.size(), 3);
  await Promise.all(all);
  assert.deepEqual(seen, ['a', 'b']);
  assert.equal(errors.length, 1);
  assert.equal(queue.size(), 0);
});
