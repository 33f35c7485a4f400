import { test } from 'node:test';
import assert from 'node:assert/strict';
import { max, median, p95, p99, pairedDeltas, quantile, quantileSorted } from '../../../bench/stats.js';

test('median: the middle value, or the mean of the two middle ones; NaN for none', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.ok(Number.isNaN(median([])));
  assert.equal(median([Number.NaN, 2, 4]), 3, 'a missing reading is left out, not sorted anywhere');
});

test('quantiles are nearest-rank: a value that was measured, the worst of 20 is p95 only at n < 20', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
  assert.equal(p95(twenty), 19);
  assert.equal(p99(twenty), 20);
  assert.equal(quantile(twenty, 0.5), 10);
  assert.equal(p95([3, 1, 2]), 3);
  assert.equal(quantileSorted([1, 2, 3, 4], 0), 1);
  assert.equal(quantileSorted([1, 2, 3, 4], 1), 4);
  assert.ok(Number.isNaN(p95([])));
  assert.equal(max([1, 9, 3]), 9);
});

test('paired deltas are per pair and refuse unequal counts', () => {
  assert.deepEqual(pairedDeltas([10, 20, 30], [1, 2, 3]), [9, 18, 27]);
  assert.throws(() => pairedDeltas([1, 2], [1]), /differ in count/);
});
