import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pino } from 'pino';
import { gethInit, loopbackFlags, startCliqueChain } from '../../helpers/clique-chain.js';
import { toolPath } from '../../helpers/geth-bin.js';
import { spawnTestProcess } from '../../helpers/geth-process.js';
import { freePorts } from '../../helpers/ports.js';
import { parsePrometheusText, sampleValue } from '../../helpers/prom-text.js';
import { tempDir } from '../../helpers/tmp.js';
import { createHttpApp } from '../../../src/http/app.js';
import { createGethMetricsCache } from '../../../src/http/geth-metrics.js';
import { parseGethLine, recognize } from '../../../src/geth/log-line.js';
import { createLiveness, nodeRoutes } from '../../../src/http/node-routes.js';
import { createMetrics } from '../../../src/metrics.js';
import { createStateStore, initialNodeState } from '../../../src/state/store.js';
import { createObserver } from '../../../src/watchdog/observer.js';

interface Report {
  status: string;
  checks: Record<string, { ok: boolean }>;
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('readiness follows real peers: 503 alone, 200 once a second geth peers, 503 after it stops; geth metrics merged', { timeout: 60_000 }, async (t) => {
  const logger = pino({ level: 'silent' });
  const [metricsPort] = await freePorts(1);
  const chain = await startCliqueChain(t, { period: 1, args: ['--metrics', '--metrics.addr', '127.0.0.1', '--metrics.port', String(metricsPort)] });

  // The agent's side: store <- observer (+ seal lines), routes read the store only.
  const store = createStateStore(initialNodeState('sealer', Date.now()));
  store.update((s) => ({ geth: { ...s.geth, state: 'running', startedAt: Date.now() } }));
  const metrics = createMetrics({ getState: store.get, processMetrics: true });
  const liveness = createLiveness({ stallMs: 5_000 });
  const observer = createObserver({
    store,
    logger,
    intervalMs: 200,
    cliquePeriod: 1,
    address: () => chain.signer.address,
    rpc: () => ({ call: <T>(method: string, params: readonly unknown[] = []) => chain.rpc<T>(method, [...params]) }),
    onCall: (method, seconds, ok) => {
      liveness.beat('observer');
      metrics.rpcDuration.observe({ method }, seconds);
      if (!ok) metrics.rpcErrors.inc({ method });
    },
  });
  // geth's lines go through the agent's own detection (parseGethLine + recognize, as the node
  // runner's onEvent sees them), and a sealed event does what the node role does with it.
  let read = 0;
  const sealTap = setInterval(() => {
    for (const line of chain.geth.lines.slice(read)) {
      if (recognize(parseGethLine(line))?.kind !== 'sealed') continue;
      metrics.sealedBlocks.inc();
      store.update(() => ({ lastSealedAt: Date.now() }));
    }
    read = chain.geth.lines.length;
  }, 100);
  const gethMetrics = createGethMetricsCache({
    url: `http://127.0.0.1:${metricsPort}/debug/metrics/prometheus`,
    groups: ['chain', 'p2p', 'txpool'],
    exclude: (name) => name.startsWith('geth_agent_'),
    intervalMs: 300,
    logger,
  });
  const app = createHttpApp({ logger, health: false });
  await app.register(
    nodeRoutes({ store, metrics, liveness: liveness.check, gethMetrics: gethMetrics.text, thresholds: { minPeers: 1, maxBlocksBehind: 2, maxHeadAgeSeconds: 10, maxRpcAgeSeconds: 5 } }),
  );
  t.after(async () => {
    clearInterval(sealTap);
    await observer.stop();
    await gethMetrics.stop();
    await app.close();
  });
  observer.start();
  gethMetrics.start();
  const health = async (): Promise<{ code: number; body: Report }> => {
    const res = await app.inject('/health');
    return { code: res.statusCode, body: res.json() as Report };
  };
  const failing = (r: { body: Report }): string[] => Object.entries(r.body.checks).filter(([, c]) => !c.ok).map(([k]) => k);

  // Alone: everything fine but peers.
  const alone = await waitFor('a first reading', health, (r) => r.body.checks.rpc?.ok === true && r.body.checks.headAge?.ok === true);
  assert.equal(alone.code, 503);
  assert.deepEqual(failing(alone), ['peers']);
  assert.equal((await app.inject('/health?minPeers=0')).statusCode, 200);
  assert.equal((await app.inject('/health/live')).statusCode, 200);

  // A second geth (client) with the same genesis joins.
  const dir = await tempDir(t);
  const datadir = join(dir, 'd');
  await gethInit(datadir, chain.genesis, dir);
  const client = spawnTestProcess(toolPath('geth'), ['--datadir', datadir, '--networkid', String(chain.networkId), '--syncmode', 'full', '--nodiscover', ...loopbackFlags(datadir)]);
  t.after(() => client.stop());
  const clientEnode = (await client.waitForLine(/Started P2P networking\s+self="?(enode:\/\/[^"\s]+)/))[1] as string;
  assert.equal(await chain.rpc('admin_addPeer', [clientEnode]), true);
  const ready = await waitFor('readiness 200', health, (r) => r.code === 200);
  assert.equal(ready.body.status, 'UP');

  // One scrape: the agent's metrics and geth's own (selected groups), strict and without duplicates.
  await gethMetrics.refresh();
  const scrape = await app.inject('/metrics');
  const families = parsePrometheusText(scrape.body);
  assert.equal(sampleValue(families, 'geth_agent_peers'), 1);
  assert.equal(sampleValue(families, 'p2p_peers'), 1);
  assert.ok((sampleValue(families, 'chain_head_block') ?? 0) >= 1);
  assert.ok((sampleValue(families, 'geth_agent_sealed_blocks_total') ?? 0) >= 1);
  assert.ok([...families.keys()].every((n) => /^(geth_agent_|process_|nodejs_|chain_|p2p_|txpool_)/.test(n)));

  // The peer leaves.
  await client.stop();
  const lost = await waitFor('readiness 503', health, (r) => r.code === 503);
  assert.deepEqual(failing(lost), ['peers']);
});
