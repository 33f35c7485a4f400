/**
 * Benchmark (not a test): the genesis server under load on loopback.
 *   node dist/bench/genesis-server.js [--rounds 3] [--seconds 5] [--connections 64] [--concurrent 1000]
 * Measures GET /genesis.json (req/s, p50/p99) against a bare fastify route returning a constant
 * (baseline, same run), then 1,000 concurrent fresh-connection fetches. Server in the main
 * thread, load generator in a worker thread (2 cores: one each).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { Wallet } from 'ethers';
import { createLogger } from '../src/log.js';
import { createHttpApp } from '../src/http/app.js';
import { genesisServerRoutes } from '../src/genesis/routes/index.js';
import { createBootnodeDirectory } from '../src/genesis/server/bootnodes.js';
import { publicationRules } from '../src/genesis/server/publication-check.js';
import { createChallengeStore } from '../src/genesis/server/challenges.js';
import { createGenesisService } from '../src/genesis/server/service.js';
import type { LoadResult } from './load-worker.js';
import { figure, writeReport } from './report.js';
import { load, median, quantile } from './stats.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '64' }, concurrent: { type: 'string', default: '1000' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const concurrent = Number(values.concurrent);
const rounds = Number(values.rounds);

function report(name: string, r: LoadResult): Record<string, string | number> {
  return {
    target: name,
    'req/s': Math.round((r.requests / r.elapsedMs) * 1000),
    'p50 ms': quantile(r.latencies, 0.5).toFixed(2),
    'p99 ms': quantile(r.latencies, 0.99).toFixed(2),
    'max ms': quantile(r.latencies, 1).toFixed(2),
    requests: r.requests,
    errors: r.errors + r.non200,
  };
}

async function concurrentFetches(url: string, n: number): Promise<{ ok: number; distinct: number; allDoneMs: number; row: Record<string, string | number> }> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const started = performance.now();
  const shas = new Map<string, number>();
  const times: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<void>((resolve) => {
        const t0 = performance.now();
        get(url, { agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode === 200) {
              const sha = createHash('sha256').update(Buffer.concat(chunks)).digest('hex');
              shas.set(sha, (shas.get(sha) ?? 0) + 1);
            } else failed++;
            times.push(performance.now() - t0);
            resolve();
          });
        }).on('error', () => {
          failed++;
          resolve();
        });
      }),
    ),
  );
  const sorted = Float64Array.from(times).sort();
  const allDoneMs = performance.now() - started;
  const row = {
    fetches: n,
    ok: n - failed,
    'distinct bodies': shas.size,
    'all done ms': allDoneMs.toFixed(0),
    'p50 ms': quantile(sorted, 0.5).toFixed(1),
    'p99 ms': quantile(sorted, 0.99).toFixed(1),
  };
  return { ok: n - failed, distinct: shas.size, allDoneMs, row };
}

const dir = await mkdtemp(join(tmpdir(), 'ga-bench-'));
const logger = createLogger({ level: 'warn' });
const service = createGenesisService({
  genesisPath: join(dir, 'agent', 'genesis.json'),
  mode: { kind: 'static', signers: [Wallet.createRandom().address, Wallet.createRandom().address, Wallet.createRandom().address] },
  spec: { chainId: 4242, period: 5, epoch: 30000, gasLimit: 30_000_000, defaultBalance: '1000000000000000000000000' },
  logger,
  computeHash: async () => `0x${'ab'.repeat(32)}`,
});
await service.init();
const app = createHttpApp({ logger, role: 'genesis' });
await app.register(genesisServerRoutes, {
  service,
  challenges: createChallengeStore({ ttlMs: 300_000 }),
  bootnodes: createBootnodeDirectory({ ttlMs: 300_000 }),
  networkSecret: 'bench',
  publication: publicationRules({ networkId: 4242, listen: { host: '127.0.0.1', port: 0 }, netrestrict: undefined, bootnodeSignatureWindowSeconds: 120 }),
});
const baseline = Fastify();
const constant = { hello: 'world' };
baseline.get('/', async () => constant);
try {
  const genesisUrl = `${await app.listen({ host: '127.0.0.1', port: 0, backlog: 4096 })}/genesis.json`;
  const baselineUrl = `${await baseline.listen({ host: '127.0.0.1', port: 0, backlog: 4096 })}/`;
  const bytes = service.snapshot().document?.bytes.length ?? 0;
  console.log(`geth-agent genesis server benchmark: ${seconds} s per run, ${connections} keep-alive connections, genesis ${bytes} bytes, node ${process.version}`);
  await load({ url: genesisUrl, connections, seconds: 1 }); // warm-up
  await load({ url: baselineUrl, connections, seconds: 1 });
  // Alternate baseline and genesis runs (the machine may be shared); report each round and the medians.
  const rows: Array<Record<string, string | number>> = [];
  for (let round = 1; round <= rounds; round++) {
    rows.push({ round, ...report('baseline: bare fastify constant', await load({ url: baselineUrl, connections, seconds })) });
    rows.push({ round, ...report('GET /genesis.json', await load({ url: genesisUrl, connections, seconds })) });
  }
  console.table(rows);
  const summary = ['baseline: bare fastify constant', 'GET /genesis.json'].map((target) => {
    const mine = rows.filter((r) => r.target === target);
    return { target, 'median req/s': median(mine.map((r) => Number(r['req/s']))), 'median p50 ms': median(mine.map((r) => Number(r['p50 ms']))), 'median p99 ms': median(mine.map((r) => Number(r['p99 ms']))) };
  });
  console.log(`medians over ${rounds} rounds:`);
  console.table(summary);
  console.log(`${concurrent} concurrent fetches of /genesis.json (one fresh connection each):`);
  const fetches = await concurrentFetches(genesisUrl, concurrent);
  console.table([fetches.row]);
  const of = (target: string, key: string): number[] => rows.filter((r) => r.target === target).map((r) => Number(r[key]));
  const [bare, genesis] = ['baseline: bare fastify constant', 'GET /genesis.json'];
  const errors = rows.reduce((n, r) => n + Number(r.errors), 0);
  await writeReport({
    bench: 'genesis-server',
    figures: [
      figure({ figure: 'GET /genesis.json throughput', unit: 'req/s', samples: of(genesis, 'req/s'), baseline: { name: 'bare fastify constant', samples: of(bare, 'req/s') }, goal: { of: 'median', op: '>=', value: 10_000 } }),
      figure({ figure: 'GET /genesis.json p99 latency (per round)', unit: 'ms', samples: of(genesis, 'p99 ms'), baseline: { name: 'bare fastify constant', samples: of(bare, 'p99 ms') }, goal: { of: 'median', op: '<', value: 10 } }),
      figure({ figure: `${concurrent} concurrent fresh-connection fetches: completed`, unit: 'fetches', samples: [fetches.ok], goal: { of: 'median', op: '>=', value: concurrent } }),
      figure({ figure: `${concurrent} concurrent fresh-connection fetches: all done`, unit: 'ms', samples: [fetches.allDoneMs] }),
    ],
    notes: [
      `${rounds} rounds × ${seconds} s, ${connections} keep-alive connections, genesis ${bytes} bytes; load generator in a worker thread on the same 2 cores.`,
      ...(fetches.distinct === 1 ? [] : [`WARNING: ${fetches.distinct} distinct genesis bodies served`]),
      ...(errors > 0 ? [`WARNING: ${errors} failed or non-200 responses: the figures are not valid`] : []),
    ],
  });
} finally {
  await app.close();
  await baseline.close();
  await service.close();
  await rm(dir, { recursive: true, force: true });
}
