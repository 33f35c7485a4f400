import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { lowestHead } from '../pods/chain.js';
import { podTest, startPods } from '../pods/pod-test.js';
import { podTimings } from '../pods/pods.js';
import { waitFor } from '../pods/wait.js';
import { chainNodes, convergedNow } from '../soak/invariants.js';
import { metricValue } from '../soak/network.js';

const restartsOf = (m: string | undefined): Record<string, number> =>
  Object.fromEntries(['crash', 'peer_decay', 'stalled_head', 'rpc_hung'].map((reason) => [reason, metricValue(m, `geth_agent_restarts_total{reason="${reason}"}`)]));

podTest('pods: two of three sealers cut off: every agent says the network cannot seal, none restarts in a storm; reconnected, sealing resumes on its own', 480_000, async (t) => {
  const pods = await startPods(t);
  const cut = ['sealer-2', 'sealer-3'];
  const nodes = chainNodes(pods);
  for (const name of cut) await pods.disconnect(name);
  const t0 = Date.now();
  const since = (): string => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

  // Every agent running geth, on both sides, says so: /health's network check with its reason, the metric.
  const seen = new Map<string, string>();
  await waitFor('every agent reports too_few_signers', async () => {
    const answers = await Promise.all(nodes.map(async (name) => [name, await pods.request(name, '/health')] as const));
    for (const [name, answer] of answers) {
      const check = answer.status === 0 ? undefined : (JSON.parse(answer.body) as { checks: Record<string, { value?: unknown; detail?: string }> }).checks.network;
      seen.set(name, `${answer.status} ${String(check?.value)}`);
    }
    return answers.every(([, a]) => a.status === 503 && a.body.includes('"network":{"ok":false,"value":"too_few_signers","detail":"no new block for'));
  }, { timeoutMs: 120_000, detail: () => [...seen].map(([n, s]) => `${n}: ${s}`).join(', ') });
  t.diagnostic(`${since()}: every agent reports too_few_signers`);
  for (const name of nodes) assert.equal(metricValue(await pods.metrics(name), 'geth_agent_network_cannot_seal'), 1, `${name}: geth_agent_network_cannot_seal 1`);

  // A while longer: nobody restarts for it; the cut-off sealers only at the peer decay's configured rate.
  await sleep(45_000);
  const maxRestarts = Number(podTimings.GETH_AGENT_MAX_RESTARTS);
  for (const name of nodes) {
    const restarts = restartsOf(await pods.metrics(name));
    t.diagnostic(`${name}: restarts ${JSON.stringify(restarts)}`);
    assert.equal(restarts.stalled_head, 0, `${name}: no stalled_head restart`);
    assert.equal(restarts.crash, 0, `${name}: no crash`);
    if (cut.includes(name)) assert.ok((restarts.peer_decay ?? 0) <= maxRestarts, `${name}: peer decay restarts within the rate (${String(restarts.peer_decay)} <= ${maxRestarts})`);
    else assert.equal(restarts.peer_decay, 0, `${name}: no restart at all`);
    const lines = (await pods.logs(name)).split('\n').filter((l) => l.includes('the network cannot seal'));
    assert.equal(lines.length, 1, `${name}: one log line says the network cannot seal`);
  }

  const stalledAt = await lowestHead(pods, ['sealer-1']);
  for (const name of cut) await pods.connect(name);
  const t1 = Date.now();
  let detail = '';
  await waitFor('sealing resumed and every head converged', async () => {
    const now = await convergedNow(pods, nodes, stalledAt + 3);
    detail = now.detail;
    return now.ok;
  }, { timeoutMs: 150_000, detail: () => detail });
  t.diagnostic(`sealing resumed, heads converged ${((Date.now() - t1) / 1000).toFixed(1)} s after the reconnect (${detail})`);
  await waitFor('every agent ready, the condition gone', async () => {
    const codes = await Promise.all(nodes.map((name) => pods.health(name)));
    const flags = await Promise.all(nodes.map(async (name) => metricValue(await pods.metrics(name), 'geth_agent_network_cannot_seal')));
    detail = nodes.map((n, i) => `${n} ${codes[i]}/${flags[i]}`).join(', ');
    return codes.every((c) => c === 200) && flags.every((f) => f === 0);
  }, { timeoutMs: 90_000, detail: () => detail });
  for (const name of nodes) assert.equal(restartsOf(await pods.metrics(name)).stalled_head, 0, `${name}: no stalled_head restart after the heal either`);
});
