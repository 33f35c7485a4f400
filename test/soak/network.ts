import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { pino } from 'pino';
import { prepareDevnet } from '../../src/devnet/prepare.js';
import { secretFiles, type NodePlan } from '../../src/devnet/plan.js';
import { startAgentProcess, type AgentProcess } from '../../src/devnet/process.js';
import { connectIpc } from '../../src/geth/rpc/ipc-client.js';
import type { StatusView } from '../../src/http/status-view.js';
import { agentPaths } from '../../src/paths.js';
import { leftoverProcesses } from '../helpers/processes.js';
import type { SoakNetwork, SoakNode } from './net.js';
import type { SoakOptions } from './options.js';

/** One node of the loopback soak network: its plan and the agent process running it now (if any). */
interface LoopbackNode extends SoakNode {
  readonly plan: NodePlan;
  agent: AgentProcess | undefined;
  /** Set while the soak itself stops the agent: an exit then is expected. */
  stopping: boolean;
}

/** Timings of the soak network: fast enough to see several faults a minute, slow enough for 2 cores. */
export const soakTimings = {
  GETH_AGENT_POLL_SECONDS: '1',
  GETH_AGENT_START_GRACE_SECONDS: '8',
  GETH_AGENT_PEER_DECAY_SECONDS: '12',
  GETH_AGENT_HUNG_SECONDS: '10',
  GETH_AGENT_HEALTH_MAX_RPC_AGE_SECONDS: '3',
  GETH_AGENT_STOP_GRACE_SECONDS: '20',
  GETH_AGENT_RESTART_INITIAL_SECONDS: '0.5',
  GETH_AGENT_RESTART_MAX_SECONDS: '4',
  GETH_AGENT_MAX_RESTARTS: '1000',
  GETH_AGENT_RESTART_RESET_SECONDS: '20',
};

const get = async (url: string, timeoutMs = 2_000): Promise<{ status: number; body: string }> => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text() };
  } catch {
    return { status: 0, body: '' };
  }
};

/** A secret worth looking for in logs: long enough not to match by chance; `0x` keys also without it. */
export const secretForms = (secrets: readonly string[]): string[] =>
  [...new Set(secrets.filter((s) => s.length >= 8).flatMap((s) => (s.startsWith('0x') ? [s, s.slice(2)] : [s])))];

/** The reference topology as separate agents on loopback, each of which the soak can stop and start again. */
export async function createSoakNetwork(options: SoakOptions & { dir: string }, agentBin: string, baseEnv: Record<string, string>, log: (line: string) => void): Promise<SoakNetwork> {
  const senders = Array.from({ length: options.clients }, (_, i) => ({ client: `client-${i + 1}`, wallet: Wallet.createRandom() as unknown as Wallet }));
  const prepared = await prepareDevnet({ sealers: options.sealers, clients: options.clients, period: options.period, dir: options.dir });
  const nodes: LoopbackNode[] = prepared.plans.map((plan) => {
    const extra = plan.role === 'genesis'
      ? { GETH_AGENT_PREFUND: [prepared.dev.address, ...senders.map((s) => s.wallet.address)].join(',') }
      : soakTimings;
    return { plan: { ...plan, env: { ...plan.env, ...extra } }, name: plan.name, role: plan.role, agent: undefined, stopping: false, unexpectedExits: [] };
  });
  const byName = (name: string): LoopbackNode => {
    const node = nodes.find((n) => n.name === name);
    if (node === undefined) throw new Error(`no node ${name}`);
    return node;
  };
  const agentUrl = (name: string): string => `http://127.0.0.1:${byName(name).plan.ports.agent}`;
  const rpcLogger = pino({ level: 'silent' });
  const status = async (name: string): Promise<StatusView | undefined> => {
    const { status: code, body } = await get(`${agentUrl(name)}/status`);
    return code === 0 ? undefined : (JSON.parse(body) as StatusView);
  };

  const start = async (name: string): Promise<void> => {
    const node = byName(name);
    node.stopping = false;
    const agent = startAgentProcess({ plan: node.plan, agentBin, baseEnv, print: () => undefined });
    node.agent = agent;
    void agent.exited.then((code) => {
      if (!node.stopping && node.agent === agent) {
        node.unexpectedExits.push({ code, at: Date.now() });
        log(`!! ${name}: agent exited with ${code} without being asked to`);
      }
    });
  };
  const stop = async (name: string, graceMs = 45_000): Promise<number | undefined> => {
    const node = byName(name);
    const agent = node.agent;
    if (agent === undefined) return undefined;
    node.stopping = true;
    const code = await agent.stop(graceMs);
    node.agent = undefined;
    return code;
  };
  return {
    dir: options.dir,
    nodes,
    senders,
    dev: prepared.dev,
    networkId: prepared.networkId,
    byName,
    up: async () => {
      for (const node of nodes) await start(node.name);
    },
    running: (name) => byName(name).agent !== undefined,
    start,
    stop,
    health: async (name) => (await get(`${agentUrl(name)}/health`)).status,
    status,
    metrics: async (name) => {
      const { status: code, body } = await get(`${agentUrl(name)}/metrics`);
      return code === 200 ? body : undefined;
    },
    agentAddress: async (name) => ({ host: '127.0.0.1', port: byName(name).plan.ports.agent }),
    rpcUrl: async (name) => {
      const port = byName(name).plan.ports.http;
      return port === undefined ? undefined : `http://127.0.0.1:${port}`;
    },
    gethPid: async (name) => (await status(name))?.geth.pid ?? undefined,
    bootListed: async () => {
      try {
        const body = await (await fetch(`${agentUrl('genesis')}/bootnodes`, { signal: AbortSignal.timeout(2_000) })).text();
        return body.includes(`discport=${byName('boot').plan.ports.p2p}`);
      } catch {
        return false;
      }
    },
    /** The network and ethstats secrets, account keys, passwords, node keys. */
    secrets: async () => {
      const secrets = [prepared.dev.privateKey, ...senders.map((s) => s.wallet.privateKey)];
      const files = [...Object.values(secretFiles(options.dir)), ...nodes.flatMap((n) => [agentPaths(join(options.dir, n.name)).password, agentPaths(join(options.dir, n.name)).nodeKey])];
      for (const file of files) secrets.push((await readFile(file, 'utf8').catch(() => '')).trim());
      return secretForms(secrets);
    },
    logs: async () => {
      const dir = join(options.dir, 'logs');
      return Promise.all((await readdir(dir)).map(async (file) => ({ source: file, text: await readFile(join(dir, file), 'utf8') })));
    },
    missingChainData: async () => nodes.filter((n) => (n.role === 'sealer' || n.role === 'client') && !existsSync(join(options.dir, n.name, 'geth', 'chaindata'))).map((n) => n.name),
    close: () => leftoverProcesses(options.dir),
    /** One JSON-RPC call over the node's IPC socket (every geth node has one). */
    ipc: async <T>(name: string, method: string, params: readonly unknown[] = []): Promise<T> => {
      const client = await connectIpc({ path: join(options.dir, name, 'geth.ipc'), timeoutMs: 3_000, logger: rpcLogger });
      try {
        return await client.call<T>(method, params);
      } finally {
        client.close();
      }
    },
  };
}

/** Metric value by exact series name (`name{label="x"}`), 0 when absent. */
export function metricValue(text: string | undefined, series: string): number {
  if (text === undefined) return 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return 0;
}
