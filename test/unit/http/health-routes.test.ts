import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeState } from '../../../src/state/node-state.js';
import { healthySealer, healthyClient, nodeApp, now } from './fixture.js';

interface Report {
  status: string;
  role: string;
  checks: Record<string, { ok: boolean; value?: unknown; threshold?: unknown; detail?: string }>;
}

async function health(state: NodeState, query = ''): Promise<{ code: number; body: Report }> {
  const { app } = await nodeApp(state);
  const res = await app.inject({ method: 'GET', url: `/health${query}` });
  await app.close();
  return { code: res.statusCode, body: res.json() as Report };
}
const failing = (r: Report): string[] => Object.entries(r.checks).filter(([, c]) => !c.ok).map(([k]) => k);
const head = (age: number) => ({ value: { number: 10, hash: '0x1', timestamp: now / 1000 - age }, at: now });

test('healthy client and sealer: 200 UP, every check with value and threshold', { timeout: 10_000 }, async () => {
  const client = await health(healthyClient);
  assert.equal(client.code, 200);
  assert.equal(client.body.status, 'UP');
  assert.equal(client.body.role, 'client');
  assert.deepEqual(Object.keys(client.body.checks), ['geth', 'rpc', 'peers', 'sync', 'headAge']);
  assert.deepEqual(client.body.checks.peers, { ok: true, value: 2, threshold: 1 });
  assert.deepEqual(client.body.checks.rpc, { ok: true, value: 2, threshold: 15 });
  const sealer = await health(healthySealer);
  assert.equal(sealer.code, 200, JSON.stringify(sealer.body));
  assert.deepEqual(Object.keys(sealer.body.checks), ['geth', 'rpc', 'peers', 'sync', 'headAge', 'signer', 'sealing']);
  assert.deepEqual(sealer.body.checks.sealing, { ok: true, value: 4, threshold: 30 });
});

// Each failing case: 503 DOWN and exactly the named check failing.
const cases: Array<[string, NodeState, string]> = [
  ['geth not running (backoff)', { ...healthyClient, geth: { ...healthyClient.geth, state: 'backoff' } }, 'geth'],
  ['geth stopping (agent shutting down)', { ...healthyClient, geth: { ...healthyClient.geth, state: 'stopping' } }, 'geth'],
  ['geth crash loop', { ...healthyClient, geth: { ...healthyClient.geth, crashLoop: true } }, 'geth'],
  ['IPC reading 16 s old (limit 15)', { ...healthyClient, rpc: { okAt: now - 16_000, error: 'timeout' } }, 'rpc'],
  ['no IPC reading yet', { ...healthyClient, rpc: {} }, 'rpc'],
  ['0 peers (min 1)', { ...healthyClient, peers: { value: 0, at: now } }, 'peers'],
  ['no peer reading', { ...healthyClient, peers: undefined }, 'peers'],
  ['3 blocks behind (max 2)', { ...healthyClient, sync: { value: { syncing: true, current: 7, highest: 10 }, at: now } }, 'sync'],
  ['head 31 s old (max 30)', { ...healthyClient, head: head(31) }, 'headAge'],
  ['no head yet', { ...healthyClient, head: undefined }, 'headAge'],
  ['sealer not authorized', { ...healthySealer, clique: { value: { signers: ['0x1'], isSigner: false, period: 2 }, at: now } }, 'signer'],
  ['sealer silent 31 s while the network seals (window 30)', { ...healthySealer, lastSealedAt: now - 31_000 }, 'sealing'],
  ['sealer never sealed in 31 s since start', { ...healthySealer, lastSealedAt: undefined, geth: { ...healthySealer.geth, startedAt: now - 31_000 } }, 'sealing'],
  ['watchdog restart limit', { ...healthyClient, watchdog: { restartLimited: true } }, 'restarts'],
  ['too few signers reachable', { ...healthyClient, watchdog: { restartLimited: false, condition: 'too_few_signers' } }, 'network'],
  ['genesis changed at the server', { ...healthyClient, genesis: { sha256: 'a'.repeat(64), conflict: { servedSha256: 'b'.repeat(64) } } }, 'genesis'],  ['duplicate signer found by the guard', { ...healthySealer, duplicateSigner: 'block 7 signed by 0x1 was not sealed here' }, 'duplicateSigner'],
];
for (const [name, state, check] of cases) {
  test(`503 DOWN on ${name}: check ${check}`, { timeout: 10_000 }, async () => {
    const { code, body } = await health(state);
    assert.equal(code, 503);
    assert.equal(body.status, 'DOWN');
    assert.deepEqual(failing(body), [check], JSON.stringify(body.checks));
  });
}

test('thresholds are inclusive: exactly at the limit is ready', { timeout: 10_000 }, async () => {
  const atLimits: NodeState = {
    ...healthySealer,
    rpc: { okAt: now - 15_000 },
    peers: { value: 1, at: now },
    sync: { value: { syncing: true, current: 8, highest: 10 }, at: now },
    head: head(30),
    lastSealedAt: now - 30_000,
  };
  const { code, body } = await health(atLimits);
  assert.equal(code, 200, JSON.stringify(body.checks));
});

test('sealing: derived window 3 x signers x period (min 30 s); no check while the network does not seal or with period 0', { timeout: 10_000 }, async () => {
  const big: NodeState = { ...healthySealer, clique: { value: { signers: Array.from({ length: 10 }, (_, i) => `0x${i}`), isSigner: true, period: 5 }, at: now }, head: head(100) };
  const { body } = await health({ ...big, lastSealedAt: now - 150_000 }, '?maxHeadAgeSeconds=200');
  assert.deepEqual(body.checks.sealing, { ok: true, value: 150, threshold: 150 });
  assert.equal((await health({ ...big, lastSealedAt: now - 151_000 }, '?maxHeadAgeSeconds=200')).body.checks.sealing?.ok, false);
  // The network stalled (head older than the window): not this sealer's fault; headAge reports it.
  const stalled = await health({ ...healthySealer, head: head(40), lastSealedAt: now - 60_000 });
  assert.deepEqual(failing(stalled.body), ['headAge']);
  assert.match(stalled.body.checks.sealing?.detail ?? '', /network is not sealing/);
  const onDemand = await health({ ...healthySealer, clique: { value: { signers: ['0x1'], isSigner: true, period: 0 }, at: now }, lastSealedAt: undefined });
  assert.equal(onDemand.body.checks.sealing?.ok, true);
});

test('no head-age limit when maxHeadAgeSeconds is unset (clique period 0); a query sets one', { timeout: 10_000 }, async () => {
  const { app } = await nodeApp({ ...healthyClient, head: head(3600) }, { thresholds: { minPeers: 1, maxBlocksBehind: 2, maxHeadAgeSeconds: undefined, maxRpcAgeSeconds: 15 } });
  const free = await app.inject('/health');
  assert.equal(free.statusCode, 200);
  assert.match((free.json() as Report).checks.headAge?.detail ?? '', /not checked/);
  assert.equal((await app.inject('/health?maxHeadAgeSeconds=60')).statusCode, 503);
  await app.close();
});

test('Besu-style overrides change the verdict per request', { timeout: 10_000 }, async () => {
  const lonely: NodeState = { ...healthyClient, peers: { value: 0, at: now }, sync: { value: { syncing: true, current: 5, highest: 10 }, at: now }, head: head(50) };
  const { app } = await nodeApp(lonely);
  assert.equal((await app.inject('/health')).statusCode, 503);
  assert.equal((await app.inject('/health?minPeers=0&maxBlocksBehind=5&maxHeadAgeSeconds=60')).statusCode, 200);
  assert.equal((await app.inject('/health?minPeers=0&maxBlocksBehind=4&maxHeadAgeSeconds=60')).statusCode, 503);
  assert.equal((await app.inject('/health?minPeers=0&maxBlocksBehind=5&maxHeadAgeSeconds=49')).statusCode, 503);
  const body = (await app.inject('/health?minPeers=0&maxBlocksBehind=5&maxHeadAgeSeconds=60')).json() as Report;
  assert.equal(body.checks.peers?.threshold, 0);
  assert.equal(body.checks.sync?.threshold, 5);
  assert.equal(body.checks.headAge?.threshold, 60);
  await app.close();
});

test('invalid overrides: 400 with a message', { timeout: 10_000 }, async () => {
  const { app } = await nodeApp(healthyClient);
  const bad: Array<[string, RegExp]> = [
    ['?minPeers=-1', /minPeers must be a non-negative integer/],
    ['?minPeers=abc', /minPeers must be a non-negative integer/],
    ['?maxBlocksBehind=1.5', /maxBlocksBehind must be a non-negative integer/],
    ['?maxHeadAgeSeconds=1e3', /maxHeadAgeSeconds must be a non-negative integer/],
    ['?maxHeadAgeSeconds=', /maxHeadAgeSeconds must be a non-negative integer/],
    ['?minPeers=9999999999', /minPeers must be a non-negative integer/],
    ['?minPeers=1&minPeers=2', /minPeers must be a non-negative integer/],
    ['?minpeers=1', /unknown parameter "minpeers"/],
    [`?${'x'.repeat(500)}=1`, /unknown parameter/],
  ];
  for (const [query, message] of bad) {
    const res = await app.inject(`/health${query}`);
    assert.equal(res.statusCode, 400, query);
    assert.match((res.json() as { error: string }).error, message, query);
    assert.ok(res.body.length < 300, 'the message does not echo a long input');
  }
  await app.close();
});

test('/health/live follows the liveness check, not geth', { timeout: 10_000 }, async () => {
  const fixture = await nodeApp({ ...healthyClient, geth: { ...healthyClient.geth, state: 'backoff' } });
  const live = await fixture.app.inject('/health/live');
  assert.equal(live.statusCode, 200);
  assert.deepEqual(live.json(), { status: 'UP' });
  fixture.live = { ok: false, detail: 'loop stalled: observer (130 s)' };
  const dead = await fixture.app.inject('/health/live');
  assert.equal(dead.statusCode, 503);
  assert.deepEqual(dead.json(), { status: 'DOWN', detail: 'loop stalled: observer (130 s)' });
  await fixture.app.close();
});

test('a probe reads the snapshot only: the latest store update is what /health reports', { timeout: 10_000 }, async () => {
  const { app, store } = await nodeApp(healthyClient);
  assert.equal((await app.inject('/health')).statusCode, 200);
  store.update(() => ({ peers: { value: 0, at: now } }));
  assert.equal((await app.inject('/health')).statusCode, 503);
  store.update(() => ({ peers: { value: 1, at: now } }));
  assert.equal((await app.inject('/health')).statusCode, 200);
  await app.close();
});

test('the duplicate-signer guard\'s finding in the live store turns /health from 200 into 503 with its description', { timeout: 10_000 }, async () => {
  const { app, store } = await nodeApp(healthySealer);
  try {
    assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    const detail = 'DUPLICATE SIGNER: block 9 signed by 0x1 was not sealed by this node';
    // What the node role's onDetected does with the monitor's description.
    store.update(() => ({ duplicateSigner: detail }));
    const res = await app.inject({ method: 'GET', url: '/health' });
    assert.equal(res.statusCode, 503);
    const body = res.json() as Report;
    assert.equal(body.status, 'DOWN');
    assert.deepEqual(body.checks.duplicateSigner, { ok: false, value: true, detail });
    assert.deepEqual(failing(body), ['duplicateSigner']);
  } finally {
    await app.close();
  }
});
