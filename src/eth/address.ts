import { createECDH } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3.js';

/**
 * EIP-55 addresses without ethers: ethers' address module costs 70-130 ms of start-up on this
 * class of machine, @noble/hashes (the audited keccak ethers itself uses) about 15 ms.
 */

const HEX40 = /^0x[0-9a-fA-F]{40}$/;

/** `0x` + 40 hex in any case -> the EIP-55 checksummed form. Throws on anything else. */
export function toChecksumAddress(address: string): string {
  if (!HEX40.test(address)) throw new TypeError('not a 0x-prefixed 20-byte hex address');
  const lower = address.slice(2).toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nibble = ((hash[i >> 1] as number) >> (i % 2 === 0 ? 4 : 0)) & 0x0f;
    const c = lower[i] as string;
    out += nibble >= 8 ? c.toUpperCase() : c;
  }
  return out;
}

/**
 * Like ethers' getAddress for the hex form: all lower or all upper case is accepted as is, mixed
 * case must be a valid checksum. Returns the checksummed address, or throws.
 */
export function checksummed(address: string): string {
  const result = toChecksumAddress(address);
  const body = address.slice(2);
  const mixed = body !== body.toLowerCase() && body !== body.toUpperCase();
  if (mixed && result !== address) throw new TypeError('bad address checksum');
  return result;
}

/** True for `0x` + 2n hex digits (n bytes when given). */
export function isHexBytes(value: unknown, bytes?: number): value is string {
  if (typeof value !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(value)) return false;
  return bytes === undefined || value.length === 2 + bytes * 2;
}

/**
 * The checksummed address of a secp256k1 private key (`0x` + 64 hex): keccak-256 of the
 * uncompressed public key without its 0x04 prefix, last 20 bytes. Node's own secp256k1 (OpenSSL)
 * makes the public key: no library load for it.
 */
export function addressOfPrivateKey(privateKey: string): string {
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(Buffer.from(privateKey.replace(/^0x/i, ''), 'hex'));
  const hash = keccak_256(ecdh.getPublicKey().subarray(1));
  return toChecksumAddress(`0x${Buffer.from(hash.subarray(12)).toString('hex')}`);
}
