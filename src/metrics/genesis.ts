import { Counter, Gauge, Registry } from 'prom-client';
import { countersAtZero as atZero, limitRefusals, PREFIX } from '../metrics.js';
import { GENESIS_SERVER_LIMITS, HTTP_LIMITS, GENESIS_LIMITS } from './limits.js';
import { registerProcessMetrics } from './process.js';

/** What the genesis server's gauges read at scrape time (snapshots only; nothing waits). */
export interface GenesisReaders {
  readonly genesis: () => { readonly sealed: boolean; readonly registered: number; readonly needed: number };
  /** Boot nodes the directory lists now. */
  readonly bootnodes: () => number;
  /** The ethstats collector's nodes, when it runs. */
  readonly collector?: () => { readonly connected: number; readonly disconnected: number };
}

export interface GenesisMetricsOptions {
  readonly registry?: Registry;
  readonly read: GenesisReaders;
  /** Node.js process metrics (default on). */
  readonly processMetrics?: boolean;
  readonly eventLoopResolutionMs?: number;
}

/** Status codes each genesis route answers with, each series present at 0 from the start. */
export const GENESIS_ROUTE_STATUSES = Object.freeze({
  genesis: ['200', '304', '503'],
  registration: ['200', '201', '400', '401', '403', '409', '429'],
  publication: ['200', '201', '400', '401', '403', '409', '422', '507'],
} as const);

/** The report frames a logged-in ethstats reporter sends (`hello` and primus heartbeats are not reports). */
export const COLLECTOR_FRAME_TYPES = Object.freeze(['node-ping', 'latency', 'block', 'pending', 'stats', 'history'] as const);

/**
 * Why the ethstats collector refused a login (`ethstats_collector_refused_logins_total{reason}`):
 * a fixed set, whatever a peer sends. At most one per connection; a connection that closes before
 * sending anything, or sends only primus heartbeats, is not counted.
 */
export const COLLECTOR_LOGIN_REFUSALS = Object.freeze([
  /** A hello with another secret (close 1008). */
  'wrong_secret',
  /** A malformed frame before login: not JSON, not a frame of the protocol, or a hello that is not valid (close 1007). */
  'bad_hello',
  /** A report (or another event) before any hello (close 1008). */
  'before_hello',
  /** No hello within the login timeout (close 1008; also `limit_refusals_total{limit="collector_login_timeout"}`). */
  'timeout',
  /** More bytes before the hello than the pre-login limit (socket destroyed; also `collector_prelogin_bytes`). */
  'too_large',
  /** Too many connections waiting for their hello, in all or from one address (upgrade answered 503; also `collector_logins*`). */
  'busy',
  /** Every node record is a connected node, so a new id cannot be kept (close 1013; also `collector_nodes`). */
  'full',
] as const);
export type CollectorLoginRefusal = (typeof COLLECTOR_LOGIN_REFUSALS)[number];

/**
 * The genesis server's registry: its requests by route and status, the signers collected vs
 * expected, the boot-node directory, the ethstats collector and the Node.js process metrics.
 */
export function createGenesisMetrics(options: GenesisMetricsOptions) {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  const { read } = options;
  const processMetrics = options.processMetrics === false ? undefined : registerProcessMetrics({ registry, ...(options.eventLoopResolutionMs === undefined ? {} : { eventLoopResolutionMs: options.eventLoopResolutionMs }) });
  const gauge = (name: string, help: string, value: () => number): Gauge =>
    new Gauge({
      name: PREFIX + name,
      help,
      registers,
      collect() {
        this.set(value());
      },
    });
  const collectorOn = read.collector !== undefined;

  const metrics = {
    registry,
    sealed: gauge('genesis_sealed', 'Whether the genesis is sealed and served (1), or sealer registrations are still being collected (0).', () => Number(read.genesis().sealed)),
    signersRegistered: gauge('genesis_signers_registered', 'Sealer addresses collected (or listed statically) for the genesis.', () => read.genesis().registered),
    signersNeeded: gauge('genesis_signers_needed', 'Sealer addresses the genesis is built from (GETH_AGENT_SEALER_COUNT, or the static list).', () => read.genesis().needed),
    bootnodes: gauge('genesis_bootnodes', 'Boot nodes the directory lists now (published within the TTL).', () => read.bootnodes()),
    requests: atZero(new Counter({ name: `${PREFIX}genesis_requests_total`, help: 'GET /genesis.json answers by status (200 served, 304 not modified, 503 still collecting).', labelNames: ['status'] as const, registers }), 'status', GENESIS_ROUTE_STATUSES.genesis),
    challenges: new Counter({ name: `${PREFIX}genesis_challenges_issued_total`, help: 'Registration challenges issued (GET /signers/challenge).', registers }),
    registrations: atZero(new Counter({ name: `${PREFIX}genesis_registrations_total`, help: 'POST /signers answers by status (201 new, 200 known, 403 challenge or signature refused, 409 sealed without it).', labelNames: ['status'] as const, registers }), 'status', GENESIS_ROUTE_STATUSES.registration),
    publications: atZero(new Counter({ name: `${PREFIX}genesis_bootnode_publications_total`, help: 'POST /bootnodes answers by status.', labelNames: ['status'] as const, registers }), 'status', GENESIS_ROUTE_STATUSES.publication),
    collectorNodes: collectorOn
      ? new Gauge({
          name: `${PREFIX}ethstats_collector_nodes`,
          help: 'Nodes the ethstats collector keeps, by state (connected now, or disconnected and still listed).',
          labelNames: ['state'] as const,
          registers,
          collect() {
            const nodes = read.collector?.();
            this.set({ state: 'connected' }, nodes?.connected ?? 0);
            this.set({ state: 'disconnected' }, nodes?.disconnected ?? 0);
          },
        })
      : undefined,
    collectorRefusedLogins: collectorOn
      ? atZero(new Counter({ name: `${PREFIX}ethstats_collector_refused_logins_total`, help: 'Connections the ethstats collector refused before or at their hello, by reason (wrong_secret, bad_hello, before_hello, timeout, too_large, busy, full).', labelNames: ['reason'] as const, registers }), 'reason', COLLECTOR_LOGIN_REFUSALS)
      : undefined,
    collectorFrames: collectorOn
      ? atZero(new Counter({ name: `${PREFIX}ethstats_collector_frames_total`, help: 'Report frames the ethstats collector accepted, by type.', labelNames: ['type'] as const, registers }), 'type', COLLECTOR_FRAME_TYPES)
      : undefined,
    info: new Gauge({ name: `${PREFIX}info`, help: 'Constant 1, labelled with what this agent runs.', labelNames: ['role', 'network_id', 'geth_version', 'enode'] as const, registers }),
    ready: new Gauge({ name: `${PREFIX}ready`, help: 'Whether /health answers 200 (the genesis is sealed and served) (1/0).', registers, collect() {
      this.set(Number(read.genesis().sealed));
    } }),
    limitRefusals: limitRefusals(registers, collectorOn ? GENESIS_SERVER_LIMITS : [...HTTP_LIMITS, ...GENESIS_LIMITS]),
    /** Counts one answer of a genesis-server route (see genesisServerRoutes' onResponse). */
    response(method: string, route: string, status: number): void {
      const code = String(status);
      if (method === 'GET' && route === '/genesis.json') metrics.requests.inc({ status: code });
      else if (method === 'GET' && route === '/signers/challenge' && status === 200) metrics.challenges.inc();
      else if (method === 'POST' && route === '/signers') metrics.registrations.inc({ status: code });
      else if (method === 'POST' && route === '/bootnodes') metrics.publications.inc({ status: code });
    },
    /** Stops the event-loop delay timer. */
    close: (): void => processMetrics?.close(),
  };
  return metrics;
}

export type GenesisMetrics = ReturnType<typeof createGenesisMetrics>;
