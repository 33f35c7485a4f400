/** Why geth was (or would be) restarted. `crash` and `operator` come from the supervisor. */
export type RestartReason = 'crash' | 'peer_decay' | 'stalled_head' | 'rpc_hung';

/** What the watchdog needs to know of one observation (a slice of the NodeState snapshot). */
export interface Observation {
  /** Wall-clock ms of the observation. */
  readonly now: number;
  /** When the current geth process started (ms); decisions wait for the start-up grace. */
  readonly startedAt: number;
  /** Last successful IPC reading (ms), undefined before the first one. */
  readonly rpcOkAt: number | undefined;
  /** Peer count at the last good reading. */
  readonly peers: number | undefined;
  /** Head number at the last good reading. */
  readonly head: number | undefined;
  /** Sealer only: the clique signer count, for the liveness rule floor(N/2)+1. */
  readonly signerCount?: number | undefined;
  /** Sealer only: whether this node's address is an authorized signer. */
  readonly isSigner?: boolean | undefined;
  /** Sealer only: whether this node signed one of the last floor(N/2) blocks (clique makes it wait for others). */
  readonly signedRecently?: boolean | undefined;
  /** Whether geth is syncing towards a higher block a peer announced. */
  readonly behind?: boolean | undefined;
}

/** A condition of the network no restart of this node can fix, reported by the watchdog. */
export type NetworkCondition = 'too_few_signers';

export interface WatchdogSettings {
  readonly role: 'boot' | 'sealer' | 'client';
  readonly minPeers: number;
  readonly graceMs: number;
  readonly peerDecayMs: number;
  /** 0 disables stall detection (e.g. clique period 0 seals only with transactions). */
  readonly stallMs: number;
  readonly hungMs: number;
  readonly maxRestarts: number;
  readonly restartWindowMs: number;
}

/** The watchdog's memory between observations (immutable; the reducer returns a new one). */
export interface WatchdogMemory {
  /** Since when peers have been below the minimum (ms), undefined while healthy. */
  readonly peersLowSince: number | undefined;
  /** When the re-dial of this decay episode happened, undefined before it. */
  readonly redialAt: number | undefined;
  readonly lastHead: number | undefined;
  /** When the head last changed (or first seen) in this geth process. */
  readonly headSince: number | undefined;
  /** The head and since when it has not changed, across geth processes (restarts do not move the chain). */
  readonly chainHead: { readonly head: number; readonly since: number } | undefined;
  /** Times (ms) of recent restarts decided by the watchdog, for the rate limit. */
  readonly restarts: readonly number[];
  /** The suppression reported last, so each is logged once, not on every poll. */
  readonly reported: string | undefined;
  /** The network condition reported, and the head it was reported at: it stands until the head moves past it. */
  readonly condition: { readonly kind: NetworkCondition; readonly head: number } | undefined;
}

export type Decision =
  | { readonly action: 'ok' }
  | { readonly action: 'redial'; readonly evidence: Evidence }
  | { readonly action: 'restart'; readonly reason: Exclude<RestartReason, 'crash'>; readonly evidence: Evidence }
  | { readonly action: 'suppressed'; readonly reason: Exclude<RestartReason, 'crash'>; readonly evidence: Evidence }
  | { readonly action: 'report'; readonly condition: NetworkCondition; readonly evidence: Evidence };

export type Evidence = Readonly<Record<string, number | string | boolean | undefined>>;

export const initialMemory: WatchdogMemory = Object.freeze({
  peersLowSince: undefined,
  redialAt: undefined,
  lastHead: undefined,
  headSince: undefined,
  chainHead: undefined,
  restarts: Object.freeze([]),
  reported: undefined,
  condition: undefined,
});
