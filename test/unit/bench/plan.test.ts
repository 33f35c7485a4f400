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
  assert.deepEqual(parseRunArgs(['--node', '/opt/node24/bin/node', 'startup']).nodes, ['/opt/node24/bin/node'], 'one: every bench on that node');
  const two = parseRunArgs(['--node', '/usr/bin/node', 'startup', '--node=.tools/node-24/bin/node', 'probes']);
  assert.deepEqual(two.nodes, ['/usr/bin/node', '.tools/node-24/bin/node']);
  assert.deepEqual(two.benches.map((b) => b.name), ['probes', 'startup']);
  assert.throws(() => parseRunArgs(['startup', '--node']), /--node.*usage: npm run bench -- \[--quick\] \[--node PATH\]/);
  assert.throws(() => parseRunArgs(['--node', '--quick']), /--node/);
  assert.throws(() => parseRunArgs(['--node=']), /--node needs the path/);
  assert.throws(() => parseRunArgs(['--nodes', 'x']), /Unknown option '--nodes'/);
});

test('run arguments: --max-load sets the noise threshold, a number >= 0', () => {
  assert.equal(parseRunArgs(['startup', '--max-load', '0.8']).maxLoad, 0.8);
  assert.equal(parseRunArgs(['--max-load=0']).maxLoad, 0);
  assert.equal(parseRunArgs([]).maxLoad, undefined);
  for (const bad of ['x', '-1', '', 'Infinity']) assert.throws(() => parseRunArgs([`--max-load=${bad}`]), /--max-load must be a number >= 0/, bad);
  assert.throws(() => parseRunArgs(['--max-load']), /--max-load/);
});

test('only a bench whose measured code runs in its own process runs wholly on --node', () => {
  assert.deepEqual(BENCHES.filter((b) => b.inProcess === true).map((b) => b.name), ['ethstats-latency']);
});
