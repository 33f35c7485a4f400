import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Wallet } from 'ethers';
import { agentPaths } from '../../src/paths.js';
import { createPods, type Pods } from '../pods/pods.js';
import type { SoakNetwork, SoakNode } from './net.js';
import { secretForms, soakTimings } from './network.js';
import type { SoakOptions } from './options.js';

export interface PodSoakNetwork extends SoakNetwork {
  readonly pods: Pods;
  /** Runs `operation` on a node whose container the soak itself stops, kills or replaces: its exit is expected. */
  expectDown<T>(name: string, operation: () => Promise<T>): Promise<T>;
}

/**
 * The soak's network as pods (test/pods/): the Compose topology as containers with their own
 * addresses. An agent exit nobody asked for shows as a container that stopped, or that podman
 * restarted (the Compose restart policy), outside the soak's own operations.
 */
export async function createPodSoakNetwork(options: SoakOptions & { dir: string }, log: (line: string) => void): Promise<PodSoakNetwork> {
  const dev = Wallet.createRandom();
  const senders = Array.from({ length: options.clients }, (_, i) => ({ client: `client-${i + 1}`, wallet: Wallet.createRandom() as unknown as Wallet }));
  const pods = await createPods({
    sealers: options.sealers,
    clients: options.clients,
    period: options.period,
    nodeEnv: soakTimings,
    genesisEnv: { GETH_AGENT_PREFUND: [dev.address, ...senders.map((s) => s.wallet.address)].join(',') },
    log,
    // The soak stops every agent, then closes, on its own signal handler.
    removeOnSignal: false,
  });
  const nodes: SoakNode[] = pods.nodes.map((n) => ({ name: n.name, role: n.role, unexpectedExits: [] }));
  const byName = (name: string): SoakNode => {
    const node = nodes.find((n) => n.name === name);
    if (node === undefined) throw new Error(`no node ${name}`);
    return node;
  };
  const stopped = new Set<string>();
  const busy = new Set<string>();
  const restartCounts = new Map<string, number>();
  let watching = false;

  const state = async (name: string): Promise<{ status: string; restarts: number; code: number } | undefined> => {
    const out = await pods.inspect(name, '{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}');
    const [status, restarts, code] = (out ?? '').split(' ');
    return status === undefined || status === '' ? undefined : { status, restarts: Number(restarts), code: Number(code) };
  };
  const baseline = async (name: string): Promise<void> => {
    restartCounts.set(name, (await state(name))?.restarts ?? 0);
  };
  /** Every 3 s: a container that stopped, or was restarted by podman, while the soak did not touch it. */
  const watch = async (): Promise<void> => {
    while (watching) {
      for (const node of nodes) {
        if (stopped.has(node.name) || busy.has(node.name)) continue;
        const now = await state(node.name);
        if (busy.has(node.name) || stopped.has(node.name) || now === undefined) continue;
        const before = restartCounts.get(node.name) ?? 0;
        if (now.status !== 'running' || now.restarts > before) {
          node.unexpectedExits.push({ code: now.code, at: Date.now() });
          log(`!! ${node.name}: container ${now.status}, restarted ${now.restarts - before} time(s) by podman, last exit ${now.code}, without being asked to`);
          restartCounts.set(node.name, now.restarts);
        }
      }
      await sleep(3_000);
    }
  };
  let watcher: Promise<void> | undefined;

  const expectDown = async <T>(name: string, operation: () => Promise<T>): Promise<T> => {
    busy.add(name);
    try {
      return await operation();
    } finally {
      await baseline(name).catch(() => undefined);
      busy.delete(name);
    }
  };

  const gethNodes = (): SoakNode[] => nodes.filter((n) => n.role === 'sealer' || n.role === 'client');
  return {
    pods,
    dir: options.dir,
    nodes,
    senders,
    dev: { address: dev.address, privateKey: dev.privateKey },
    networkId: Number(pods.byName('genesis').plan.env.GETH_AGENT_NETWORK_ID),
    byName,
    expectDown,
    async up() {
      await pods.up(240_000);
      for (const node of nodes) await baseline(node.name);
      watching = true;
      watcher = watch();
    },
    running: (name) => !stopped.has(name),
    async start(name) {
      await expectDown(name, () => pods.start(name));
      stopped.delete(name);
    },
    async stop(name) {
      stopped.add(name);
      return expectDown(name, () => pods.stop(name));
    },
    health: (name) => pods.health(name),
    status: (name) => pods.status(name),
    metrics: (name) => pods.metrics(name),
    agentAddress: async (name) => {
      const address = await pods.ip(name);
      return address === undefined ? undefined : { host: address, port: 8080 };
    },
    rpcUrl: (name) => pods.rpcUrl(name),
    ipc: (name, method, params) => pods.ipc(name, method, params),
    gethPid: async (name) => (await pods.processes(name)).find((p) => /\/geth --datadir /.test(p.args))?.hpid,
    bootListed: async () => {
      const address = await pods.ip('boot');
      const listed = await pods.request('genesis', '/bootnodes', 2_000);
      return address !== undefined && listed.status === 200 && listed.body.includes(`@${address}:`);
    },
    /** The run's secret files, account keys and every node key. */
    secrets: async () => {
      const secrets = [...pods.secrets(), dev.privateKey, ...senders.map((s) => s.wallet.privateKey)];
      for (const node of nodes.filter((n) => n.role !== 'genesis')) {
        const dir = await pods.dataDir(node.name).catch(() => undefined);
        if (dir !== undefined) secrets.push((await readFile(agentPaths(dir).nodeKey, 'utf8').catch(() => '')).trim());
      }
      return secretForms(secrets);
    },
    logs: async () => Promise.all(nodes.map(async (n) => ({ source: n.name, text: await pods.logs(n.name) }))),
    missingChainData: async () => {
      const missing: string[] = [];
      for (const node of gethNodes()) if (!existsSync(join(await pods.dataDir(node.name), 'geth', 'chaindata'))) missing.push(node.name);
      return missing;
    },
    /** Keeps every container's log in <dir>/logs (the soak keeps that folder when an invariant broke), then removes the pods. */
    async close() {
      watching = false;
      await watcher;
      await pods.saveLogs(join(options.dir, 'logs')).catch((error: unknown) => log(`cannot keep the logs: ${String(error)}`));
      return pods.close();
    },
  };
}
