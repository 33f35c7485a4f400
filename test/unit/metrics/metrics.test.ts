import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { createMetrics } from '../../../src/metrics.js';
import type { NodeState } from '../../../src/state/node-state.js';

const now = 1_700_000_000_000;
const state: NodeState = {
  role: 'sealer',
  at: now,
  geth: { state: 'running', restarts: {}, crashLoop: false },
  rpc: { okAt: now },
  peers: { value: 3, at: now },
  head: { value: { number: 12, hash: '0x1', timestamp: now / 1000 - 4 }, at: now },
  sync: { value: { syncing: false, current: 12, highest: 12 }, at: now },
  txpool: { value: { pending: 2, queued: 1 }, at: now },
  clique: { value: { signers: ['0xa'], isSigner: true, period: 1 }, at: now },
  watchdog: { restartLimited: false },
};

/** Minimal exposition-format reader: {name{labels}: value} plus TYPE lines. */
function parse(text: string): { samples: Map<string, number>; types: Map<string, string> } {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      types.set(name as string, type as string);
    } else if (line !== '' && !line.startsWith('#')) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?) (\S+)$/.exec(line);
      assert.ok(match, `malformed sample line: ${line}`);
      samples.set(match[1] as string, Number(match[3]));
    }
  }
  return { samples, types };
}

test('scrape-time gauges read the snapshot; counters and labels are exposed with types', async () => {
  const registry = new Registry();
  const metrics = createMetrics({ registry, getState: () => state, now: () => now, processMetrics: false });
  metrics.restarts.inc({ reason: 'crash' });
  metrics.decisions.inc({ action: 'redial' });
  metrics.info.set({ role: 'sealer', network_id: '4242', geth_version: '1.13.15-stable', enode: 'enode://x@127.0.0.1:30303' }, 1);
  const { samples, types } = parse(await registry.metrics());
  assert.equal(samples.get('geth_agent_peers'), 3);
  assert.equal(samples.get('geth_agent_head_block'), 12);
  assert.equal(samples.get('geth_agent_head_age_seconds'), 4);
  assert.equal(samples.get('geth_agent_geth_up'), 1);
  assert.equal(samples.get('geth_agent_is_signer'), 1);
  assert.equal(samples.get('geth_agent_txpool_pending'), 2);
  assert.equal(samples.get('geth_agent_network_cannot_seal'), 0);
  assert.equal(samples.get('geth_agent_restarts_total{reason="crash"}'), 1);
  assert.equal(samples.get('geth_agent_decisions_total{action="redial"}'), 1);
  assert.equal(types.get('geth_agent_restarts_total'), 'counter');
  assert.equal(types.get('geth_agent_rpc_request_duration_seconds'), 'histogram');
  for (const name of types.keys()) assert.match(name, /^geth_agent_[a-z0-9_]+$/);
});

test('network_cannot_seal is 1 while the watchdog reports too few signers reachable', async () => {
  const registry = new Registry();
  const condition = { ...state, watchdog: { restartLimited: false, condition: 'too_few_signers', conditionDetail: 'no new block for 16 s' } };
  createMetrics({ registry, getState: () => condition, now: () => now, processMetrics: false });
  assert.equal(parse(await registry.metrics()).samples.get('geth_agent_network_cannot_seal'), 1);
});

test('no snapshot yet: geth_up reads 0 (unlabelled gauges always carry a sample in prom-client)', async () => {
  const registry = new Registry();
  createMetrics({ registry, processMetrics: false });
  const { samples } = parse(await registry.metrics());
  assert.equal(samples.get('geth_agent_geth_up'), 0);
});

test('two agents in one process keep separate registries (no global state)', async () => {
  const a = createMetrics({ processMetrics: true });
  const b = createMetrics({ processMetrics: true });
  a.restarts.inc({ reason: 'crash' });
  assert.match(await a.registry.metrics(), /geth_agent_restarts_total\{reason="crash"\} 1/);
  assert.match(await b.registry.metrics(), /geth_agent_restarts_total\{reason="crash"\} 0/);
  assert.match(await b.registry.metrics(), /^process_resident_memory_bytes \d+/m);
  a.close();
  b.close();
});

test('readiness, signer set, last seal, duplicate signer and geth\'s process read at scrape time', async () => {
  const sealedAt = now - 3_000;
  const current: NodeState = { ...state, geth: { ...state.geth, pid: 4242 }, clique: { value: { signers: ['0xa', '0xb', '0xc'], isSigner: true, period: 1 }, at: now }, lastSealedAt: sealedAt, duplicateSigner: 'seen at block 9 from another node' };
  const pids: number[] = [];
  const metrics = createMetrics({
    registry: new Registry(),
    getState: () => current,
    now: () => now,
    processMetrics: false,
    health: () => ({ status: 'DOWN', role: 'sealer', checks: { peers: { ok: true }, sealing: { ok: false } } }),
    processUsage: async (pid) => {
      pids.push(pid);
      return { cpuSeconds: 12.5, residentBytes: 3_000_000 };
    },
  });
  const { samples } = parse(await metrics.registry.metrics());
  assert.equal(samples.get('geth_agent_ready'), 0);
  assert.equal(samples.get('geth_agent_health_check{check="peers"}'), 1);
  assert.equal(samples.get('geth_agent_health_check{check="sealing"}'), 0);
  assert.equal(samples.get('geth_agent_clique_signers'), 3);
  assert.equal(samples.get('geth_agent_last_sealed_timestamp_seconds'), sealedAt / 1000);
  assert.equal(samples.get('geth_agent_duplicate_signer'), 1);
  assert.equal(samples.get('geth_agent_geth_cpu_seconds_total'), 12.5);
  assert.equal(samples.get('geth_agent_geth_resident_memory_bytes'), 3_000_000);
  assert.deepEqual([...new Set(pids)], [4242]);
});
