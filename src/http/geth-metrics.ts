import type { Logger } from '../log.js';
import { describeError } from '../errors.js';
import { announcedLength, BodyTooLargeError, readCapped } from './read-capped.js';
import { filterGethMetrics } from './geth-metrics-text.js';
import { gethMetricsAddress, type MetricsAddress } from '../geth/metrics-address.js';

export interface GethMetricsCacheOptions {
  /** geth's metrics server, e.g. `http://127.0.0.1:6060/debug/metrics/prometheus`. */
  readonly url: string;
  readonly groups: readonly string[];
  /** Families the agent exports itself (skipped). */
  readonly exclude: (name: string) => boolean;
  readonly intervalMs: number;
  readonly timeoutMs?: number;
  /** Largest body read (bytes); geth's full output is ~50-100 KB. Default 1 MiB. */
  readonly maxBytes?: number;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

export interface GethMetricsCache {
  start(): void;
  stop(): Promise<void>;
  /** The filtered text of the last good fetch ('' before the first one or once stale). */
  text(): string;
  /** One fetch now (the loop's body); never throws. */
  refresh(): Promise<void>;
}

/**
 * geth's own metrics, fetched on a timer into a cache that `/metrics` appends: a scrape never
 * waits on geth (invariant 5). A cache older than 3 intervals is dropped rather than served stale.
 */
export function createGethMetricsCache(options: GethMetricsCacheOptions): GethMetricsCache {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? Math.min(5000, options.intervalMs);
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const log = options.logger.child({ component: 'geth-metrics' });
  let cached = '';
  let cachedAt = 0;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let inFlight: Promise<void> | undefined;

  const fetchOnce = async (): Promise<void> => {
    try {
      const response = await doFetch(options.url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok || response.body === null) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      const announced = announcedLength(response.headers);
      if (announced !== undefined && announced > maxBytes) {
        await response.body.cancel();
        throw new BodyTooLargeError(maxBytes, announced);
      }
      // Streamed with the cap: geth's metrics server is another process, its body is not trusted either.
      const body = (await readCapped(response.body as AsyncIterable<Uint8Array>, maxBytes)).toString('utf8');
      cached = filterGethMetrics(body, { groups: options.groups, exclude: options.exclude });
      cachedAt = now();
      if (failing) log.info('geth metrics readable again');
      failing = false;
    } catch (error) {
      if (!failing) log.warn({ err: error, url: options.url }, `cannot read geth metrics: ${describeError(error)}`);
      failing = true;
    }
  };
  const refresh = (): Promise<void> => {
    inFlight ??= fetchOnce().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const schedule = (): void => {
    if (!running) return;
    timer = setTimeout(() => void refresh().then(schedule), options.intervalMs);
  };

  return {
    start() {
      if (running) return;
      running = true;
      void refresh().then(schedule);
    },
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
    text: () => (now() - cachedAt > 3 * options.intervalMs ? '' : cached),
    refresh,
  };
}

/**
 * The cache from the configuration, or undefined when re-export is off (no
 * GETH_AGENT_GETH_METRICS). A wildcard bind address is fetched on loopback.
 */
export function gethMetricsCacheFromConfig(
  config: { readonly gethMetricsAddr?: MetricsAddress | undefined; readonly gethMetrics?: readonly string[] | undefined; readonly gethMetricsIntervalSeconds: number },
  logger: Logger,
): GethMetricsCache | undefined {
  const address = gethMetricsAddress(config);
  if (address === undefined || config.gethMetrics === undefined) return undefined;
  const { host, port } = address;
  const target = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const hostPart = target.includes(':') ? `[${target}]` : target;
  return createGethMetricsCache({
    url: `http://${hostPart}:${port}/debug/metrics/prometheus`,
    groups: config.gethMetrics,
    exclude: (name) => name.startsWith('geth_agent_'),
    intervalMs: config.gethMetricsIntervalSeconds * 1000,
    logger,
  });
}
