import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { NodeState } from './state/node-state.js';

export interface MetricsOptions {
  /** Injected; never prom-client's global default registry. */
  readonly registry?: Registry;
  /** The last snapshot: scrape-time gauges read it (a scrape never calls geth). */
  readonly getState?: () => NodeState | undefined;
  readonly now?: () => number;
  /** Node.js process metrics (default on). */
  readonly processMetrics?: boolean;
}

const PREFIX = 'geth_agent_';

/**
 * Inputs refused because a limit was reached (frame size, connection caps, directory size...),
 * by limit name. One counter for every listener, so one alert covers every kind of flood.
 */
function limitRefusals(registers: Registry[]): Counter<'limit'> {
  return new Counter({ name: `${PREFIX}limit_refusals_total`, help: 'Inputs refused because a limit was reached, by limit.', labelNames: ['limit'] as const, registers });
}

/** Every metric the agent exports, on one registry, prefix `geth_agent_`. */
export function createMetrics(options: MetricsOptions = {}) {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  const state = options.getState ?? (() => undefined);
  const now = options.now ?? Date.now;
  // Event-loop lag sampled every 100 ms, not prom-client's default 10 ms: the 10 ms timer alone
  // kept an idle agent near 1 % of a core; lag that matters here is far above 100 ms.
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: PREFIX, eventLoopMonitoringPrecision: 100 });

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

  const metrics = {
    registry,
    gethUp: fromState('geth_up', 'Whether the geth process is running (1/0); the IPC reading age is in /health\'s rpc check.', (s) => s.geth.state === 'running'),
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
    networkCannotSeal: fromState('network_cannot_seal', 'Whether the watchdog finds the network cannot seal: the head stalled and too few signers are reachable for clique (a condition no restart fixes; /health names it).', (s) => s.watchdog.condition === 'too_few_signers'),
    restartLimited: fromState('restart_rate_limited', 'Whether the watchdog is holding back a restart it decided (rate limit reached, the reason still there).', (s) => s.watchdog.restartLimited),
    minPeers: new Gauge({ name: `${PREFIX}min_peers`, help: 'Configured minimum peer count.', registers }),
    gasPriceWei: fromState('gas_price_wei', 'eth_gasPrice in wei.', (s) => s.gasPrice?.value),
    restarts: new Counter({ name: `${PREFIX}restarts_total`, help: 'geth restarts by reason.', labelNames: ['reason'] as const, registers }),
    sealedBlocks: new Counter({ name: `${PREFIX}sealed_blocks_total`, help: 'Blocks this node sealed.', registers }),
    rpcDuration: new Histogram({
      name: `${PREFIX}rpc_request_duration_seconds`,
      help: 'IPC JSON-RPC request duration by method.',
      labelNames: ['method'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    rpcErrors: new Counter({ name: `${PREFIX}rpc_errors_total`, help: 'IPC JSON-RPC requests that failed or timed out.', labelNames: ['method'] as const, registers }),
    genesisFetch: new Gauge({ name: `${PREFIX}genesis_fetch_seconds`, help: 'Duration of the last genesis fetch.', registers }),
    ethstatsConnected: new Gauge({ name: `${PREFIX}ethstats_connected`, help: 'Whether the ethstats reporter is logged in (1/0).', registers }),
    ethstatsReconnects: new Counter({ name: `${PREFIX}ethstats_reconnects_total`, help: 'Ethstats reconnect attempts.', registers }),
    decisions: new Counter({ name: `${PREFIX}decisions_total`, help: 'Watchdog decisions by action.', labelNames: ['action'] as const, registers }),
    info: new Gauge({ name: `${PREFIX}info`, help: 'Constant 1, labelled with what this agent runs.', labelNames: ['role', 'network_id', 'geth_version', 'enode'] as const, registers }),
    limitRefusals: limitRefusals(registers),
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The genesis server's registry: its own counters, and Node.js process metrics. */
export function createGenesisMetrics(options: Pick<MetricsOptions, 'registry' | 'processMetrics'> = {}) {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: PREFIX, eventLoopMonitoringPrecision: 100 });
  return { registry, limitRefusals: limitRefusals(registers) };
}

export type GenesisMetrics = ReturnType<typeof createGenesisMetrics>;
