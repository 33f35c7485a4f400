import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '../../../src/http/app.js';
import { nodeRoutes, type NodeRoutesOptions } from '../../../src/http/node-routes.js';
import { createMetrics } from '../../../src/metrics.js';
import { createStateStore } from '../../../src/state/store.js';
import type { HealthThresholds } from '../../../src/health/evaluate.js';
import type { NodeState } from '../../../src/state/node-state.js';
import type { StateStore } from '../../../src/state/store.js';
import type { LivenessResult } from '../../../src/health/liveness.js';

export const now = 1_700_000_000_000;
export const thresholds: HealthThresholds = { minPeers: 1, maxBlocksBehind: 2, maxHeadAgeSeconds: 30, maxRpcAgeSeconds: 15 };

export const healthyClient: NodeState = {
  role: 'client',
  at: now,
  geth: { state: 'running', pid: 42, startedAt: now - 600_000, restarts: { crash: 1, peer_decay: 2 }, crashLoop: false },
  rpc: { okAt: now - 2_000 },
  peers: { value: 2, at: now - 2_000 },
  head: { value: { number: 1234, hash: `0x${'ab'.repeat(32)}`, timestamp: now / 1000 - 5 }, at: now - 2_000 },
  sync: { value: { syncing: false, current: 1234, highest: 1234 }, at: now - 2_000 },
  txpool: { value: { pending: 3, queued: 1 }, at: now - 2_000 },
  watchdog: { restartLimited: false },
};

export const healthySealer: NodeState = {
  ...healthyClient,
  role: 'sealer',
  clique: { value: { signers: ['0x1', '0x2', '0x3'], isSigner: true, period: 2 }, at: now - 2_000 },
  lastSealedAt: now - 4_000,
};

export interface Fixture {
  readonly app: FastifyInstance;
  readonly store: StateStore;
  readonly metrics: ReturnType<typeof createMetrics>;
  live: LivenessResult;
}

/** A node-agent app on inject() with a state store the test writes into. */
export async function nodeApp(state: NodeState, extra: Partial<NodeRoutesOptions> = {}, appOptions: { drainMs?: number } = {}): Promise<Fixture> {
  const store = createStateStore(state, () => now);
  const metrics = createMetrics({ getState: store.get, now: () => now, processMetrics: true });
  const app = createHttpApp({ logger: pino({ level: 'silent' }), health: false, ...appOptions });
  const fixture: Fixture = { app, store, metrics, live: { ok: true } };
  await app.register(nodeRoutes({ store, metrics, thresholds, liveness: () => fixture.live, now: () => now, ...extra }));
  await app.ready();
  return fixture;
}
