import assert from 'node:assert/strict';
import { lowestHead } from '../pods/chain.js';
import { podTest, startPods } from '../pods/pod-test.js';
import { waitFor } from '../pods/wait.js';
import { chainNodes, convergedNow } from '../soak/invariants.js';
import { metricValue } from '../soak/network.js';

podTest('pods: a sealer cut off the network reports its peers, re-dials, restarts for peer decay; the others keep sealing; reconnected it rejoins', 420_000, async (t) => {
  const pods = await startPods(t);
  const cut = 'sealer-3';
  const others = chainNodes(pods, [cut]);
  const series = (m: string | undefined, name: string): number => metricValue(m, name);
  await pods.disconnect(cut);
  const t0 = Date.now();
  const since = (): string => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

  let last = '';
  await waitFor(`${cut}: /health 503 naming the peer check`, async () => {
    const answer = await pods.request(cut, '/health');
    last = `${answer.status} ${answer.body.slice(0, 300)}`;
    return answer.status === 503 && (JSON.parse(answer.body) as { checks: Record<string, { ok: boolean }> }).checks.peers?.ok === false;
  }, { timeoutMs: 90_000, detail: () => last });
  t.diagnostic(`${since()}: ${cut} /health 503, peers check failing`);

  const from = await lowestHead(pods, others);
  await waitFor(`${cut}: re-dial, then a peer_decay restart`, async () => {
    const m = await pods.metrics(cut);
    last = `redial ${series(m, 'geth_agent_decisions_total{action="redial"}')}, peer_decay ${series(m, 'geth_agent_restarts_total{reason="peer_decay"}')}`;
    return series(m, 'geth_agent_decisions_total{action="redial"}') >= 1 && series(m, 'geth_agent_restarts_total{reason="peer_decay"}') >= 1;
  }, { timeoutMs: 120_000, detail: () => last });
  t.diagnostic(`${since()}: ${cut} re-dialed and restarted geth (${last})`);

  // Two of three signers are a quorum: the rest of the network goes on sealing, and stays ready.
  await waitFor('the other nodes 3 blocks further', async () => (await lowestHead(pods, others)) >= from + 3, { timeoutMs: 60_000 });
  for (const name of others) assert.equal(await pods.health(name), 200, `${name} stays ready`);

  const reference = await lowestHead(pods, others);
  await pods.connect(cut);
  const t1 = Date.now();
  await waitFor(`${cut} ready again`, async () => (await pods.health(cut)) === 200, { timeoutMs: 120_000 });
  let seen = '';
  await waitFor('every head converged', async () => {
    const now = await convergedNow(pods, chainNodes(pods), reference + 1);
    seen = now.detail;
    return now.ok;
  }, { timeoutMs: 90_000, detail: () => seen });
  t.diagnostic(`${cut} rejoined and converged ${((Date.now() - t1) / 1000).toFixed(1)} s after the reconnect (${seen})`);
});
