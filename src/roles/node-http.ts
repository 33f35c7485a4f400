import type { Config } from '../config/table.js';
import { AgentError, describeError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { HealthThresholds } from '../health/evaluate.js';
import type { LivenessResult } from '../health/liveness.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { NodeState } from '../state/node-state.js';
import type { StateStore } from '../state/store.js';

export interface NodeHttpOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly role: 'boot' | 'sealer' | 'client';
  readonly store: StateStore;
  readonly thresholds: () => HealthThresholds;
  readonly liveness: () => LivenessResult;
  readonly status: () => Readonly<Record<string, unknown>>;
  readonly now: () => number;
  /** geth's version as the runner found it (`geth_agent_info`). */
  readonly gethVersion?: () => string | undefined;
}

export interface NodeHttp {
  readonly metrics: Metrics;
  /** Drains (503 while closing) and closes the listener; stops the geth metrics cache. */
  close(): Promise<void>;
}

/**
 * The node's HTTP side: metrics registry, /health, /metrics, /status. Its modules (fastify,
 * prom-client: about 200 ms of loading on a 2-core machine) load here, when the caller decides,
 * so geth does not wait for them. A listen failure (port taken) is AgentError exit 78.
 */
export async function startNodeHttp(options: NodeHttpOptions): Promise<NodeHttp> {
  const { config, logger, store, now } = options;
  const [{ createMetrics }, { createHttpApp }, { nodeRoutes }, { gethMetricsCacheFromConfig }, { evaluateNodeHealth }, { httpLimitsFromConfig }] = await Promise.all([
    import('../metrics.js'),
    import('../http/app.js'),
    import('../http/node-routes.js'),
    import('../http/geth-metrics.js'),
    import('../health/evaluate.js'),
    import('../http/limits.js'),
  ]);
  const metrics = createMetrics({
    getState: store.get, now,
    health: () => evaluateNodeHealth(store.get(), options.thresholds(), now()),
    ...(options.gethVersion === undefined ? {} : { gethVersion: options.gethVersion }),
  });
  const unsubscribe = followState(store, metrics);
  metrics.minPeers.set(config.minPeers);
  const gethMetrics = gethMetricsCacheFromConfig(config, logger);
  const app = createHttpApp({
    logger, role: options.role, health: false, drainMs: 1000,
    limits: httpLimitsFromConfig(config),
    onLimit: (limit) => metrics.limitRefusals.inc({ limit }),
  });
  await app.register(
    nodeRoutes({
      store,
      metrics,
      thresholds: options.thresholds,
      liveness: options.liveness,
      status: options.status,
      ...(gethMetrics === undefined ? {} : { gethMetrics: () => gethMetrics.text() }),
      now,
    }),
  );
  try {
    await app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (error) {
    await app.close().catch(() => undefined);
    unsubscribe();
    metrics.close();
    throw new AgentError(`cannot listen on ${config.listen.host}:${config.listen.port}: ${describeError(error)}`, ExitCode.config, { cause: error });
  }
  gethMetrics?.start();
  return {
    metrics,
    close: async () => {
      gethMetrics?.stop();
      unsubscribe();
      await app.close();
      metrics.close();
    },
  };
}

/**
 * What the state records as events, into the registry: each reading's RPC call timings, and the
 * restarts by reason (counted by difference: a counter never goes down). What the snapshot
 * already holds when the registry comes is counted at once (it may predate the registry).
 */
function followState(store: StateStore, metrics: Metrics): () => void {
  let timed: unknown;
  let restarts: Readonly<Record<string, number>> = {};
  const follow = (state: NodeState): void => {
    if (state.rpc.calls !== timed) {
      timed = state.rpc.calls;
      for (const call of state.rpc.calls ?? []) {
        metrics.rpcDuration.observe({ method: call.method }, call.seconds);
        if (!call.ok) metrics.rpcErrors.inc({ method: call.method });
      }
    }
    if (state.geth.restarts !== restarts) {
      for (const [reason, n] of Object.entries(state.geth.restarts)) {
        const delta = n - (restarts[reason] ?? 0);
        if (delta > 0) metrics.restarts.inc({ reason }, delta);
      }
      restarts = state.geth.restarts;
    }
  };
  follow(store.get());
  return store.subscribe(follow);
}
