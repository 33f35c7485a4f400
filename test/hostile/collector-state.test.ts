import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeView } from '../../src/ethstats/collector/state.js';
import { stateFlood } from './attacks/collector-state.js';
import { assertHealthy, assertHonest, pollHealth, refusals, startCollectorNetwork, type CollectorNetwork } from './collector-helpers.js';
import { showRss, watchRss } from './rss.js';

const allowedGrowthMiB = 50e6 / 2 ** 20;

const nodesOf = async (network: CollectorNetwork): Promise<NodeView[]> =>
  ((await (await fetch(`${network.genesis.url}/network`, { signal: AbortSignal.timeout(5000) })).json()) as { nodes: NodeView[] }).nodes;

async function waitFor(network: CollectorNetwork, what: string, accept: (nodes: NodeView[]) => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let nodes = await nodesOf(network);
  while (!accept(nodes)) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms (${nodes.map((n) => `${n.id}${n.connected ? '' : ' (gone)'}`).join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    nodes = await nodesOf(network);
  }
}

test('collector, after login: a secret holder sending huge blocks, blocks at the frame limit as fast as it can, and 600 ids coming and going stays bounded; RSS, /health, reporting and disk hold', { timeout: 300_000 }, async (t) => {
  // A small node cap and a short record TTL, so the churn reaches both within the test.
  const network = await startCollectorNetwork(t, { GETH_AGENT_ETHSTATS_COLLECTOR_MAX_NODES: '100', GETH_AGENT_ETHSTATS_COLLECTOR_NODE_TTL_SECONDS: '5' });
  const url = `ws://127.0.0.1:${network.genesis.port}/api`;
  const digest = await network.genesisDigest();
  const health = pollHealth(network);
  const rss = await watchRss(network.genesis.pid);

  // The attack as reported: 50 blocks of 150k hashes (~11 MB frames), plus ids churning.
  const huge = await stateFlood({ url, secret: network.secret, blocks: 50, txPerBlock: 150_000, churnIds: 600 });
  // The same attacker adapted to the limit: the largest frames allowed (256 KiB: 1000 hashes and
  // 60,000 empty objects, the JSON costliest to parse per byte), back to back for 8 s.
  const atLimit = await stateFlood({ url, secret: network.secret, id: 'hostile-at-limit', blocks: 1000, txPerBlock: 1000, padObjects: 60_000, deadlineMs: 4000 });
  // What the attacker handed to the kernel is read at the collector's rate after it left: the
  // attack ends when the collector has read it all and marked that node disconnected.
  await waitFor(network, 'the rate-limited reporter read to its end', (nodes) => nodes.some((n) => n.id === 'hostile-at-limit' && !n.connected), 90_000);
  const figures = await rss.stop();
  const polled = await health.stop();
  const nodes = await nodesOf(network);
  const refused = await refusals(network);
  t.diagnostic(`${showRss(figures)}; huge ${JSON.stringify(huge)}; at the limit ${JSON.stringify(atLimit)}; ${nodes.length} records; refusals ${JSON.stringify(refused)}; /health ${polled.polls - polled.failures.length}/${polled.polls}`);

  assert.equal(huge.loggedIn, true, 'the attacker holds the secret: it logs in');
  assert.equal(huge.closeCode, 1009, 'a frame over the limit closes the session (1009)');
  assert.ok((refused.collector_frame ?? 0) >= 1, 'and is counted');
  assert.equal(huge.churnLoggedIn + huge.churnRefused, 600);
  assert.ok(huge.churnLoggedIn >= 500, `churning ids log in (the cap forgets gone nodes first): ${huge.churnLoggedIn}`);
  assert.equal(atLimit.closeCode, undefined, 'frames within the limit are accepted');
  assert.ok(atLimit.blocksSent >= 2, `frames at the limit got through: ${atLimit.blocksSent}`);
  assert.ok((refused.collector_rate ?? 0) >= 1, 'the reporter over the rate was paused, and that is counted');
  assert.ok(figures.max - figures.before <= allowedGrowthMiB, showRss(figures));
  assert.ok(nodes.length <= 100, `records bounded by the node cap: ${nodes.length}`);
  const adapted = nodes.find((n) => n.id === 'hostile-at-limit');
  assert.equal(adapted?.head?.transactions, 1000, 'the transaction count is kept (not the hashes)');
  assert.deepEqual(polled.failures, [], '/health answered throughout the attack');
  await assertHealthy(network);
  await assertHonest(network);
  // Records of gone nodes expire: after the TTL only the connected sealer is left.
  await waitFor(network, 'records of disconnected nodes expired', (nodes) => nodes.length === 1 && nodes[0]?.id === network.sealer.id, 20_000);
  assert.equal(await network.genesisDigest(), digest, 'the genesis on disk is unchanged');
});
