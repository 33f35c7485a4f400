import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { agentBin } from './cli.js';
import { toolPath } from './geth-bin.js';
import { freePorts } from './ports.js';
import { dataDirOf, startAgent, waitForHttp } from './agents.js';

/** Fast, loopback-only settings for node agents in tests. */
export function fastNodeEnv(genesisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GETH_AGENT_GENESIS_URL: genesisUrl,
    GETH_AGENT_ADVERTISE_HOST: '127.0.0.1',
    GETH_AGENT_P2P_LISTEN_HOST: '127.0.0.1',
    GETH_AGENT_NETRESTRICT: '127.0.0.0/8',
    GETH_AGENT_POLL_SECONDS: '0.25',
    GETH_AGENT_GENESIS_RETRY_MIN_SECONDS: '0.2',
    GETH_AGENT_GENESIS_RETRY_MAX_SECONDS: '1',
    GETH_AGENT_GENESIS_DEADLINE_SECONDS: '60',
    GETH_AGENT_STOP_GRACE_SECONDS: '15',
    GETH_AGENT_RESTART_INITIAL_SECONDS: '0.2',
    GETH_AGENT_LOG_LEVEL: 'debug',
    // These test networks have no boot agent: do not wait for one.
    GETH_AGENT_BOOTNODE_WAIT_SECONDS: '0',
    ...extra,
  };
}

export interface NodePorts {
  readonly p2p: number;
  readonly auth: number;
  readonly http: number;
}

export async function nodePorts(): Promise<NodePorts> {
  const [p2p, auth, http] = await freePorts(3);
  return { p2p: p2p as number, auth: auth as number, http: http as number };
}

export const portEnv = (ports: NodePorts): Record<string, string> => ({
  GETH_AGENT_P2P_PORT: String(ports.p2p),
  GETH_AGENT_AUTHRPC_PORT: String(ports.auth),
  GETH_AGENT_LISTEN: `127.0.0.1:${ports.http}`,
});

/**
 * A genesis agent on a free loopback port (network id random, clique period 1 unless `env` says
 * otherwise), resolved once `readyPath` answers 200.
 */
export async function startGenesisAgent(t: TestContext, root: string, env: Record<string, string>, readyPath = '/genesis.json'): Promise<{ url: string; port: number; agent: ReturnType<typeof startAgent> }> {
  const [port] = (await freePorts(1)) as [number];
  const agent = startAgent(t, 'genesis', {
    GETH_AGENT_ROLE: 'genesis',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 'g'),
    GETH_AGENT_LISTEN: `127.0.0.1:${port}`,
    GETH_AGENT_NETWORK_ID: String(5000 + Math.floor(Math.random() * 5000)),
    GETH_AGENT_CLIQUE_PERIOD: '1',
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}${readyPath}`, (status) => status === 200, 30_000);
  return { url, port, agent };
}

/** A genesis agent with a static signer set, serving at the returned URL once ready. */
export async function startStaticGenesis(t: TestContext, root: string, signers: readonly string[], period = 1): Promise<string> {
  const { url } = await startGenesisAgent(t, root, { GETH_AGENT_CLIQUE_PERIOD: String(period), GETH_AGENT_SIGNERS: signers.join(',') });
  return url;
}

/** This node's enode as `geth-agent enode` prints it (creates the node key in the data dir). */
export async function enodeOf(env: Record<string, string>): Promise<string> {
  const result = await execa(process.execPath, [agentBin(), 'enode'], { env: { PATH: process.env.PATH ?? '', GETH_AGENT_GETH_BIN: toolPath('geth'), ...env }, extendEnv: false });
  return result.stdout.trim();
}

/** One sample of an agent's /metrics (`name{labels}` -> value). */
export async function scrape(port: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(3000) })).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_:][a-z0-9_:]*(?:\{[^}]*\})?) (\S+)$/i.exec(line);
    if (match) samples.set(match[1] as string, Number(match[2]));
  }
  return samples;
}

/** Polls /metrics until `accept` holds. */
export async function waitForMetrics(port: number, accept: (m: Map<string, number>) => boolean, timeoutMs: number, what: string): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let last = new Map<string, number>();
  for (;;) {
    last = await scrape(port).catch(() => last);
    if (accept(last)) return last;
    if (Date.now() > deadline) {
      const shown = [...last].filter(([k]) => /restarts|decisions|peers|head_block|geth_up/.test(k)).map(([k, v]) => `${k}=${v}`).join(' ');
      throw new Error(`metrics: ${what} not seen within ${timeoutMs} ms (${shown})`);
    }
    await sleep(200);
  }
}

export const metric = (m: Map<string, number>, name: string): number => m.get(name) ?? 0;
