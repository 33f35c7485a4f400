/**
 * A network as deployed, for the benches: `geth-agent devnet` (genesis server with the ethstats
 * collector, boot node, sealers and clients reporting to it, poll 1 s, all on 127.0.0.1), plus
 * extra client agents started beside it with settings of their own (reporter off, geth's metrics
 * server on). Every process is stopped by `stop()`, also when the bench fails.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAgentBin as agentBin, benchNode } from './agent-bin.js';
import { toolPath } from '../test/helpers/geth-bin.js';
import { spawnTestProcess, type TestProcess } from '../test/helpers/geth-process.js';
import { freePorts } from '../test/helpers/ports.js';

export interface DevnetNode {
  readonly name: string;
  readonly role: 'genesis' | 'boot' | 'sealer' | 'client';
  readonly health: string;
  readonly metrics: string;
  readonly agentPid?: number;
}

export interface ExtraClient {
  readonly name: string;
  readonly pid: number;
  readonly base: string;
  readonly ipc: string;
  readonly process: TestProcess;
}

export interface BenchNetwork {
  readonly root: string;
  readonly genesisUrl: string;
  readonly nodes: readonly DevnetNode[];
  readonly devnet: TestProcess;
  /** A client agent outside the devnet (reporter off unless `env` sets one), healthy when resolved. */
  addClient(name: string, env?: Record<string, string>): Promise<ExtraClient>;
  stop(): Promise<void>;
}

/** Polls `url` until it answers 200 (or throws after `timeoutMs`, naming the last answer). */
export async function waitOk(url: string, timeoutMs: number, alive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, (e: unknown) => String(e));
    if (status === 200) return;
    last = String(status);
    if (!alive()) throw new Error(`${url}: the process exited (last answer ${last})`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}: not 200 within ${timeoutMs / 1000} s (last answer ${last})`);
}

export async function startNetwork(options: { sealers: number; clients: number; period: number }): Promise<BenchNetwork> {
  const root = await mkdtemp(join(tmpdir(), 'ga-bench-net-'));
  const dir = join(root, 'devnet');
  const devnet = spawnTestProcess(benchNode(), [agentBin(), 'devnet', '--sealers', String(options.sealers), '--clients', String(options.clients), '--period', String(options.period), '--data', dir], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', GETH_AGENT_GETH_BIN: toolPath('geth') },
  });
  const extras: ExtraClient[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(extras.map((c) => c.process.stop(30_000)));
    await devnet.stop(120_000);
    await rm(root, { recursive: true, force: true });
  };
  try {
    await devnet.waitForLine(/devnet: up in/, 240_000);
    const endpoints = JSON.parse(await readFile(join(dir, 'endpoints.json'), 'utf8')) as { genesis: string; nodes: DevnetNode[] };
    const genesisUrl = new URL(endpoints.genesis).origin;
    const addClient = async (name: string, env: Record<string, string> = {}): Promise<ExtraClient> => {
      const [agent, p2p, auth] = (await freePorts(3)) as [number, number, number];
      const dataDir = join(root, name);
      const child = spawnTestProcess(benchNode(), [agentBin(), 'run'], {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', GETH_AGENT_GETH_BIN: toolPath('geth'),
          GETH_AGENT_ROLE: 'client', GETH_AGENT_DATA_DIR: dataDir, GETH_AGENT_LISTEN: `127.0.0.1:${agent}`, GETH_AGENT_GENESIS_URL: genesisUrl,
          GETH_AGENT_P2P_PORT: String(p2p), GETH_AGENT_AUTHRPC_PORT: String(auth), GETH_AGENT_HTTP_PORT: '0', GETH_AGENT_WS_PORT: '0',
          GETH_AGENT_ADVERTISE_HOST: '127.0.0.1', GETH_AGENT_P2P_LISTEN_HOST: '127.0.0.1', GETH_AGENT_NETRESTRICT: '127.0.0.0/8',
          // As the devnet's own clients (src/devnet/plan.ts), minus the ethstats target.
          GETH_AGENT_MIN_PEERS: '1', GETH_AGENT_POLL_SECONDS: '1', GETH_AGENT_START_GRACE_SECONDS: '10', GETH_AGENT_PEER_DECAY_SECONDS: '15',
          GETH_AGENT_STOP_GRACE_SECONDS: '30', GETH_AGENT_LOG_LEVEL: 'info',
          ...env,
        },
      });
      const client = { name, pid: child.pid, base: `http://127.0.0.1:${agent}`, ipc: join(dataDir, 'geth.ipc'), process: child };
      extras.push(client);
      await waitOk(`${client.base}/health`, 120_000, () => child.isRunning()).catch((error: unknown) => {
        throw new Error(`${name}: ${(error as Error).message}\n${child.lines.slice(-10).join('\n')}`);
      });
      return client;
    };
    return { root, genesisUrl, nodes: endpoints.nodes, devnet, addClient, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
