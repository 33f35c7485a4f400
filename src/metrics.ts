import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HealthReport } from './health/evaluate.js';
import { readProcessUsage, type ProcessUsage } from './metrics/geth-process.js';
import { DECISION_ACTIONS, RESTART_REASONS } from './metrics/labels.js';
import { NODE_AGENT_LIMITS, type LimitName } from './metrics/limits.js';
import { registerProcessMetrics } from './metrics/process.js';
import type { NodeState } from './state/node-state.js';
import { OBSERVER_METHODS } from './watchdog/observer.js';

export interface MetricsOptions {
  /** Injected; never prom-client's global default registry. */
  readonly registry?: Registry;
  /** The last snapshot: scrape-time gauges read it (a scrape never calls geth). */
  readonly getState?: () => NodeState | undefined;
  /** Readiness as /health reports it with the configured thresholds (`ready`, `health_check`). */
  readonly health?: () => HealthReport | undefined;
  readonly now?: () => number;
  /** geth's version as the runner found it (a label of `geth_agent_info`), read at scrape time. */
  readonly gethVersion?: () => string | undefined;
  /** Node.js process metrics (default on). */
  readonly processMetrics?: boolean;
  /** Sampling period of the event-loop delay timer (ms); see eventLoopLagMetrics. */
  readonly eventLoopResolutionMs?: number;
  /** geth's CPU and memory by pid (default: Linux /proc); tests inject. */
  readonly processUsage?: (pid: number) => Promise<ProcessUsage | undefined>;
}

export const PREFIX = 'geth_agent_';

/**
 * Inputs refused because a limit was reached (frame size, connection caps, directory size...),
 * by limit name, each name the role knows present at 0. One counter for every listener, so one
 * alert covers every kind of flood.
 */
export function limitRefusals(registers: Registry[], known: readonly LimitName[]): Counter<'limit'> {
  const counter = new Counter({ name: `${PREFIX}limit_refusals_total`, help: 'Inputs refused because a limit was reached, by limit.', labelNames: ['limit'] as const, registers });
  for (const limit of known) counter.inc({ limit }, 0);
  return counter;
}

/** A counter whose series for each known label value exist at 0 from the start. */
export function countersAtZero<L extends string>(counter: Counter<L>, label: L, values: readonly string[]): Counter<L> {
  for (const value of values) counter.inc({ [label]: value } as Partial<Record<L, string>>, 0);
  return counter;
}

/** Every metric a node agent exports, on one registry: its own with prefix `geth_agent_`, Node.js' under the standard names. */
export function createMetrics(options: MetricsOptions = {}) {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  const state = options.getState ?? (() => undefined);
  const now = options.now ?? Date.now;
  const usage = options.processUsage ?? readProcessUsage;
  const processMetrics = options.processMetrics === false ? undefined : registerProcessMetrics({ registry, ...(options.eventLoopResolutionMs === undefined ? {} : { eventLoopResolutionMs: options.eventLoopResolutionMs }) });

  /** A gauge whose value is read from the snapshot at scrape time (absent reading: no sample). */
  const fromState = (name: string, help: string, read: (s: NodeState) => number | boolean | undefined): Gauge =>
    new Gauge({
      name: PREFIX + name,
      help,
      registers,
      collect() {
        this.reset();
        const s = state();
        const value = s === undefined ? undefined : read(s);
        if (value !== undefined) this.set(typeof value === 'boolean' ? Number(value) : value);
      },
    });
  /** geth's own process as Linux sees it, read at scrape time from its pid. */
  const gethUsage = async (): Promise<ProcessUsage | undefined> => {
    const s = state();
    return s?.geth.state === 'running' && s.geth.pid !== undefined ? usage(s.geth.pid) : undefined;
  };

  /**
   * A counter following the snapshot's running counts (by label), read at scrape time: it grows
   * by what the snapshot counted since the last scrape, so it never goes down.
   */
  const countFromState = <L extends string>(name: string, help: string, labelNames: readonly L[], read: (s: NodeState) => ReadonlyArray<readonly [Partial<Record<L, string>>, number]>): Counter<L> => {
    const counted = new Map<string, number>();
    return new Counter({
      name: PREFIX + name,
      help,
      labelNames,
      registers,
      collect() {
        const s = state();
        if (s === undefined) return;
        for (const [labels, value] of read(s)) {
          const key = JSON.stringify(labels);
          const delta = value - (counted.get(key) ?? 0);
          if (delta <= 0) continue;
          this.inc(labels, delta);
          counted.set(key, value);
        }
      },
    });
  };

  const metrics = {
    registry,
    gethUp: fromState('geth_up', 'Whether the geth process is running (1/0); the IPC reading age is in /health\'s rpc check.', (s) => s.geth.state === 'running'),
    ready: new Gauge({
      name: `${PREFIX}ready`,
      help: 'Whether /health answers 200 (every readiness check ok) with the configured thresholds (1/0).',
      registers,
      collect() {
        const report = options.health?.();
        this.set(report?.status === 'UP' ? 1 : 0);
      },
    }),
    healthChecks: new Gauge({
      name: `${PREFIX}health_check`,
      help: 'Each readiness check /health evaluates now: 1 ok, 0 failing (network, restarts and genesis appear only while failing).',
      labelNames: ['check'] as const,
      registers,
      collect() {
        this.reset();
        for (const [check, result] of Object.entries(options.health?.()?.checks ?? {})) this.set({ check }, result.ok ? 1 : 0);
      },
    }),
    peers: fromState('peers', 'Connected peers (admin_peers).', (s) => s.peers?.value),
    headBlock: fromState('head_block', 'Number of the latest block.', (s) => s.head?.value.number),
    headAge: fromState('head_age_seconds', 'Seconds since the latest block was sealed (wall clock minus block timestamp).', (s) =>
      s.head === undefined ? undefined : Math.max(0, now() / 1000 - s.head.value.timestamp),
    ),
    syncing: fromState('syncing', 'Whether geth is in a sync cycle (eth_syncing).', (s) => s.sync?.value.syncing),
    highestBlock: fromState('highest_block', 'Highest block known from peers while syncing (head otherwise).', (s) => s.sync?.value.highest),
    txpoolPending: fromState('txpool_pending', 'Pending transactions (txpool_status).', (s) => s.txpool?.value.pending),
    txpoolQueued: fromState('txpool_queued', 'Queued transactions (txpool_status).', (s) => s.txpool?.value.queued),
    isSigner: fromState('is_signer', 'Sealer: whether this node is an authorized clique signer.', (s) => s.clique?.value.isSigner),
    cliqueSigners: fromState('clique_signers', 'Sealer: authorized clique signers (clique_getSnapshot); the network seals while floor(N/2)+1 of them do.', (s) => (s.clique?.value.isSigner === undefined ? undefined : s.clique.value.signers.length)),
    lastSealed: fromState('last_sealed_timestamp_seconds', 'Sealer: when this node last sealed a block (unix seconds; 0 before its first).', (s) => (s.lastSealedAt === undefined ? undefined : s.lastSealedAt / 1000)),
    membership: new Gauge({
      name: `${PREFIX}signer_membership`,
      help: 'Sealer: its place in the clique signer set (1 for the current state): signer, candidate (waits to be voted in), removed (voted out or rejected; does not seal).',
      labelNames: ['state'] as const,
      registers,
      collect() {
        this.reset();
        const current = state()?.membership?.state;
        if (current !== undefined) for (const s of ['signer', 'candidate', 'removed'] as const) this.set({ state: s }, Number(s === current));
      },
    }),
    duplicateSigner: fromState('duplicate_signer', 'Sealer: whether its signer key is seen sealing on another node too (1/0).', (s) => s.duplicateSigner !== undefined),
    networkCannotSeal: fromState('network_cannot_seal', 'Whether the watchdog finds the network cannot seal: the head stalled and too few signers are reachable for clique (a condition no restart fixes; /health names it).', (s) => s.watchdog.condition === 'too_few_signers'),
    restartLimited: fromState('restart_rate_limited', 'Whether the watchdog is holding back a restart it decided (rate limit reached, the reason still there).', (s) => s.watchdog.restartLimited),
    minPeers: new Gauge({ name: `${PREFIX}min_peers`, help: 'Configured minimum peer count.', registers }),
    gasPriceWei: fromState('gas_price_wei', 'eth_gasPrice in wei.', (s) => s.gasPrice?.value),
    gethCpu: new Counter({
      name: `${PREFIX}geth_cpu_seconds_total`,
      help: 'CPU time (user + system) of the running geth process, seconds; restarts with geth.',
      registers,
      async collect() {
        const read = await gethUsage();
        this.reset();
        if (read !== undefined) this.inc(read.cpuSeconds);
      },
    }),
    gethMemory: new Gauge({
      name: `${PREFIX}geth_resident_memory_bytes`,
      help: 'Resident memory of the running geth process, bytes (0 while geth is down).',
      registers,
      async collect() {
        const read = await gethUsage();
        this.set(read?.residentBytes ?? 0);
      },
    }),
    restarts: countersAtZero(new Counter({ name: `${PREFIX}restarts_total`, help: 'geth restarts by reason.', labelNames: ['reason'] as const, registers }), 'reason', RESTART_REASONS),
    sealedBlocks: countFromState('sealed_blocks_total', 'Blocks this node sealed.', [], (s) => [[{}, s.sealed?.count ?? 0]]),
    rpcDuration: new Histogram({
      name: `${PREFIX}rpc_request_duration_seconds`,
      help: 'IPC JSON-RPC request duration by method.',
      labelNames: ['method'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    rpcErrors: countersAtZero(new Counter({ name: `${PREFIX}rpc_errors_total`, help: 'IPC JSON-RPC requests that failed or timed out.', labelNames: ['method'] as const, registers }), 'method', OBSERVER_METHODS),
    genesisFetch: new Gauge({
      name: `${PREFIX}genesis_fetch_seconds`,
      help: 'Duration of the last genesis fetch.',
      registers,
      collect() {
        const seconds = state()?.node?.genesisFetchSeconds;
        if (seconds !== undefined) this.set(seconds);
      },
    }),
    ethstatsConnected: new Gauge({
      name: `${PREFIX}ethstats_connected`,
      help: 'Whether the ethstats reporter is logged in (1/0).',
      registers,
      collect() {
        this.set(state()?.reporter?.connected === true ? 1 : 0);
      },
    }),
    ethstatsReconnects: countFromState('ethstats_reconnects_total', 'Ethstats reconnect attempts.', [], (s) => [[{}, s.reporter?.reconnects ?? 0]]),
    decisions: countersAtZero(
      countFromState('decisions_total', 'Watchdog decisions by action.', ['action'] as const, (s) => Object.entries(s.decisions?.counts ?? {}).map(([action, n]) => [{ action }, n] as const)),
      'action',
      DECISION_ACTIONS,
    ),
    info: new Gauge({
      name: `${PREFIX}info`,
      help: 'Constant 1, labelled with what this agent runs.',
      labelNames: ['role', 'network_id', 'geth_version', 'enode'] as const,
      registers,
      collect() {
        const s = state();
        if (s?.node === undefined) return;
        this.reset();
        this.set({ role: s.role, network_id: s.node.networkId, geth_version: options.gethVersion?.() ?? 'unknown', enode: s.node.enode }, 1);
      },
    }),
    limitRefusals: limitRefusals(registers, NODE_AGENT_LIMITS),
    /** Stops the event-loop delay timer. */
    close: (): void => processMetrics?.close(),
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
