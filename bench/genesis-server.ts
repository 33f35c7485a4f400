/**
 * Benchmark (not a test): the genesis server as deployed (`geth-agent run`, role genesis, its own
 * process) under load from autocannon in its own process, next to a bare fastify route (its own
 * process) measured in the same rounds; then 1,000 concurrent fresh-connection fetches.
 *   node dist/bench/genesis-server.js [--rounds 5] [--seconds 5] [--connections 16] [--concurrent 1000]
 * Goals: GET /genesis.json >= 0.5x the bare route (median throughput), pooled p99 < 5 ms.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Wallet } from 'ethers';
import { benchAgentBin as agentBin, benchNode } from './agent-bin.js';
import { spawnTestProcess } from '../test/helpers/geth-process.js';
import { freePorts } from '../test/helpers/ports.js';
import { generatorPeak, measureTargets } from './load/drive.js';
import { bareFigure, targetFigures } from './load/figures.js';
import { VALIDITY_NOTE } from './load/validity.js';
import { waitOk } from './network.js';
import { figure, writeReport } from './report.js';
import { startServer } from './servers/spawn.js';
import { quantileSorted as quantile } from './stats.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '16' }, concurrent: { type: 'string', default: '1000' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const concurrent = Number(values.concurrent);
const rounds = Number(values.rounds);

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
const [port] = (await freePorts(1)) as [number];
const genesis = spawnTestProcess(benchNode(), [agentBin(), 'run'], {
  env: {
    PATH: process.env.PATH ?? '/usr/bin:/bin', GETH_AGENT_ROLE: 'genesis', GETH_AGENT_DATA_DIR: join(dir, 'g'), GETH_AGENT_LISTEN: `127.0.0.1:${port}`,
    GETH_AGENT_NETWORK_ID: '4242', GETH_AGENT_CLIQUE_PERIOD: '5', GETH_AGENT_LOG_LEVEL: 'info',
    GETH_AGENT_SIGNERS: [Wallet.createRandom().address, Wallet.createRandom().address, Wallet.createRandom().address].join(','),
  },
});
const stops: Array<() => Promise<unknown>> = [() => genesis.stop(30_000)];
try {
  const genesisUrl = `http://127.0.0.1:${port}/genesis.json`;
  await waitOk(genesisUrl, 60_000, () => genesis.isRunning());
  const bare = await startServer('bare');
  stops.unshift(() => bare.process.stop(5000));
  const bytes = (await (await fetch(genesisUrl)).arrayBuffer()).byteLength;
  console.log(`genesis server: ${rounds} rounds x ${seconds} s, ${connections} connections, genesis ${bytes} bytes, node ${process.version}`);
  const measured = await measureTargets([{ name: 'bare', url: `${bare.url}/` }, { name: 'GET /genesis.json', url: genesisUrl }], { rounds, seconds, connections, log: console.log });
  const bareRounds = measured.get('bare') ?? [];
  console.log(`${concurrent} concurrent fetches of /genesis.json (one fresh connection each):`);
  const fetches = await concurrentFetches(genesisUrl, concurrent);
  console.table([fetches.row]);
  await writeReport({
    bench: 'genesis-server',
    figures: [
      bareFigure(bareRounds),
      ...targetFigures({ name: 'GET /genesis.json', rounds: measured.get('GET /genesis.json') ?? [], bare: bareRounds, throughputGoal: { of: 'ratio', op: '>=', value: 0.5 }, latencyGoal: { of: 'pooled p99', op: '<', value: 5 } }),
      figure({ figure: `${concurrent} concurrent fresh-connection fetches: completed`, unit: 'fetches', samples: [fetches.ok], goal: { of: 'median', op: '>=', value: concurrent }, warnings: fetches.distinct === 1 ? [] : [`${fetches.distinct} distinct genesis bodies served`] }),
      figure({ figure: `${concurrent} concurrent fresh-connection fetches: all done`, unit: 'ms', samples: [fetches.allDoneMs] }),
    ],
    notes: [
      `${rounds} rounds × ${seconds} s, ${connections} keep-alive connections, autocannon in its own process (one per round), baseline and target alternated; genesis ${bytes} bytes; latency goal on the p99 of every request pooled over the rounds (1 ms resolution).`,
      `${VALIDITY_NOTE}; ${generatorPeak(measured)}.`,
    ],
  });
} finally {
  for (const stop of stops) await stop().catch((error: unknown) => console.error(error));
  await rm(dir, { recursive: true, force: true });
}
