import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parsePrometheusText, sampleValue } from '../../helpers/prom-text.js';
import { filterGethMetrics } from '../../../src/http/geth-metrics-text.js';
import { healthySealer, nodeApp, now } from './fixture.js';

const gethFixture = (): Promise<string> => readFile(new URL('../../../../test/fixtures/geth-1.13-metrics.txt', import.meta.url), 'utf8');

const expected: Record<string, string> = {
  geth_agent_geth_up: 'gauge',
  geth_agent_restarts_total: 'counter',
  geth_agent_peers: 'gauge',
  geth_agent_min_peers: 'gauge',
  geth_agent_head_block: 'gauge',
  geth_agent_head_age_seconds: 'gauge',
  geth_agent_syncing: 'gauge',
  geth_agent_highest_block: 'gauge',
  geth_agent_txpool_pending: 'gauge',
  geth_agent_txpool_queued: 'gauge',
  geth_agent_gas_price_wei: 'gauge',
  geth_agent_is_signer: 'gauge',
  geth_agent_sealed_blocks_total: 'counter',
  geth_agent_rpc_request_duration_seconds: 'histogram',
  geth_agent_rpc_errors_total: 'counter',
  geth_agent_genesis_fetch_seconds: 'gauge',
  geth_agent_ethstats_connected: 'gauge',
  geth_agent_ethstats_reconnects_total: 'counter',
  geth_agent_decisions_total: 'counter',
  geth_agent_info: 'gauge',
  geth_agent_ready: 'gauge',
  geth_agent_health_check: 'gauge',
  geth_agent_clique_signers: 'gauge',
  geth_agent_last_sealed_timestamp_seconds: 'gauge',
  geth_agent_duplicate_signer: 'gauge',
  geth_agent_geth_cpu_seconds_total: 'counter',
  geth_agent_geth_resident_memory_bytes: 'gauge',
  geth_agent_limit_refusals_total: 'counter',
  // Node.js' own under their standard names, as every Node.js dashboard expects them.
  process_resident_memory_bytes: 'gauge',
  process_cpu_seconds_total: 'counter',
  nodejs_eventloop_lag_seconds: 'gauge',
  nodejs_heap_size_used_bytes: 'gauge',
};

test('/metrics: valid exposition, every metric with its type, labels and snapshot values', { timeout: 10_000 }, async () => {
  const { app, metrics } = await nodeApp(healthySealer);
  metrics.restarts.inc({ reason: 'peer_decay' });
  metrics.decisions.inc({ action: 'redial' });
  metrics.rpcDuration.observe({ method: 'admin_peers' }, 0.003);
  metrics.rpcErrors.inc({ method: 'eth_syncing' });
  metrics.info.set({ role: 'sealer', network_id: '4242', geth_version: '1.13.15-stable', enode: 'enode://ab@127.0.0.1:30303' }, 1);
  const res = await app.inject('/metrics');
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusText(res.body);
  for (const [name, type] of Object.entries(expected)) assert.equal(families.get(name)?.type, type, name);
  for (const family of families.values()) {
    assert.match(family.name, /^(geth_agent|process|nodejs)_[a-z0-9_]+$/);
    if (family.type === 'counter') assert.match(family.name, /_total$/);
    else assert.doesNotMatch(family.name, /_total$/, 'only counters end in _total');
    assert.ok(family.help !== undefined && family.help !== '', `${family.name} has HELP`);
  }
  assert.equal(sampleValue(families, 'geth_agent_peers'), 2);
  assert.equal(sampleValue(families, 'geth_agent_min_peers'), 1, 'set from the thresholds');
  assert.equal(sampleValue(families, 'geth_agent_head_block'), 1234);
  assert.equal(sampleValue(families, 'geth_agent_head_age_seconds'), 5);
  assert.equal(sampleValue(families, 'geth_agent_is_signer'), 1);
  assert.equal(sampleValue(families, 'geth_agent_syncing'), 0);
  assert.equal(sampleValue(families, 'geth_agent_restarts_total', { reason: 'peer_decay' }), 1);
  assert.equal(sampleValue(families, 'geth_agent_rpc_request_duration_seconds', { method: 'admin_peers', le: '0.005' }, 'geth_agent_rpc_request_duration_seconds_bucket'), 1);
  assert.deepEqual(families.get('geth_agent_info')?.samples[0]?.labels, { role: 'sealer', network_id: '4242', geth_version: '1.13.15-stable', enode: 'enode://ab@127.0.0.1:30303' });
  await app.close();
});

test('/metrics appends geth\'s own metrics (selected groups) without duplicate series', { timeout: 10_000 }, async () => {
  const raw = await gethFixture();
  const gethText = filterGethMetrics(raw, { groups: ['chain', 'p2p', 'txpool'], exclude: (name) => name.startsWith('geth_agent_') });
  const { app } = await nodeApp(healthySealer, { gethMetrics: () => gethText });
  const families = parsePrometheusText((await app.inject('/metrics')).body);
  const geth = [...families.keys()].filter((n) => !/^(geth_agent|process|nodejs)_/.test(n));
  assert.ok(geth.length > 40, `${geth.length} geth families`);
  for (const name of geth) assert.match(name, /^(chain|p2p|txpool)_/);
  assert.ok(families.has('chain_head_block') && families.has('p2p_peers') && families.has('txpool_pending'));
  const inserts = families.get('chain_inserts');
  assert.equal(inserts?.type, 'summary');
  assert.ok(inserts?.samples.some((s) => s.name === 'chain_inserts_count'), 'geth\'s separate _count family folded into its summary');
  assert.equal(families.has('chain_inserts_count'), false);
  await app.close();
});

test('/status: the snapshot in operator terms plus the extras; / renders the same values, escaped', { timeout: 10_000 }, async () => {
  const enode = `enode://${'c'.repeat(128)}@127.0.0.1:30303`;
  const decisions = [{ at: now - 60_000, action: 'redial', reason: 'peer_decay' }, { at: now - 30_000, action: 'restart', reason: '<script>alert(1)</script>' }];
  const { app } = await nodeApp(healthySealer, { status: () => ({ enode, decisions }) });
  const status = (await app.inject('/status')).json() as Record<string, unknown>;
  assert.deepEqual(status, {
    enode,
    decisions,
    role: 'sealer',
    status: 'UP',
    failing: [],
    at: new Date(now).toISOString(),
    geth: { state: 'running', pid: 42, uptimeSeconds: 600, restarts: { crash: 1, peer_decay: 2 }, restartsTotal: 3, crashLoop: false },
    peers: 2,
    minPeers: 1,
    head: { number: 1234, hash: `0x${'ab'.repeat(32)}`, timestamp: now / 1000 - 5, ageSeconds: 5 },
    sync: { syncing: false, current: 1234, highest: 1234 },
    txpool: { pending: 3, queued: 1 },
    signer: { isSigner: true, signers: 3, period: 2, lastSealedAt: new Date(now - 4_000).toISOString() },
    membership: null,
    watchdog: { restartLimited: false, condition: null, conditionDetail: null },
  });
  const page = await app.inject('/');
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] as string, /^text\/html/);
  for (const text of [enode, '2 (min 1)', '#1234', '5 s', '3 (crash: 1, peer_decay: 2)', 'redial', 'peer_decay', '&lt;script&gt;alert(1)&lt;/script&gt;', 'http-equiv="refresh"']) {
    assert.ok(page.body.includes(text), `page shows ${text}`);
  }
  assert.equal(page.body.includes('<script>'), false);
  await app.close();
});

test('/metrics: scrapes within metricsCacheMs share one rendering; a later scrape sees new values', { timeout: 10_000 }, async () => {
  let clock = now;
  const { app, metrics } = await nodeApp(healthySealer, { now: () => clock, metricsCacheMs: 1000 });
  const value = async (): Promise<number | undefined> => sampleValue(parsePrometheusText((await app.inject('/metrics')).body), 'geth_agent_sealed_blocks_total');
  assert.equal(await value(), 0);
  metrics.sealedBlocks.inc();
  clock += 999;
  assert.equal(await value(), 0, 'cached');
  clock += 1;
  assert.equal(await value(), 1);
  await app.close();
});
