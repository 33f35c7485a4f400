import type { CollectorLimit } from '../../metrics/limits.js';
/**
 * The collector's limits: what an unauthenticated peer may cost before its `hello` is accepted,
 * and how much state logged-in reporters may make it keep.
 */
export interface CollectorLimits {
  /** Bytes a connection may send before its hello is accepted (framing included). Default 8 KiB. */
  readonly loginMaxBytes: number;
  /** Connections at once between upgrade and accepted hello. Default 64. */
  readonly maxLogins: number;
  /** The same, per source address. Default 8. */
  readonly maxLoginsPerAddress: number;
  /** Node records kept (connected or not). Default 500. */
  readonly maxNodes: number;
  /** A disconnected node's record is forgotten this long after it was last seen. Default 1 h. */
  readonly nodeTtlMs: number;
  /** Sustained read rate per logged-in reporter, bytes per second (bursts up to the frame limit). Default 256 KiB. */
  readonly bytesPerSecond: number;
}

export const defaultCollectorLimits: CollectorLimits = Object.freeze({
  // geth's hello is under 1 KiB; the decoder accepts info strings up to 512 characters each.
  loginMaxBytes: 8 * 1024,
  maxLogins: 64,
  maxLoginsPerAddress: 8,
  maxNodes: 500,
  nodeTtlMs: 3_600_000,
  // A busy chain (30M gas of transfers per 1 s block: ~110 KB of block reports a second) is
  // under it; parsing allocates several times what is read, so this bounds the churn.
  bytesPerSecond: 256 * 1024,
});

/**
 * The `limit` label of `geth_agent_limit_refusals_total` for each refusal the collector makes:
 * the names declared (and documented) in src/metrics/limits.ts, so each starts at 0.
 */
export type { CollectorLimit } from '../../metrics/limits.js';

/**
 * Accounting of the connections that have not logged in yet, in total and per address. Taking a
 * slot names the limit that refuses it, if any; a taken slot is released exactly once (at login
 * or close), whichever comes first.
 */
export interface LoginSlots {
  /** Takes a slot for `address`; the refusing limit when none is free. */
  take(address: string): { readonly ok: true; readonly release: () => void } | { readonly ok: false; readonly limit: CollectorLimit };
  /** Slots taken now (total). */
  size(): number;
}

export function createLoginSlots(limits: Pick<CollectorLimits, 'maxLogins' | 'maxLoginsPerAddress'>): LoginSlots {
  const perAddress = new Map<string, number>();
  let total = 0;
  return {
    take(address) {
      const mine = perAddress.get(address) ?? 0;
      if (total >= limits.maxLogins) return { ok: false, limit: 'collector_connections' };
      if (mine >= limits.maxLoginsPerAddress) return { ok: false, limit: 'collector_connections_per_address' };
      total += 1;
      perAddress.set(address, mine + 1);
      let released = false;
      return {
        ok: true,
        release: () => {
          if (released) return;
          released = true;
          total -= 1;
          const left = (perAddress.get(address) ?? 1) - 1;
          // Addresses without a slot are dropped, so the map is bounded by maxLogins.
          if (left <= 0) perAddress.delete(address);
          else perAddress.set(address, left);
        },
      };
    },
    size: () => total,
  };
}

/** The address key for per-address accounting: IPv4-mapped IPv6 (`::ffff:a.b.c.d`) as IPv4. */
export const addressKey = (remote: string | undefined): string => (remote ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
