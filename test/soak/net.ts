import type { Wallet } from 'ethers';
import type { StatusView } from '../../src/http/status-view.js';
import type { ChainNetwork } from './invariants.js';

/** One node of a soak network. */
export interface SoakNode {
  readonly name: string;
  readonly role: 'genesis' | 'boot' | 'sealer' | 'client';
  /** Agent exits nobody asked for (crashes): an invariant. */
  readonly unexpectedExits: Array<{ code: number | undefined; at: number }>;
}

export interface Sender {
  readonly client: string;
  readonly wallet: Wallet;
}

/**
 * What the soak's faults, traffic and invariants use of a network: the loopback one (agents as
 * processes of this machine) and the pod one (containers on a podman network) both provide it.
 */
export interface SoakNetwork extends ChainNetwork {
  readonly dir: string;
  readonly nodes: readonly SoakNode[];
  readonly senders: readonly Sender[];
  readonly dev: { readonly address: string; readonly privateKey: string };
  readonly networkId: number;
  byName(name: string): SoakNode;
  /** Starts every node (the genesis server first). */
  up(): Promise<void>;
  /** Whether the node's agent runs now (the soak did not stop it). */
  running(name: string): boolean;
  start(name: string): Promise<void>;
  /** Stops the node's agent (SIGTERM, then the grace); its exit code. */
  stop(name: string, graceMs?: number): Promise<number | undefined>;
  health(name: string): Promise<number>;
  status(name: string): Promise<StatusView | undefined>;
  metrics(name: string): Promise<string | undefined>;
  /** Where this machine reaches the node's agent HTTP. */
  agentAddress(name: string): Promise<{ readonly host: string; readonly port: number } | undefined>;
  /** A client's JSON-RPC URL from this machine. */
  rpcUrl(name: string): Promise<string | undefined>;
  /** The pid, on this machine, of the node's geth (to signal it); undefined when it does not run. */
  gethPid(name: string): Promise<number | undefined>;
  /** Whether the genesis server lists the boot node at its current address. */
  bootListed(): Promise<boolean>;
  /** Every secret of the network: none may appear in a log. */
  secrets(): Promise<string[]>;
  /** Every log written so far (each agent's, across restarts), by source. */
  logs(): Promise<Array<{ readonly source: string; readonly text: string }>>;
  /** geth nodes whose chain database is gone. */
  missingChainData(): Promise<string[]>;
  /** After the final stop: removes what the network made; what is still running or left behind. */
  close(): Promise<string[]>;
}

export const agentUrl = async (net: SoakNetwork, name: string): Promise<string | undefined> => {
  const address = await net.agentAddress(name);
  return address === undefined ? undefined : `http://${address.host}:${address.port}`;
};
