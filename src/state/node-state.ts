import type { Role } from '../config/vars/core.js';

/** A value observed from geth and when (wall-clock ms). */
export interface Reading<T> {
  readonly value: T;
  readonly at: number;
}

/** One JSON-RPC call of a reading: which method, how long, whether it answered well. */
export interface RpcCall {
  readonly method: string;
  readonly seconds: number;
  readonly ok: boolean;
}

/** One watchdog decision as kept for `/status` (newest last). */
export interface DecisionRecord {
  readonly at: number;
  readonly action: string;
  readonly reason?: string | undefined;
}

export type GethProcessState = 'starting' | 'running' | 'backoff' | 'stopping' | 'stopped';

export interface HeadInfo {
  readonly number: number;
  readonly hash: string;
  /** Block timestamp, seconds. */
  readonly timestamp: number;
}

/**
 * The immutable snapshot every reader uses: health, metrics, the status page and the ethstats
 * reporter read it; nothing on a probe's path ever calls geth. The observer publishes a new one
 * after each reading (data flows one way: observe -> state -> decide -> act).
 */
export interface NodeState {
  readonly role: Role;
  /** When this snapshot was built (ms). */
  readonly at: number;
  readonly geth: {
    readonly state: GethProcessState;
    readonly pid?: number | undefined;
    readonly startedAt?: number | undefined;
    readonly restarts: Readonly<Record<string, number>>;
    /** True while restarts keep failing faster than the healthy-reset period (a crash loop). */
    readonly crashLoop: boolean;
    readonly lastExit?: { readonly code: number | undefined; readonly signal: string | undefined; readonly at: number } | undefined;
  };
  readonly rpc: {
    readonly okAt?: number | undefined;
    readonly error?: string | undefined;
    readonly errorAt?: number | undefined;
    /** The calls of the latest reading (its timings feed the RPC duration metrics). */
    readonly calls?: readonly RpcCall[] | undefined;
  };
  readonly peers?: Reading<number> | undefined;
  readonly head?: Reading<HeadInfo> | undefined;
  readonly sync?: Reading<{ readonly syncing: boolean; readonly current: number; readonly highest: number }> | undefined;
  readonly txpool?: Reading<{ readonly pending: number; readonly queued: number }> | undefined;
  /** eth_gasPrice in wei. */
  readonly gasPrice?: Reading<number> | undefined;
  /** clique's signer set at the head; for a sealer also whether it is one and whether it signed recently. */
  readonly clique?: Reading<{ readonly signers: readonly string[]; readonly isSigner: boolean | undefined; readonly signedRecently?: boolean | undefined; readonly period: number }> | undefined;
  /** Sealer: when this node last sealed a block (from geth's "Successfully sealed new block"). */
  readonly lastSealedAt?: number | undefined;
  /** Sealer: where it stands in the signer set, from the signer-set voter's last look (signers/voter.ts). */
  readonly membership?: SignerMembership | undefined;
  /** Sealer: evidence that this node's signer key also seals elsewhere (see duplicate-monitor). */
  readonly duplicateSigner?: string | undefined;
  /** The watchdog's findings: restarts held back, a network condition (e.g. `too_few_signers`) and why. */
  readonly watchdog: { readonly restartLimited: boolean; readonly condition?: string | undefined; readonly conditionDetail?: string | undefined };
  /** The watchdog's decisions: how many of each action so far, and the latest ones (newest last). */
  readonly decisions?: { readonly counts: Readonly<Record<string, number>>; readonly recent: readonly DecisionRecord[] } | undefined;
  /** Sealer: blocks this node sealed since the agent started (geth's seal lines), and the last one. */
  readonly sealed?: { readonly count: number; readonly number?: number | undefined; readonly hash?: string | undefined } | undefined;
  /** The agent's ethstats reporter, while it runs: logged in or not, reconnects since it started. */
  readonly reporter?: { readonly connected: boolean; readonly reconnects: number } | undefined;
  /**
   * What provisioning settled (absent until keys and genesis exist): the enode this node
   * advertises, its network id, the genesis' clique period, and how long the genesis took.
   */
  readonly node?:
    | {
        readonly enode: string;
        readonly networkId: string;
        readonly chainId: number;
        readonly cliquePeriod: number;
        readonly address?: string | undefined;
        readonly genesisFetchSeconds?: number | undefined;
      }
    | undefined;
  readonly genesis?: { readonly sha256: string; readonly conflict?: { readonly servedSha256: string } | undefined } | undefined;
}

/** A sealer's place in the clique signer set, and its part in the change voted on now. */
export interface SignerMembership {
  /** `signer` seals; `candidate` waits to be voted in; `removed` was voted out or rejected (neither seals). */
  readonly state: 'signer' | 'candidate' | 'removed';
  /** Why, in operator terms. */
  readonly reason: string;
  readonly at: number;
  /** The change the signers vote on now, and whether this sealer's vote for it is cast. */
  readonly change?: { readonly id: number; readonly action: 'add' | 'remove'; readonly address: string; readonly voting: boolean } | undefined;
  /** Why this signer does not vote for the change now (a rail on its own chain). */
  readonly held?: string | undefined;
}
