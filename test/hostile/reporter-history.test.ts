import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet } from 'ethers';
import { dataDirOf, startAgent } from '../helpers/agents.js';
import { fastNodeEnv, metric, nodePorts, portEnv, scrape, startStaticGenesis, waitForMetrics } from '../helpers/network.js';
import { freePorts } from '../helpers/ports.js';
import { tempDir } from '../helpers/tmp.js';
import { startHistoryFloodServer } from './attacks/reporter-history.js';
import { showRss, watchRss } from './rss.js';

const allowedGrowthMiB = 50e6 / 2 ** 20;

/**
 * `eth_getBlockByNumber` calls geth served since the previous call of this (geth 1.13's per-method
 * RPC histograms use a resetting sample: each scrape reports the calls since the last one).
 */
async function gethBlockReadsSinceLastScrape(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/debug/metrics/prometheus`, { signal: AbortSignal.timeout(3000) })).text();
  return Number(/^rpc_duration_eth_getBlockByNumber_success_count (\d+)/m.exec(text)?.[1] ?? 0);
}

const agentBlockReads = async (agentHttp: number): Promise<number> =>
  metric(await scrape(agentHttp), 'geth_agent_rpc_request_duration_seconds_count{method="eth_getBlockByNumber"}');

/**
 * Counts the block reads of the agent's ethstats reporter over a window: geth's count of
 * `eth_getBlockByNumber` minus the calls the agent's own observer made (in the agent's metrics).
 * Nothing else reads blocks from this geth but the sealer's duplicate-signer check (a few).
 */
async function reporterBlockReads(metricsPort: number, agentHttp: number): Promise<{ end(): Promise<number> }> {
  await gethBlockReadsSinceLastScrape(metricsPort);
  const observerBefore = await agentBlockReads(agentHttp);
  return {
    async end() {
      const geth = await gethBlockReadsSinceLastScrape(metricsPort);
      return geth - ((await agentBlockReads(agentHttp)) - observerBefore);
    },
  };
}

test('reporter vs a hostile server: 20,000 history requests then a closed session; one answer in flight, no block reads after close; RSS and reporting hold', { timeout: 180_000 }, async (t) => {
  const root = await tempDir(t, 'ga-hr-');
  const signer = new Wallet(Wallet.createRandom().privateKey);
  const genesisUrl = await startStaticGenesis(t, root, [signer.address]);
  const ports = await nodePorts();
  const [serverPort, gethMetricsPort] = (await freePorts(2)) as [number, number];
  const sealer = startAgent(t, 'sealer', {
    ...fastNodeEnv(genesisUrl, portEnv(ports)),
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 's'),
    GETH_AGENT_PRIVATE_KEY: signer.privateKey,
    GETH_AGENT_PASSWORD: 'pw-hostile-history',
    GETH_AGENT_MIN_PEERS: '0',
    GETH_AGENT_POLL_SECONDS: '1',
    GETH_AGENT_GETH_METRICS_ADDR: `127.0.0.1:${gethMetricsPort}`,
    GETH_AGENT_ETHSTATS: `sealer-1:hostile-history@ws://127.0.0.1:${serverPort}`,
    GETH_AGENT_ETHSTATS_BACKOFF_INITIAL_SECONDS: '0.2',
    GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS: '0.5',
    GETH_AGENT_LOG_LEVEL: 'info',
  });
  // Ten blocks first, so each `history: false` request means 11 block reads.
  await waitForMetrics(ports.http, (m) => metric(m, 'geth_agent_head_block') >= 10, 90_000, 'head 10');
  const rss = await watchRss(sealer.pid);
  const inSession = await reporterBlockReads(gethMetricsPort, ports.http);
  const server = await startHistoryFloodServer({ requests: 20_000, closeAfterMs: 500, port: serverPort });
  t.after(() => server.close());

  await server.firstSessionClosed;
  const answersInSession = server.answers();
  const readsInSession = await inSession.end();
  const afterClose = await reporterBlockReads(gethMetricsPort, ports.http);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const readsAfterClose = await afterClose.end();
  const figures = await rss.stop();
  t.diagnostic(`${showRss(figures)}; ${answersInSession} history answers in the flooded session; block reads by the reporter: ${readsInSession} in the session, ${readsAfterClose} in the 3 s after it closed`);

  // Each answer is 11 reads (blocks 10..0 at least); the work follows the answers sent (plus the
  // one in flight), not the 20,000 requests.
  assert.ok(answersInSession >= 1 && answersInSession < 200, `answers in the session: ${answersInSession}`);
  assert.ok(readsInSession <= (answersInSession + 1) * 60 + 20, `block reads in the session: ${readsInSession} for ${answersInSession} answers`);
  // What was in flight at the close may finish its current read; nothing new starts. The rest is
  // the next session's first report and the sealer's duplicate-signer checks.
  assert.ok(readsAfterClose <= 20, `block reads after the session closed: ${readsAfterClose}`);
  assert.ok(figures.max - figures.before <= allowedGrowthMiB, showRss(figures));
  // Still honest: the next session reports the chain's current head.
  const head = metric(await scrape(ports.http), 'geth_agent_head_block');
  const deadline = Date.now() + 20_000;
  while (!server.blocks().some((n) => n >= head) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  assert.ok(server.blocks().some((n) => n >= head), `a later session reported head ${head}: ${server.blocks().slice(-5).join(',')}`);
  assert.ok(server.sessions() >= 2, 'the reporter logged in again after the hostile session');
});
