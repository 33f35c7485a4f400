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
