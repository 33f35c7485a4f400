import type { BlockStats, ClientMessage, NodeInfo, NodeStats } from '../protocol/types.js';
import { historyRange } from '../protocol/types.js';

/**
 * What the collector keeps of a reported block: what the page shows and the parent's timestamp
 * needs. Transactions are counted, not kept (a block may list 100k+ hashes).
 */
export interface BlockSummary {
  readonly number: number;
  readonly hash: string;
  readonly timestamp: number;
  readonly miner: string;
  readonly transactions: number;
}

/**
 * What the collector keeps per node id: the latest state, and summaries of a few recent blocks.
 * Bounded in bytes: the info strings are capped by the decoder (512 characters each), the
 * summaries by count (historyRange) and shape.
 */
export interface NodeRecord {
  readonly id: string;
  readonly info: NodeInfo;
  readonly connected: boolean;
  readonly lastSeen: number;
  readonly stats: NodeStats | undefined;
  readonly latency: number | undefined;
  readonly pending: number | undefined;
  /** Newest first, at most historyRange (50), unique numbers. */
  readonly blocks: readonly BlockSummary[];
  /** The missing history was asked for once since this node logged in. */
  readonly historyAsked: boolean;
}

/** The public view of one node (GET /network). */
export interface NodeView {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly client: string;
  readonly net: string;
  readonly connected: boolean;
  readonly active: boolean | null;
  readonly syncing: boolean | null;
  readonly mining: boolean | null;
  readonly peers: number | null;
  readonly pending: number | null;
  readonly latency: number | null;
  readonly uptime: number | null;
  readonly head: { readonly number: number; readonly hash: string; readonly timestamp: number; readonly miner: string; readonly transactions: number } | null;
  /** Seconds between the head and its parent, when the parent is known. */
  readonly blockTime: number | null;
  readonly lastSeen: string;
}

export const newRecord = (id: string, info: NodeInfo, now: number): NodeRecord => ({
  id, info, connected: true, lastSeen: now, stats: undefined, latency: undefined, pending: undefined, blocks: [], historyAsked: false,
});

/** A known node logging in again: its blocks are kept, the rest starts over as for a new one. */
export const relogin = (record: NodeRecord, info: NodeInfo, now: number): NodeRecord => ({ ...record, info, connected: true, lastSeen: now, historyAsked: false });

export const summarize = (block: BlockStats): BlockSummary => ({
  number: block.number,
  hash: block.hash,
  timestamp: block.timestamp,
  miner: block.miner,
  transactions: block.transactions.length,
});

const withBlocks = (blocks: readonly BlockSummary[], added: readonly BlockStats[]): BlockSummary[] => {
  const byNumber = new Map<number, BlockSummary>();
  for (const block of blocks) byNumber.set(block.number, block);
  // At most historyRange newest of the added ones are summarized (a history may hold 1000).
  const newest = added.length <= historyRange ? added : [...added].sort((a, b) => b.number - a.number).slice(0, historyRange);
  for (const block of newest) byNumber.set(block.number, summarize(block));
  return [...byNumber.values()].sort((a, b) => b.number - a.number).slice(0, historyRange);
};

/** Applies one validated report to a node's record (pure). */
export function applyReport(record: NodeRecord, message: ClientMessage, now: number): NodeRecord {
  const seen = { ...record, lastSeen: now, connected: true };
  switch (message.type) {
    case 'block':
      return message.block.number === 0 ? seen : { ...seen, blocks: withBlocks(record.blocks, [message.block]) };
    case 'history':
      return { ...seen, blocks: withBlocks(record.blocks, message.history.filter((b) => b.number > 0)) };
    case 'stats':
      return { ...seen, stats: message.stats };
    case 'pending':
      return { ...seen, pending: message.pending };
    case 'latency':
      return { ...seen, latency: message.latency };
    default:
      return seen;
  }
}

/** `info.role` when the reporter sent one (geth-agent does), else guessed from the node name. */
export function roleOf(info: NodeInfo): string {
  if (info.role !== undefined) return info.role;
  return /(genesis|boot|sealer|client)/i.exec(info.name)?.[1]?.toLowerCase() ?? 'unknown';
}

export function viewOf(record: NodeRecord): NodeView {
  const [head, parent] = record.blocks;
  const s = record.stats;
  return {
    id: record.id,
    name: record.info.name,
    role: roleOf(record.info),
    client: record.info.node,
    net: record.info.net,
    connected: record.connected,
    active: s?.active ?? null,
    syncing: s?.syncing ?? null,
    mining: s?.mining ?? null,
    peers: s?.peers ?? null,
    pending: record.pending ?? null,
    latency: record.latency ?? null,
    uptime: s?.uptime ?? null,
    head: head === undefined ? null : { number: head.number, hash: head.hash, timestamp: head.timestamp, miner: head.miner, transactions: head.transactions },
    blockTime: head !== undefined && parent !== undefined && parent.number === head.number - 1 ? head.timestamp - parent.timestamp : null,
    lastSeen: new Date(record.lastSeen).toISOString(),
  };
}

/**
 * Most blocks one history request asks for: the page needs the head and its parent (block
 * time), and a one-block answer is no bigger than a block report, so it never is what exceeds
 * the collector's frame limit.
 */
export const historyRequestBlocks = 1;

/** Block numbers below `head` this record lacks, the newest historyRequestBlocks of them, ascending. */
export function missingHistory(record: NodeRecord, head: number): number[] {
  const have = new Set(record.blocks.map((b) => b.number));
  const from = Math.max(1, head - historyRange + 1);
  const missing = Array.from({ length: Math.max(0, head - from) }, (_, i) => from + i).filter((n) => !have.has(n));
  return missing.slice(-historyRequestBlocks);
}
