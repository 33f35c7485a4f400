import { test } from 'node:test';
import assert from 'node:assert/strict';
import { devnetUp, portsTakenProblem, resolveTopology } from '../../../src/devnet/state.js';
import { portCount } from '../../../src/devnet/plan.js';

const saved = { networkId: 20_001, ports: Array.from({ length: portCount({ sealers: 1, clients: 0 }) }, (_, i) => 41_000 + i), topology: { sealers: 1, clients: 0, period: 1 } };

test('devnet topology: a new folder takes the options given, defaults for the rest', () => {
  assert.deepEqual(resolveTopology(undefined, {}, '/d'), { topology: { sealers: 3, clients: 2, period: 2 } });
  assert.deepEqual(resolveTopology(undefined, { sealers: 1, clients: 0, period: undefined }, '/d'), { topology: { sealers: 1, clients: 0, period: 2 } });
});

test('devnet topology: a --data rerun keeps the saved options; options not given take them, the same values pass', () => {
  assert.deepEqual(resolveTopology(saved, {}, '/d'), { topology: saved.topology });
  assert.deepEqual(resolveTopology(saved, { sealers: 1, clients: 0, period: 1 }, '/d'), { topology: saved.topology });
});

test('devnet topology: a --data rerun with other --sealers/--clients/--period is refused, naming them', () => {
  const result = resolveTopology(saved, { sealers: 3, period: 5, clients: 0 }, '/d');
  assert.ok('problem' in result);
  assert.match(result.problem, /\/d holds a network of 1 sealer, 0 clients, clique period 1 s; --sealers 3, --period 5 cannot apply/);
  assert.match(result.problem, /another --data folder/);
  assert.doesNotMatch(result.problem, /--clients 0/);
});

test('devnet topology: a folder without saved options fits only the options whose port count matches', () => {
  const old = { networkId: saved.networkId, ports: saved.ports };
  assert.deepEqual(resolveTopology(old, { sealers: 1, clients: 0 }, '/d'), { topology: { sealers: 1, clients: 0, period: 2 } });
  const result = resolveTopology(old, {}, '/d');
  assert.ok('problem' in result);
  assert.match(result.problem, /does not fit its 6 saved ports: pass the --sealers and --clients it was made with/);
});

test('devnet ports: each saved port in use is named with its node and use', () => {
  assert.equal(portsTakenProblem([], '/d'), undefined);
  assert.match(portsTakenProblem([{ port: 41_002, node: 'boot', use: 'p2p' }], '/d') ?? '', /a port saved in \/d is in use by another process: 127\.0\.0\.1:41002 \(boot p2p\)\. Stop that process/);
  assert.match(portsTakenProblem([{ port: 1, node: 'genesis', use: 'agent' }, { port: 2, node: 'sealer-1', use: 'authrpc' }], '/d') ?? '', /ports saved in \/d are in use .*127\.0\.0\.1:1 \(genesis agent\), 127\.0\.0\.1:2 \(sealer-1 authrpc\)/);
});

test('devnet up: every node ready and a block sealed in this run; with period 0 readiness alone', () => {
  const up = (ready: number, head: number, startHead: number | undefined, period = 2): boolean => devnetUp({ ready, total: 4, head, startHead, period });
  assert.equal(up(3, 5, 0), false, 'a node not ready');
  assert.equal(up(4, 0, undefined), false, 'no head read yet');
  assert.equal(up(4, 0, 0), false, 'still at the genesis');
  assert.equal(up(4, 1, 0), true);
  assert.equal(up(4, 40, 40), false, 'a --data rerun: the kept head is not a new block');
  assert.equal(up(4, 41, 40), true);
  assert.equal(up(4, 0, undefined, 0), true, 'period 0 seals only on transactions: no block to wait for');
  assert.equal(up(3, 0, 0, 0), false);
});
