import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePorts } from '../helpers/ports.js';
import { parsePrometheusText } from '../helpers/prom-text.js';
import { tempDir } from '../helpers/tmp.js';
import { dataDirOf, jsonRpc, startAgent, waitForHttp } from '../helpers/agents.js';
import { assertCleanGethShutdown } from '../helpers/geth-shutdown.js';

const SECRET = 'e2e-network-secret-4f9a';
const STATS_SECRET = 'e2e-stats-secret-81c2';

/** Loopback-only settings and fast timings shared by every node agent of the test network. */
const nodeCommon = (genesisUrl: string): Record<string, string> => ({
  GETH_AGENT_GENESIS_URL: genesisUrl,
  GETH_AGENT_NETWORK_SECRET: SECRET,
  GETH_AGENT_ADVERTISE_HOST: '127.0.0.1',
  GETH_AGENT_P2P_LISTEN_HOST: '127.0.0.1',
  GETH_AGENT_NETRESTRICT: '127.0.0.0/8',
  GETH_AGENT_POLL_SECONDS: '0.5',
  GETH_AGENT_GENESIS_RETRY_MIN_SECONDS: '0.2',
  GETH_AGENT_GENESIS_RETRY_MAX_SECONDS: '1',
  GETH_AGENT_GENESIS_DEADLINE_SECONDS: '60',
  GETH_AGENT_STOP_GRACE_SECONDS: '20',
  GETH_AGENT_LOG_LEVEL: 'debug',
  // Discovery can be slow on a loaded machine: a window long enough not to restart a node that is
  // still discovering (each restart starts discovery over), short enough to recover within the test.
  GETH_AGENT_PEER_DECAY_SECONDS: '15',
  GETH_AGENT_START_GRACE_SECONDS: '5',
});

test('the reference topology runs as real agents: registration, genesis, boot discovery, sealing, client RPC, clean stop', { timeout: 180_000 }, async (t) => {
  const root = await tempDir(t, 'ga-e2e-');
  const [genesisPort, bootP2p, bootHttp, sealerP2p, sealerHttp, sealerAuth, clientP2p, clientHttp, clientAuth, clientRpc, clientWs, clientGethMetrics] = await freePorts(12);
  const genesisUrl = `http://127.0.0.1:${genesisPort}`;

  const genesis = startAgent(t, 'genesis', {
    GETH_AGENT_ROLE: 'genesis',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 'g'),
    GETH_AGENT_LISTEN: `127.0.0.1:${genesisPort}`,
    GETH_AGENT_NETWORK_ID: '7311',
    GETH_AGENT_CLIQUE_PERIOD: '1',
    GETH_AGENT_SEALER_COUNT: '1',
    GETH_AGENT_NETWORK_SECRET: SECRET,
    GETH_AGENT_ETHSTATS_COLLECTOR: 'on',
    GETH_AGENT_ETHSTATS_SECRET: STATS_SECRET,
  });
  const stats = (name: string): string => `${name}:${STATS_SECRET}@127.0.0.1:${genesisPort}`;
  await waitForHttp(`${genesisUrl}/signers`, (status) => status === 200, 30_000);

  const boot = startAgent(t, 'boot', { ...nodeCommon(genesisUrl), GETH_AGENT_ROLE: 'boot', GETH_AGENT_DATA_DIR: dataDirOf(root, 'b'), GETH_AGENT_P2P_PORT: String(bootP2p), GETH_AGENT_LISTEN: `127.0.0.1:${bootHttp}` });
  const sealer = startAgent(t, 'sealer', {
    ...nodeCommon(genesisUrl),
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 's'),
    GETH_AGENT_P2P_PORT: String(sealerP2p),
    GETH_AGENT_AUTHRPC_PORT: String(sealerAuth),
    GETH_AGENT_LISTEN: `127.0.0.1:${sealerHttp}`,
    GETH_AGENT_PASSWORD: 'e2e-keystore-password-77',
    // The only sealer of this network needs no peer to seal; clients need it.
    GETH_AGENT_MIN_PEERS: '0',
    GETH_AGENT_ETHSTATS: stats('sealer-1'),
  });
  const client = startAgent(t, 'client', {
    ...nodeCommon(genesisUrl),
    GETH_AGENT_ROLE: 'client',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 'c'),
    GETH_AGENT_P2P_PORT: String(clientP2p),
    GETH_AGENT_AUTHRPC_PORT: String(clientAuth),
    GETH_AGENT_HTTP_PORT: String(clientRpc),
    GETH_AGENT_WS_PORT: String(clientWs),
    GETH_AGENT_HTTP_ADDR: '127.0.0.1',
    GETH_AGENT_LISTEN: `127.0.0.1:${clientHttp}`,
    GETH_AGENT_ETHSTATS: stats('client-1'),
    // geth's own metrics, groups p2p and chain, re-exported in the agent's scrape.
    GETH_AGENT_GETH_METRICS: 'p2p,chain',
    GETH_AGENT_GETH_METRICS_ADDR: `127.0.0.1:${clientGethMetrics}`,
    GETH_AGENT_GETH_METRICS_INTERVAL_SECONDS: '0.5',
  });

  // The sealer registered, so the genesis got sealed and is served.
  const served = await waitForHttp(`${genesisUrl}/genesis`, (status, body) => status === 200 && body.includes('"sealed":true'), 60_000);
  const meta = JSON.parse(served) as { signers: string[]; sha256: string };
  assert.equal(meta.signers.length, 1);
  // The boot agent published itself.
  await waitForHttp(`${genesisUrl}/bootnodes`, (_s, body) => body.includes(`@127.0.0.1:`), 60_000);

  // The client learns blocks from the sealer through boot-node discovery.
  const rpc = `http://127.0.0.1:${clientRpc}`;
  const deadline = Date.now() + 90_000;
  let head = 0;
  while (Date.now() < deadline) {
    head = await jsonRpc<string>(rpc, 'eth_blockNumber').then(Number, () => 0);
    if (head >= 3) break;
    await sleep(500);
  }
  const tail = (a: typeof client): string => a.lines.filter((l) => /peer|watchdog|Looking|sealed|error|fatal|P2P|exited/i.test(l)).slice(-6).map((l) => l.slice(0, 300)).join('\n');
  assert.ok(head >= 3, `client head reached ${head}\nclient: ${tail(client)}\nsealer: ${tail(sealer)}\nboot: ${tail(boot)}`);
  const block = await jsonRpc<{ hash: string }>(rpc, 'eth_getBlockByNumber', ['0x1', false]);
  assert.match(block.hash, /^0x[0-9a-f]{64}$/);

  // Readiness of the sealer and the client is UP once they peer; metrics read the snapshot.
  for (const port of [sealerHttp, clientHttp]) {
    await waitForHttp(`http://127.0.0.1:${port}/health`, (status) => status === 200, 60_000);
  }
  const metrics = await waitForHttp(`http://127.0.0.1:${sealerHttp}/metrics`, (_s, body) => /geth_agent_head_block [1-9]/.test(body), 30_000);
  assert.match(metrics, /geth_agent_is_signer 1/);
  assert.match(metrics, /geth_agent_sealed_blocks_total [1-9]/);
  assert.match(metrics, /geth_agent_gas_price_wei [1-9]/);
  await waitForHttp(`http://127.0.0.1:${sealerHttp}/metrics`, (_s, body) => /geth_agent_ethstats_connected 1/.test(body), 30_000);
  // The info metric carries the version geth reported; the client's scrape merges geth's own
  // p2p and chain families (and no other group) into one valid exposition.
  assert.match(metrics, /geth_agent_info\{[^}]*geth_version="1\.13\.15[^"]*"/);
  const clientScrape = await waitForHttp(`http://127.0.0.1:${clientHttp}/metrics`, (_s, body) => /^p2p_peers \d/m.test(body), 30_000);
  const families = parsePrometheusText(clientScrape);
  assert.ok(families.has('chain_head_block') && families.has('geth_agent_peers'), [...families.keys()].filter((n) => !n.startsWith('geth_agent_')).join(' '));
  assert.ok(![...families.keys()].some((n) => n.startsWith('txpool_') || n.startsWith('eth_')), 'only the chosen groups are re-exported');

  // Both node agents report to the genesis server's ethstats collector (the agent's own reporter).
  const network = await waitForHttp(`${genesisUrl}/network`, (_s, body) => {
    const nodes = (JSON.parse(body) as { nodes: Array<{ id: string; role: string; head: { number: number } | null }> }).nodes;
    return ['sealer-1', 'client-1'].every((id) => (nodes.find((n) => n.id === id)?.head?.number ?? 0) >= 1);
  }, 60_000);
  const nodes = (JSON.parse(network) as { nodes: Array<{ id: string; role: string; head: { miner: string } }> }).nodes;
  assert.equal(nodes.find((n) => n.id === 'sealer-1')?.role, 'sealer');
  assert.equal(nodes.find((n) => n.id === 'sealer-1')?.head.miner, meta.signers[0]?.toLowerCase(), 'clique author, not the zero coinbase');

  // A clean stop of every agent: exit 0, geth logged its clean shutdown.
  for (const agent of [client, sealer, boot, genesis]) {
    const exit = await agent.stop(40_000);
    assert.equal(exit.exitCode, 0, `${agent.name} exit ${JSON.stringify(exit)}\n${agent.lines.slice(-10).join('\n')}`);
  }
  assertCleanGethShutdown(sealer.lines, 'sealer');

  // No secret in any agent output (network secret, keystore password).
  const all = [genesis, boot, sealer, client].flatMap((a) => a.lines).join('\n');
  assert.ok(!all.includes(SECRET), 'network secret leaked');
  assert.ok(!all.includes(STATS_SECRET), 'ethstats secret leaked');
  assert.ok(!all.includes('e2e-keystore-password-77'), 'keystore password leaked');
  // One `component` per line (a child logger of a child logger would repeat the key).
  const repeated = all.split('\n').filter((l) => (l.match(/"component":/g) ?? []).length > 1);
  assert.deepEqual(repeated.slice(0, 3), []);
});
