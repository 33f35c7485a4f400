import type { TestContext } from 'node:test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexlify, randomBytes, Wallet } from 'ethers';
import { dataDirOf, startAgent, waitForHttp } from '../helpers/agents.js';
import { fastNodeEnv, nodePorts, portEnv, scrape, startGenesisAgent } from '../helpers/network.js';
import { memoryMiB } from '../helpers/processes.js';
import { agentPaths } from '../../src/paths.js';
import type { DirectoryTarget } from './attacks/directory.js';

/** A real genesis agent (the attacked process) and, when asked, a real boot agent publishing to it. */
export interface DirectoryNetwork {
  readonly target: DirectoryTarget;
  readonly port: number;
  readonly pid: number;
  /** The boot agent's enode as the directory lists it (undefined without a boot agent). */
  readonly bootEnode: string | undefined;
  readonly bootLines: () => string[];
  readonly genesisLines: () => string[];
  /** The directory as kept on disk: the enodes in `<data dir>/agent/bootnodes.json`. */
  storedEnodes(): Promise<string[]>;
  /** When the file says `enode` was last published (ms since the epoch; undefined when absent). */
  storedSeen(enode: string): Promise<number | undefined>;
}

/**
 * A temporary folder for a test's agents, removed once they are stopped. node:test runs `after`
 * hooks in the order they were added and skips the rest when one throws: a folder removed first,
 * while an agent still writes into it, can fail (ENOTEMPTY) and leave every agent running (the
 * test process then never exits). So removal here never throws, and `removeLast()` adds it again
 * after the agents' own hooks.
 */
export async function agentsDir(t: TestContext, prefix: string): Promise<{ dir: string; removeLast(): void }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
  t.after(remove);
  return { dir, removeLast: () => t.after(remove) };
}

/**
 * Starts the genesis agent (static signer set, network secret, boot-node TTL `ttlSeconds`, plus
 * `genesisEnv`) and a boot agent (bootnode, loopback) whose signed publication it lists.
 */
export async function startDirectoryNetwork(t: TestContext, options: { boot?: boolean; ttlSeconds?: number; genesisEnv?: Record<string, string> } = {}): Promise<DirectoryNetwork> {
  const { dir: root, removeLast } = await agentsDir(t, 'ga-hd-');
  const secret = `net-${hexlify(randomBytes(8)).slice(2)}`;
  const network = 6000 + Math.floor(Math.random() * 3000);
  const ttl = String(options.ttlSeconds ?? 9);
  const { url, port, agent } = await startGenesisAgent(t, root, {
    GETH_AGENT_NETWORK_ID: String(network),
    GETH_AGENT_SIGNERS: new Wallet(Wallet.createRandom().privateKey).address,
    GETH_AGENT_NETWORK_SECRET: secret,
    GETH_AGENT_BOOTNODE_TTL_SECONDS: ttl,
    GETH_AGENT_LOG_LEVEL: 'info',
    ...options.genesisEnv,
  });
  let boot: ReturnType<typeof startAgent> | undefined;
  let bootEnode: string | undefined;
  if (options.boot !== false) {
    const ports = await nodePorts();
    boot = startAgent(t, 'boot', fastNodeEnv(url, { GETH_AGENT_ROLE: 'boot', GETH_AGENT_DATA_DIR: dataDirOf(root, 'b'), GETH_AGENT_NETWORK_SECRET: secret, GETH_AGENT_BOOTNODE_TTL_SECONDS: ttl, GETH_AGENT_LOG_LEVEL: 'info', ...portEnv(ports) }));
    const body = await waitForHttp(`${url}/bootnodes`, (status, text) => status === 200 && text.includes(`discport=${ports.p2p}`), 60_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nboot: ${boot?.lines.slice(-8).join('\n')}`);
    });
    bootEnode = (JSON.parse(body) as { bootnodes: string[] }).bootnodes.find((e) => e.endsWith(`discport=${ports.p2p}`));
  }
  removeLast();
  const file = agentPaths(dataDirOf(root, 'g')).bootnodeDirectory;
  return {
    target: { url, secret, network },
    port,
    pid: agent.pid,
    bootEnode,
    bootLines: () => boot?.lines ?? [],
    genesisLines: () => agent.lines,
    storedEnodes: async () => (JSON.parse(await readFile(file, 'utf8')) as Array<{ enode: string }>).map((e) => e.enode),
    storedSeen: async (enode) => (JSON.parse(await readFile(file, 'utf8')) as Array<{ enode: string; seen: number }>).find((e) => e.enode === enode)?.seen,
  };
}

/** The process's resident memory now (MiB). */
export async function rssOf(pid: number): Promise<number> {
  const memory = await memoryMiB(pid);
  if (memory === undefined) throw new Error(`process ${pid} is gone`);
  return memory.rss;
}

/**
 * Growth of a process's memory since `before` (MiB): its peak resident size so far (VmHWM, so a
 * spike already freed again still counts) minus `before`. Conservative: a peak from start-up
 * counts too.
 */
export async function rssGrowth(pid: number, before: number): Promise<{ growth: number; peak: number; now: number }> {
  const memory = await memoryMiB(pid);
  if (memory === undefined) throw new Error(`process ${pid} is gone`);
  return { growth: memory.peak - before, peak: memory.peak, now: memory.rss };
}

/** Status of `GET /health` (the agent keeps answering), within 2 s. */
export async function healthStatus(url: string): Promise<number> {
  return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).status;
}

/** `geth_agent_limit_refusals_total{limit="<limit>"}` on the agent's /metrics. */
export async function refusalsCounted(port: number, limit: string): Promise<number> {
  return (await scrape(port)).get(`geth_agent_limit_refusals_total{limit="${limit}"}`) ?? 0;
}
