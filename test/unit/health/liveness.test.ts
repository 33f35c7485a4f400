import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crashLoopBeyondLimit, createLiveness } from '../../../src/health/liveness.js';
import { defaultMaxHeadAgeSeconds, healthThresholdsFromConfig } from '../../../src/health/thresholds.js';
import { loadConfig } from '../../../src/config/load.js';
import { gethMetricsAddress } from '../../../src/geth/metrics-address.js';

test('liveness: ok while every loop beats within stallMs; a stalled loop or a crash loop fails it', () => {
  let t = 0;
  let crashLoop = false;
  const live = createLiveness({ stallMs: 1000, now: () => t, crashLoop: () => crashLoop });
  assert.deepEqual(live.check(), { ok: true }, 'no loop registered yet');
  live.beat('observer');
  live.beat('watchdog');
  t = 1000;
  assert.deepEqual(live.check(), { ok: true }, 'exactly at the limit');
  live.beat('observer');
  t = 1500;
  assert.deepEqual(live.check(), { ok: false, detail: 'loop stalled: watchdog (2 s)' });
  live.forget('watchdog');
  assert.deepEqual(live.check(), { ok: true });
  crashLoop = true;
  assert.deepEqual(live.check(), { ok: false, detail: 'geth crash loop beyond its restart limit' });
});

test('crash-loop limit: GETH_AGENT_LIVE_CRASH_LOOP_STARTS failed starts in a row (default 10; 0 never)', () => {
  const base = { GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:1' };
  const limit = loadConfig(base).config.liveCrashLoopStarts;
  assert.equal(limit, 10);
  assert.equal(crashLoopBeyondLimit(9, limit), false);
  assert.equal(crashLoopBeyondLimit(10, limit), true);
  const three = loadConfig({ ...base, GETH_AGENT_LIVE_CRASH_LOOP_STARTS: '3' }).config.liveCrashLoopStarts;
  assert.equal(crashLoopBeyondLimit(3, three), true);
  assert.equal(crashLoopBeyondLimit(1_000, loadConfig({ ...base, GETH_AGENT_LIVE_CRASH_LOOP_STARTS: '0' }).config.liveCrashLoopStarts), false);
  assert.throws(() => loadConfig({ ...base, GETH_AGENT_LIVE_CRASH_LOOP_STARTS: '-1' }), /GETH_AGENT_LIVE_CRASH_LOOP_STARTS/);
});

test('thresholds from config: defaults, the derived head age, explicit values', () => {
  const base = { GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:1' };
  const defaults = healthThresholdsFromConfig(loadConfig(base).config);
  assert.deepEqual(defaults, { minPeers: 1, maxBlocksBehind: 2, maxHeadAgeSeconds: 50, maxRpcAgeSeconds: 30, maxSealAgeSeconds: undefined });
  assert.equal(healthThresholdsFromConfig(loadConfig(base).config, { cliquePeriod: 1 }).maxHeadAgeSeconds, 30, 'the genesis period wins');
  assert.equal(healthThresholdsFromConfig(loadConfig({ ...base, GETH_AGENT_CLIQUE_PERIOD: '0' }).config).maxHeadAgeSeconds, undefined);
  const set = healthThresholdsFromConfig(
    loadConfig({ ...base, GETH_AGENT_MIN_PEERS: '0', GETH_AGENT_HEALTH_MAX_BLOCKS_BEHIND: '7', GETH_AGENT_HEALTH_MAX_HEAD_AGE_SECONDS: '99', GETH_AGENT_HEALTH_MAX_RPC_AGE_SECONDS: '2.5', GETH_AGENT_HEALTH_MAX_SEAL_AGE_SECONDS: '77' }).config,
  );
  assert.deepEqual(set, { minPeers: 0, maxBlocksBehind: 7, maxHeadAgeSeconds: 99, maxRpcAgeSeconds: 2.5, maxSealAgeSeconds: 77 });
  assert.equal(defaultMaxHeadAgeSeconds(15), 150);
});

test('config: GETH_AGENT_GETH_METRICS takes the groups; geth\'s metrics server defaults to 127.0.0.1:6060 with them', () => {
  const base = { GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:1' };
  assert.throws(() => loadConfig({ ...base, GETH_AGENT_GETH_METRICS: 'chain,bogus' }), /GETH_AGENT_GETH_METRICS.*geth metric group/s);
  assert.throws(() => loadConfig({ ...base, GETH_AGENT_GETH_METRICS: '127.0.0.1:6060' }), /geth metric group/);
  const groups = loadConfig({ ...base, GETH_AGENT_GETH_METRICS: 'chain.inserts,p2p,txpool' }).config;
  assert.deepEqual(groups.gethMetrics, ['chain.inserts', 'p2p', 'txpool']);
  assert.deepEqual(gethMetricsAddress(groups), { host: '127.0.0.1', port: 6060 });
  const both = loadConfig({ ...base, GETH_AGENT_GETH_METRICS: 'all', GETH_AGENT_GETH_METRICS_ADDR: '127.0.0.1:6161' }).config;
  assert.deepEqual(gethMetricsAddress(both), { host: '127.0.0.1', port: 6161 });
  const addrOnly = loadConfig({ ...base, GETH_AGENT_GETH_METRICS_ADDR: '0.0.0.0:6061' }).config;
  assert.deepEqual(gethMetricsAddress(addrOnly), { host: '0.0.0.0', port: 6061 });
  assert.equal(gethMetricsAddress(loadConfig(base).config), undefined);
});
