import type { HeadInfo } from '../state/node-state.js';

/**
 * Validators for geth's JSON-RPC replies. Replies are untrusted: a malformed one is a failed
 * reading (with a reason), never a throw elsewhere or a NaN in the snapshot.
 */
export type Check<T> = { ok: true; value: T } | { ok: false; reason: string };

const quantity = (value: unknown): number | undefined =>
  typeof value === 'string' && /^0x[0-9a-f]{1,14}$/i.test(value) ? Number.parseInt(value, 16) : undefined;

export function readHead(reply: unknown): Check<HeadInfo> {
  const block = reply as { number?: unknown; hash?: unknown; timestamp?: unknown } | null;
  const number = quantity(block?.number);
  const timestamp = quantity(block?.timestamp);
  const hash = block?.hash;
  if (number === undefined || timestamp === undefined || typeof hash !== 'string' || !/^0x[0-9a-f]{64}$/i.test(hash)) {
    return { ok: false, reason: 'malformed block (number, hash, timestamp)' };
  }
  return { ok: true, value: { number, hash: hash.toLowerCase(), timestamp } };
}

export function readPeers(reply: unknown): Check<number> {
  return Array.isArray(reply) ? { ok: true, value: reply.length } : { ok: false, reason: 'admin_peers did not return a list' };
}

export function readSyncing(reply: unknown, head: number | undefined): Check<{ syncing: boolean; current: number; highest: number }> {
  if (reply === false) return { ok: true, value: { syncing: false, current: head ?? 0, highest: head ?? 0 } };
  const sync = reply as { currentBlock?: unknown; highestBlock?: unknown } | null;
  const current = quantity(sync?.currentBlock);
  const highest = quantity(sync?.highestBlock);
  if (current === undefined || highest === undefined) return { ok: false, reason: 'malformed eth_syncing reply' };
  return { ok: true, value: { syncing: true, current, highest } };
}

export function readTxpool(reply: unknown): Check<{ pending: number; queued: number }> {
  const status = reply as { pending?: unknown; queued?: unknown } | null;
  const pending = quantity(status?.pending);
  const queued = quantity(status?.queued);
  return pending === undefined || queued === undefined ? { ok: false, reason: 'malformed txpool_status reply' } : { ok: true, value: { pending, queued } };
}

export function readSigners(reply: unknown): Check<string[]> {
  if (!Array.isArray(reply) || !reply.every((a) => typeof a === 'string' && /^0x[0-9a-f]{40}$/i.test(a))) {
    return { ok: false, reason: 'malformed clique_getSigners reply' };
  }
  return { ok: true, value: reply.map((a: string) => a.toLowerCase()) };
}

export function readGasPrice(reply: unknown): Check<number> {
  const wei = quantity(reply);
  return wei === undefined ? { ok: false, reason: 'malformed eth_gasPrice reply' } : { ok: true, value: wei };
}
