import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from '../log.js';
import type { HttpLimit } from '../metrics/limits.js';
import { healthRoutes, type HealthCheck } from './health.js';
import { deadlineCheckMs, defaultHttpLimits, type HttpLimits } from './limits.js';

export interface HttpAppOptions {
  readonly logger: Logger;
  /** Role reported by /health. */
  readonly role?: string;
  /** Readiness checks by name; /health is 200 only when every one is ok. Read snapshots only. */
  readonly checks?: Readonly<Record<string, () => HealthCheck>>;
  /** Largest request body accepted (bytes). */
  readonly bodyLimit?: number;
  /**
   * Register the simple `/health` + `/health/live` built from `checks` (default true). Node
   * agents pass false and mount `nodeRoutes` instead.
   */
  readonly health?: boolean;
  /**
   * On close, keep answering this long with 503 (every route) before the listener closes, so
   * load balancers and probes see the agent going away instead of a refused connection.
   */
  readonly drainMs?: number;
  /** Timeouts and the connection cap (default: the configuration table's defaults). */
  readonly limits?: HttpLimits;
  /** Called with the limit's name each time one refuses a client (`geth_agent_limit_refusals_total{limit}`). */
  readonly onLimit?: (limit: HttpLimit) => void;
}

/**
 * The agent's one HTTP listener (fastify 5). Starts nothing: the caller registers its route
 * plugins, then listens. Errors are JSON `{error}` with a 4xx for bad input, never a stack.
 */
export function createHttpApp(options: HttpAppOptions): FastifyInstance {
  const limits = options.limits ?? defaultHttpLimits();
  const app = Fastify({
    // fastify 5 turns these off by default (0): a client sending a byte every minute, or opening
    // sockets without end, would hold them forever. Node answers a missed deadline with 408.
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: deadlineCheckMs(limits) },
    loggerInstance: options.logger.child({ component: 'http' }),
    // No per-request log lines: probes and genesis fetches would flood the log (and cost throughput).
    logController: new LogController({ disableRequestLogging: true }),
    // Every request's log is the app's own logger, not a child made per request: a pino child of
    // the agent's logger (redaction paths, formatters) costs more than the probe it would log for
    // (fastify with it served ~19.5k req/s, with plain pino ~47.7k). Request logs are off anyway;
    // an error logged by a route carries its url instead of a request id.
    childLoggerFactory: (logger) => logger,
    // Untrusted bodies: unknown properties are refused (400), not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    bodyLimit: options.bodyLimit ?? 16 * 1024,
    return503OnClosing: true,
    forceCloseConnections: true,
  }) as unknown as FastifyInstance;

  const onLimit = options.onLimit ?? (() => undefined);
  app.server.maxConnections = limits.maxConnections;
  app.server.on('drop', () => onLimit('http_connections'));
  // Counted only: fastify's own handler answers (408, 431) and closes the connection.
  app.server.on('clientError', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') onLimit('http_request_timeout');
    else if (error.code === 'HPE_HEADER_OVERFLOW') onLimit('http_header_size');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation !== undefined) return reply.code(400).send({ error: `invalid request: ${error.message}` });
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    request.log.error({ err: error, url: request.url }, 'request failed');
    return reply.code(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` }));
  if (options.health !== false) void app.register(healthRoutes, { role: options.role ?? 'unknown', checks: options.checks ?? {} });
  const drainMs = options.drainMs ?? 0;
  // preClose runs after fastify marked its routes closing (they answer 503) and before the sockets close.
  if (drainMs > 0) app.addHook('preClose', () => new Promise<void>((resolve) => setTimeout(resolve, drainMs).unref()));
  return app;
}
