import { createECDH } from 'node:crypto';
import { isIP } from 'node:net';

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
