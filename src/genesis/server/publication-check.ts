import type { GenesisLimit } from '../../metrics/limits.js';
import { isIP } from 'node:net';
import { SigningKey, hashMessage } from 'ethers';
import type { Config } from '../../config/table.js';
import { createAddressPolicy, isLoopbackHost, type AddressPolicy } from '../../directory/address-policy.js';
import { bootnodePublicationMessage } from '../../directory/publication.js';
import { parseEnode } from './bootnodes.js';

export interface PublicationRules {
  /** This server's network id: a publication signed for another one is refused. */
  readonly network: number;
  readonly policy: AddressPolicy;
  /** How far (ms) a signed timestamp may be from the server's clock, either way. */
  readonly windowMs: number;
  readonly now: () => number;
}

/**
 * The rules of the genesis role's configuration: its network id, loopback enodes only on a server
 * that itself listens on loopback (then every node shares its host), GETH_AGENT_NETRESTRICT, and
 * the timestamp window.
 */
export function publicationRules(
  config: Pick<Config, 'networkId' | 'listen' | 'netrestrict' | 'bootnodeSignatureWindowSeconds'>,
  now: () => number = Date.now,
): PublicationRules {
  return {
    network: config.networkId ?? 0,
    policy: createAddressPolicy({ allowLoopback: isLoopbackHost(config.listen.host), netrestrict: config.netrestrict }),
    windowMs: config.bootnodeSignatureWindowSeconds * 1000,
    now,
  };
}

/** A refusal: the HTTP status, the message for the body, and a limit label when one applies. */
export interface PublicationRefusal {
  readonly ok: false;
  readonly status: 400 | 403 | 422;
  readonly error: string;
  readonly limit?: GenesisLimit;
}

export type PublicationCheck = { readonly ok: true; readonly id: string; readonly enode: string; readonly signedAt: number } | PublicationRefusal;

const FORMAT = 'body {enode, network, timestamp, signature}: signature = EIP-191 signMessage with the node key of "geth-agent boot node publication\\nenode: <enode>\\nnetwork: <network id>\\ntimestamp: <unix seconds>"';

const refuse = (status: PublicationRefusal['status'], error: string, limit?: GenesisLimit): PublicationRefusal => ({ ok: false, status, error, ...(limit === undefined ? {} : { limit }) });

/**
 * Whether an enode may be listed at all: a syntactically valid enode whose host is an IP literal
 * the address policy accepts. Names are refused: the server cannot know what a name resolves to
 * on the nodes, nor tomorrow; a boot agent resolves GETH_AGENT_ADVERTISE_HOST before publishing.
 */
export function enodeRefusal(enode: unknown, policy: AddressPolicy): PublicationRefusal | { ok: true; id: string; enode: string } {
  const parsed = parseEnode(enode);
  if (!parsed.ok) return refuse(400, `enode: ${parsed.problem}`);
  if (isIP(parsed.host) === 0) return refuse(400, `enode: the host must be an IP address, not a name (${JSON.stringify(parsed.host)}); boot agents resolve GETH_AGENT_ADVERTISE_HOST before publishing`);
  const refused = policy.check(parsed.host);
  if (refused !== undefined) return refuse(422, `enode: ${refused.problem}`, refused.limit);
  return { ok: true, id: parsed.id, enode: parsed.enode };
}

/** The node id (128 hex) whose key made `signature` over `message`; undefined when none does. */
function signerId(message: string, signature: string): string | undefined {
  try {
    return SigningKey.recoverPublicKey(hashMessage(message), signature).slice(4).toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Checks a `POST /bootnodes` body (untrusted; never throws), cheapest checks first: the signed
 * form, the enode and its address, the network, the timestamp window, and last the signature,
 * which must recover to the enode's own node id.
 */
export function checkPublication(body: Record<string, unknown>, rules: PublicationRules): PublicationCheck {
  const { enode, network, timestamp, signature } = body;
  if (signature === undefined || timestamp === undefined || network === undefined) {
    return refuse(400, `unsigned publication refused: a boot node proves it holds the key of its enode; ${FORMAT}`);
  }
  if (typeof signature !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(signature)) return refuse(400, 'signature: expected 0x + 130 hex (65 bytes r, s, v)');
  if (!Number.isSafeInteger(network) || (network as number) < 1) return refuse(400, 'network: expected the network id (a positive integer)');
  if (!Number.isSafeInteger(timestamp) || (timestamp as number) < 0) return refuse(400, 'timestamp: expected unix time in seconds (an integer)');
  const listed = enodeRefusal(enode, rules.policy);
  if (!listed.ok) return listed;
  if (network !== rules.network) return refuse(403, `publication signed for network ${String(network)}; this server serves network ${rules.network}`);
  const skewMs = (timestamp as number) * 1000 - rules.now();
  if (Math.abs(skewMs) > rules.windowMs) {
    return refuse(403, `timestamp is ${Math.round(skewMs / 1000)} s from this server's clock (accepted: within ${Math.round(rules.windowMs / 1000)} s): sign a fresh publication, check the clocks`);
  }
  const message = bootnodePublicationMessage({ enode: enode as string, network: network as number, timestamp: timestamp as number });
  if (signerId(message, signature) !== listed.id) return refuse(403, 'signature does not prove the node key of this enode (signed by another key, or over other fields)');
  return { ok: true, id: listed.id, enode: listed.enode, signedAt: (timestamp as number) * 1000 };
}
