import type { SoakNetwork } from './net.js';
import { metricValue } from './network.js';
import { failingSummary, newRecord, readiness, watchHealth, type FaultRecord } from './record.js';
import { alive } from '../helpers/processes.js';
import { waitUntil } from './wait.js';

const restarts = async (net: SoakNetwork, name: string, reason: string): Promise<number> => metricValue(await net.metrics(name), `geth_agent_restarts_total{reason="${reason}"}`);

/**
 * SIGKILL (crash) or SIGSTOP (hang) the geth of `target`. The agent must count the restart with
 * the right reason, /health must go red, and the node must come back ready with a new geth.
 */
export async function gethSignalFault(net: SoakNetwork, kind: 'kill-geth' | 'stop-geth', target: string, at: number, hungSeconds: number, rpcAgeSeconds: number): Promise<FaultRecord> {
  const record = newRecord(kind, target, at);
  const pid = await net.gethPid(target);
  if (pid === undefined) {
    record.problems.push('no geth pid before the fault');
    return record;
  }
  const reason = kind === 'kill-geth' ? 'crash' : 'rpc_hung';
  const before = await restarts(net, target, reason);
  const headBefore = (await net.status(target))?.head?.number ?? 0;
  const watch = watchHealth(net, target);
  const t0 = Date.now();
  process.kill(pid, kind === 'kill-geth' ? 'SIGKILL' : 'SIGSTOP');
  const detectBound = kind === 'kill-geth' ? 20_000 : (hungSeconds + 20) * 1000;
  const detectMs = await waitUntil(async () => (await restarts(net, target, reason)) > before, detectBound);
  record.detected = detectMs !== undefined;
  if (!record.detected) record.problems.push(`restart with reason ${reason} not counted within ${detectBound / 1000} s`);
  else record.notes.push(`${reason} restart counted after ${((detectMs ?? 0) / 1000).toFixed(1)} s`);
  if (kind === 'stop-geth' && alive(pid)) process.kill(pid, 'SIGCONT');
  const node = readiness(net, target);
  const recoverMs = await waitUntil(async () => (await node.check()) && (await net.gethPid(target)) !== pid, 120_000, 500);
  const samples = await watch.stop();
  if (recoverMs !== undefined) {
    record.recovered = true;
    record.recoverMs = Date.now() - t0;
    if (record.recoverMs > 20_000) record.notes.push(`slow: ${failingSummary(node.failing)}`);
  } else record.problems.push(`not ready again within 120 s (${failingSummary(node.failing)})`);
  if (!samples.some((s) => s.code !== 200)) record.problems.push('/health never went red while geth was down');
  if (kind === 'stop-geth' && detectMs !== undefined) {
    // Frozen geth: IPC readings stop; once they are older than the threshold (plus a margin), 200 is
    // a false green, until the watchdog can decide (it resumes geth to stop it cleanly, and a
    // resumed geth answers again for a moment).
    const redBy = t0 + (rpcAgeSeconds + 0.5) * 1000;
    const decisionFrom = t0 + Math.min(detectMs, (hungSeconds - 1.5) * 1000);
    const falseGreens = samples.filter((s) => s.code === 200 && s.at > redBy && s.at < decisionFrom);
    if (falseGreens.length > 0) record.problems.push(`/health answered 200 ${falseGreens.length} times while geth was frozen`);
  }
  const headAfter = (await net.status(target))?.head?.number ?? 0;
  if (record.recovered && headAfter < headBefore) {
    // Sealers run --gcmode archive: a crash must never rewind them. A client (gcmode full) that
    // crashed rewinds to its last persisted state, as geth does; it must then catch up from peers.
    if (net.byName(target).role === 'sealer') record.problems.push(`head went back from ${headBefore} to ${headAfter} on an archive node`);
    else {
      const caughtUp = await waitUntil(async () => ((await net.status(target))?.head?.number ?? 0) >= headBefore, 60_000, 500);
      if (caughtUp === undefined) record.problems.push(`head went back from ${headBefore} to ${headAfter} and did not catch up within 60 s`);
      else record.notes.push(`geth rewound from ${headBefore} to ${headAfter} (gcmode full), caught up in ${(caughtUp / 1000).toFixed(1)} s`);
    }
  }
  return record;
}

/** Cuts every peer link of a client (both directions, admin_removePeer); peers must come back. */
export async function dropPeersFault(net: SoakNetwork, target: string, at: number): Promise<FaultRecord> {
  const record = newRecord('drop-peers', target, at);
  const t0 = Date.now();
  try {
    const self = (await net.ipc<{ enode: string }>(target, 'admin_nodeInfo')).enode;
    const peers = await net.ipc<Array<{ enode: string }>>(target, 'admin_peers');
    for (const peer of peers) await net.ipc(target, 'admin_removePeer', [peer.enode]);
    for (const other of net.nodes.filter((n) => n.name !== target && (n.role === 'sealer' || n.role === 'client'))) {
      await net.ipc(other.name, 'admin_removePeer', [self]).catch(() => undefined);
    }
    const left = await net.ipc<unknown[]>(target, 'admin_peers');
    record.detected = left.length < Math.max(1, peers.length);
    record.notes.push(`removed ${peers.length} peers, ${left.length} right after`);
  } catch (error) {
    record.problems.push(`could not drop peers: ${String(error)}`);
    return record;
  }
  const node = readiness(net, target);
  const recoverMs = await waitUntil(async () => ((await net.status(target))?.peers ?? 0) >= 1 && (await node.check()), 90_000, 500);
  if (recoverMs === undefined) record.problems.push('peers not back within 90 s');
  else {
    record.recovered = true;
    record.recoverMs = Date.now() - t0;
  }
  return record;
}
