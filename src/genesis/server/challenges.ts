import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ChallengeStoreOptions {
  readonly ttlMs: number;
  /**
   * Most used-up challenges remembered (until they expire) to keep each single-use. Only a
   * registration the server accepts uses one up (a valid signature of an address that is or may
   * become a signer); beyond the cap registrations are refused until some expire (never forgotten
   * early: that would re-open replays).
   */
  readonly usedCap?: number;
  readonly now?: () => number;
  /** The server's MAC key (default: 32 random bytes per process; a restart voids open challenges). */
  readonly key?: Buffer;
  readonly random?: () => Buffer;
}

export type ConsumeResult = 'ok' | 'invalid' | 'expired' | 'used' | 'full';

export interface ChallengeStore {
  issue(): { challenge: string; expiresInSeconds: number };
  /** Whether a challenge is one this server issued, not expired, and not used before (never 'full'). */
  check(challenge: string): ConsumeResult;
  /** Checks, then marks the challenge used ('full' when no more can be remembered now). */
  consume(challenge: string): ConsumeResult;
  /** Used-up challenges remembered now. */
  readonly size: () => number;
}

// 32 bytes in all (the registration protocol's challenge size): the expiry in ms, a random nonce
// (two sealers never get the same challenge), and a 128-bit MAC (plenty for minutes of validity).
const EXPIRY_BYTES = 6;
const NONCE_BYTES = 10;
const MAC_BYTES = 32 - EXPIRY_BYTES - NONCE_BYTES;

/**
 * Single-use, expiring registration challenges that cost the server nothing to issue: a challenge
 * is its own expiry (ms, 6 bytes) and a nonce, authenticated by an HMAC under the server's key,
 * in the 32 bytes the registration protocol carries. Nothing is stored per issued challenge, so a
 * flood of `GET /signers/challenge` can neither evict a sealer's outstanding challenge nor make
 * the server refuse one. What must be remembered, challenges already used, is bounded by `usedCap`
 * and only grows through registrations whose signature was valid. No timers: expiry is checked
 * on use.
 */
export function createChallengeStore(options: ChallengeStoreOptions): ChallengeStore {
  const usedCap = options.usedCap ?? 16_384;
  const now = options.now ?? Date.now;
  const key = options.key ?? randomBytes(32);
  const random = options.random ?? (() => randomBytes(NONCE_BYTES));
  const used = new Map<string, number>();

  const mac = (body: Buffer): Buffer => createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);

  const prune = (): void => {
    const t = now();
    // Insertion order is close to expiry order (one TTL for all): stop at the first live one.
    for (const [challenge, expires] of used) {
      if (expires > t) break;
      used.delete(challenge);
    }
  };

  const check = (challenge: string): ConsumeResult => {
    if (!/^0x[0-9a-f]{64}$/.test(challenge)) return 'invalid';
    const bytes = Buffer.from(challenge.slice(2), 'hex');
    const body = bytes.subarray(0, EXPIRY_BYTES + NONCE_BYTES);
    if (!timingSafeEqual(mac(body), bytes.subarray(EXPIRY_BYTES + NONCE_BYTES))) return 'invalid';
    const expires = body.readUIntBE(0, EXPIRY_BYTES);
    if (expires <= now()) return 'expired';
    prune();
    return used.has(challenge) ? 'used' : 'ok';
  };

  return {
    issue: () => {
      const body = Buffer.alloc(EXPIRY_BYTES + NONCE_BYTES);
      body.writeUIntBE(Math.min(now() + options.ttlMs, 2 ** 48 - 1), 0, EXPIRY_BYTES);
      random().copy(body, EXPIRY_BYTES, 0, NONCE_BYTES);
      return { challenge: `0x${Buffer.concat([body, mac(body)]).toString('hex')}`, expiresInSeconds: Math.max(1, Math.floor(options.ttlMs / 1000)) };
    },
    check,
    consume: (challenge) => {
      const verdict = check(challenge);
      if (verdict !== 'ok') return verdict;
      if (used.size >= usedCap) return 'full';
      used.set(challenge, Buffer.from(challenge.slice(2, 2 + EXPIRY_BYTES * 2), 'hex').readUIntBE(0, EXPIRY_BYTES));
      return 'ok';
    },
    size: () => {
      prune();
      return used.size;
    },
  };
}
