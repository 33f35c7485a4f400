import { createECDH } from 'node:crypto';

/** A valid node id (a secp256k1 public key, 128 hex) for each n, the same every time. */
export function nodeId(n = 10): string {
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(Buffer.from((n + 1).toString(16).padStart(64, '0'), 'hex'));
  return ecdh.getPublicKey('hex', 'uncompressed').slice(2);
}
