import { join } from 'node:path';

/**
 * Where everything lives inside GETH_AGENT_DATA_DIR. geth owns `geth/` and `keystore/` (its own
 * layout); the agent owns `agent/`. One function so every module agrees on the layout.
 */
export interface AgentPaths {
  /** geth --datadir. */
  readonly dataDir: string;
  /** geth's keystore (`<datadir>/keystore`). */
  readonly keystoreDir: string;
  /** geth's chain database folder (`<datadir>/geth`); its presence means geth was initialized. */
  readonly chainDir: string;
  /** geth's IPC socket. */
  readonly ipc: string;
  /** Files the agent owns (mode 0700). */
  readonly agentDir: string;
  /** Node key: 64 hex chars, mode 0600, passed as `--nodekey`. */
  readonly nodeKey: string;
  /** Account password file, mode 0600, passed as `--password`. */
  readonly password: string;
  /** Proof (0600) that the keystore and the password file decrypted together (skips scrypt on restarts). */
  readonly keystoreProof: string;
  /** The genesis this node uses (fetched and cached; role genesis: the sealed one it serves). */
  readonly genesis: string;
  /** Record of the genesis the chain was initialized with (sha256 + block hash). */
  readonly genesisMarker: string;
  /** Generated geth TOML (settings without a flag: P2P ListenAddr, StaticNodes). */
  readonly gethToml: string;
  /** Cache of the last verified `geth version` (keyed by the binary's path, size and times). */
  readonly gethVersionCache: string;
  /** Role genesis: the boot node directory, kept across restarts. */
  readonly bootnodeDirectory: string;
  /** Sealer: when its geth ran (last intervals, 0600), for the duplicate-signer guard. */
  readonly runHistory: string;
  /** The peers geth last dialled out to (0600), re-dialled by the watchdog with the boot nodes. */
  readonly knownPeers: string;
}

export function agentPaths(dataDir: string): AgentPaths {
  const agentDir = join(dataDir, 'agent');
  return Object.freeze({
    dataDir,
    keystoreDir: join(dataDir, 'keystore'),
    chainDir: join(dataDir, 'geth'),
    ipc: join(dataDir, 'geth.ipc'),
    agentDir,
    nodeKey: join(agentDir, 'nodekey'),
    password: join(agentDir, 'password'),
    keystoreProof: join(agentDir, 'keystore.verified.json'),
    genesis: join(agentDir, 'genesis.json'),
    genesisMarker: join(agentDir, 'genesis.init.json'),
    gethToml: join(agentDir, 'geth.toml'),
    gethVersionCache: join(agentDir, 'geth-version.json'),
    bootnodeDirectory: join(agentDir, 'bootnodes.json'),
    runHistory: join(agentDir, 'runs.json'),
    knownPeers: join(agentDir, 'peers.json'),
  });
}
