import { randomBytes } from 'node:crypto';

export interface ChallengeStoreOptions {
  readonly ttlMs: number;
  /** Most outstanding challenges kept; the oldest is dropped beyond it. */
  readonly cap?: number;
  readonly now?: () => number;
  readonly random?: () => string;
}

export interface ChallengeStore {
  issue(): { challenge: string; expiresInSeconds: number };
  /** True once for a challenge issued and not yet expired; it is used up either way. */
  consume(challenge: string): boolean;
  readonly size: () => number;
}

/** Single-use, expiring registration challenges, bounded in number (no timers: expiry is checked on use). */
export function createChallengeStore(options: ChallengeStoreOptions): ChallengeStore {
  const cap = options.cap ?? 1024;
  const now = options.now ?? Date.now;
  const random = options.random ?? (() => `0x${randomBytes(32).toString('hex')}`);
  const outstanding = new Map<string, number>();

  const prune = (): void => {
    const t = now();
    for (const [challenge, expires] of outstanding) if (expires <= t) outstanding.delete(challenge);
    while (outstanding.size >= cap) {
      const oldest = outstanding.keys().next();
      if (oldest.done === true) break;
      outstanding.delete(oldest.value);
    }
  };

  return {
    issue: () => {
      prune();
      const challenge = random();
      outstanding.set(challenge, now() + options.ttlMs);
      return { challenge, expiresInSeconds: Math.max(1, Math.floor(options.ttlMs / 1000)) };
    },
    consume: (challenge) => {
      const expires = outstanding.get(challenge);
      outstanding.delete(challenge);
      return expires !== undefined && expires > now();
    },
    size: () => outstanding.size,
  };
}
