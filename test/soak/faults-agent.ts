import { setTimeout as sleep } from 'node:timers/promises';
import { agentUrl, type SoakNetwork } from './net.js';
import { failingSummary, newRecord, readiness, type FaultRecord } from './record.js';
import { waitUntil } from './wait.js';

const genesisSha = async (net: SoakNetwork): Promise<string | undefined> => {
  try {
    const response = await fetch(`${(await agentUrl(net, 'genesis')) ?? 'http://genesis.invalid'}/genesis`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200 ? ((await response.json()) as { sha256?: string }).sha256 : undefined;
  } catch {
    return undefined;
  }
};

/**
 * SIGTERM an agent (a node, the boot node or the genesis server) and start it again after a
 * pause: the stop must be clean (exit 0), the node must come back ready without losing its chain,
 * the genesis server must serve the same genesis, the boot node must be listed again.
 */
export async function agentRestartFault(net: SoakNetwork, kind: 'term-agent' | 'restart-boot' | 'restart-genesis', target: string, at: number, pauseMs: number): Promise<FaultRecord> {
  const record = newRecord(kind, target, at);
  const headBefore = (await net.status(target))?.head?.number ?? 0;
  const shaBefore = kind === 'restart-genesis' ? await genesisSha(net) : undefined;
  const t0 = Date.now();
  const code = await net.stop(target);
  record.detected = code === 0;
  if (code !== 0) record.problems.push(`agent exited with ${String(code)} on SIGTERM (expected 0: geth stopped cleanly)`);
  await sleep(pauseMs);
  await net.start(target);
  const node = readiness(net, target);
  const ready = async (): Promise<boolean> => {
    if (!(await node.check())) return false;
    if (kind === 'restart-boot') return net.bootListed();
    // The directory survives the restart: the boot node is listed at once, not after its next publication.
    if (kind === 'restart-genesis') return (await genesisSha(net)) !== undefined && (await net.bootListed());
    return true;
  };
  const recoverMs = await waitUntil(ready, 120_000, 500);
  if (recoverMs === undefined) {
    record.problems.push('not ready again within 120 s');
    return record;
  }
  record.recovered = true;
  record.recoverMs = Date.now() - t0;
  if (record.recoverMs > 20_000) record.notes.push(`slow: ${failingSummary(node.failing)}`);
  if (kind === 'restart-genesis') {
    const shaAfter = await genesisSha(net);
    if (shaAfter !== shaBefore) record.problems.push(`the genesis changed across the restart: ${String(shaBefore)} -> ${String(shaAfter)}`);
  }
  const headAfter = (await net.status(target))?.head?.number ?? 0;
  if (kind === 'term-agent' && headAfter < headBefore) record.problems.push(`head went back from ${headBefore} to ${headAfter}`);
  return record;
}
