import assert from 'node:assert/strict';
import { lowestHead } from '../pods/chain.js';
import { podTest, startPods } from '../pods/pod-test.js';
import type { Pods } from '../pods/pods.js';
import { waitFor } from '../pods/wait.js';
import { chainNodes, convergedNow } from '../soak/invariants.js';

interface NodeInfo {
  readonly id: string;
  readonly enode: string;
}
interface Peer {
  readonly id: string;
  readonly network: { readonly remoteAddress: string };
}

const hostOf = (enode: string): string => /@([^:]+):/.exec(enode)?.[1] ?? '';
// The reference's decay window is 120 s; 20 s here still leaves discovery on a loaded machine its time.
const decaySeconds = 20;
const decayMs = decaySeconds * 1000;

/** Whether every other geth node has `id` as a peer at `address`; what each saw. */
async function everyoneSees(pods: Pods, others: readonly string[], id: string, address: string): Promise<{ ok: boolean; detail: string }> {
  const seen = await Promise.all(
    others.map(async (name) => {
      const peers = await pods.ipc<Peer[]>(name, 'admin_peers').catch(() => [] as Peer[]);
      return peers.find((p) => p.id === id)?.network.remoteAddress.replace(/:\d+$/, '');
    }),
  );
  return { ok: seen.every((a) => a === address), detail: others.map((n, i) => `${n}: ${seen[i] ?? 'not a peer'}`).join(', ') };
}

podTest('pods: a rescheduled sealer (same volume, new address) keeps its enode id and account; the others find it again within one decay window; after the boot node moved, a rescheduled node gets back to its peers through the ones it remembers', 480_000, async (t) => {
  const pods = await startPods(t, { sealers: 3, clients: 1, nodeEnv: { GETH_AGENT_PEER_DECAY_SECONDS: String(decaySeconds) } });
  const moved = 'sealer-2';
  const others = chainNodes(pods, [moved]);
  const before = await pods.ipc<NodeInfo>(moved, 'admin_nodeInfo');
  const account = await pods.ipc<string>(moved, 'eth_coinbase');
  const oldAddress = await pods.ip(moved);

  const newAddress = await pods.reschedule(moved);
  assert.notEqual(newAddress, oldAddress);
  await waitFor(`${moved} answers again`, async () => (await pods.status(moved))?.geth.state === 'running', { timeoutMs: 120_000 });
  const ready = Date.now();
  const after = await pods.ipc<NodeInfo>(moved, 'admin_nodeInfo');
  assert.equal(after.id, before.id, 'same node key: same enode id');
  assert.equal(hostOf(after.enode), newAddress, 'geth advertises the new address');
  assert.equal(await pods.ipc<string>(moved, 'eth_coinbase'), account, 'same keystore: same account');
  assert.equal((await pods.status(moved))?.enode, after.enode, 'the agent shows the new enode');
  let detail = '';
  await waitFor(`every other node has ${moved} as a peer at ${newAddress}`, async () => {
    const now = await everyoneSees(pods, others, after.id, newAddress);
    detail = now.detail;
    return now.ok;
  }, { timeoutMs: 120_000, detail: () => detail });
  const foundMs = Date.now() - ready;
  t.diagnostic(`every other node peers with ${moved} at its new address ${(foundMs / 1000).toFixed(1)} s after its geth answered (decay window ${decayMs / 1000} s)`);
  assert.ok(foundMs <= decayMs, `found again within one decay window (${foundMs} ms > ${decayMs} ms)`);
  await waitFor(`${moved} ready, sealing again`, async () => (await pods.health(moved)) === 200, { timeoutMs: 120_000 });

  // The boot node moves: the directory lists it at its new address (same id) at once. A node
  // rescheduled after that finds nobody through it (a discovery-only boot node at a new address is
  // known to no running node, and the moved node's endpoint proofs are for its old address): the
  // watchdog's re-dial, one decay window in, hands geth the peers it last dialled out to.
  const bootId = /enode:\/\/([0-9a-f]{128})@/.exec((await pods.request('genesis', '/bootnodes')).body)?.[1];
  const bootAddress = await pods.reschedule('boot');
  await waitFor('the directory lists the boot node at its new address', async () => {
    const listed = (JSON.parse((await pods.request('genesis', '/bootnodes')).body) as { bootnodes: string[] }).bootnodes;
    detail = listed.join(', ');
    return listed.length === 1 && listed[0]?.includes(`${bootId ?? '?'}@${bootAddress}:`) === true;
  }, { timeoutMs: 60_000, detail: () => detail });
  const client = 'client-1';
  const clientAddress = await pods.reschedule(client);
  await waitFor(`${client} answers again`, async () => (await pods.status(client))?.geth.state === 'running', { timeoutMs: 120_000 });
  const clientReady = Date.now();
  const clientId = (await pods.ipc<NodeInfo>(client, 'admin_nodeInfo')).id;
  await waitFor(`${client} ready, peered with at ${clientAddress}`, async () => {
    const [health, seen] = await Promise.all([pods.health(client), everyoneSees(pods, chainNodes(pods, [client]), clientId, clientAddress)]);
    detail = `${health}; ${seen.detail}`;
    return health === 200 && seen.detail.includes(clientAddress);
  }, { timeoutMs: 120_000, detail: () => detail });
  const clientFoundMs = Date.now() - clientReady;
  t.diagnostic(`${client} ready at its new address ${(clientFoundMs / 1000).toFixed(1)} s after its geth answered (${detail})`);
  assert.ok(clientFoundMs <= 2 * decayMs, `ready within two decay windows (the re-dial comes after one): ${clientFoundMs} ms`);

  const head = await lowestHead(pods, chainNodes(pods));
  await waitFor('every head converged, 2 blocks on', async () => {
    const now = await convergedNow(pods, chainNodes(pods), head + 2);
    detail = now.detail;
    return now.ok;
  }, { timeoutMs: 90_000, detail: () => detail });
  for (const name of chainNodes(pods)) assert.equal(await pods.health(name), 200, `${name} ready`);
});
