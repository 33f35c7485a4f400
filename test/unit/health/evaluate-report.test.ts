import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateNodeHealth, sealWindowSeconds, type HealthThresholds } from '../../../src/health/evaluate.js';
import type { NodeState } from '../../../src/state/node-state.js';

// Whole reports, field by field: an operator reads value, threshold and detail of every check to
// learn why a probe failed, so each of them is part of the contract, not only `ok`.

const now = 1_700_000_000_000;
const thresholds: HealthThresholds = { minPeers: 1, maxBlocksBehind: 2, maxHeadAgeSeconds: 30, maxRpcAgeSeconds: 15 };
const startedAt = now - 600_000;
const signers = ['0x1', '0x2', '0x3'];
const sealer: NodeState = {
  role: 'sealer',
  at: now,
  geth: { state: 'running', pid: 42, startedAt, restarts: {}, crashLoop: false },
  rpc: { okAt: now - 1_240 },
  peers: { value: 2, at: now - 1_000 },
  head: { value: { number: 10, hash: '0xabc', timestamp: now / 1000 - 5 }, at: now - 1_000 },
  sync: { value: { syncing: false, current: 10, highest: 10 }, at: now - 1_000 },
  clique: { value: { signers, isSigner: true, period: 2 }, at: now - 1_000 },
  lastSealedAt: now - 4_400,
  watchdog: { restartLimited: false },
};

test('health report: a sealing sealer, every field (rpc age in tenths of a second, seal window 3 x signers x period, at least 30 s)', () => {
  assert.deepEqual(evaluateNodeHealth(sealer, thresholds, now), {
    status: 'UP',
    role: 'sealer',
    checks: {
      geth: { ok: true, value: 'running', detail: undefined },
      rpc: { ok: true, value: 1.2, threshold: 15, detail: undefined },
      peers: { ok: true, value: 2, threshold: 1 },
      sync: { ok: true, value: 0, threshold: 2, detail: undefined },
      headAge: { ok: true, value: 5, threshold: 30, detail: undefined },
      signer: { ok: true, value: true, detail: undefined },
      sealing: { ok: true, value: 4, threshold: 30, detail: undefined },
    },
  });
});

test('health report: every failing check names its value, threshold and reason', () => {
  const broken: NodeState = {
    ...sealer,
    geth: { ...sealer.geth, crashLoop: true },
    rpc: { okAt: now - 20_000, error: 'call timed out' },
    peers: { value: 0, at: now - 1_000 },
    sync: { value: { syncing: true, current: 5, highest: 10 }, at: now - 1_000 },
    head: { value: { number: 5, hash: '0x5', timestamp: now / 1000 - 31 }, at: now - 1_000 },
    clique: { value: { signers, isSigner: false, period: 2 }, at: now - 1_000 },
    watchdog: { restartLimited: true, condition: 'too_few_signers', conditionDetail: 'no new block for 40 s; 1 of 3 signers reachable, 2 needed' },
    duplicateSigner: 'block 7 signed elsewhere',
    genesis: { sha256: 'a'.repeat(64), conflict: { servedSha256: 'b'.repeat(64) } },
  };
  assert.deepEqual(evaluateNodeHealth(broken, thresholds, now), {
    status: 'DOWN',
    role: 'sealer',
    checks: {
      geth: { ok: false, value: 'running', detail: 'crash loop: geth keeps exiting' },
      rpc: { ok: false, value: 20, threshold: 15, detail: 'call timed out' },
      peers: { ok: false, value: 0, threshold: 1 },
      sync: { ok: false, value: 5, threshold: 2, detail: 'syncing' },
      headAge: { ok: false, value: 31, threshold: 30, detail: undefined },
      signer: { ok: false, value: false, detail: 'this address is not an authorized clique signer' },
      network: { ok: false, value: 'too_few_signers', detail: 'no new block for 40 s; 1 of 3 signers reachable, 2 needed' },
      restarts: { ok: false, value: 'rate-limited', detail: 'the watchdog stopped restarting geth (too many restarts in the window)' },
      duplicateSigner: { ok: false, value: true, detail: 'block 7 signed elsewhere' },
      genesis: { ok: false, value: 'a'.repeat(64), detail: `the genesis server now serves ${'b'.repeat(64)}; this node keeps its chain` },
    },
  });
});

test('health report: each threshold is inclusive, one past it fails', () => {
  const at = (patch: Partial<NodeState>): Record<string, boolean> =>
    Object.fromEntries(Object.entries(evaluateNodeHealth({ ...sealer, ...patch }, thresholds, now).checks).map(([k, c]) => [k, c.ok]));
  assert.equal(at({ rpc: { okAt: now - 15_000 } }).rpc, true);
  assert.equal(at({ rpc: { okAt: now - 15_100 } }).rpc, false);
  assert.equal(at({ peers: { value: 1, at: now } }).peers, true);
  assert.equal(at({ sync: { value: { syncing: true, current: 8, highest: 10 }, at: now } }).sync, true);
  assert.equal(at({ sync: { value: { syncing: true, current: 7, highest: 10 }, at: now } }).sync, false);
  // A node ahead of the highest block it heard of is not behind.
  assert.deepEqual(evaluateNodeHealth({ ...sealer, sync: { value: { syncing: true, current: 12, highest: 10 }, at: now } }, thresholds, now).checks.sync, { ok: true, value: 0, threshold: 2, detail: 'syncing' });
  assert.equal(at({ head: { value: { number: 1, hash: '0x1', timestamp: now / 1000 - 30 }, at: now } }).headAge, true);
  assert.equal(at({ lastSealedAt: now - 30_000 }).sealing, true);
  assert.equal(at({ lastSealedAt: now - 31_000 }).sealing, false);
  // A head timestamp in the future (clock skew) is age 0, not negative.
  assert.equal(evaluateNodeHealth({ ...sealer, head: { value: { number: 1, hash: '0x1', timestamp: now / 1000 + 60 }, at: now } }, thresholds, now).checks.headAge?.value, 0);
});

test('health report: readings of a previous geth process do not count for this one', () => {
  const restarted: NodeState = { ...sealer, geth: { ...sealer.geth, startedAt: now - 500 } };
  assert.deepEqual(evaluateNodeHealth(restarted, thresholds, now), {
    status: 'DOWN',
    role: 'sealer',
    checks: {
      geth: { ok: true, value: 'running', detail: undefined },
      rpc: { ok: false, value: undefined, threshold: 15, detail: 'no IPC reading since geth started' },
      peers: { ok: false, value: undefined, threshold: 1 },
      sync: { ok: false, value: undefined, threshold: 2, detail: undefined },
      headAge: { ok: false, value: undefined, threshold: 30, detail: 'no block read yet' },
      signer: { ok: false, value: undefined, detail: undefined },
    },
  });
  // Readings taken at the very start of the new process count.
  const atStart: NodeState = { ...sealer, geth: { ...sealer.geth, startedAt: now - 1_000 } };
  assert.equal(evaluateNodeHealth(atStart, thresholds, now).checks.peers?.ok, true);
  // No start time known: every reading counts.
  const { startedAt: _unknown, ...gethWithoutStart } = sealer.geth;
  assert.equal(evaluateNodeHealth({ ...sealer, geth: gethWithoutStart }, thresholds, now).checks.peers?.ok, true);
});

test('health report: sealing is judged only while the network seals, from geth start until a first seal', () => {
  const sealing = (patch: Partial<NodeState>, t: HealthThresholds = thresholds) => evaluateNodeHealth({ ...sealer, ...patch }, t, now).checks.sealing;
  // Not sealed yet: counted from geth's start.
  assert.deepEqual(sealing({ lastSealedAt: undefined }), { ok: false, value: 600, threshold: 30, detail: 'no block sealed since geth started' });
  assert.deepEqual(sealing({ lastSealedAt: undefined, geth: { ...sealer.geth, startedAt: now - 10_000 } }), { ok: true, value: 10, threshold: 30, detail: 'no block sealed since geth started' });
  // The network's head is older than the window: the headAge check reports it, not this one.
  const stalled = { head: { value: { number: 1, hash: '0x1', timestamp: now / 1000 - 40 }, at: now }, lastSealedAt: now - 100_000 };
  assert.deepEqual(sealing(stalled), { ok: true, value: 100, threshold: 30, detail: 'not checked: the network is not sealing' });
  assert.deepEqual(sealing({ head: undefined, lastSealedAt: now - 100_000 }), { ok: true, value: 100, threshold: 30, detail: 'not checked: the network is not sealing' });
  // Period 0 (blocks on demand): no window.
  assert.deepEqual(sealing({ clique: { value: { signers, isSigner: true, period: 0 }, at: now } }), { ok: true, value: 4, detail: 'not checked (clique period 0: blocks only on demand)' });
  // An explicit window wins over the derived one; a larger signer set widens the derived one.
  assert.deepEqual(sealing({ lastSealedAt: now - 12_000 }, { ...thresholds, maxSealAgeSeconds: 10 }), { ok: false, value: 12, threshold: 10, detail: undefined });
  assert.equal(sealing({ clique: { value: { signers: ['a', 'b', 'c', 'd', 'e', 'f'], isSigner: true, period: 2 }, at: now } })?.threshold, 36);
});

test('health report: period 0 skips the head age; a bootnode without RPC is ready when its process runs', () => {
  const report = evaluateNodeHealth({ ...sealer, role: 'client', clique: undefined }, { ...thresholds, maxHeadAgeSeconds: undefined }, now);
  assert.deepEqual(report.checks.headAge, { ok: true, value: 5, detail: 'not checked (clique period 0: blocks only on demand)' });
  assert.deepEqual(Object.keys(report.checks), ['geth', 'rpc', 'peers', 'sync', 'headAge']);
  const bootnode: NodeState = { role: 'boot', at: now, geth: { state: 'running', pid: 7, startedAt, restarts: {}, crashLoop: false }, rpc: {}, watchdog: { restartLimited: false } };
  assert.deepEqual(evaluateNodeHealth(bootnode, thresholds, now), { status: 'UP', role: 'boot', checks: { geth: { ok: true, value: 'running', detail: undefined } } });
  assert.equal(evaluateNodeHealth({ ...bootnode, geth: { ...bootnode.geth, state: 'backoff' } }, thresholds, now).status, 'DOWN');
  // A boot geth (with RPC) is judged like any node.
  assert.ok('peers' in evaluateNodeHealth({ ...bootnode, rpc: { okAt: now } }, thresholds, now).checks);
});

test('sealWindowSeconds: 3 rounds of signers x period, at least 30 s, none for period 0 or no signers', () => {
  assert.equal(sealWindowSeconds(1, 1), 30);
  assert.equal(sealWindowSeconds(5, 2), 30);
  assert.equal(sealWindowSeconds(6, 2), 36);
  assert.equal(sealWindowSeconds(4, 5), 60);
  assert.equal(sealWindowSeconds(3, 0), undefined);
  assert.equal(sealWindowSeconds(0, 5), undefined);
});
