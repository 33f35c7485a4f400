import type { BlockStats } from './protocol/types.js';

/** What the reporter needs to know about the node it reports (from admin_nodeInfo). */
export interface SourceNodeInfo {
  /** admin_nodeInfo.name, e.g. `Geth/v1.13.15-stable/linux-amd64/go1.22.1`. */
  readonly name: string;
  readonly port: number;
  readonly networkId: string;
  /** e.g. `['eth/68', 'snap/1']`. */
  readonly protocols: readonly string[];
}

export interface SourceStats {
  readonly active: boolean;
  readonly syncing: boolean;
  readonly mining: boolean;
  readonly peers: number;
  /** Wei. */
  readonly gasPrice: number;
}

export interface SourceHead {
  readonly number: number;
  readonly hash: string;
}

/**
 * The narrow view of a node the ethstats reporter reads. Methods reject (never hang) when the
 * node is unreachable; subscriptions survive node restarts. The agent's implementation reads its
 * NodeState and its one IPC client (node-source.ts).
 */
export interface EthstatsSource {
  nodeInfo(): Promise<SourceNodeInfo>;
  headBlock(): Promise<BlockStats | undefined>;
  /** A block by number, or by hash (a head event carries the hash). */
  block(id: number | string): Promise<BlockStats | undefined>;
  /** txpool_status.pending */
  pending(): Promise<number>;
  stats(): Promise<SourceStats>;
  onHead(listener: (head: SourceHead) => void): () => void;
  onPendingTx?(listener: () => void): () => void;
}
