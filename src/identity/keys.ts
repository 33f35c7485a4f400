import { createECDH } from 'node:crypto';
import { isIP } from 'node:net';

/** secp256k1 group order: a private key is a scalar in [1, n-1]. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * Normalizes a private key (node key or account key) given as 64 hex characters, with or without
 * `0x`, to `0x` + 64 lower-case hex; undefined when it is not a valid secp256k1 scalar. Never
 * echoes the input anywhere.
 */
export function normalizePrivateKey(raw: string): string | undefined {
  const hex = raw.trim().replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  const value = BigInt(`0x${hex}`);
  if (value === 0n || value >= CURVE_ORDER) return undefined;
  return `0x${hex.toLowerCase()}`;
}

/** The devp2p node id: uncompressed public key without the 0x04 prefix (128 hex, no 0x). */
export function nodeIdFromKey(privateKey: string): string {
  // Node's own secp256k1 (OpenSSL): no library load on the start-up path.
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(Buffer.from(privateKey.replace(/^0x/i, ''), 'hex'));
  return ecdh.getPublicKey('hex', 'uncompressed').slice(2);
}

/**
 * `enode://<id>@<host>:<tcp>[?discport=<udp>]`, the form geth prints and accepts in --bootnodes.
 * The discport query is only added when it differs from the TCP port (as geth does).
 */
export function formatEnode(nodeId: string, host: string, port: number, discport?: number): string {
  const shownHost = isIP(host) === 6 ? `[${host}]` : host;
  const query = discport !== undefined && discport !== port ? `?discport=${discport}` : '';
  return `enode://${nodeId}@${shownHost}:${port}${query}`;
}
