import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Wallet, hexlify, randomBytes } from 'ethers';
import WebSocket from 'ws';
import { dataDirOf, startAgent, waitForHttp } from '../helpers/agents.js';
import { fastNodeEnv, metric, nodePorts, portEnv, scrape, startGenesisAgent } from '../helpers/network.js';
import { tempDir } from '../helpers/tmp.js';
import type { NodeView } from '../../src/ethstats/collector/state.js';
import { agentPaths } from '../../src/paths.js';

/** A genesis agent serving the collector, and one real sealer (agent + geth) reporting to it. */
export interface CollectorNetwork {
  readonly root: string;
  readonly secret: string;
  /** The genesis agent (the attacked process). */
  readonly genesis: { readonly pid: number; readonly port: number; readonly url: string; readonly lines: () => string[] };
  /** The legitimate reporter: the sealer agent's HTTP port and its ethstats id. */
  readonly sealer: { readonly http: number; readonly id: string };
  /** SHA-256 of the genesis file on disk. */
  genesisDigest(): Promise<string>;
}

/**
 * Starts the network the collector attacks run against, with the collector's limits at their
 * defaults (plus `genesisEnv`), and resolves once the sealer's reports show on `/network`.
 */
export async function startCollectorNetwork(t: TestContext, genesisEnv: Record<string, string> = {}): Promise<CollectorNetwork> {
  const root = await tempDir(t, 'ga-hc-');
  const secret = `stats-${hexlify(randomBytes(8)).slice(2)}`;
  const signer = new Wallet(Wallet.createRandom().privateKey);
  const { url, port, agent } = await startGenesisAgent(t, root, {
    GETH_AGENT_SIGNERS: signer.address,
    GETH_AGENT_ETHSTATS_COLLECTOR: 'on',
    GETH_AGENT_ETHSTATS_SECRET: secret,
    ...genesisEnv,
  });
  const ports = await nodePorts();
  const id = 'sealer-1';
  startAgent(t, 'sealer', {
    ...fastNodeEnv(url, portEnv(ports)),
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 's'),
    GETH_AGENT_PRIVATE_KEY: signer.privateKey,
    GETH_AGENT_PASSWORD: 'pw-hostile-collector',
    GETH_AGENT_MIN_PEERS: '0',
    GETH_AGENT_ETHSTATS: `${id}:${secret}@127.0.0.1:${port}`,
    GETH_AGENT_ETHSTATS_REPORT_INTERVAL_SECONDS: '1',
    GETH_AGENT_LOG_LEVEL: 'info',
  });
  const network: CollectorNetwork = {
    root,
    secret,
    genesis: { pid: agent.pid, port, url, lines: () => agent.lines },
    sealer: { http: ports.http, id },
    genesisDigest: async () => createHash('sha256').update(await readFile(agentPaths(dataDirOf(root, 'g')).genesis)).digest('hex'),
  };
  await waitForHttp(`${url}/network`, (status, body) => status === 200 && ((nodeOf(body, id)?.head?.number ?? 0) >= 2), 90_000);
  return network;
}

const nodeOf = (body: string, id: string): NodeView | undefined => (JSON.parse(body) as { nodes: NodeView[] }).nodes.find((n) => n.id === id);

/**
 * The collector still shows the sealer honestly: connected, active, and within two blocks of
 * the head the sealer's own agent reports (waits up to `timeoutMs` for that).
 */
export async function assertHonest(network: CollectorNetwork, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    try {
      const own = metric(await scrape(network.sealer.http), 'geth_agent_head_block');
      const body = await (await fetch(`${network.genesis.url}/network`, { signal: AbortSignal.timeout(3000) })).text();
      const shown = nodeOf(body, network.sealer.id);
      last = `sealer head ${own}, collector shows ${JSON.stringify(shown)}`;
      if (shown?.connected === true && shown.active === true && shown.head !== null && Math.abs(shown.head.number - own) <= 2 && own > 0) return;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) assert.fail(`the collector does not show the sealer honestly: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** `/health` of the genesis agent answers (200) within `timeoutMs`. */
export async function assertHealthy(network: CollectorNetwork, timeoutMs = 3000): Promise<void> {
  const response = await fetch(`${network.genesis.url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
  assert.equal(response.status, 200, `/health answered ${response.status}: ${await response.text()}`);
}

/**
 * Polls `/health` every `intervalMs` until stopped; returns how many polls failed (no 200 within
 * `timeoutMs`) out of how many: the agent kept answering during the attack, not only after it.
 */
export function pollHealth(network: CollectorNetwork, intervalMs = 200, timeoutMs = 3000): { stop(): Promise<{ polls: number; failures: string[] }> } {
  let stopped = false;
  let polls = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (!stopped) {
      polls += 1;
      await assertHealthy(network, timeoutMs).catch((error: unknown) => failures.push(String(error)));
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { polls, failures };
    },
  };
}

/** `geth_agent_limit_refusals_total{limit}` of the genesis agent, by limit. */
export async function refusals(network: CollectorNetwork): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [key, value] of await scrape(network.genesis.port)) {
    const match = /^geth_agent_limit_refusals_total\{limit="([^"]+)"\}$/.exec(key);
    if (match) out[match[1] as string] = value;
  }
  return out;
}

/**
 * Logs in to the collector as a well-behaved reporter from `localAddress` (a loopback address);
 * resolves true once `ready` came, false if the connection ended first or after `timeoutMs`.
 */
export async function loginFrom(url: string, secret: string, id: string, localAddress: string, timeoutMs = 5000): Promise<boolean> {
  const ws = new WebSocket(url, { localAddress });
  ws.on('error', () => undefined);
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      ws.once('open', () => ws.send(JSON.stringify({ emit: ['hello', { id, info: { name: id, canUpdateHistory: true }, secret }] })));
      ws.on('message', (data) => {
        if (data.toString() !== '{"emit":["ready"]}') return;
        clearTimeout(timer);
        resolve(true);
      });
      ws.once('close', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
  } finally {
    ws.terminate();
  }
}
