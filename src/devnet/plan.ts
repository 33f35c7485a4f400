import { join } from 'node:path';

/** What a devnet folder is built for: fixed by its genesis and keys once created. */
export interface DevnetTopology {
  readonly sealers: number;
  readonly clients: number;
  /** Clique period in seconds; 0 seals only when transactions are pending. */
  readonly period: number;
}

export interface DevnetOptions extends DevnetTopology {
  readonly networkId: number;
  /** The devnet folder: data dirs, secrets, logs, endpoints.json. */
  readonly dir: string;
  /** Address prefunded in the genesis (the dev account). */
  readonly devAccount: string;
}

export interface NodePorts {
  readonly agent: number;
  readonly p2p?: number;
  readonly authrpc?: number;
  readonly http?: number;
  readonly ws?: number;
}

export interface NodePlan {
  readonly name: string;
  readonly role: 'genesis' | 'boot' | 'sealer' | 'client';
  readonly ports: NodePorts;
  readonly env: Readonly<Record<string, string>>;
  readonly log: string;
  /** Secret files this node reads (path -> content), written 0600 by the runner before it starts. */
  readonly files: Readonly<Record<string, string>>;
}

/** How many ports each node needs, in the order allocate() hands them out. */
export function portCount(options: Pick<DevnetOptions, 'sealers' | 'clients'>): number {
  return 1 + 2 + options.sealers * 3 + options.clients * 5;
}

/** Secret files the plan refers to (written 0600 by the runner). */
export const secretFiles = (dir: string) => ({
  network: join(dir, 'secrets', 'network-secret'),
  ethstats: join(dir, 'secrets', 'ethstats-secret'),
  operator: join(dir, 'secrets', 'operator-secret'),
});

/** One node's ethstats target `name:secret@host:port` (GETH_AGENT_ETHSTATS_FILE; it carries the secret). */
export const ethstatsTargetFile = (dir: string, name: string): string => join(dir, 'secrets', `ethstats-${name}`);

/**
 * The reference topology on loopback (pure): one genesis server with the ethstats collector, one
 * boot node, N sealers registering their keys, M clients serving JSON-RPC. Every port is
 * distinct; every node listens and peers on 127.0.0.0/8 only; secrets are passed as files (the
 * ethstats target of each node, which carries the secret, included: see `files`).
 */
export function planDevnet(options: DevnetOptions, ports: readonly number[], ethstatsSecret: string): NodePlan[] {
  const take = (() => {
    let i = 0;
    return (): number => {
      const port = ports[i++];
      if (port === undefined) throw new Error('not enough ports allocated');
      return port;
    };
  })();
  const secrets = secretFiles(options.dir);
  const genesisPort = take();
  const genesisUrl = `http://127.0.0.1:${genesisPort}`;
  const stats = (name: string): string => `${name}:${ethstatsSecret}@127.0.0.1:${genesisPort}`;
  // A lone geth node (1 sealer, no client) has no peer to wait for: the boot node only does discovery.
  const minPeers = options.sealers + options.clients > 1 ? 1 : 0;
  const node = (name: string, role: NodePlan['role']): Record<string, string> => ({
    GETH_AGENT_ROLE: role,
    GETH_AGENT_DATA_DIR: join(options.dir, name),
    GETH_AGENT_LOG_LEVEL: 'info',
  });
  const common = (name: string, reports = true): Record<string, string> => ({
    GETH_AGENT_GENESIS_URL: genesisUrl,
    GETH_AGENT_ADVERTISE_HOST: '127.0.0.1',
    // geth's and bootnode's P2P (TCP and discovery UDP) bind loopback only, not every interface.
    GETH_AGENT_P2P_LISTEN_HOST: '127.0.0.1',
    GETH_AGENT_NETRESTRICT: '127.0.0.0/8',
    GETH_AGENT_MIN_PEERS: String(minPeers),
    GETH_AGENT_POLL_SECONDS: '1',
    GETH_AGENT_START_GRACE_SECONDS: '10',
    GETH_AGENT_PEER_DECAY_SECONDS: '15',
    GETH_AGENT_STOP_GRACE_SECONDS: '30',
    GETH_AGENT_RESTART_INITIAL_SECONDS: '0.5',
    GETH_AGENT_RESTART_MAX_SECONDS: '10',
    GETH_AGENT_GENESIS_RETRY_MAX_SECONDS: '2',
    ...(reports ? { GETH_AGENT_ETHSTATS_FILE: ethstatsTargetFile(options.dir, name) } : {}),
  });
  const plans: NodePlan[] = [];
  const add = (name: string, role: NodePlan['role'], nodePorts: NodePorts, env: Record<string, string>): void => {
    const files = env.GETH_AGENT_ETHSTATS_FILE === undefined ? {} : { [env.GETH_AGENT_ETHSTATS_FILE]: stats(name) };
    plans.push({ name, role, ports: nodePorts, env: { ...node(name, role), GETH_AGENT_LISTEN: `127.0.0.1:${nodePorts.agent}`, ...env }, log: join(options.dir, 'logs', `${name}.log`), files });
  };

  add('genesis', 'genesis', { agent: genesisPort }, {
    GETH_AGENT_NETWORK_ID: String(options.networkId),
    GETH_AGENT_CLIQUE_PERIOD: String(options.period),
    GETH_AGENT_SEALER_COUNT: String(options.sealers),
    GETH_AGENT_NETWORK_SECRET_FILE: secrets.network,
    GETH_AGENT_PREFUND: options.devAccount,
    GETH_AGENT_ETHSTATS_COLLECTOR: 'on',
    GETH_AGENT_ETHSTATS_SECRET_FILE: secrets.ethstats,
    // A sealer added later (`devnet --add-sealer`) is voted in without an operator step; the
    // operator secret still lets `geth-agent signers` list and remove.
    GETH_AGENT_SIGNER_ADMISSION: 'auto',
    GETH_AGENT_OPERATOR_SECRET_FILE: secrets.operator,
  });
  const boot = { agent: take(), p2p: take() };
  // bootnode speaks discovery only: nothing to report to ethstats.
  // The network secret only where it is used: boot nodes publish, sealers register; clients do neither.
  add('boot', 'boot', boot, { ...common('boot', false), GETH_AGENT_NETWORK_SECRET_FILE: secrets.network, GETH_AGENT_P2P_PORT: String(boot.p2p) });
  for (let i = 1; i <= options.sealers; i++) {
    const p = { agent: take(), p2p: take(), authrpc: take() };
    add(`sealer-${i}`, 'sealer', p, { ...common(`sealer-${i}`), GETH_AGENT_NETWORK_SECRET_FILE: secrets.network, GETH_AGENT_P2P_PORT: String(p.p2p), GETH_AGENT_AUTHRPC_PORT: String(p.authrpc) });
  }
  for (let i = 1; i <= options.clients; i++) {
    const p = { agent: take(), p2p: take(), authrpc: take(), http: take(), ws: take() };
    add(`client-${i}`, 'client', p, {
      ...common(`client-${i}`),
      GETH_AGENT_P2P_PORT: String(p.p2p),
      GETH_AGENT_AUTHRPC_PORT: String(p.authrpc),
      GETH_AGENT_HTTP_PORT: String(p.http),
      GETH_AGENT_WS_PORT: String(p.ws),
      GETH_AGENT_HTTP_ADDR: '127.0.0.1',
      GETH_AGENT_WS_ADDR: '127.0.0.1',
      GETH_AGENT_HTTP_CORS: '*',
    });
  }
  return plans;
}

export interface Endpoint {
  readonly name: string;
  readonly role: string;
  readonly rpc?: string;
  readonly ws?: string;
  readonly health: string;
  readonly metrics: string;
  readonly enode?: string;
  /** The node's agent process (its geth is a child of it). */
  readonly agentPid?: number;
}

export function endpointsOf(plans: readonly NodePlan[], enodes: Readonly<Record<string, string>>, agentPids: Readonly<Record<string, number>> = {}): Endpoint[] {
  return plans.map((p) => ({
    name: p.name,
    role: p.role,
    ...(p.ports.http === undefined ? {} : { rpc: `http://127.0.0.1:${p.ports.http}` }),
    ...(p.ports.ws === undefined ? {} : { ws: `ws://127.0.0.1:${p.ports.ws}` }),
    health: `http://127.0.0.1:${p.ports.agent}/health`,
    metrics: `http://127.0.0.1:${p.ports.agent}/metrics`,
    ...(enodes[p.name] === undefined ? {} : { enode: enodes[p.name] }),
    ...(agentPids[p.name] === undefined ? {} : { agentPid: agentPids[p.name] }),
  }));
}

/** The endpoints table as the devnet prints it. */
export function endpointsTable(endpoints: readonly Endpoint[]): string {
  const rows = endpoints.map((e) => [e.name, e.role, e.rpc ?? '-', e.ws ?? '-', e.health.replace('/health', ''), e.enode === undefined ? '-' : `${e.enode.slice(0, 24)}...${e.enode.slice(e.enode.indexOf('@'))}`]);
  const head = ['NAME', 'ROLE', 'RPC', 'WS', 'AGENT (/health /metrics /)', 'ENODE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd()).join('\n');
}

/** Every port of the plan with its owner, e.g. `{ port, node: 'sealer-2', use: 'p2p', udp: true }`. */
export function portUses(plans: readonly NodePlan[]): Array<{ port: number; node: string; use: keyof NodePorts; udp: boolean }> {
  return plans.flatMap((plan) =>
    (Object.entries(plan.ports) as Array<[keyof NodePorts, number | undefined]>)
      .filter((entry): entry is [keyof NodePorts, number] => entry[1] !== undefined)
      .map(([use, port]) => ({ port, node: plan.name, use, udp: use === 'p2p' })),
  );
}

/**
 * One more sealer for a devnet folder (`devnet --data DIR --add-sealer`): like its first sealer,
 * with its own name, data dir, log, ethstats target and `ports` (agent, p2p, authrpc). It
 * registers after the genesis, so it becomes a candidate the signers vote in.
 */
export function addedSealerPlan(plans: readonly NodePlan[], index: number, ports: readonly [number, number, number], dir: string): NodePlan {
  const first = plans.find((p) => p.name === 'sealer-1');
  if (first === undefined) throw new Error('the devnet has no sealer-1 to copy');
  const name = `sealer-${index}`;
  const [agent, p2p, authrpc] = ports;
  const target = ethstatsTargetFile(dir, name);
  const firstTarget = first.env.GETH_AGENT_ETHSTATS_FILE;
  const files = firstTarget === undefined ? {} : { [target]: (first.files[firstTarget] ?? '').replace(/^sealer-1:/, `${name}:`) };
  return {
    name,
    role: 'sealer',
    ports: { agent, p2p, authrpc },
    env: {
      ...first.env,
      GETH_AGENT_DATA_DIR: join(dir, name),
      GETH_AGENT_LISTEN: `127.0.0.1:${agent}`,
      GETH_AGENT_P2P_PORT: String(p2p),
      GETH_AGENT_AUTHRPC_PORT: String(authrpc),
      ...(firstTarget === undefined ? {} : { GETH_AGENT_ETHSTATS_FILE: target }),
    },
    log: join(dir, 'logs', `${name}.log`),
    files,
  };
}
