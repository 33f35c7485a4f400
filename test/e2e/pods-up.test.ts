import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { podTest, startPods } from '../pods/pod-test.js';
import { waitFor } from '../pods/wait.js';

interface Peer {
  readonly enode: string;
  readonly network: { readonly remoteAddress: string; readonly inbound: boolean };
}

const hostOf = (enode: string): string => /@([^:]+):/.exec(enode)?.[1] ?? '';
const portOf = (enode: string): number => Number(/@[^:]+:(\d+)/.exec(enode)?.[1]);

podTest('pods: genesis, boot, 3 sealers and 2 clients come up as containers: own addresses, default ports, tini and uid 10001, sealing', 420_000, async (t) => {
  const pods = await startPods(t);
  const addresses = new Map<string, string>();
  for (const node of pods.nodes) {
    const address = await pods.ip(node.name);
    assert.ok(address !== undefined && isIP(address) === 4 && !address.startsWith('127.'), `${node.name} has its own address (${String(address)})`);
    addresses.set(node.name, address);
  }
  assert.equal(new Set(addresses.values()).size, pods.nodes.length, 'every container has a different address');
  const containerAddresses = new Set(addresses.values());

  for (const node of pods.nodes.filter((n) => n.role === 'sealer' || n.role === 'client')) {
    // What geth itself advertises, and what the agent shows: the container's address, port 30303.
    const info = await pods.ipc<{ enode: string; ports: { listener: number; discovery: number } }>(node.name, 'admin_nodeInfo');
    assert.equal(hostOf(info.enode), addresses.get(node.name), `${node.name}: geth advertises its container address`);
    assert.equal(portOf(info.enode), 30303, `${node.name}: geth advertises the default P2P port`);
    assert.deepEqual(info.ports, { listener: 30303, discovery: 30303 });
    assert.equal((await pods.status(node.name))?.enode, info.enode, `${node.name}: the agent shows the enode geth advertises`);
    const peers = await pods.ipc<Peer[]>(node.name, 'admin_peers');
    assert.ok(peers.length >= 1, `${node.name} has peers`);
    for (const peer of peers) {
      const remote = peer.network.remoteAddress.replace(/:\d+$/, '');
      assert.ok(!remote.startsWith('127.') && containerAddresses.has(remote), `${node.name}: peer at ${peer.network.remoteAddress} is a container of the network`);
      assert.ok(containerAddresses.has(hostOf(peer.enode)), `${node.name}: peer enode ${peer.enode.slice(-30)} names a container address`);
    }
  }
  // The boot node publishes its container address (discovery port 30301, as config/boot.env says).
  const bootnodes = JSON.parse((await pods.request('genesis', '/bootnodes')).body) as { bootnodes: string[] };
  assert.deepEqual(bootnodes.bootnodes.map((e) => `${hostOf(e)} ${/discport=(\d+)/.exec(e)?.[1] ?? ''}`), [`${addresses.get('boot') ?? ''} 30301`]);

  for (const node of pods.nodes) {
    const procs = await pods.processes(node.name);
    const init = procs.find((p) => p.pid === 1);
    assert.match(init?.args ?? '', /^\/usr\/bin\/tini -- \S+\/node \/app\/bin\/geth-agent run$/, `${node.name}: tini is PID 1, running the agent where the image has it`);
    assert.deepEqual([...new Set(procs.map((p) => p.user))], ['10001'], `${node.name}: every process runs as uid 10001`);
    if (node.role === 'sealer' || node.role === 'client') assert.ok(procs.some((p) => /\/geth --datadir \/data /.test(p.args)), `${node.name}: geth runs in the container`);
    assert.equal(await pods.health(node.name), 200, `${node.name}: /health 200`);
    assert.equal(await pods.healthcheck(node.name), true, `${node.name}: the Compose health check passes in the container`);
  }

  const head = async (): Promise<number> => Math.min(...(await Promise.all(pods.nodes.filter((n) => n.role === 'sealer' || n.role === 'client').map(async (n) => (await pods.status(n.name))?.head?.number ?? 0))));
  const from = await head();
  await waitFor('every node 3 blocks further', async () => (await head()) >= from + 3, { timeoutMs: 60_000 });
});
