/**
 * The ethstats protocol as geth v1.13.15 speaks it (shared reference: ethstats.md). Every frame is
 * one JSON document: `{"emit": [event, payload]}`, or a bare primus heartbeat string.
 */

/** One block as reported (`block` and `history` events). */
export interface BlockStats {
  readonly number: number;
  readonly hash: string;
  readonly parentHash: string;
  readonly timestamp: number;
  /** Lowercase address of the block's author (the clique signer, not the zero coinbase). */
  readonly miner: string;
  readonly gasUsed: number;
  readonly gasLimit: number;
  /** Decimal string. */
  readonly difficulty: string;
  /** Decimal string. */
  readonly totalDifficulty: string;
  readonly transactions: ReadonlyArray<{ readonly hash: string }>;
  readonly transactionsRoot: string;
  readonly stateRoot: string;
  /** Always `[]` (clique has no uncles; servers drop blocks without the field). */
  readonly uncles: readonly unknown[];
  /**
   * Set when the block came in the JSON-RPC shape (`eth_getBlockByNumber`'s result, recognised by
   * its `extraData` field: the classic Node.js reporter and Besu send that): its `miner` is then
   * the header's coinbase (zero, or a clique vote's target), not the signer who sealed it.
   */
  readonly minerIsCoinbase?: true;
}

/** `hello.info`: what the dashboard shows about a node. */
export interface NodeInfo {
  readonly name: string;
  /** admin_nodeInfo.name, e.g. `Geth/v1.13.15-stable/linux-amd64/go1.22.1`. */
  readonly node: string;
  readonly port: number;
  /** Network id as a decimal string. */
  readonly net: string;
  /** e.g. `eth/68, snap/1`. */
  readonly protocol: string;
  readonly api: string;
  readonly os: string;
  readonly os_v: string;
  readonly client: string;
  readonly canUpdateHistory: boolean;
  /** geth-agent extension: the node's role (eth-netstats stores unknown info fields and ignores them). */
  readonly role?: string;
}

export interface NodeStats {
  readonly active: boolean;
  readonly syncing: boolean;
  readonly mining: boolean;
  readonly hashrate: number;
  readonly peers: number;
  /** Wei, as a JSON number. */
  readonly gasPrice: number;
  /** Percent of the reporter's lifetime the node was up. */
  readonly uptime: number;
}

/** Frames a reporter sends (client to server). */
export type ClientMessage =
  | { readonly type: 'hello'; readonly id: string; readonly info: NodeInfo; readonly secret: string }
  | { readonly type: 'node-ping'; readonly id: string; readonly clientTime: number | string }
  | { readonly type: 'latency'; readonly id: string; readonly latency: number }
  | { readonly type: 'block'; readonly id: string; readonly block: BlockStats }
  | { readonly type: 'pending'; readonly id: string; readonly pending: number }
  | { readonly type: 'stats'; readonly id: string; readonly stats: NodeStats }
  | { readonly type: 'history'; readonly id: string; readonly history: readonly BlockStats[] }
  /** Primus heartbeats and the primus-spark-latency frame: transport, not reports (see primus.ts). */
  | { readonly type: 'primus-pong'; readonly stamp: string }
  | { readonly type: 'primus-ping'; readonly stamp: string }
  | { readonly type: 'primus-latency' }
  /** A well-formed emit of an event servers do not know (eth-netstats ignores those: so does the collector). */
  | { readonly type: 'unknown'; readonly event: string };

/** Frames a server sends (server to client). */
export type ServerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'node-pong'; readonly clientTime: unknown; readonly serverTime: number | undefined }
  /** `list` undefined: the server asked with a non-object (`false`): send the latest 50 blocks. */
  | { readonly type: 'history-request'; readonly list: readonly number[] | undefined }
  | { readonly type: 'primus-ping'; readonly stamp: string }
  /** The collector's answer to a reporter's primus ping. */
  | { readonly type: 'primus-pong'; readonly stamp: string }
  | { readonly type: 'primus-close' }
  /** A well-formed emit this side does not handle (logged, ignored). */
  | { readonly type: 'unknown'; readonly event: string };

/** Validation outcome for an inbound frame: never throws. */
export type Decoded<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly error: string };

/** At most this many blocks per history report (geth's historyUpdateRange). */
export const historyRange = 50;
