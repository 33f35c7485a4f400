import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pidAlive, staleRuns } from '../../pods/cleanup.js';

test('pods clean-up: a run whose process is gone is stale; a live owner, or a label that is no pid, is left alone', () => {
  const alive = (pid: number): boolean => pid === 100;
  const networks = [
    { name: 'ga-pods-aaaaaa', owner: '100' },
    { name: 'ga-pods-bbbbbb', owner: '200' },
    { name: 'ga-pods-cccccc', owner: 'not-a-pid' },
    { name: 'ga-pods-dddddd', owner: '0' },
  ];
  assert.deepEqual(staleRuns(networks, alive), ['ga-pods-bbbbbb']);
});

test('pods clean-up: this process is alive, a pid beyond the kernel\'s limit is not', () => {
  assert.equal(pidAlive(process.pid), true);
  assert.equal(pidAlive(2 ** 22 + 1), false);
});
