import { setTimeout as sleep } from 'node:timers/promises';
import { alive } from '../helpers/processes.js';
import type { PodSoakNetwork } from './pods-network.js';
import { failingSummary, newRecord, readiness, type FaultRecord } from './record.js';
import { waitUntil } from './wait.js';

interface Peer {
  readonly id: string;
  readonly network: { readonly remoteAddress: string };
}

/** Whether every other running geth node has `id` as a peer at `address`. */
async function seenAt(net: PodSoakNetwork, target: string, id: string, address: string): Promise<boolean> {
  const others = net.nodes.filter((n) => n.name !== target && (n.role === 'sealer' || n.role === 'client') && net.running(n.name));
  for (const other of others) {
    const peers = await net.ipc<Peer[]>(other.name, 'admin_peers').catch(() => [] as Peer[]);
    if (peers.find((p) => p.id === id)?.network.remoteAddress.replace(/:\d+$/, '') !== address) return false;
  }
  return true;
}

/**
 * Cuts a node off the network (podman network disconnect) for `durationMs`, then attaches it
 * again: its /health must go red while cut off (it loses its peers, its head ages), and it must
 * be ready again after the heal. Recovery is timed from the heal.
 */
export async function partitionFault(net: PodSoakNetwork, target: string, at: number, durationMs: number): Promise<FaultRecord> {
  const record = newRecord('partition', target, at);
  await net.pods.disconnect(target);
  const t0 = Date.now();
  while (Date.now() - t0 < durationMs) {
    if (!record.detected && (await net.health(target)) !== 200) {
      record.detected = true;
      record.notes.push(`/health red ${((Date.now() - t0) / 1000).toFixed(1)} s into the partition`);
    }
    await sleep(2_000);
  }
  if (!record.detected) record.problems.push(`/health stayed 200 through a ${(durationMs / 1000).toFixed(0)} s partition`);
  await net.pods.connect(target);
  const t1 = Date.now();
  const node = readiness(net, target);
  const recoverMs = await waitUntil(() => node.check(), 120_000, 500);
  if (recoverMs === undefined) record.problems.push(`not ready within 120 s of the heal (${failingSummary(node.failing)})`);
  else {
    record.recovered = true;
    record.recoverMs = Date.now() - t1;
    if (record.recoverMs > 30_000) record.notes.push(`slow: ${failingSummary(node.failing)}`);
  }
  return record;
}

/**
 * Reschedules a node as Kubernetes does a pod: the container is stopped and removed, a new one
 * made with the same volume at a new address. Same node id; geth nodes must be peered with at the
 * new address by every other node, the boot node listed at it by the genesis server.
 */
export async function addressChangeFault(net: PodSoakNetwork, target: string, at: number): Promise<FaultRecord> {
  const record = newRecord('address-change', target, at);
  const role = net.byName(target).role;
  const before = await net.pods.ip(target);
  const id = role === 'boot' ? undefined : (await net.ipc<{ id: string }>(target, 'admin_nodeInfo').catch(() => undefined))?.id;
  const t0 = Date.now();
  const address = await net.expectDown(target, () => net.pods.reschedule(target));
  record.detected = address !== before;
  record.notes.push(`${before ?? '?'} -> ${address}`);
  const node = readiness(net, target);
  const recovered = async (): Promise<boolean> => {
    if (!(await node.check())) return false;
    if (role === 'boot') return net.bootListed();
    const now = await net.ipc<{ id: string; enode: string }>(target, 'admin_nodeInfo').catch(() => undefined);
    if (now === undefined || now.id !== id || !now.enode.includes(`@${address}:`)) return false;
    return seenAt(net, target, now.id, address);
  };
  const recoverMs = await waitUntil(recovered, 120_000, 1_000);
  if (recoverMs === undefined) record.problems.push(`not ready at ${address} (and found there by the others) within 120 s (${failingSummary(node.failing)})`);
  else {
    record.recovered = true;
    record.recoverMs = Date.now() - t0;
  }
  if (id !== undefined && (await net.ipc<{ id: string }>(target, 'admin_nodeInfo').catch(() => undefined))?.id !== id) record.problems.push('the enode id changed with the address');
  return record;
}

/**
 * `podman kill -s KILL` of a node's container (tini, the agent and geth at once), a pause, then
 * `podman start`: no process of the container may survive the kill; the node must come back ready
 * on its own chain (an archive sealer without losing a block).
 */
export async function containerKillFault(net: PodSoakNetwork, target: string, at: number, pauseMs: number): Promise<FaultRecord> {
  const record = newRecord('kill-container', target, at);
  const procs = await net.pods.processes(target);
  const headBefore = (await net.status(target))?.head?.number ?? 0;
  const t0 = Date.now();
  await net.expectDown(target, async () => {
    await net.pods.kill(target, 'KILL');
    await waitUntil(async () => (await net.pods.inspect(target, '{{.State.Status}}')) === 'exited', 30_000, 250);
    const survivors = procs.filter((p) => alive(p.hpid));
    record.detected = survivors.length === 0;
    if (survivors.length > 0) record.problems.push(`survived the kill: ${survivors.map((p) => p.args.slice(0, 40)).join('; ')}`);
    await sleep(pauseMs);
    await net.pods.start(target);
  });
  const node = readiness(net, target);
  const recoverMs = await waitUntil(() => node.check(), 120_000, 500);
  if (recoverMs === undefined) {
    record.problems.push(`not ready again within 120 s (${failingSummary(node.failing)})`);
    return record;
  }
  record.recovered = true;
  record.recoverMs = Date.now() - t0;
  const headAfter = (await net.status(target))?.head?.number ?? 0;
  if (headAfter < headBefore) {
    // Sealers run --gcmode archive: never rewound. A client (gcmode full) may rewind, then must catch up.
    if (net.byName(target).role === 'sealer') record.problems.push(`head went back from ${headBefore} to ${headAfter} on an archive node`);
    else if ((await waitUntil(async () => ((await net.status(target))?.head?.number ?? 0) >= headBefore, 60_000, 500)) === undefined) record.problems.push(`head went back from ${headBefore} to ${headAfter} and did not catch up within 60 s`);
    else record.notes.push(`geth rewound from ${headBefore} to ${headAfter} (gcmode full) and caught up`);
  }
  return record;
}
