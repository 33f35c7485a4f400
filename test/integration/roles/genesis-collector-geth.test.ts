import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { COLLECTOR_LOGIN_REFUSALS } from '../../../src/metrics/genesis.js';
import { startCliqueChain } from '../../helpers/clique-chain.js';
import { startGenesisAgent } from '../../helpers/network.js';
import { parsePrometheusText, sampleValue } from '../../helpers/prom-text.js';
import { tempDir } from '../../helpers/tmp.js';

const secret = 'stats-secret-9e1f';
const signerA = '0x00000000000000000000000000000000000000a1';

interface NetworkNode {
  readonly id: string;
  readonly connected: boolean;
  readonly active: boolean | null;
  readonly peers: number | null;
  readonly uptime: number | null;
  readonly latency: number | null;
  readonly head: { readonly number: number; readonly miner: string } | null;
}

const refusedLogins = async (url: string): Promise<Record<string, number | undefined>> => {
  const families = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
  return Object.fromEntries(COLLECTOR_LOGIN_REFUSALS.map((reason) => [reason, sampleValue(families, 'geth_agent_ethstats_collector_refused_logins_total', { reason })]));
};

test('genesis role: real geth 1.13.15 --ethstats logs into the collector, its node shows blocks and stats; refused logins counted by reason from 0', { timeout: 90_000 }, async (t) => {
  const root = await tempDir(t, 'ga-gcg-');
  const genesis = await startGenesisAgent(t, root, { GETH_AGENT_SIGNERS: signerA, GETH_AGENT_ETHSTATS_COLLECTOR: 'on', GETH_AGENT_ETHSTATS_SECRET: secret });
  const zero = Object.fromEntries(COLLECTOR_LOGIN_REFUSALS.map((reason) => [reason, 0]));
  assert.deepEqual(await refusedLogins(genesis.url), zero, 'every reason at 0 before any connection');

  // geth's own flag, as operators write it (loopback chain: --nodiscover, --nat none, --netrestrict).
  const chain = await startCliqueChain(t, { period: 1, args: ['--ethstats', `geth-real:${secret}@127.0.0.1:${genesis.port}`] });
  const signer = chain.signer.address.toLowerCase();
  let node: NetworkNode | undefined;
  const deadline = Date.now() + 45_000;
  while (!(node?.connected === true && (node.head?.number ?? 0) >= 3 && node.peers !== null && node.latency !== null)) {
    assert.ok(Date.now() < deadline, `geth's node on /network.json within 45 s: ${JSON.stringify(node)}`);
    await sleep(250);
    const view = (await (await fetch(`${genesis.url}/network.json`)).json()) as { nodes: NetworkNode[] };
    node = view.nodes.find((n) => n.id === 'geth-real');
  }
  assert.equal(node.active, true);
  assert.equal(node.peers, 0);
  assert.equal(node.uptime, 100);
  assert.equal(node.head?.miner, signer, 'geth reports the clique signer');

  // One refusal by reason the agent sees on the wire; geth's session is untouched.
  const wrong = new WebSocket(`ws://127.0.0.1:${genesis.port}/api/?_primuscb=x`);
  t.after(() => wrong.terminate());
  wrong.on('error', () => undefined);
  await new Promise((resolve) => wrong.once('open', resolve));
  wrong.send(JSON.stringify({ emit: ['hello', { id: 'intruder', info: { name: 'intruder' }, secret: 'not-the-secret' }] }));
  assert.equal(await new Promise((resolve) => wrong.once('close', resolve)), 1008);
  const early = new WebSocket(`ws://127.0.0.1:${genesis.port}/api`);
  t.after(() => early.terminate());
  early.on('error', () => undefined);
  await new Promise((resolve) => early.once('open', resolve));
  early.send(JSON.stringify({ emit: ['node-ping', { id: 'geth-real', clientTime: '1' }] }));
  assert.equal(await new Promise((resolve) => early.once('close', resolve)), 1008);

  assert.deepEqual(await refusedLogins(genesis.url), { ...zero, wrong_secret: 1, before_hello: 1 });
  const families = parsePrometheusText(await (await fetch(`${genesis.url}/metrics`)).text());
  assert.equal(sampleValue(families, 'geth_agent_ethstats_collector_nodes', { state: 'connected' }), 1);
  assert.ok((sampleValue(families, 'geth_agent_ethstats_collector_frames_total', { type: 'block' }) ?? 0) >= 3);
  assert.ok((sampleValue(families, 'geth_agent_ethstats_collector_frames_total', { type: 'stats' }) ?? 0) >= 1);
  assert.ok(!chain.geth.lines.some((line) => /Stats login failed|Failed to retrieve stats server message|Stats daemon stopped/.test(line)), 'geth saw no error');
  assert.ok(!genesis.agent.lines.some((line) => line.includes(secret)), 'the secret is not logged');
});
