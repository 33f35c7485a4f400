import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backoffDelay, defaultBackoff, nextFailureCount } from '../../../src/supervise/backoff.js';

test('backoff: 1 s doubling to a 5 min cap (no jitter at random 0.5)', () => {
  const delays = [1, 2, 3, 4, 5, 8, 9, 10, 100].map((n) => backoffDelay(defaultBackoff, n, 0.5));
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16_000, 128_000, 256_000, 300_000, 300_000]);
  assert.equal(backoffDelay(defaultBackoff, 0, 0.5), 0);
});

test('backoff: jitter stays within +-20% and under the cap (property)', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
    const d = backoffDelay(defaultBackoff, n, r);
    const base = Math.min(300_000, 1000 * 2 ** Math.min(n - 1, 52));
    assert.ok(d >= base * 0.8 - 1 && d <= Math.min(300_000, base * 1.2 + 1), `${n} ${r} ${d}`);
  }));
});

test('backoff: a run of 10 min resets the failure count', () => {
  assert.equal(nextFailureCount(defaultBackoff, 5, 599_999), 6);
  assert.equal(nextFailureCount(defaultBackoff, 5, 600_000), 1);
});
