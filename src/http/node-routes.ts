import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { evaluateNodeHealth, type HealthThresholds } from '../health/evaluate.js';
import type { LivenessResult } from '../health/liveness.js';
import { applyHealthQuery } from '../health/query.js';
import type { Metrics } from '../metrics.js';
import type { StateStore } from '../state/store.js';
import { renderStatusPage } from './status-page.js';
import { statusView } from './status-view.js';

export { healthThresholdsFromConfig } from '../health/thresholds.js';
export { createLiveness, type Liveness, type LivenessResult } from '../health/liveness.js';

export interface NodeRoutesOptions {
  readonly store: StateStore;
  readonly metrics: Metrics;
  /**
   * Defaults (healthThresholdsFromConfig); `?minPeers=&maxBlocksBehind=&maxHeadAgeSeconds=` override
   * per request. A function when they depend on what is learnt later (the genesis' clique period).
   */
  readonly thresholds: HealthThresholds | (() => HealthThresholds);
  /** `/health/live` (createLiveness().check). */
  readonly liveness: () => LivenessResult;
  /** Extra fields for `/status` and the page, e.g. `{enode, decisions: [{at, action, reason}]}`. Never secrets. */
  readonly status?: () => Readonly<Record<string, unknown>>;
  /** geth's own metrics, already fetched and filtered (createGethMetricsCache().text). */
  readonly gethMetrics?: () => string;
  readonly now?: () => number;
  /** Refresh period of the status page (seconds). */
  readonly refreshSeconds?: number;
  /**
   * Scrapes within this many ms share one rendering of the registry (single-flight, then cached);
   * 0 renders every scrape. Default 1000: far below any scrape interval, and a burst of scrapes
   * costs one rendering.
   */
  readonly metricsCacheMs?: number;
}

const anyValue = {};
const checkSchema = {
  type: 'object',
  properties: { ok: { type: 'boolean' }, value: anyValue, threshold: anyValue, detail: { type: 'string' } },
  required: ['ok'],
  additionalProperties: false,
};
const healthSchema = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    role: { type: 'string' },
    checks: { type: 'object', additionalProperties: checkSchema },
  },
  required: ['status', 'role', 'checks'],
  additionalProperties: false,
};
const liveSchema = { type: 'object', properties: { status: { type: 'string' }, detail: { type: 'string' } }, required: ['status'], additionalProperties: false };
const errorSchema = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] };

/** Callers within `ttlMs` of a rendering (or during one) share its result. */
function singleFlight(render: () => Promise<string>, ttlMs: number, now: () => number): () => Promise<string> {
  let last: { at: number; text: Promise<string> } | undefined;
  return () => {
    const at = now();
    if (last !== undefined && at - last.at < ttlMs) return last.text;
    const text = render();
    last = { at, text };
    // A failed rendering is not cached.
    text.catch(() => {
      last = undefined;
    });
    return text;
  };
}

/**
 * The HTTP surface of a node agent (roles boot, sealer, client): `/health`, `/health/live`,
 * `/metrics`, `/status` and `/`. Every route reads the last snapshot: none waits on geth.
 * Mount with `app.register(nodeRoutes({...}))` on `createHttpApp({..., health: false})`.
 */
export function nodeRoutes(options: NodeRoutesOptions): FastifyPluginAsync {
  const now = options.now ?? Date.now;
  const { store, metrics } = options;
  const current = (): HealthThresholds => (typeof options.thresholds === 'function' ? options.thresholds() : options.thresholds);
  const refreshSeconds = options.refreshSeconds ?? 5;
  const view = () => {
    const state = store.get();
    const at = now();
    const thresholds = current();
    return statusView(state, evaluateNodeHealth(state, thresholds, at), thresholds.minPeers, options.status?.() ?? {}, at);
  };

  return async (app: FastifyInstance) => {
    metrics.minPeers.set(current().minPeers);

    app.get('/health', {
      schema: { response: { 200: healthSchema, 503: healthSchema, 400: errorSchema } },
      handler: async (request, reply) => {
        const applied = applyHealthQuery(current(), request.query as Record<string, unknown>);
        if ('error' in applied) return reply.code(400).send({ error: applied.error });
        const report = evaluateNodeHealth(store.get(), applied.thresholds, now());
        return reply.code(report.status === 'UP' ? 200 : 503).send(report);
      },
    });

    app.get('/health/live', {
      schema: { response: { 200: liveSchema, 503: liveSchema } },
      handler: async (_request, reply) => {
        const live = options.liveness();
        return reply.code(live.ok ? 200 : 503).send({ status: live.ok ? 'UP' : 'DOWN', detail: live.detail });
      },
    });

    const render = async (): Promise<string> => {
      const own = await metrics.registry.metrics();
      const geth = options.gethMetrics?.() ?? '';
      return geth === '' ? own : `${own}${own.endsWith('\n') ? '' : '\n'}${geth}`;
    };
    const scrape = singleFlight(render, options.metricsCacheMs ?? 1000, now);
    app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await scrape()));

    app.get('/status', async (_request, reply) => reply.header('cache-control', 'no-store').send(view()));

    app.get('/', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderStatusPage(view(), refreshSeconds)),
    );
  };
}
