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

export function readGasPrice(reply: unknown): Check<number> {
  const wei = quantity(reply);
  return wei === undefined ? { ok: false, reason: 'malformed eth_gasPrice reply' } : { ok: true, value: wei };
}

/** What the watchdog reads of clique's snapshot at the head: the signer set and who signed the last blocks. */
export interface CliqueSnapshot {
  readonly number: number;
  /** Lowercase signer addresses. */
  readonly signers: readonly string[];
  /** Block number -> lowercase address of its signer, for the most recent blocks clique remembers. */
  readonly recents: ReadonlyMap<number, string>;
}

const isAddress = (a: unknown): a is string => typeof a === 'string' && /^0x[0-9a-f]{40}$/i.test(a);

/** clique_getSnapshot: `{number, signers: {addr: {}}, recents: {"n": addr}}` (votes and tally ignored). */
export function readCliqueSnapshot(reply: unknown): Check<CliqueSnapshot> {
  const snap = reply as { number?: unknown; signers?: unknown; recents?: unknown } | null;
  const bad: Check<CliqueSnapshot> = { ok: false, reason: 'malformed clique_getSnapshot reply' };
  if (typeof snap?.number !== 'number' || !Number.isSafeInteger(snap.number) || snap.number < 0) return bad;
  if (typeof snap.signers !== 'object' || snap.signers === null || Array.isArray(snap.signers)) return bad;
  if (typeof snap.recents !== 'object' || snap.recents === null || Array.isArray(snap.recents)) return bad;
  const signers = Object.keys(snap.signers);
  if (signers.length === 0 || !signers.every(isAddress)) return bad;
  const recents = new Map<number, string>();
  for (const [key, address] of Object.entries(snap.recents as Record<string, unknown>)) {
    const n = Number(key);
    if (!/^\d{1,15}$/.test(key) || !isAddress(address)) return bad;
    recents.set(n, address.toLowerCase());
  }
  return { ok: true, value: { number: snap.number, signers: signers.map((a) => a.toLowerCase()), recents } };
}

/** Peers as admin_peers lists them: geth's own dials (their enode is where they listen), and peers that dialled in (only their address). */
export interface PeerLinks {
  readonly outbound: readonly string[];
  /** Public key (128 hex, the enode's user part) and IP of each peer that dialled in (its port is an ephemeral source port). */
  readonly inbound: ReadonlyArray<{ readonly key: string; readonly ip: string }>;
}

const peerEnode = /^enode:\/\/([0-9a-fA-F]{128})@(\[[0-9a-fA-F:.]+\]|[0-9.]+):\d{1,5}(\?discport=\d{1,5})?$/;

/** admin_peers -> the enodes geth dialled out to, and the key and IP of each peer that dialled in. */
export function readPeerLinks(reply: unknown): PeerLinks {
  const outbound: string[] = [];
  const inbound: Array<{ key: string; ip: string }> = [];
  for (const peer of Array.isArray(reply) ? reply.slice(0, 256) : []) {
    const p = peer as { enode?: unknown; network?: { inbound?: unknown } } | null;
    const match = typeof p?.enode === 'string' ? peerEnode.exec(p.enode) : null;
    if (p === null || match === null || typeof p.network?.inbound !== 'boolean') continue;
    if (p.network.inbound) inbound.push({ key: (match[1] as string).toLowerCase(), ip: (match[2] as string).replace(/^\[|\]$/g, '') });
    else outbound.push(p.enode as string);
  }
  return { outbound, inbound };
}
