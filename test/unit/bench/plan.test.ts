import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BENCHES, parseRunArgs } from '../../../bench/plan.js';

test('every bench of the issue is planned once', () => {
  const names = BENCHES.map((b) => b.name);
  for (const name of ['genesis-server', 'probes', 'startup', 'idle-footprint', 'identity-keystore', 'ethstats-latency', 'recovery', 'devnet']) assert.ok(names.includes(name), name);
  assert.equal(new Set(names).size, names.length);
});

test('run arguments: all by default, a subset in run order, --quick, unknown names refused', () => {
  assert.equal(parseRunArgs([]).benches.length, BENCHES.length);
  assert.equal(parseRunArgs([]).quick, false);
  const subset = parseRunArgs(['devnet', '--quick', 'startup']);
  assert.deepEqual(subset.benches.map((b) => b.name), ['startup', 'devnet']);
  assert.equal(subset.quick, true);
  assert.throws(() => parseRunArgs(['nope']), /unknown bench or option: nope/);
});

test('--node runs every bench on another node binary; --max-load sets the noise threshold', () => {
  const options = parseRunArgs(['--node', '/opt/node24/bin/node', 'startup', '--max-load', '0.8']);
  assert.equal(options.node, '/opt/node24/bin/node');
  assert.equal(options.maxLoad, 0.8);
  assert.deepEqual(options.benches.map((b) => b.name), ['startup']);
  assert.equal(parseRunArgs([]).node, undefined);
  assert.throws(() => parseRunArgs(['--node']), /--node needs a value/);
  assert.throws(() => parseRunArgs(['--node', '--quick']), /--node needs a value/);
  assert.throws(() => parseRunArgs(['--max-load', 'x']), /--max-load must be a number/);
});
