/**
 * The signed boot-node publication (`POST /bootnodes`), shared by the boot agent (signing) and the
 * genesis server (verification). The signature proves the publisher holds the node key of the
 * enode it publishes, so only a node's owner can create or move its entry; the network id keeps a
 * publication for one network from being replayed to another, the timestamp bounds replays.
 */
export interface BootnodePublication {
  /** `enode://<128 hex node id>@<IP>:<tcp port>[?discport=<udp port>]`, exactly as signed. */
  readonly enode: string;
  /** The network (chain) id. */
  readonly network: number;
  /** Unix time in seconds when the publication was signed. */
  readonly timestamp: number;
  /** 65-byte secp256k1 signature (r, s, v), `0x` + 130 hex: ethers `Wallet#signMessage`. */
  readonly signature: string;
}

/**
 * The exact text signed with the node key, as an EIP-191 personal message (the same scheme as a
 * sealer's registration), so any Ethereum library can produce it:
 * `new Wallet(nodeKey).signMessage(bootnodePublicationMessage(...))`.
 */
export function bootnodePublicationMessage(publication: Omit<BootnodePublication, 'signature'>): string {
  return `geth-agent boot node publication\nenode: ${publication.enode}\nnetwork: ${publication.network}\ntimestamp: ${publication.timestamp}`;
}

/**
 * Signs a publication with the node key (0x + 64 hex). ethers is loaded on first use: boot agents
 * sign once the node runs, and nothing on the start-up path pays for the library.
 */
export async function signBootnodePublication(nodeKey: string, publication: Omit<BootnodePublication, 'signature'>): Promise<BootnodePublication> {
  const { Wallet } = await import('../eth/wallets.js');
  const signature = await new Wallet(nodeKey).signMessage(bootnodePublicationMessage(publication));
  return { ...publication, signature };
}
