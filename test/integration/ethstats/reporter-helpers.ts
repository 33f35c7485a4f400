import type { TestContext } from 'node:test';
import { createLogger } from '../../../src/log.js';
import { createReporter, type Reporter, type ReporterOptions } from '../../../src/ethstats/reporter/reporter.js';
import type { EthstatsSource } from '../../../src/ethstats/source.js';

export const quiet = createLogger({ level: 'silent' });

export const fastTimings = {
  loginTimeoutMs: 500,
  reportIntervalMs: 300,
  pongTimeoutMs: 300,
  pendingThrottleMs: 200,
  handshakeTimeoutMs: 1000,
  backoff: { initialMs: 50, maxMs: 200 },
};

/** A started reporter against ws://127.0.0.1:port, stopped when the test ends. */
export function startReporter(t: TestContext, port: number, source: EthstatsSource, extra: Partial<ReporterOptions> = {}): Reporter {
  const reporter = createReporter({
    target: { name: 'node-a', secret: 's3cret', host: `ws://127.0.0.1:${port}` },
    source,
    logger: quiet,
    role: 'sealer',
    ...extra,
    timings: { ...fastTimings, ...extra.timings },
  });
  reporter.start();
  t.after(() => reporter.stop());
  return reporter;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
