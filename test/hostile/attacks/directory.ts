import { Wallet, hexlify, randomBytes } from 'ethers';
import { signBootnodePublication } from '../../../src/directory/publication.js';
import { pooled, sourcedClient, type Reply, type SourcedClient } from './http.js';

/**
 * Attacks on the boot-node directory (`POST /bootnodes`) by someone holding the network secret
 * (every sealer and boot pod does): move another node's id, flood new ids, publish addresses no
 * boot node can be at. Each attack sends the signed form first and, when a server refuses it as
 * malformed (a server without signed publications), the unsigned `{enode}` form: whatever the
 * server accepts, as an attacker would.
 */
export interface DirectoryTarget {
  /** The genesis server's base URL, http://127.0.0.1:port. */
  readonly url: string;
  readonly secret: string;
  /** The network id the server serves. */
  readonly network: number;
}

/** Addresses no boot node can be at (169.254.169.254 is the cloud metadata service). */
export const SPECIAL_HOSTS: readonly string[] = ['169.254.169.254', '169.254.0.1', '0.0.0.0', '224.0.0.1', '239.255.255.250', '255.255.255.255', '[::]', '[fe80::1]', '[ff02::1]', '[::ffff:169.254.169.254]'];

export const randomKey = (): Wallet => new Wallet(hexlify(randomBytes(32)));

export const nodeIdOf = (key: Wallet): string => key.signingKey.publicKey.slice(4);

/** The id of an enode URL. */
export const idOfEnode = (enode: string): string => (/^enode:\/\/([0-9a-f]{128})@/i.exec(enode)?.[1] ?? '').toLowerCase();

const enodeFor = (id: string, host: string, port: number): string => `enode://${id}@${host}:0?discport=${port}`;

/** One publication: signed with `key` (its own id, or `id` to claim someone else's), unsigned as a fallback. */
export async function publish(client: SourcedClient, target: DirectoryTarget, key: Wallet, enode: string): Promise<Reply & { form: 'signed' | 'unsigned' }> {
  const headers = { authorization: `Bearer ${target.secret}`, 'content-type': 'application/json' };
  const url = `${target.url}/bootnodes`;
  const signed = await signBootnodePublication(key.privateKey, { enode, network: target.network, timestamp: Math.floor(Date.now() / 1000) });
  const reply = await client.send(url, { method: 'POST', headers, body: JSON.stringify(signed) });
  if (reply.status !== 400) return { ...reply, form: 'signed' };
  return { ...(await client.send(url, { method: 'POST', headers, body: JSON.stringify({ enode }) })), form: 'unsigned' };
}

export interface HijackResult {
  /** Status of each attempt to move the victim's id, by target host. */
  readonly attempts: Record<string, { status: number; form: string }>;
}

/**
 * Tries to re-point `victimEnode`'s id (without its key) to each of `hosts`: a plain new address
 * (traffic diverted to the attacker) and addresses such as the metadata service.
 */
export async function hijackBootnode(target: DirectoryTarget, victimEnode: string, hosts: readonly string[] = ['127.0.0.66', '169.254.169.254']): Promise<HijackResult> {
  const client = sourcedClient();
  const attacker = randomKey();
  const attempts: HijackResult['attempts'] = {};
  try {
    for (const host of hosts) {
      const reply = await publish(client, target, attacker, enodeFor(idOfEnode(victimEnode), host, 30399));
      attempts[host] = { status: reply.status, form: reply.form };
    }
  } finally {
    client.close();
  }
  return { attempts };
}

export interface FloodResult {
  /** Replies by `<status> <form>`. */
  readonly statuses: Record<string, number>;
  readonly ms: number;
}

/**
 * Publishes `count` new node ids (fresh keys, so each is properly signed), `concurrency` at once,
 * from loopback addresses 127.0.<n>.<m>: the flood that evicted every legitimate entry when the
 * directory dropped its oldest entries to make room.
 */
export async function floodDirectory(target: DirectoryTarget, options: { count: number; concurrency?: number }): Promise<FloodResult> {
  const client = sourcedClient();
  const started = Date.now();
  try {
    const statuses = await pooled(options.count, options.concurrency ?? 16, async (i) => {
      const key = randomKey();
      const reply = await publish(client, target, key, enodeFor(nodeIdOf(key), `127.0.${100 + Math.floor(i / 250)}.${1 + (i % 250)}`, 30301));
      return `${reply.status} ${reply.form}`;
    });
    return { statuses, ms: Date.now() - started };
  } finally {
    client.close();
  }
}

/** Publishes one fresh id at each host; the status of each, by host. */
export async function publishSpecialAddresses(target: DirectoryTarget, hosts: readonly string[] = SPECIAL_HOSTS): Promise<Record<string, number>> {
  const client = sourcedClient();
  const statuses: Record<string, number> = {};
  try {
    for (const host of hosts) {
      const key = randomKey();
      statuses[host] = (await publish(client, target, key, enodeFor(nodeIdOf(key), host, 30301))).status;
    }
  } finally {
    client.close();
  }
  return statuses;
}

/** The enodes `GET /bootnodes` lists now. */
export async function listedBootnodes(url: string): Promise<string[]> {
  const response = await fetch(`${url}/bootnodes`, { signal: AbortSignal.timeout(5_000) });
  return ((await response.json()) as { bootnodes: string[] }).bootnodes;
}
