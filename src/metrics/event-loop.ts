import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

/**
 * prom-client's own event-loop gauges, replaced by eventLoopLagMetrics (same names). Node's
 * monitorEventLoopDelay records the whole time between two ticks of its timer, so every sample
 * is the resolution plus the lag: prom-client reports those samples as they are, and an idle
 * agent sampled every 100 ms read 0.1 s of "lag".
 */
export const PROM_CLIENT_EVENT_LOOP_METRICS = Object.freeze([
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_min_seconds',
  'nodejs_eventloop_lag_max_seconds',
  'nodejs_eventloop_lag_mean_seconds',
  'nodejs_eventloop_lag_stddev_seconds',
  'nodejs_eventloop_lag_p50_seconds',
  'nodejs_eventloop_lag_p90_seconds',
  'nodejs_eventloop_lag_p99_seconds',
]);

export interface EventLoopLagOptions {
  readonly registry: Registry;
  /**
   * Sampling period of the delay timer (ms). Every sample costs a wake-up: 10 ms kept an idle
   * agent near 1 % of a core, 50 ms costs a fifth of that. A block shorter than the period is
   * still seen whenever it covers a tick (with probability length/period), and every block
   * longer than it is.
   */
  readonly resolutionMs?: number;
}

export interface EventLoopLag {
  /** Stops the delay timer (the gauges then keep their last values). */
  close(): void;
}

/**
 * Event-loop lag under prom-client's standard names, as lag: each sample minus the timer's own
 * period. Values cover the time since the previous scrape (the histogram is reset at each one);
 * a scrape with no sample since the last one keeps the previous values. `nodejs_eventloop_lag_seconds`
 * is the mean.
 */
export function eventLoopLagMetrics(options: EventLoopLagOptions): EventLoopLag {
  const resolutionMs = options.resolutionMs ?? 50;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  const period = resolutionMs * 1e6;
  const lag = (nanoseconds: number): number => Math.max(0, nanoseconds - period) / 1e9;
  const registers = [options.registry];
  const gauge = (name: string, help: string): Gauge => new Gauge({ name, help, registers });
  // Registered first: a scrape renders in registration order, and this one's collect sets the others.
  new Gauge({
    name: 'nodejs_eventloop_lag_seconds',
    help: 'Mean event-loop lag since the previous scrape, in seconds (the sampling period subtracted).',
    registers,
    collect() {
      if (histogram.count === 0) return;
      this.set(lag(histogram.mean));
      min.set(lag(histogram.min));
      max.set(lag(histogram.max));
      avg.set(lag(histogram.mean));
      stddev.set(histogram.stddev / 1e9);
      p50.set(lag(histogram.percentile(50)));
      p90.set(lag(histogram.percentile(90)));
      p99.set(lag(histogram.percentile(99)));
      histogram.reset();
    },
  });
  const min = gauge('nodejs_eventloop_lag_min_seconds', 'The minimum event-loop lag since the previous scrape.');
  const max = gauge('nodejs_eventloop_lag_max_seconds', 'The maximum event-loop lag since the previous scrape.');
  const avg = gauge('nodejs_eventloop_lag_mean_seconds', 'The mean event-loop lag since the previous scrape.');
  const stddev = gauge('nodejs_eventloop_lag_stddev_seconds', 'The standard deviation of the event-loop lag since the previous scrape.');
  const p50 = gauge('nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the event-loop lag since the previous scrape.');
  const p90 = gauge('nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the event-loop lag since the previous scrape.');
  const p99 = gauge('nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the event-loop lag since the previous scrape.');
  return { close: () => histogram.disable() };
}
