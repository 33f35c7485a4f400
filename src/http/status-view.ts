import type { HealthReport } from '../health/evaluate.js';
import type { NodeState } from '../state/node-state.js';

/** One watchdog decision as the status page shows it (the lead's ring buffer supplies them). */
export interface DecisionEntry {
  readonly at: number;
  readonly action: string;
  readonly reason?: string | undefined;
}

/** What `/status` returns: the snapshot in operator terms, plus the caller's extras (enode, decisions). */
export interface StatusView {
  readonly role: string;
  readonly status: 'UP' | 'DOWN';
  readonly failing: readonly string[];
  readonly at: string;
  readonly geth: {
    readonly state: string;
    readonly pid: number | null;
    readonly uptimeSeconds: number | null;
    readonly restarts: Readonly<Record<string, number>>;
    readonly restartsTotal: number;
    readonly crashLoop: boolean;
  };
  readonly peers: number | null;
  readonly minPeers: number;
  readonly head: { readonly number: number; readonly hash: string; readonly timestamp: number; readonly ageSeconds: number } | null;
  readonly sync: { readonly syncing: boolean; readonly current: number; readonly highest: number } | null;
  readonly txpool: { readonly pending: number; readonly queued: number } | null;
  readonly signer: { readonly isSigner: boolean | null; readonly signers: number; readonly period: number; readonly lastSealedAt: string | null } | null;
  /** Sealer: signer, candidate or removed, why, and the signer change voted on now. */
  readonly membership: NodeState['membership'] | null;
  readonly watchdog: { readonly restartLimited: boolean; readonly condition: string | null; readonly conditionDetail: string | null };
  readonly enode?: string | undefined;
  readonly decisions?: readonly DecisionEntry[] | undefined;
  readonly [extra: string]: unknown;
}

/** Who this node is, as `/status` and the page show it (the caller's extras; see nodeIdentity). */
export interface IdentityView {
  /** The node's name: its ethstats name, else the host name. */
  readonly name?: string | undefined;
  /** Sealer: its signer address (what `clique.propose` takes). */
  readonly address?: string | null | undefined;
  readonly chainId?: number | null | undefined;
  readonly networkId?: number | null | undefined;
  /** The genesis block hash of this node's chain, and the sha256 of its genesis file. */
  readonly genesisHash?: string | null | undefined;
  readonly genesisSha256?: string | null | undefined;
  readonly versions?: { readonly agent: string; readonly geth: string | null; readonly node: string } | undefined;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** Pure: snapshot + health report + extras -> the `/status` document. */
export function statusView(state: NodeState, report: HealthReport, minPeers: number, extras: Readonly<Record<string, unknown>>, now: number): StatusView {
  const head = state.head?.value;
  const clique = state.clique?.value;
  const restarts = state.geth.restarts;
  return {
    ...extras,
    role: state.role,
    status: report.status,
    failing: Object.entries(report.checks).filter(([, c]) => !c.ok).map(([name]) => name),
    at: new Date(now).toISOString(),
    geth: {
      state: state.geth.state,
      pid: state.geth.pid ?? null,
      uptimeSeconds: state.geth.state === 'running' && state.geth.startedAt !== undefined ? Math.max(0, Math.round((now - state.geth.startedAt) / 1000)) : null,
      restarts,
      restartsTotal: Object.values(restarts).reduce((a, b) => a + b, 0),
      crashLoop: state.geth.crashLoop,
    },
    peers: state.peers?.value ?? null,
    minPeers,
    head: head === undefined ? null : { ...head, ageSeconds: Math.max(0, Math.round(now / 1000 - head.timestamp)) },
    sync: state.sync?.value ?? null,
    txpool: state.txpool?.value ?? null,
    // A sealer's view (every role reads clique's snapshot, for the watchdog's quorum).
    signer: clique?.isSigner === undefined ? null : { isSigner: clique.isSigner ?? null, signers: clique.signers.length, period: clique.period, lastSealedAt: iso(state.lastSealedAt) },
    membership: state.membership ?? null,
    watchdog: { restartLimited: state.watchdog.restartLimited, condition: state.watchdog.condition ?? null, conditionDetail: state.watchdog.conditionDetail ?? null },
  };
}
