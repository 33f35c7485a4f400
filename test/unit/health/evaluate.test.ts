import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateNodeHealth, type HealthThresholds } from '../../../src/health/evaluate.js';
import { applyHealthQuery } from '../../../src/health/query.js';
import type { NodeState } from '../../../src/state/node-state.js';

const now = 1_700_000_000_000;
const thresholds: HealthThresholds = { minPeers: 1, maxBlocksBehind: 2, maxHeadAgeSeconds: 30, maxRpcAgeSeconds: 15 };
const healthy: NodeState = {
  role: 'client',
  at: now,
  geth: { state: 'running', pid: 42, startedAt: now - 60_000, restarts: {}, crashLoop: false },
  rpc: { okAt: now - 2_000 },
  peers: { value: 2, at: now - 2_000 },
  head: { value: { number: 10, hash: '0xabc', timestamp: now / 1000 - 5 }, at: now - 2_000 },
  sync: { value: { syncing: false, current: 10, highest: 10 }, at: now - 2_000 },
  watchdog: { restartLimited: false },
};

test('a healthy client is UP and every check carries value and threshold', () => {
  const report = evaluateNodeHealth(healthy, thresholds, now);
  assert.equal(report.status, 'UP');
  assert.deepEqual(Object.keys(report.checks), ['geth', 'rpc', 'peers', 'sync', 'headAge']);
  assert.deepEqual(report.checks.peers, { ok: true, value: 2, threshold: 1 });
  assert.equal(report.checks.headAge?.value, 5);
});

const cases: Array<[string, Partial<NodeState>, string]> = [
  ['geth in backoff', { geth: { ...healthy.geth, state: 'backoff' } }, 'geth'],
  ['crash loop', { geth: { ...healthy.geth, crashLoop: true } }, 'geth'],
  ['stale IPC reading', { rpc: { okAt: now - 16_000, error: 'timeout' } }, 'rpc'],
  ['no IPC reading yet', { rpc: {} }, 'rpc'],
  ['too few peers', { peers: { value: 0, at: now } }, 'peers'],
  ['syncing far behind', { sync: { value: { syncing: true, current: 5, highest: 10 }, at: now } }, 'sync'],
  ['old head', { head: { value: { number: 10, hash: '0x1', timestamp: now / 1000 - 31 }, at: now } }, 'headAge'],
  ['restart rate limit', { watchdog: { restartLimited: true } }, 'restarts'],
  ['network condition', { watchdog: { restartLimited: false, condition: 'too_few_signers' } }, 'network'],
  ['genesis conflict', { genesis: { sha256: 'a'.repeat(64), conflict: { servedSha256: 'b'.repeat(64) } } }, 'genesis'],  ['duplicate signer (the guard found our address sealing elsewhere)', { duplicateSigner: 'block 7 signed by 0xabc was not sealed here' }, 'duplicateSigner'],
];

for (const [name, patch, failing] of cases) {
  test(`DOWN on ${name}, naming the failing check`, () => {
    const report = evaluateNodeHealth({ ...healthy, ...patch }, thresholds, now);
    assert.equal(report.status, 'DOWN');
    assert.deepEqual(Object.entries(report.checks).filter(([, c]) => !c.ok).map(([k]) => k), [failing]);
  });
}

test('the network condition carries the watchdog\'s words in its detail', () => {
  const detail = 'no new block for 16 s; clique needs 2 of 3 signers, at most 1 reachable from here (0 peers): too few signers are reachable';
  const report = evaluateNodeHealth({ ...healthy, watchdog: { restartLimited: false, condition: 'too_few_signers', conditionDetail: detail } }, thresholds, now);
  assert.deepEqual(report.checks.network, { ok: false, value: 'too_few_signers', detail });
});

test('syncing but within maxBlocksBehind is UP; a sealer must be an authorized signer', () => {
  assert.equal(evaluateNodeHealth({ ...healthy, sync: { value: { syncing: true, current: 9, highest: 10 }, at: now } }, thresholds, now).status, 'UP');
  const sealer: NodeState = { ...healthy, role: 'sealer', lastSealedAt: now - 3_000, clique: { value: { signers: ['0x1'], isSigner: false, period: 1 }, at: now } };
  assert.equal(evaluateNodeHealth(sealer, thresholds, now).checks.signer?.ok, false);
  assert.equal(evaluateNodeHealth({ ...sealer, clique: { value: { signers: ['0x1'], isSigner: true, period: 1 }, at: now } }, thresholds, now).status, 'UP');
});

test('minPeers=0 makes a single-node network ready', () => {
  const alone = { ...healthy, peers: { value: 0, at: now } };
  assert.equal(evaluateNodeHealth(alone, { ...thresholds, minPeers: 0 }, now).status, 'UP');
});

test('query overrides: valid values apply, invalid ones are a 400 message', () => {
  assert.deepEqual(applyHealthQuery(thresholds, { minPeers: '0', maxHeadAgeSeconds: '60' }), { thresholds: { ...thresholds, minPeers: 0, maxHeadAgeSeconds: 60 } });
  assert.deepEqual(applyHealthQuery(thresholds, { minPeers: '-1' }), { error: 'minPeers must be a non-negative integer' });
  assert.deepEqual(applyHealthQuery(thresholds, { minPeers: ['1', '2'] }), { error: 'minPeers must be a non-negative integer' });
  assert.match((applyHealthQuery(thresholds, { bogus: '1' }) as { error: string }).error, /unknown parameter "bogus"/);
  fc.assert(fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))), (query) => void applyHealthQuery(thresholds, query)));
});

test('readings taken before the current geth became ready do not count (a restarted geth is not ready on its predecessor\'s readings)', () => {
  const restarted: NodeState = { ...healthy, geth: { ...healthy.geth, pid: 43, startedAt: now - 1_000 } };
  const report = evaluateNodeHealth(restarted, thresholds, now);
  assert.equal(report.status, 'DOWN');
  for (const name of ['rpc', 'peers', 'sync', 'headAge'] as const) assert.equal(report.checks[name]?.ok, false, name);
  assert.equal(report.checks.rpc?.detail, 'no IPC reading since geth started');
  const fresh = { at: now - 500 };
  const read: NodeState = { ...restarted, rpc: { okAt: fresh.at }, peers: { value: 2, ...fresh }, head: { value: { number: 3, hash: '0x3', timestamp: now / 1000 - 5 }, ...fresh }, sync: { value: { syncing: false, current: 3, highest: 3 }, ...fresh } };
  assert.equal(evaluateNodeHealth(read, thresholds, now).status, 'UP');
});

test('a duplicate signer makes a sealer DOWN even when every other check passes, with the guard\'s description', () => {
  const sealer: NodeState = { ...healthy, role: 'sealer', lastSealedAt: now - 3_000, clique: { value: { signers: ['0x1'], isSigner: true, period: 1 }, at: now } };
  assert.equal(evaluateNodeHealth(sealer, thresholds, now).status, 'UP');
  const detail = 'DUPLICATE SIGNER: block 12 signed by 0x1 was not sealed here';
  const report = evaluateNodeHealth({ ...sealer, duplicateSigner: detail }, thresholds, now);
  assert.equal(report.status, 'DOWN');
  assert.deepEqual(report.checks.duplicateSigner, { ok: false, value: true, detail });
  assert.deepEqual(Object.entries(report.checks).filter(([, c]) => !c.ok).map(([k]) => k), ['duplicateSigner']);
});
