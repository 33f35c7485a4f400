import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureWarning, headroomWarning } from '../../../bench/load/validity.js';
import { parseStatTicks, parseStatusMemory } from '../../../bench/proc.js';

test('a throughput figure is invalid unless the generator drove the bare route at least 2x as fast', () => {
  assert.equal(headroomWarning(52_000, 14_000), undefined);
  assert.equal(headroomWarning(28_000, 14_000), undefined, 'exactly 2x is enough');
  assert.match(headroomWarning(14_700, 12_300) ?? '', /^invalid: the generator drove the bare route only 1\.20× as fast/);
  assert.match(headroomWarning(50_000, 0) ?? '', /^invalid: no throughput/);
  assert.match(headroomWarning(50_000, 40_000, 1.5) ?? '', /needs ≥ 1\.5×/);
  assert.equal(failureWarning(0, 10), undefined);
  assert.match(failureWarning(3, 10) ?? '', /^invalid: 3 of 10 requests failed/);
});

test('memory from /proc is in MiB (kB / 1024): RSS now and the peak since start', () => {
  const status = 'Name:\tnode\nVmHWM:\t  212992 kB\nVmRSS:\t   75776 kB\n';
  assert.deepEqual(parseStatusMemory(status), { rssMiB: 74, peakMiB: 208 });
  assert.ok(Number.isNaN(parseStatusMemory('Name: x').rssMiB));
  assert.equal(parseStatTicks('42 (node (x) y) S 1 2 3 4 5 6 7 8 9 10 120 30 0 0'), 150);
});
