import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexlify, randomBytes, Wallet } from 'ethers';
import { dataDirOf, startAgent, waitForHttp } from '../helpers/agents.js';
import { fastNodeEnv, metric, nodePorts, portEnv, startGenesisAgent, waitForMetrics } from '../helpers/network.js';
import { floodChallenges, registerDuringFlood } from './attacks/challenges.js';
import { agentsDir, rssGrowth, rssOf } from './directory-helpers.js';

const health = async (url: string): Promise<number> => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).status;

test('2,000 challenges between a sealer\'s challenge and its registration void nothing (real genesis agent)', { timeout: 120_000 }, async (t) => {
  const { dir: root, removeLast } = await agentsDir(t, 'ga-hch-');
  const secret = `reg-${hexlify(randomBytes(8)).slice(2)}`;
  const { url, agent } = await startGenesisAgent(t, root, { GETH_AGENT_SEALER_COUNT: '2', GETH_AGENT_NETWORK_SECRET: secret, GETH_AGENT_LOG_LEVEL: 'info' }, '/genesis');
  removeLast();
  // Warm-up, as ordinary traffic would: the heap grows to its working size before the baseline.
  await floodChallenges({ url, secret }, { count: 500, concurrency: 16, sources: 64 });
  const before = await rssOf(agent.pid);
  const race = await registerDuringFlood({ url, secret }, new Wallet(hexlify(randomBytes(32))), 2_000);
  t.diagnostic(`outcome ${race.outcome}; flood ${JSON.stringify(race.flood?.statuses)} in ${race.flood?.ms} ms`);
  assert.equal(race.outcome, 'registered');
  assert.deepEqual(race.flood?.statuses, { 200: 2_000 }, 'issuing challenges is never refused either');
  assert.equal(await health(url), 503, '/health answers (not ready: still collecting)');
  const memory = await rssGrowth(agent.pid, before);
  assert.ok(memory.growth < 50, `RSS +${memory.growth.toFixed(1)} MiB`);
  t.diagnostic(`RSS before ${before.toFixed(1)} MiB, peak ${memory.peak.toFixed(1)} MiB`);
});

test('a real sealer registers, the genesis seals and geth starts while challenges flood in from 64 sources', { timeout: 180_000 }, async (t) => {
  const { dir: root, removeLast } = await agentsDir(t, 'ga-hch-');
  const secret = `reg-${hexlify(randomBytes(8)).slice(2)}`;
  const { url, agent } = await startGenesisAgent(t, root, { GETH_AGENT_SEALER_COUNT: '1', GETH_AGENT_NETWORK_SECRET: secret, GETH_AGENT_LOG_LEVEL: 'info' }, '/genesis');
  // Warm-up, as ordinary traffic would: the heap grows to its working size before the baseline.
  await floodChallenges({ url, secret }, { count: 500, concurrency: 16, sources: 64 });
  const before = await rssOf(agent.pid);
  let flooding = true;
  const floods: Array<Record<string, number>> = [];
  const flood = (async () => {
    while (flooding) floods.push((await floodChallenges({ url, secret }, { count: 500, concurrency: 16, sources: 64 })).statuses);
  })();
  const ports = await nodePorts();
  const sealer = startAgent(t, 'sealer', {
    ...fastNodeEnv(url, portEnv(ports)),
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 's'),
    GETH_AGENT_NETWORK_SECRET: secret,
    GETH_AGENT_PASSWORD: 'pw-hostile-challenge',
    GETH_AGENT_MIN_PEERS: '0',
    GETH_AGENT_LOG_LEVEL: 'info',
  });
  removeLast();
  try {
    await waitForHttp(`${url}/genesis.json`, (status) => status === 200, 90_000);
    await waitForMetrics(ports.http, (m) => metric(m, 'geth_agent_geth_up') === 1, 90_000, 'the sealer runs geth');
    assert.equal(await health(url), 200);
  } finally {
    flooding = false;
    await flood;
  }
  const statuses = floods.reduce<Record<string, number>>((all, one) => {
    for (const [k, v] of Object.entries(one)) all[k] = (all[k] ?? 0) + v;
    return all;
  }, {});
  t.diagnostic(`flood during registration: ${JSON.stringify(statuses)}`);
  assert.ok((statuses['200'] ?? 0) >= 500, JSON.stringify(statuses));
  assert.ok(sealer.lines.some((l) => l.includes('signer registered with the genesis server')));
  assert.ok(!sealer.lines.some((l) => /rejected \(403\)|rejected the signature/.test(l)), 'no challenge or signature of the sealer was refused');
  const memory = await rssGrowth(agent.pid, before);
  assert.ok(memory.growth < 50, `RSS +${memory.growth.toFixed(1)} MiB`);
  t.diagnostic(`RSS before ${before.toFixed(1)} MiB, peak ${memory.peak.toFixed(1)} MiB`);
});
