/**
 * Benchmark (not a test): the node agent's probes under load on loopback while a real geth seals.
 *   node dist/bench/probes.js [--rounds 3] [--seconds 5] [--connections 8]
 * Targets, alternated each round: a bare fastify route returning a constant (this machine's
 * ceiling), GET /health, GET /metrics (agent metrics + geth's chain,p2p,txpool re-exported from the
 * cache), and geth's own /debug/metrics/prometheus; for reference /metrics with its 1 s cache off. Server in the main thread, load generator
 * in a worker thread. Goals: /health >= 0.5x the bare route with p99 < 5 ms; /metrics >= 1,000
 * req/s and faster than geth's endpoint.
 */
import type { TestContext } from 'node:test';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { pino } from 'pino';
import { startCliqueChain } from '../test/helpers/clique-chain.js';
import { freePorts } from '../test/helpers/ports.js';
import { createHttpApp } from '../src/http/app.js';
import { createGethMetricsCache } from '../src/http/geth-metrics.js';
import { createLiveness, nodeRoutes } from '../src/http/node-routes.js';
import { createMetrics } from '../src/metrics.js';
import { createStateStore, initialNodeState } from '../src/state/store.js';
import { createObserver } from '../src/watchdog/observer.js';
import { figure, writeReport } from './report.js';
import { load, median, quantile } from './stats.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '8' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);

const cleanups: Array<() => Promise<void> | void> = [];
// startCliqueChain registers its cleanup with t.after; the bench runs them at the end.
const context = { after: (fn: () => Promise<void> | void) => void cleanups.push(fn) } as unknown as TestContext;
const logger = pino({ level: 'warn' });

try {
  const [metricsPort] = await freePorts(1);
  const chain = await startCliqueChain(context, { period: 1, args: ['--metrics', '--metrics.addr', '127.0.0.1', '--metrics.port', String(metricsPort)] });
  const store = createStateStore(initialNodeState('sealer', Date.now()));
  store.update((s) => ({ geth: { ...s.geth, state: 'running', startedAt: Date.now(), pid: chain.geth.pid }, lastSealedAt: Date.now() }));
  const metrics = createMetrics({ getState: store.get, processMetrics: true });
  const observer = createObserver({
    store,
    logger,
    intervalMs: 1000,
    cliquePeriod: 1,
    address: () => chain.signer.address,
    rpc: () => ({ call: <T>(method: string, params: readonly unknown[] = []) => chain.rpc<T>(method, [...params]) }),
    onCall: (method, s) => metrics.rpcDuration.observe({ method }, s),
  });
  // As the agent does from geth's log: each "Successfully sealed new block" marks lastSealedAt.
  let scanned = 0;
  const sealTap = setInterval(() => {
    const lines = chain.geth.lines;
    for (; scanned < lines.length; scanned++) {
      if (lines[scanned]?.includes('Successfully sealed new block') === true) {
        metrics.sealedBlocks.inc();
        store.update(() => ({ lastSealedAt: Date.now() }));
      }
    }
  }, 200);
  cleanups.push(() => clearInterval(sealTap));
  const gethUrl = `http://127.0.0.1:${metricsPort}/debug/metrics/prometheus`;
  const gethMetrics = createGethMetricsCache({ url: gethUrl, groups: ['chain', 'p2p', 'txpool'], exclude: (n) => n.startsWith('geth_agent_'), intervalMs: 5000, logger });
  const app = createHttpApp({ logger, health: false });
  await app.register(
    nodeRoutes({ store, metrics, liveness: createLiveness({ stallMs: 60_000 }).check, gethMetrics: gethMetrics.text, thresholds: { minPeers: 0, maxBlocksBehind: 2, maxHeadAgeSeconds: 30, maxRpcAgeSeconds: 30 } }),
  );
  // The same routes rendering the registry on every scrape: what a scrape costs without the 1 s cache.
  const uncached = createHttpApp({ logger, health: false });
  await uncached.register(
    nodeRoutes({ store, metrics, liveness: createLiveness({ stallMs: 60_000 }).check, gethMetrics: gethMetrics.text, metricsCacheMs: 0, thresholds: { minPeers: 0, maxBlocksBehind: 2, maxHeadAgeSeconds: 30, maxRpcAgeSeconds: 30 } }),
  );
  cleanups.unshift(() => app.close(), () => uncached.close(), () => observer.stop(), () => gethMetrics.stop());
  const baseline = Fastify();
  const constant = { status: 'UP' };
  baseline.get('/', async () => constant);
  cleanups.unshift(() => baseline.close());
  observer.start();
  await observer.poll();
  await gethMetrics.refresh();

  const agent = await app.listen({ host: '127.0.0.1', port: 0, backlog: 4096 });
  const targets: Record<string, string> = {
    'baseline: bare fastify constant': `${await baseline.listen({ host: '127.0.0.1', port: 0, backlog: 4096 })}/`,
    'GET /health': `${agent}/health`,
    'GET /metrics': `${agent}/metrics`,
    "geth's /debug/metrics/prometheus": gethUrl,
    'GET /metrics, cache off (every scrape renders)': `${await uncached.listen({ host: '127.0.0.1', port: 0, backlog: 4096 })}/metrics`,
  };
  const health = await app.inject('/health');
  const scrape = await app.inject('/metrics');
  const gethBody = await (await fetch(gethUrl)).text();
  console.log(`geth-agent probes benchmark: ${seconds} s per run, ${connections} keep-alive connections, node ${process.version}, geth sealing (period 1)`);
  console.log(`/health ${health.statusCode} ${health.body.length} bytes; /metrics ${scrape.body.length} bytes (${scrape.body.split('\n# TYPE').length - 1} families); geth's endpoint ${gethBody.length} bytes`);
  for (const url of Object.values(targets)) await load({ url, connections, seconds: 1 }); // warm-up

  const rows: Array<Record<string, string | number>> = [];
  for (let round = 1; round <= rounds; round++) {
    for (const [target, url] of Object.entries(targets)) {
      const r = await load({ url, connections, seconds });
      rows.push({
        round,
        target,
        'req/s': Math.round((r.requests / r.elapsedMs) * 1000),
        'p50 ms': quantile(r.latencies, 0.5).toFixed(2),
        'p99 ms': quantile(r.latencies, 0.99).toFixed(2),
        errors: r.errors + r.non200,
      });
    }
  }
  console.table(rows);
  const summary = Object.keys(targets).map((target) => {
    const mine = rows.filter((r) => r.target === target);
    return { target, 'median req/s': median(mine.map((r) => Number(r['req/s']))), 'median p50 ms': median(mine.map((r) => Number(r['p50 ms']))), 'median p99 ms': median(mine.map((r) => Number(r['p99 ms']))) };
  });
  console.log(`medians over ${rounds} rounds:`);
  console.table(summary);
  const errors = rows.reduce((n, r) => n + Number(r.errors), 0);
  if (errors > 0) console.log(`WARNING: ${errors} failed or non-200 responses: the figures are not valid`);
  const [bare, h, m, g] = summary;
  const of = (target: string, key: string): number[] => rows.filter((r) => r.target === target).map((r) => Number(r[key]));
  const [bareName, healthName, metricsName, gethName, uncachedName] = Object.keys(targets) as [string, string, string, string, string];
  const bareBase = (key: string) => ({ name: 'bare fastify constant', samples: of(bareName, key) });
  const gethBase = (key: string) => ({ name: "geth's /debug/metrics/prometheus", samples: of(gethName, key) });
  await writeReport({
    bench: 'probes',
    figures: [
      figure({ figure: 'GET /health throughput', unit: 'req/s', samples: of(healthName, 'req/s'), baseline: bareBase('req/s'), goal: { of: 'ratio', op: '>=', value: 0.5 } }),
      figure({ figure: 'GET /health p99 latency (per round)', unit: 'ms', samples: of(healthName, 'p99 ms'), baseline: bareBase('p99 ms'), goal: { of: 'median', op: '<', value: 5 } }),
      figure({ figure: 'GET /metrics throughput', unit: 'req/s', samples: of(metricsName, 'req/s'), baseline: gethBase('req/s'), goal: [{ of: 'median', op: '>=', value: 1000 }, { of: 'ratio', op: '>', value: 1 }] }),
      figure({ figure: 'GET /metrics p99 latency (per round)', unit: 'ms', samples: of(metricsName, 'p99 ms'), baseline: gethBase('p99 ms') }),
      figure({ figure: 'GET /metrics throughput, cache off (every scrape renders)', unit: 'req/s', samples: of(uncachedName, 'req/s'), baseline: gethBase('req/s') }),
    ],
    notes: [
      `${rounds} rounds × ${seconds} s, ${connections} keep-alive connections, targets alternated; a real geth seals (period 1) and is observed every second.`,
      `/health ${health.body.length} bytes; /metrics ${scrape.body.length} bytes; geth's endpoint ${gethBody.length} bytes.`,
      '/metrics shares one rendering per second (single-flight cache, as served); "cache off" renders on every request: prom-client walks every family. A Prometheus server scrapes every 15-60 s, i.e. one rendering per scrape either way.',
      ...(errors > 0 ? [`WARNING: ${errors} failed or non-200 responses: the figures are not valid`] : []),
    ],
  });
  if (bare && h && m && g) {
    const ratio = h['median req/s'] / bare['median req/s'];
    console.log(`/health: ${ratio.toFixed(2)}x the bare route (goal >= 0.5), p99 ${h['median p99 ms']} ms (goal < 5): ${ratio >= 0.5 && h['median p99 ms'] < 5 ? 'met' : 'NOT met'}`);
    console.log(`/metrics: ${m['median req/s']} req/s (goal >= 1000), ${(m['median req/s'] / g['median req/s']).toFixed(2)}x geth's endpoint (goal > 1): ${m['median req/s'] >= 1000 && m['median req/s'] > g['median req/s'] ? 'met' : 'NOT met'}`);
  }
} finally {
  for (const cleanup of cleanups) await cleanup();
}
