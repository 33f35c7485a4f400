import { collectDefaultMetrics, type Registry } from 'prom-client';
import { eventLoopLagMetrics, PROM_CLIENT_EVENT_LOOP_METRICS, type EventLoopLag } from './event-loop.js';

/**
 * prom-client gauges named `*_total`: promtool refuses a non-counter with that suffix, and
 * Prometheus' conventions reserve it for counters. The per-type gauges without the suffix stay
 * (`sum(nodejs_active_handles)` is the total).
 */
export const DROPPED_DEFAULT_METRICS = Object.freeze(['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']);

/**
 * prom-client's histogram must exist (collectDefaultMetrics always starts one); with this period
 * its timer never fires, so it costs nothing, and eventLoopLagMetrics measures instead.
 */
const IDLE_PRECISION_MS = 2 ** 31 - 1;

export interface ProcessMetricsOptions {
  readonly registry: Registry;
  /** Sampling period of the event-loop delay timer (ms), see eventLoopLagMetrics. */
  readonly eventLoopResolutionMs?: number;
}

/**
 * The Node.js and process metrics under their standard names (`process_*`, `nodejs_*`, no
 * prefix), so the dashboards and alerts people already run for Node.js services find them.
 */
export function registerProcessMetrics(options: ProcessMetricsOptions): EventLoopLag {
  const { registry } = options;
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: IDLE_PRECISION_MS });
  for (const name of [...DROPPED_DEFAULT_METRICS, ...PROM_CLIENT_EVENT_LOOP_METRICS]) registry.removeSingleMetric(name);
  return eventLoopLagMetrics({ registry, ...(options.eventLoopResolutionMs === undefined ? {} : { resolutionMs: options.eventLoopResolutionMs }) });
}
