import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { agentReports, reporterTimings, collectorSettings } from '../../../src/ethstats/config.js';
import { defaultCollectorLimits } from '../../../src/ethstats/collector/limits.js';
import { ethstatsForGeth, gethEthstatsToml } from '../../../src/geth/args/v1_13.js';

const genesis = { GETH_AGENT_ROLE: 'genesis', GETH_AGENT_NETWORK_ID: '4242', GETH_AGENT_SIGNERS: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266' };
const problems = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
};

test('ethstats variables: defaults, timings in ms, and the mode helpers', () => {
  const { config } = loadConfig({ ...genesis, GETH_AGENT_ETHSTATS: 'a:b@stats:3000' });
  assert.equal(config.ethstatsMode, 'agent');
  assert.equal(config.ethstatsCollector, false);
  assert.deepEqual(reporterTimings(config), { loginTimeoutMs: 10_000, reportIntervalMs: 15_000, maxPayload: 15 * 1024 * 1024, backoff: { initialMs: 1000, maxMs: 60_000 } });
  assert.equal(agentReports(config), true);
  assert.equal(ethstatsForGeth(config), undefined);
  const geth = loadConfig({ ...genesis, GETH_AGENT_ETHSTATS: 'a:b@stats:3000', GETH_AGENT_ETHSTATS_MODE: 'geth' }).config;
  assert.equal(agentReports(geth), false);
  const target = ethstatsForGeth(geth);
  assert.ok(target !== undefined);
  assert.match(gethEthstatsToml(target), /^\[Ethstats\]\nURL = "a:b@stats:3000"\n$/);
});

test('the collector needs its secret and role genesis; backoff max >= initial', () => {
  assert.match(problems({ ...genesis, GETH_AGENT_ETHSTATS_COLLECTOR: 'on' }), /GETH_AGENT_ETHSTATS_SECRET/);
  const { config } = loadConfig({ ...genesis, GETH_AGENT_ETHSTATS_COLLECTOR: 'on', GETH_AGENT_ETHSTATS_SECRET: 'pw' });
  assert.deepEqual(collectorSettings(config), { secret: 'pw', loginTimeoutMs: 10_000, maxPayload: 256 * 1024, limits: defaultCollectorLimits });
  const tuned = loadConfig({
    ...genesis,
    GETH_AGENT_ETHSTATS_COLLECTOR: 'on',
    GETH_AGENT_ETHSTATS_SECRET: 'pw',
    GETH_AGENT_ETHSTATS_COLLECTOR_LOGIN_MAX_BYTES: '4096',
    GETH_AGENT_ETHSTATS_COLLECTOR_MAX_LOGINS: '10',
    GETH_AGENT_ETHSTATS_COLLECTOR_MAX_LOGINS_PER_ADDRESS: '2',
    GETH_AGENT_ETHSTATS_COLLECTOR_MAX_NODES: '20',
    GETH_AGENT_ETHSTATS_COLLECTOR_NODE_TTL_SECONDS: '1.5',
    GETH_AGENT_ETHSTATS_COLLECTOR_BYTES_PER_SECOND: '65536',
    GETH_AGENT_ETHSTATS_COLLECTOR_MAX_FRAME_BYTES: '32768',
  }).config;
  assert.deepEqual(collectorSettings(tuned).limits, { loginMaxBytes: 4096, maxLogins: 10, maxLoginsPerAddress: 2, maxNodes: 20, nodeTtlMs: 1500, bytesPerSecond: 65536 });
  assert.equal(collectorSettings(tuned).maxPayload, 32768);
  assert.match(
    problems({ GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://g:8080', GETH_AGENT_ETHSTATS_COLLECTOR: 'on', GETH_AGENT_ETHSTATS_SECRET: 'pw' }),
    /only served in role genesis/,
  );
  assert.match(problems({ ...genesis, GETH_AGENT_ETHSTATS_BACKOFF_INITIAL_SECONDS: '10', GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS: '5' }), /BACKOFF_MAX/);
  assert.match(problems({ ...genesis, GETH_AGENT_ETHSTATS_MODE: 'both' }), /one of agent, geth, off/);
  const message = problems({ ...genesis, GETH_AGENT_ETHSTATS_COLLECTOR: 'maybe', GETH_AGENT_ETHSTATS_SECRET: 'hunter2' });
  assert.ok(!message.includes('hunter2'));
});
