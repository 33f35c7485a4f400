import { randomBytes } from 'node:crypto';
import { chown, chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { connectIpc } from '../../src/geth/rpc/ipc-client.js';
import type { StatusView } from '../../src/http/status-view.js';
import { packageRoot } from '../../src/version.js';
import { imageEnv, loadCompose, readComposeEnvFile } from '../helpers/compose.js';
import { parseDockerfile, readRepoFile } from '../helpers/deploy-files.js';
import { toolPath } from '../helpers/geth-bin.js';
import { listByLabel, OWNER_LABEL, removeByLabel, removeByLabelSync, removeStaleRuns } from './cleanup.js';
import { containerEnv, imageMounts, parseTop, runArgs, type PodProcess } from './container.js';
import { AGENT_PORT, agentGet, type HttpAnswer } from './http.js';
import { createPodman, type Podman } from './podman.js';
import { imageProcess, planPods, secretContent, type PodPlan, type PodRole } from './plan.js';

/** The uid:gid the image runs as (Dockerfile USER): owner of the secret files and the volumes. */
const CONTAINER_UID = 10001;
const silent = pino({ level: 'silent' });

/**
 * Timings of the pod network's node agents: short enough that a partition is seen and healed
 * within a test, long enough for 7 containers on a loaded 2-core machine.
 */
export const podTimings: Readonly<Record<string, string>> = {
  GETH_AGENT_POLL_SECONDS: '1',
  GETH_AGENT_START_GRACE_SECONDS: '5',
  GETH_AGENT_PEER_DECAY_SECONDS: '8',
  GETH_AGENT_STALL_SECONDS: '16',
  GETH_AGENT_HUNG_SECONDS: '20',
  GETH_AGENT_STOP_GRACE_SECONDS: '30',
  GETH_AGENT_RESTART_INITIAL_SECONDS: '0.5',
  GETH_AGENT_RESTART_MAX_SECONDS: '4',
  GETH_AGENT_MAX_RESTARTS: '3',
  GETH_AGENT_RESTART_WINDOW_SECONDS: '300',
  GETH_AGENT_BOOTNODE_WAIT_SECONDS: '30',
  GETH_AGENT_GENESIS_RETRY_MAX_SECONDS: '2',
};

export interface PodsOptions {
  readonly sealers?: number;
  readonly clients?: number;
  /** Clique period of the genesis (seconds). */
  readonly period?: number;
  /** Extra environment of every node agent (boot, sealers, clients), after podTimings. */
  readonly nodeEnv?: Readonly<Record<string, string>>;
  /** Extra environment of the genesis agent (e.g. GETH_AGENT_PREFUND). */
  readonly genesisEnv?: Readonly<Record<string, string>>;
  readonly log?: (line: string) => void;
  /**
   * On SIGINT, SIGTERM or SIGHUP: remove everything, then exit with 128 + the signal (default).
   * Off for a caller that handles the signals itself and calls close().
   */
  readonly removeOnSignal?: boolean;
}

export interface PodNode {
  readonly plan: PodPlan;
  readonly name: string;
  readonly role: PodRole;
  /** The container's name: unique per run (`<run>-<name>`); `name` is its host name and alias. */
  readonly container: string;
  readonly volume: string;
  /** Whether the container is attached to the run's network now. */
  connected: boolean;
}

/**
 * The reference topology of deploy/docker-compose.yml, one podman container per service on a
 * network of its own: every node its own address and the default ports, names resolved by the
 * network's DNS, tini as PID 1, uid 10001, a named volume per data dir, the Compose file's
 * environment, secrets (as files under /run/secrets), health check and stop grace. The root file
 * system of each container is an overlay of this machine's (`--rootfs /:O`), with this checkout
 * (and its geth) mounted read-only at /app and this Node at /opt/node: no image to build. Everything is labelled with the run id and
 * removed by close().
 */
export async function createPods(options: PodsOptions = {}) {
  const log = options.log ?? (() => undefined);
  const run = `ga-pods-${randomBytes(3).toString('hex')}`;
  const label = `geth-agent-pods=${run}`;
  const podNetwork = run;
  const dir = await mkdtemp(join(tmpdir(), `${run}-`));
  const podman: Podman = await createPodman(dir);
  const compose = await loadCompose();
  const host = imageMounts({ appRoot: packageRoot(), node: process.execPath });
  const image = { ...imageEnv(), GETH_AGENT_GETH_BIN: host.inContainer(toolPath('geth')) };
  const proc = imageProcess(parseDockerfile(readRepoFile('Dockerfile')), { node: host.node, appRoot: '/app' });
  const topology = { sealers: options.sealers ?? 3, clients: options.clients ?? 2 };
  const overrides = (_name: string, role: PodRole): Record<string, string> =>
    role === 'genesis'
      ? { GETH_AGENT_SEALER_COUNT: String(topology.sealers), GETH_AGENT_CLIQUE_PERIOD: String(options.period ?? 2), ...options.genesisEnv }
      : { ...podTimings, ...options.nodeEnv };
  const planFor = (t: { sealers: number; clients: number }): PodPlan[] => planPods(compose, t, { image, readEnvFile: readComposeEnvFile, overrides });
  const nodes: PodNode[] = planFor(topology).map((plan) => nodeOf(plan));
  const ethstatsSecret = randomBytes(16).toString('hex');
  const secretsDir = join(dir, 'secrets');
  const secretValues = new Map<string, string>();
  const removedLogs = new Map<string, string[]>();
  const mountpoints = new Map<string, string>();
  const cutAt = new Map<string, string>();
  let closed = false;
  let subnet: string | undefined;

  function nodeOf(plan: PodPlan): PodNode {
    return { plan, name: plan.name, role: plan.role, container: `${run}-${plan.name}`, volume: `${run}-${plan.volume.name}`, connected: false };
  }
  const byName = (name: string): PodNode => {
    const node = nodes.find((n) => n.name === name);
    if (node === undefined) throw new Error(`no pod node ${name}`);
    return node;
  };

  // Last resort when the process exits before close() ran (an uncaught error, process.exit):
  // removal by label, synchronously, as nothing asynchronous runs any more.
  const onExit = (): void => {
    if (!closed) removeByLabelSync(podman.conf, label);
  };
  process.on('exit', onExit);
  // A test process stopped by a signal (the runner interrupted, a CI timeout) runs no after
  // hook and no exit handler: the signal itself removes the run.
  const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: removing the containers, volumes and network of ${run}`);
    void close().finally(() => process.exit(128 + (constants.signals[signal] ?? 15)));
  };
  if (options.removeOnSignal !== false) for (const signal of stopSignals) process.once(signal, onSignal);

  /** The secret files of a node's plan, written once per run: 0400, owned by the container user. */
  async function writeSecrets(plan: PodPlan): Promise<Array<{ file: string; target: string }>> {
    await mkdir(secretsDir, { recursive: true, mode: 0o711 });
    const files: Array<{ file: string; target: string }> = [];
    for (const { source, target } of plan.secrets) {
      const file = join(secretsDir, source);
      if (!secretValues.has(source)) {
        const value = secretContent(source, ethstatsSecret, () => randomBytes(24).toString('hex'));
        secretValues.set(source, value);
        await writeFile(file, value, { mode: 0o400 });
        await chown(file, CONTAINER_UID, CONTAINER_UID);
        await chmod(file, 0o400);
      }
      files.push({ file, target });
    }
    return files;
  }

  /** The container's environment file (not argv: `ps` would show it). */
  async function writeEnv(node: PodNode): Promise<string> {
    const file = join(dir, `${node.name}.env`);
    await writeFile(file, `${Object.entries(containerEnv(node.plan, host.node)).map(([k, v]) => `${k}=${v}`).join('\n')}\n`, { mode: 0o600 });
    return file;
  }

  async function runContainer(node: PodNode, ip?: string): Promise<void> {
    const spec = { plan: node.plan, container: node.container, network: podNetwork, label, ip, volume: node.volume, user: proc.user, argv: proc.argv, mounts: host.mounts };
    await podman.run(runArgs({ ...spec, secrets: await writeSecrets(node.plan), envFile: await writeEnv(node) }));
    node.connected = true;
    log(`${node.name}: container ${node.container} started${ip === undefined ? '' : ` at ${ip}`}`);
  }

  /** Where a container is reachable now (its address on the run's network), undefined when cut off or gone. */
  async function ip(name: string): Promise<string | undefined> {
    const node = byName(name);
    const out = await podman.run(['inspect', '--format', '{{json .NetworkSettings.Networks}}', node.container], { allowFail: true });
    if (out.exitCode !== 0) return undefined;
    const networks = JSON.parse(out.stdout || '{}') as Record<string, { IPAddress?: string }> | null;
    const address = networks?.[podNetwork]?.IPAddress;
    return address === undefined || address === '' ? undefined : address;
  }

  /** GET `path` of a node's agent: from here over the pod network, or from inside the container when it is cut off. */
  async function request(name: string, path: string, timeoutMs = 4_000): Promise<HttpAnswer> {
    const node = byName(name);
    const address = node.connected ? await ip(name) : undefined;
    if (node.connected && address === undefined) return { status: 0, body: '' };
    return agentGet({ podman, container: node.container, node: host.node, address, path, timeoutMs });
  }

  async function status(name: string): Promise<StatusView | undefined> {
    const answer = await request(name, '/status');
    return answer.status === 0 ? undefined : (JSON.parse(answer.body) as StatusView);
  }

  async function inspect(name: string, format: string): Promise<string | undefined> {
    const out = await podman.run(['inspect', '--format', format, byName(name).container], { allowFail: true });
    return out.exitCode === 0 ? out.stdout.trim() : undefined;
  }

  /** Every process of a container (`podman top`), with its pid on this machine. */
  async function processes(name: string): Promise<PodProcess[]> {
    const out = await podman.run(['top', byName(name).container, 'pid', 'hpid', 'user', 'args'], { allowFail: true });
    return out.exitCode === 0 ? parseTop(out.stdout) : [];
  }

  /** An address of the run's subnet that no container holds (counting down from the top). */
  async function freeAddress(): Promise<string> {
    const taken = new Set((await Promise.all(nodes.map((n) => ip(n.name)))).filter((a): a is string => a !== undefined));
    const base = (subnet ?? '').replace(/\.0\/24$/, '');
    for (let host = 250; host > 2; host--) {
      const candidate = `${base}.${host}`;
      if (!taken.has(candidate)) return candidate;
    }
    throw new Error(`no free address in ${subnet ?? '?'}`);
  }

  /** Removes everything of the run (logs kept first when GA_TEST_LOGS names a folder); returns what is still there after. */
  async function close(): Promise<string[]> {
    if (closed) return [];
    closed = true;
    const keep = process.env.GA_TEST_LOGS;
    if (keep !== undefined && keep !== '') await saveLogs(keep).catch(() => undefined);
    await removeByLabel(podman, label);
    const left = await listByLabel(podman, label).catch((error: unknown) => [`cannot list: ${String(error)}`]);
    process.off('exit', onExit);
    for (const signal of stopSignals) process.off(signal, onSignal);
    await rm(dir, { recursive: true, force: true });
    log(left.length === 0 ? `removed every container, volume and the network of ${run}` : `left behind: ${left.join(', ')}`);
    return left;
  }

  async function containerLogs(node: PodNode): Promise<string> {
    const out = await podman.run(['logs', node.container], { allowFail: true });
    return `${out.stdout}\n${out.stderr}`;
  }

  /** Everything the node's agent wrote: its containers' output, removed ones (rescheduled) first. */
  async function logs(name: string): Promise<string> {
    return [...(removedLogs.get(name) ?? []), await containerLogs(byName(name))].join('\n');
  }

  async function saveLogs(into: string): Promise<void> {
    await mkdir(into, { recursive: true });
    for (const node of nodes) await writeFile(join(into, `${run}.${node.name}.log`), await logs(node.name));
  }

  return {
    run,
    network: podNetwork,
    label,
    dir,
    nodes,
    podman,
    byName,
    /** The secret values of this run (network and ethstats secrets, keystore passwords): what no output may show. */
    secrets: (): string[] => [...secretValues.values()],

    /**
     * Creates the network (internal: no route off this machine) and starts every service in the
     * Compose file's order: the genesis, then, once the Compose health check passes in it (its
     * `service_healthy` condition), the boot node, the sealers and the clients.
     */
    async up(timeoutMs = 120_000): Promise<void> {
      // What runs killed outright left behind (no handler of theirs ran) goes first.
      for (const stale of await removeStaleRuns(podman)) log(`removed ${stale}, left by a process that is gone`);
      await podman.run(['network', 'create', '--internal', '--label', label, '--label', `${OWNER_LABEL}=${process.pid}`, podNetwork]);
      subnet = (await podman.run(['network', 'inspect', '--format', '{{range .Subnets}}{{.Subnet}}{{end}}', podNetwork])).stdout.trim();
      log(`network ${podNetwork} (${subnet}), ${nodes.length} containers`);
      for (const node of nodes) await podman.run(['volume', 'create', '--label', label, node.volume]);
      const started = new Set<string>();
      const deadline = Date.now() + timeoutMs;
      for (const node of nodes) {
        for (const [dependency, condition] of Object.entries(node.plan.dependsOn)) {
          if (condition === 'service_healthy') await this.waitHealthcheck(dependency, Math.max(1_000, deadline - Date.now()));
          else if (!started.has(dependency)) throw new Error(`${node.name} depends on ${dependency}, which is not started`);
        }
        await runContainer(node);
        started.add(node.name);
      }
    },

    /** Polls the Compose health check in the container (`podman healthcheck run`) until it passes. */
    async waitHealthcheck(name: string, timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!(await this.healthcheck(name))) {
        if (Date.now() > deadline) throw new Error(`${name}: the Compose health check did not pass within ${timeoutMs} ms`);
        await sleep(1_000);
      }
    },

    /** The Compose health check, run once in the container by podman; true when it passed. */
    async healthcheck(name: string): Promise<boolean> {
      return (await podman.run(['healthcheck', 'run', byName(name).container], { allowFail: true, timeoutMs: 30_000 })).exitCode === 0;
    },

    ip,
    request,
    health: async (name: string): Promise<number> => (await request(name, '/health')).status,
    status,
    metrics: async (name: string): Promise<string | undefined> => {
      const answer = await request(name, '/metrics');
      return answer.status === 200 ? answer.body : undefined;
    },
    /** The agent's URL from this machine (over the pod network). */
    agentUrl: async (name: string): Promise<string | undefined> => {
      const address = await ip(name);
      return address === undefined ? undefined : `http://${address}:${AGENT_PORT}`;
    },
    /** A client's JSON-RPC URL from this machine (port 8545 on its address). */
    rpcUrl: async (name: string): Promise<string | undefined> => {
      const address = await ip(name);
      const port = byName(name).plan.env.GETH_AGENT_HTTP_PORT;
      return address === undefined || port === undefined ? undefined : `http://${address}:${port}`;
    },
    /** The node's data dir (its volume) on this machine; a volume keeps its mount point for its life. */
    async dataDir(name: string): Promise<string> {
      const volume = byName(name).volume;
      const known = mountpoints.get(volume);
      if (known !== undefined) return known;
      const path = (await podman.run(['volume', 'inspect', '--format', '{{.Mountpoint}}', volume])).stdout.trim();
      mountpoints.set(volume, path);
      return path;
    },
    /** One JSON-RPC call over the node's IPC socket, reached through its volume on this machine. */
    async ipc<T>(name: string, method: string, params: readonly unknown[] = []): Promise<T> {
      const client = await connectIpc({ path: join(await this.dataDir(name), 'geth.ipc'), timeoutMs: 5_000, logger: silent });
      try {
        return await client.call<T>(method, params);
      } finally {
        client.close();
      }
    },
    exec: (name: string, argv: readonly string[], options: { allowFail?: boolean; timeoutMs?: number } = {}) => podman.run(['exec', byName(name).container, ...argv], options),
    processes,
    inspect,
    /** Cuts the node off the network: it loses every peer and every name (genesis, boot). */
    async disconnect(name: string): Promise<void> {
      const node = byName(name);
      const address = await ip(name);
      if (address !== undefined) cutAt.set(name, address);
      await podman.run(['network', 'disconnect', podNetwork, node.container]);
      node.connected = false;
      log(`${name}: disconnected`);
    },
    /**
     * Attaches the node again (its alias too): a healed partition, so at the address it had, unless
     * `address` says otherwise or that address was taken meanwhile (then wherever podman puts it).
     */
    async connect(name: string, address?: string): Promise<void> {
      const node = byName(name);
      const wanted = address ?? cutAt.get(name);
      const attach = (at: string | undefined) => podman.run(['network', 'connect', '--alias', name, ...(at === undefined ? [] : ['--ip', at]), podNetwork, node.container], { allowFail: at !== undefined && address === undefined });
      if ((await attach(wanted)).exitCode !== 0) await attach(undefined);
      node.connected = true;
      log(`${name}: connected at ${(await ip(name)) ?? '?'}`);
    },
    freeAddress,
    /** `podman stop`: the stop signal, then SIGKILL after the Compose stop grace. The container's exit code. */
    async stop(name: string): Promise<number | undefined> {
      const node = byName(name);
      await podman.run(['stop', node.container], { timeoutMs: (node.plan.stopGraceSeconds + 30) * 1000 });
      const code = await inspect(name, '{{.State.ExitCode}}');
      log(`${name}: stopped, exit ${String(code)}`);
      return code === undefined ? undefined : Number(code);
    },
    async kill(name: string, signal = 'KILL'): Promise<void> {
      await podman.run(['kill', '--signal', signal, byName(name).container]);
      log(`${name}: killed (${signal})`);
    },
    /** `podman start` of a stopped container: same container, volume and name. */
    async start(name: string): Promise<void> {
      const node = byName(name);
      await podman.run(['start', node.container]);
      node.connected = true;
      log(`${name}: started again`);
    },
    /**
     * As a rescheduled pod: the container is stopped and removed, and a new one made for the same
     * service, with the same volume (keys, chain), at `address` (a new one by default).
     */
    async reschedule(name: string, address?: string): Promise<string> {
      const node = byName(name);
      const to = address ?? (await freeAddress());
      await podman.run(['stop', node.container], { timeoutMs: (node.plan.stopGraceSeconds + 30) * 1000 });
      // The log of the removed container stays part of the node's log.
      removedLogs.set(name, [...(removedLogs.get(name) ?? []), await containerLogs(node)]);
      await podman.run(['rm', node.container]);
      await runContainer(node, to);
      return to;
    },
    /** Starts one more node of `role` (the next `client-N` or `sealer-N`), made from the Compose file like the others. */
    async add(role: 'sealer' | 'client'): Promise<PodNode> {
      const count = nodes.filter((n) => n.role === role).length + 1;
      const plan = planFor({ ...topology, [role === 'sealer' ? 'sealers' : 'clients']: count }).find((p) => p.name === `${role}-${count}`);
      if (plan === undefined) throw new Error(`cannot plan ${role}-${count}`);
      const node = nodeOf(plan);
      nodes.push(node);
      await podman.run(['volume', 'create', '--label', label, node.volume]);
      await runContainer(node);
      return node;
    },
    logs,
    saveLogs,
    close,
  };
}

export type Pods = Awaited<ReturnType<typeof createPods>>;
