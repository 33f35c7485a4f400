import { test, type TestContext } from 'node:test';
import { toolTest } from '../../helpers/tools.js';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { getAddress, SigningKey, Wallet } from 'ethers';
import { signBootnodePublication } from '../../../src/directory/publication.js';
import WebSocket from 'ws';
import { fakeBlock } from '../../helpers/ethstats-fakes.js';
import { cellOf, chromiumSkip, renderDom } from '../../helpers/chromium.js';
import { startGenesisAgent } from '../../helpers/network.js';
import { parsePrometheusText, sampleValue } from '../../helpers/prom-text.js';
import { tempDir } from '../../helpers/tmp.js';

const signerA = '0x00000000000000000000000000000000000000a1';
const signerB = '0x00000000000000000000000000000000000000b2';
// A boot node publishes its enode signed with its node key (the id is that key's public key).
const nodeKey = Wallet.createRandom().privateKey;
const enode = `enode://${new SigningKey(nodeKey).publicKey.slice(4)}@127.0.0.9:30303`;
const statsSecret = 'stats-secret-5c4d';
const networkSecret = 'net-secret-3b2a';

/** A genesis agent (static signers A and B, collector on), a published boot node, and one reporter whose blocks A sealed. */
async function network(t: TestContext) {
  const root = await tempDir(t, 'ga-gobs-');
  const genesis = await startGenesisAgent(t, root, {
    GETH_AGENT_SIGNERS: `${signerA},${signerB}`,
    GETH_AGENT_ETHSTATS_COLLECTOR: 'on',
    GETH_AGENT_ETHSTATS_SECRET: statsSecret,
    GETH_AGENT_NETWORK_SECRET: networkSecret,
    GETH_AGENT_NETWORK_ID: '4242',
  });
  const publication = await signBootnodePublication(nodeKey, { enode, network: 4242, timestamp: Math.floor(Date.now() / 1000) });
  const published = await fetch(`${genesis.url}/bootnodes`, { method: 'POST', headers: { authorization: `Bearer ${networkSecret}`, 'content-type': 'application/json' }, body: JSON.stringify(publication) });
  assert.equal(published.status, 201);
  const ws = new WebSocket(`ws://127.0.0.1:${genesis.port}/api`);
  t.after(() => {
    ws.terminate();
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const ready = new Promise((resolve) => ws.once('message', resolve));
  const info = { name: 'client-<b>1</b>', node: 'Geth/v1.13.15', port: 30303, net: '4242', protocol: 'eth/68', api: 'No', os: 'linux', os_v: 'x64', client: '0.1.1', canUpdateHistory: false };
  ws.send(JSON.stringify({ emit: ['hello', { id: 'client-1', info, secret: statsSecret }] }));
  await ready;
  for (let n = 1; n <= 6; n++) ws.send(JSON.stringify({ emit: ['block', { id: 'client-1', block: { ...fakeBlock(n), miner: signerA } }] }));
  ws.send(JSON.stringify({ emit: ['stats', { id: 'client-1', stats: { active: true, syncing: false, mining: false, hashrate: 0, peers: 3, gasPrice: 1, uptime: 100 } }] }));
  await sleep(300);
  await fetch(`${genesis.url}/genesis.json`);
  return genesis;
}

test('genesis role: /metrics, /status and the network JSON say who is in the network, the signer set and the quorum', { timeout: 60_000 }, async (t) => {
  const genesis = await network(t);
  const families = parsePrometheusText(await (await fetch(`${genesis.url}/metrics`)).text());
  assert.equal(sampleValue(families, 'geth_agent_genesis_sealed'), 1);
  assert.equal(sampleValue(families, 'geth_agent_genesis_signers_registered'), 2);
  assert.equal(sampleValue(families, 'geth_agent_genesis_signers_needed'), 2);
  assert.equal(sampleValue(families, 'geth_agent_genesis_bootnodes'), 1);
  assert.equal(sampleValue(families, 'geth_agent_genesis_bootnode_publications_total', { status: '201' }), 1);
  assert.ok((sampleValue(families, 'geth_agent_genesis_requests_total', { status: '200' }) ?? 0) >= 1, 'GET /genesis.json counted');
  assert.equal(sampleValue(families, 'geth_agent_genesis_requests_total', { status: '503' }), 0);
  assert.equal(sampleValue(families, 'geth_agent_ethstats_collector_nodes', { state: 'connected' }), 1);
  assert.equal(sampleValue(families, 'geth_agent_ethstats_collector_frames_total', { type: 'block' }), 6);
  assert.equal(sampleValue(families, 'geth_agent_ethstats_collector_frames_total', { type: 'stats' }), 1);
  assert.equal(sampleValue(families, 'geth_agent_limit_refusals_total', { limit: 'collector_nodes' }), 0);
  assert.ok(families.has('process_resident_memory_bytes') && families.has('nodejs_eventloop_lag_seconds'));

  const status = (await (await fetch(`${genesis.url}/status`)).json()) as Record<string, unknown> & { genesis: { sealed: boolean; signers: string[] }; collector: unknown };
  assert.equal(status.role, 'genesis');
  assert.equal(status.status, 'UP');
  assert.equal(typeof status.chainId, 'number');
  assert.match(String(status.genesisSha256), /^[0-9a-f]{64}$/);
  assert.deepEqual(status.genesis.signers, [getAddress(signerA), getAddress(signerB)]);
  assert.deepEqual(status.bootnodes, [enode]);
  assert.deepEqual(status.collector, { nodes: 1, connected: 1 });
  assert.ok(!JSON.stringify(status).includes(statsSecret) && !JSON.stringify(status).includes(networkSecret), 'no secret in /status');

  const view = (await (await fetch(`${genesis.url}/network.json`)).json()) as {
    chainId: number;
    members: Array<{ role: string; source: string; state: string }>;
    signers: Array<{ address: string; authorized: boolean; sealedRecently: boolean; blocksInWindow: number }>;
    quorum: { signers: number; needed: number; sealing: number; state: string };
    nodes: Array<{ id: string }>;
  };
  assert.equal(view.chainId, status.chainId);
  assert.deepEqual(view.members.map((m) => `${m.role}/${m.source}/${m.state}`), ['genesis/self/serving', 'boot/directory/listed', 'sealer/registration/authorized', 'sealer/registration/authorized', 'client/ethstats/online']);
  assert.deepEqual(view.signers.map((s) => [s.address, s.authorized, s.sealedRecently, s.blocksInWindow]), [[getAddress(signerA), true, true, 4], [getAddress(signerB), true, false, 0]]);
  assert.deepEqual(view.quorum, { ...view.quorum, signers: 2, needed: 2, sealing: 1, state: 'lost' });
  assert.equal(view.nodes[0]?.id, 'client-1', 'the reporting nodes, as GET /network always listed them');
  // A browser's Accept header gets the page at /network, and JSON at /network?format=json.
  const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  assert.match(await (await fetch(`${genesis.url}/network`, { headers: { accept: browserAccept } })).text(), /<h2>Signers<\/h2>/);
  const asJson = await fetch(`${genesis.url}/network?format=json`, { headers: { accept: browserAccept } });
  assert.match(asJson.headers.get('content-type') ?? '', /application\/json/);
  assert.equal(((await asJson.json()) as { quorum: { state: string } }).quorum.state, 'lost');
});

toolTest('genesis role pages in headless Chromium: the status page and the network page', { timeout: 90_000 }, chromiumSkip, async (t) => {
  const genesis = await network(t);
  const page = await renderDom(t, `${genesis.url}/`);
  assert.equal(cellOf(page, 'role'), 'genesis');
  assert.equal(cellOf(page, 'status'), 'UP');
  assert.match(cellOf(page, 'chain-id') ?? '', /^\d+$/);
  assert.equal(cellOf(page, 'genesis'), 'sealed, 2 signers');
  assert.equal(cellOf(page, 'collector'), '1 of 1 nodes connected');
  assert.match(page, new RegExp(`<td>${enode}</td>`), 'the boot node listed');

  const net = await renderDom(t, `${genesis.url}/network`);
  assert.match(cellOf(net, 'chain-id') ?? '', /^\d+$/);
  assert.equal(cellOf(net, 'quorum'), '1 of 2 signers sealing, 2 needed: lost: too few signers seal, the chain stands still');
  assert.match(net, new RegExp(`<td>${getAddress(signerA)}</td><td>yes</td><td>yes</td><td>4</td><td>6</td>`), 'signer A: authorized, sealing, 4 blocks of the window, last block 6');
  assert.match(net, new RegExp(`<td>${getAddress(signerB)}</td><td>yes</td><td>no</td><td>0</td><td>-</td>`));
  for (const role of ['genesis', 'boot', 'sealer', 'client']) assert.match(net, new RegExp(`<td>${role}</td>`), `a ${role} row`);
  // In both the node list and the reporters' table: a reporter's name is text, not markup.
  assert.equal(net.split('<td>client-&lt;b&gt;1&lt;/b&gt;</td>').length - 1, 2, 'the name shown twice, escaped');
  assert.equal(net.includes('<b>1</b>'), false);
  assert.match(net, /href="\/network\?format=json"/);
});
