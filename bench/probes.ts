/**
 * Benchmark (not a test): the node agent's probes as deployed, under load from autocannon in its
 * own process, next to a bare fastify route (its own process) measured in the same rounds.
 *   node dist/bench/probes.js [--rounds 5] [--seconds 5] [--connections 16]
 * A devnet (1 sealer, 1 client, reporters on, period 1 s) runs; the client agent's /health,
 * /health/live, a 404 and /metrics (as served, 1 s cache) are loaded. /metrics with its cache off
 * (the agent's registry rendered per request, in its own process) is compared with geth's own
 * /debug/metrics/prometheus of a client started beside the devnet (the same work: a registry
 * rendered per request). Goals: /health >= 0.5x the bare route (median throughput) with pooled
 * p99 < 5 ms; /metrics uncached at least as fast as geth's endpoint.
 */
import { parseArgs } from 'node:util';
import { freePorts } from '../test/helpers/ports.js';
import { generatorPeak, measureTargets, type Target } from './load/drive.js';
import { bareFigure, targetFigures } from './load/figures.js';
import { VALIDITY_NOTE } from './load/validity.js';
import { startNetwork } from './network.js';
import { writeReport } from './report.js';
import { startServer } from './servers/spawn.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '16' } } });
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const net = await startNetwork({ sealers: 1, clients: 1, period: 1 });
const stops: Array<() => Promise<unknown>> = [() => net.stop()];
try {
  const client = net.nodes.find((n) => n.role === 'client');
  if (client === undefined) throw new Error('the devnet has no client');
  const agent = new URL(client.health).origin;
  const [gethMetricsPort] = (await freePorts(1)) as [number];
  const beside = await net.addClient('metrics-client', { GETH_AGENT_GETH_METRICS_ADDR: `127.0.0.1:${gethMetricsPort}` });
  const bare = await startServer('bare');
  stops.unshift(() => bare.process.stop(5000));
  const uncached = await startServer('metrics-uncached', [beside.ipc]);
  stops.unshift(() => uncached.process.stop(5000));
  const gethUrl = `http://127.0.0.1:${gethMetricsPort}/debug/metrics/prometheus`;
  const targets: Target[] = [
    { name: 'bare', url: `${bare.url}/` },
    { name: 'GET /health', url: `${agent}/health` },
    { name: 'GET /health/live', url: `${agent}/health/live` },
    { name: 'GET /nope (404)', url: `${agent}/nope`, non2xxExpected: true },
    { name: 'GET /metrics (as served, 1 s cache)', url: `${agent}/metrics` },
    { name: 'GET /metrics, cache off', url: `${uncached.url}/metrics` },
    { name: "geth's /debug/metrics/prometheus", url: gethUrl },
  ];
  const sizes = await Promise.all(targets.map(async (t) => `${t.name} ${(await (await fetch(t.url)).text()).length} bytes`));
  console.log(`probes: ${rounds} rounds x ${seconds} s, ${connections} connections, node ${process.version}\n${sizes.join('; ')}`);
  const measured = await measureTargets(targets, { rounds, seconds, connections, log: console.log });
  const of = (name: string) => measured.get(name) ?? [];
  const bareRounds = of('bare');
  const healthGoals = { throughputGoal: { of: 'ratio', op: '>=', value: 0.5 }, latencyGoal: { of: 'pooled p99', op: '<', value: 5 } } as const;
  const figures = [
    bareFigure(bareRounds),
    ...targetFigures({ name: 'GET /health', rounds: of('GET /health'), bare: bareRounds, ...healthGoals }),
    ...targetFigures({ name: 'GET /health/live', rounds: of('GET /health/live'), bare: bareRounds }),
    ...targetFigures({ name: 'GET /nope (404)', rounds: of('GET /nope (404)'), bare: bareRounds, non2xxExpected: true }),
    ...targetFigures({ name: 'GET /metrics (as served, 1 s cache)', rounds: of('GET /metrics (as served, 1 s cache)'), bare: bareRounds }),
    ...targetFigures({ name: 'GET /metrics, cache off', rounds: of('GET /metrics, cache off'), bare: bareRounds, against: { name: "geth's /debug/metrics/prometheus", rounds: of("geth's /debug/metrics/prometheus") }, throughputGoal: { of: 'ratio', op: '>=', value: 1 } }),
    ...targetFigures({ name: "geth's /debug/metrics/prometheus", rounds: of("geth's /debug/metrics/prometheus"), bare: bareRounds }),
  ];
  await writeReport({
    bench: 'probes',
    figures,
    notes: [
      `${rounds} rounds × ${seconds} s per target, ${connections} keep-alive connections, autocannon in its own process (one per round), targets alternated in each round; latency goals on the p99 of every request of every round pooled (autocannon's HDR histograms, 1 ms resolution).`,
      'Servers: the devnet client agent (`geth-agent devnet --sealers 1 --clients 1 --period 1`, reporter on, poll 1 s); the bare fastify route and the uncached /metrics in their own processes; geth\'s endpoint of a client started beside the devnet with `GETH_AGENT_GETH_METRICS_ADDR`.',
      `Sizes: ${sizes.join('; ')}.`,
      `${VALIDITY_NOTE}; ${generatorPeak(measured)}.`,
    ],
  });
} finally {
  for (const stop of stops) await stop().catch((error: unknown) => console.error(error));
}
