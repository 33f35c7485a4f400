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

test('run arguments: --node PATH, repeatable, in order; none means the running node', () => {
  assert.deepEqual(parseRunArgs(['startup']).nodes, []);
  const two = parseRunArgs(['--node', '/usr/bin/node', 'startup', '--node=.tools/node-24/bin/node', 'probes']);
  assert.deepEqual(two.nodes, ['/usr/bin/node', '.tools/node-24/bin/node']);
  assert.deepEqual(two.benches.map((b) => b.name), ['probes', 'startup']);
  assert.throws(() => parseRunArgs(['startup', '--node']), /--node.*options: --quick, --node PATH/);
  assert.throws(() => parseRunArgs(['--node=']), /--node needs the path/);
  assert.throws(() => parseRunArgs(['--nodes', 'x']), /Unknown option '--nodes'/);
});
