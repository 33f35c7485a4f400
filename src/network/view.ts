import type { NodeView } from '../ethstats/collector/state.js';
import { signerSet, type QuorumView, type SignerView } from './signers.js';
import type { SealedBlock } from './recent-blocks.js';

/** One node of any role, as the genesis server knows it. */
export interface MemberView {
  readonly name: string;
  readonly role: string;
  /** How the genesis server knows it: itself, the boot-node directory, a sealer registration, ethstats reports. */
  readonly source: 'self' | 'directory' | 'registration' | 'ethstats';
  readonly state: string;
  /** Boot node: its enode; sealer: its address; reporting node: its client. */
  readonly detail: string | null;
  readonly peers: number | null;
  readonly head: number | null;
  readonly lastSeen: string | null;
}

/** `GET /network?format=json` and `/network.json`: everything the network page shows. */
export interface NetworkView {
  readonly at: string;
  readonly chainId: number | null;
  readonly networkId: number | null;
  readonly genesis: { readonly sealed: boolean; readonly sha256: string | null; readonly hash: string | null };
  readonly members: readonly MemberView[];
  readonly signers: readonly SignerView[];
  readonly quorum: QuorumView;
  /** The reporting nodes, as `GET /network` always returned them. */
  readonly nodes: readonly NodeView[];
}

export interface NetworkFacts {
  readonly now: number;
  readonly self: { readonly name: string };
  readonly networkId: number | undefined;
  readonly genesis: { readonly sealed: boolean; readonly sha256: string | undefined; readonly hash: string | undefined; readonly chainId: number | undefined; readonly signers: readonly string[] };
  /** Addresses registered (collected mode) or listed (static mode). */
  readonly registered: readonly string[];
  readonly bootnodes: readonly string[];
  readonly reporting: readonly NodeView[];
  readonly recent: readonly SealedBlock[];
}

const shortEnode = (enode: string): string => `${enode.slice(0, 18)}…${enode.slice(enode.indexOf('@'))}`;

/** Every node of every role, the signer set and the quorum (pure). */
export function networkView(facts: NetworkFacts): NetworkView {
  const authorized = facts.genesis.sealed ? facts.genesis.signers : [];
  const { signers, quorum } = signerSet(authorized, facts.recent);
  const members: MemberView[] = [
    { name: facts.self.name, role: 'genesis', source: 'self', state: facts.genesis.sealed ? 'serving' : 'collecting', detail: null, peers: null, head: null, lastSeen: new Date(facts.now).toISOString() },
    ...facts.bootnodes.map((enode): MemberView => ({ name: shortEnode(enode), role: 'boot', source: 'directory', state: 'listed', detail: enode, peers: null, head: null, lastSeen: null })),
    ...facts.registered.map((address): MemberView => ({ name: address, role: 'sealer', source: 'registration', state: authorized.some((a) => a.toLowerCase() === address.toLowerCase()) ? 'authorized' : 'registered', detail: address, peers: null, head: null, lastSeen: null })),
    ...facts.reporting.map((n): MemberView => ({
      name: n.name,
      role: n.role,
      source: 'ethstats',
      state: n.connected ? (n.active === false ? 'geth down' : 'online') : 'offline',
      detail: n.client,
      peers: n.peers,
      head: n.head?.number ?? null,
      lastSeen: n.lastSeen,
    })),
  ];
  return {
    at: new Date(facts.now).toISOString(),
    chainId: facts.genesis.chainId ?? null,
    networkId: facts.networkId ?? facts.genesis.chainId ?? null,
    genesis: { sealed: facts.genesis.sealed, sha256: facts.genesis.sha256 ?? null, hash: facts.genesis.hash ?? null },
    members,
    signers,
    quorum,
    nodes: facts.reporting,
  };
}
