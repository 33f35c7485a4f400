import type { Config } from '../config/table.js';
import { AgentError, describeError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { HealthThresholds } from '../health/evaluate.js';
import type { LivenessResult } from '../health/liveness.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
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
  const metrics = createMetrics({ getState: store.get, now, health: () => evaluateNodeHealth(store.get(), options.thresholds(), now()) });
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
    metrics.close();
    throw new AgentError(`cannot listen on ${config.listen.host}:${config.listen.port}: ${describeError(error)}`, ExitCode.config, { cause: error });
  }
  gethMetrics?.start();
  return {
    metrics,
    close: async () => {
      gethMetrics?.stop();
      await app.close();
      metrics.close();
    },
  };
}
