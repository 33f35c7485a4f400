import type { NodeState } from '../state/node-state.js';

export interface HealthThresholds {
  readonly minPeers: number;
  readonly maxBlocksBehind: number;
  /** Undefined: no head-age check (clique period 0 seals only on demand). */
  readonly maxHeadAgeSeconds: number | undefined;
  /** A reading older than this is stale (geth stopped answering). */
  readonly maxRpcAgeSeconds: number;
  /**
   * Sealer: it must have sealed within this window while the network seals. Undefined: derived
   * from the snapshot's signer set and period (see sealWindowSeconds).
   */
  readonly maxSealAgeSeconds?: number | undefined;
}

export interface CheckResult {
  readonly ok: boolean;
  readonly value?: number | string | boolean | undefined;
  readonly threshold?: number | string | boolean | undefined;
  readonly detail?: string | undefined;
}

export interface HealthReport {
  readonly status: 'UP' | 'DOWN';
  readonly role: string;
  readonly checks: Readonly<Record<string, CheckResult>>;
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

/**
 * Readiness of a geth node from the last snapshot (pure: `now` is passed in). Every check is
 * listed with its value and threshold, so an operator sees why a probe failed.
 */
export function evaluateNodeHealth(state: NodeState, thresholds: HealthThresholds, now: number): HealthReport {
  const checks: Record<string, CheckResult> = {};
  checks.geth = { ok: state.geth.state === 'running' && !state.geth.crashLoop, value: state.geth.state, detail: state.geth.crashLoop ? 'crash loop: geth keeps exiting' : undefined };
  if (state.role === 'boot' && state.rpc.okAt === undefined && state.peers === undefined) {
    // bootnode (discovery only) has no RPC: the process being up is its readiness.
    return finish(state, checks);
  }
  // Readings of a previous geth process say nothing about this one (a crashed geth may come back
  // rewound, without peers): only readings taken since the current geth became ready count.
  const since = state.geth.startedAt;
  const current = <R extends { readonly at: number }>(reading: R | undefined): R | undefined => (reading !== undefined && (since === undefined || reading.at >= since) ? reading : undefined);
  const okAt = state.rpc.okAt !== undefined && (since === undefined || state.rpc.okAt >= since) ? state.rpc.okAt : undefined;
  const rpcAge = okAt === undefined ? undefined : seconds(now - okAt);
  checks.rpc = {
    ok: rpcAge !== undefined && rpcAge <= thresholds.maxRpcAgeSeconds,
    value: rpcAge,
    threshold: thresholds.maxRpcAgeSeconds,
    detail: rpcAge === undefined ? 'no IPC reading since geth started' : state.rpc.error,
  };
  const peers = current(state.peers)?.value;
  checks.peers = { ok: (peers ?? -1) >= thresholds.minPeers, value: peers, threshold: thresholds.minPeers };
  const sync = current(state.sync)?.value;
  const behind = sync === undefined ? undefined : sync.syncing ? Math.max(0, sync.highest - sync.current) : 0;
  checks.sync = { ok: behind !== undefined && behind <= thresholds.maxBlocksBehind, value: behind, threshold: thresholds.maxBlocksBehind, detail: sync?.syncing ? 'syncing' : undefined };
  const head = current(state.head);
  const headAge = head === undefined ? undefined : Math.max(0, Math.round(now / 1000 - head.value.timestamp));
  const maxHeadAge = thresholds.maxHeadAgeSeconds;
  checks.headAge =
    maxHeadAge === undefined
      ? { ok: true, value: headAge, detail: 'not checked (clique period 0: blocks only on demand)' }
      : { ok: headAge !== undefined && headAge <= maxHeadAge, value: headAge, threshold: maxHeadAge, detail: headAge === undefined ? 'no block read yet' : undefined };
  if (state.role === 'sealer') {
    const isSigner = current(state.clique)?.value.isSigner;
    const membership = state.membership;
    // A candidate or a removed sealer runs as it should (a synced non-signer): ready, and says why it does not seal.
    checks.signer =
      isSigner !== true && membership !== undefined && membership.state !== 'signer'
        ? { ok: true, value: membership.state, detail: membership.reason }
        : { ok: isSigner === true, value: isSigner, detail: isSigner === false ? 'this address is not an authorized clique signer' : undefined };
    if (isSigner === true) checks.sealing = sealingCheck(state, thresholds, headAge, now);
  }
  if (state.watchdog.condition !== undefined) checks.network = { ok: false, value: state.watchdog.condition, detail: state.watchdog.conditionDetail };
  if (state.watchdog.restartLimited) checks.restarts = { ok: false, value: 'rate-limited', detail: 'the watchdog stopped restarting geth (too many restarts in the window)' };
  return finish(state, checks);
}

/** Default seal window: 3 rounds of in-turn sealing (signers x period), at least 30 s; undefined for period 0. */
export function sealWindowSeconds(signers: number, period: number): number | undefined {
  return period > 0 && signers > 0 ? Math.max(30, 3 * signers * period) : undefined;
}

/** A sealer sealed within the window (counted from geth's start before its first seal), when the network seals at all. */
function sealingCheck(state: NodeState, thresholds: HealthThresholds, headAge: number | undefined, now: number): CheckResult {
  const clique = state.clique?.value;
  const window = thresholds.maxSealAgeSeconds ?? sealWindowSeconds(clique?.signers.length ?? 0, clique?.period ?? 0);
  const since = state.lastSealedAt ?? state.geth.startedAt;
  const age = since === undefined ? undefined : Math.max(0, Math.round((now - since) / 1000));
  const detail = state.lastSealedAt === undefined ? 'no block sealed since geth started' : undefined;
  if (window === undefined) return { ok: true, value: age, detail: 'not checked (clique period 0: blocks only on demand)' };
  // A stalled network (e.g. too few signers online) is the headAge check's finding, not this node's.
  if (headAge === undefined || headAge > window) return { ok: true, value: age, threshold: window, detail: 'not checked: the network is not sealing' };
  return { ok: age !== undefined && age <= window, value: age, threshold: window, detail };
}

function finish(state: NodeState, checks: Record<string, CheckResult>): HealthReport {
  if (state.duplicateSigner !== undefined) {
    checks.duplicateSigner = { ok: false, value: true, detail: state.duplicateSigner };
  }
  if (state.genesis?.conflict !== undefined) {
    checks.genesis = { ok: false, value: state.genesis.sha256, detail: `the genesis server now serves ${state.genesis.conflict.servedSha256}; this node keeps its chain` };
  }
  const ok = Object.values(checks).every((c) => c.ok);
  return { status: ok ? 'UP' : 'DOWN', role: state.role, checks };
}
