import { ECDH } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Config } from '../config/table.js';
import { createAddressPolicy } from '../directory/address-policy.js';

/** Resolves a host name to one IP address (IPv4 preferred); an IP is returned as is. */
export type ResolveHost = (host: string) => Promise<string>;

export const dnsResolveHost: ResolveHost = async (host) => (isIP(host) !== 0 ? host : (await lookup(host, { family: 0, order: 'ipv4first' })).address);

const enodePattern = /^(enode:\/\/[0-9a-fA-F]{128}@)(\[[^\]]+\]|[^:/?]+)(:\d+(?:\?discport=\d+)?)$/;

/**
 * Whether an enode's id is a secp256k1 public key: geth 1.13 refuses to start at all ("Bootstrap
 * URL invalid") when one boot node's id is not, so one such entry in a directory would keep every
 * node's geth from starting.
 */
export function isNodeId(id: string): boolean {
  try {
    ECDH.convertKey(`04${id}`, 'secp256k1', 'hex', 'hex', 'compressed');
    return true;
  } catch {
    return false;
  }
}

const splitEnode = (enode: string): { head: string; host: string; tail: string } | undefined => {
  const match = enodePattern.exec(enode);
  if (match === null) return undefined;
  return { head: match[1] as string, host: (match[2] as string).replace(/^\[|\]$/g, ''), tail: match[3] as string };
};

/**
 * The enode with its host replaced by an IP: geth 1.13 resolves names once and treats an
 * unresolvable boot node as fatal, so names are resolved before every start.
 */
const withHost = (parts: { head: string; tail: string }, ip: string): string => `${parts.head}${ip.includes(':') ? `[${ip}]` : ip}${parts.tail}`;

/** How much resolution one start (or one re-dial) may cost. */
export interface ResolutionBounds {
  /** All names of one call resolved within this (ms); the rest are dropped. */
  readonly deadlineMs: number;
  /** One name (ms). */
  readonly nameTimeoutMs: number;
  /** Most distinct names resolved per call. */
  readonly maxNames: number;
  /** Most enodes kept from the genesis server's list (GETH_AGENT_BOOTNODES_MAX). */
  readonly maxNodes: number;
  /**
   * Most lookups in flight, counting ones given up on but not yet returned: dns.lookup runs on
   * libuv's 4-thread pool, shared with file I/O, and a timed-out getaddrinfo keeps its thread.
   */
  readonly concurrency?: number;
  /** When set, a resolved address outside these CIDR networks is dropped (geth would refuse it). */
  readonly netrestrict?: readonly string[] | undefined;
}

/** The bounds the configuration sets. */
export function resolutionBounds(config: Pick<Config, 'resolveDeadlineSeconds' | 'resolveTimeoutSeconds' | 'resolveMaxNames' | 'bootnodesMax' | 'netrestrict'>): ResolutionBounds {
  return {
    deadlineMs: config.resolveDeadlineSeconds * 1000,
    nameTimeoutMs: config.resolveTimeoutSeconds * 1000,
    maxNames: config.resolveMaxNames,
    maxNodes: config.bootnodesMax,
    netrestrict: config.netrestrict,
  };
}

export interface DroppedEnode {
  readonly enode: string;
  /** What kind of drop (for counting): see resolveLists. */
  readonly kind: 'malformed' | 'max_nodes' | 'max_names' | 'unresolved' | 'address' | 'duplicate';
  readonly reason: string;
}

export interface Resolved {
  readonly kept: string[];
  readonly dropped: DroppedEnode[];
}

type Outcome = { readonly ip: string } | { readonly error: string };

/**
 * Resolves the enodes' names within `bounds`, for several lists at once (before a start: the
 * configured boot nodes, static and trusted nodes, and the genesis server's boot nodes): one set
 * of lookups, one deadline and one name cap for all of them, counted in key order (so the
 * operator's own lists come first), and a node cap per list. Each list keeps at most `maxNodes`
 * enodes, in its order. Dropped, each with its reason: malformed enodes and ids that are not
 * public keys, names beyond `maxNames`, names that fail or do not answer in time, addresses no
 * boot node can be at (unspecified, link-local, multicast, reserved) or outside `netrestrict`,
 * duplicates, and what exceeds `maxNodes`. Never throws; never waits longer than `deadlineMs`.
 */
export async function resolveLists<K extends string>(
  lists: Record<K, { readonly enodes: readonly string[]; readonly maxNodes: number }>,
  resolveHost: ResolveHost,
  bounds: ResolutionBounds,
): Promise<Record<K, Resolved>> {
  const policy = createAddressPolicy({ allowLoopback: true, netrestrict: bounds.netrestrict });
  const names = new Set<string>();
  const keys = Object.keys(lists) as K[];
  const plans = keys.map((key) => {
    const { enodes, maxNodes } = lists[key];
    const dropped: DroppedEnode[] = [];
    const chosen: Array<{ enode: string; parts: { head: string; host: string; tail: string } }> = [];
    for (const enode of new Set(enodes)) {
      const parts = splitEnode(enode);
      // An IP literal is judged now, so one that would be refused takes no place in the cap.
      const refused = parts === undefined || isIP(parts.host) === 0 ? undefined : policy.check(parts.host);
      if (parts === undefined) {
        dropped.push({ enode: enode.slice(0, 200), kind: 'malformed', reason: 'not an enode URL' });
      } else if (!isNodeId(parts.head.slice(8, 136))) {
        dropped.push({ enode, kind: 'malformed', reason: 'the node id is not a secp256k1 public key (geth would refuse to start)' });
      } else if (refused !== undefined) {
        dropped.push({ enode, kind: 'address', reason: refused.problem });
      } else if (chosen.length >= maxNodes) {
        dropped.push({ enode, kind: 'max_nodes', reason: `more than ${maxNodes} boot nodes from the genesis server (GETH_AGENT_BOOTNODES_MAX)` });
      } else if (isIP(parts.host) === 0 && !names.has(parts.host) && names.size >= bounds.maxNames) {
        dropped.push({ enode, kind: 'max_names', reason: `more than ${bounds.maxNames} names to resolve (GETH_AGENT_RESOLVE_MAX_NAMES)` });
      } else {
        if (isIP(parts.host) === 0) names.add(parts.host);
        chosen.push({ enode, parts });
      }
    }
    return { key, dropped, chosen };
  });
  const outcomes = names.size === 0 ? new Map<string, Outcome>() : await resolveNames([...names], resolveHost, bounds);
  const result = {} as Record<K, Resolved>;
  for (const { key, dropped, chosen } of plans) {
    const kept = new Set<string>();
    for (const { enode, parts } of chosen) {
      const outcome: Outcome = isIP(parts.host) !== 0 ? { ip: parts.host } : (outcomes.get(parts.host) ?? { error: 'not resolved' });
      if ('error' in outcome) {
        dropped.push({ enode, kind: 'unresolved', reason: `${parts.host}: ${outcome.error}` });
        continue;
      }
      const refused = isIP(outcome.ip) === 0 ? { problem: `${parts.host} resolved to ${JSON.stringify(outcome.ip.slice(0, 60))}, not an IP` } : policy.check(outcome.ip);
      const resolved = withHost(parts, outcome.ip);
      if (refused !== undefined) dropped.push({ enode, kind: 'address', reason: refused.problem });
      else if (kept.has(resolved)) dropped.push({ enode, kind: 'duplicate', reason: `same as ${resolved}` });
      else kept.add(resolved);
    }
    result[key] = { kept: [...kept], dropped };
  }
  return result;
}

/**
 * Each name's outcome, resolving at most `concurrency` at once (a slot frees only when the lookup
 * itself returns), each given `nameTimeoutMs`, all given `deadlineMs`.
 */
function resolveNames(hosts: readonly string[], resolveHost: ResolveHost, bounds: ResolutionBounds): Promise<Map<string, Outcome>> {
  const concurrency = Math.max(1, bounds.concurrency ?? 2);
  const outcomes = new Map<string, Outcome>();
  const queue = [...hosts];
  let inFlight = 0;
  let done = false;
  return new Promise((resolve) => {
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      for (const host of hosts) if (!outcomes.has(host)) outcomes.set(host, { error: `not resolved within the ${bounds.deadlineMs} ms resolution deadline (GETH_AGENT_RESOLVE_DEADLINE_SECONDS)` });
      resolve(outcomes);
    };
    const deadline = setTimeout(finish, bounds.deadlineMs);
    const settle = (host: string, outcome: Outcome): void => {
      if (!outcomes.has(host)) outcomes.set(host, outcome);
      if (outcomes.size === hosts.length) finish();
    };
    const pump = (): void => {
      while (!done && inFlight < concurrency && queue.length > 0) {
        const host = queue.shift() as string;
        inFlight += 1;
        const timer = setTimeout(() => settle(host, { error: `no answer within ${bounds.nameTimeoutMs} ms (GETH_AGENT_RESOLVE_TIMEOUT_SECONDS)` }), bounds.nameTimeoutMs);
        void resolveHost(host)
          .then(
            (ip): Outcome => ({ ip }),
            (error: unknown): Outcome => ({ error: `does not resolve (${(error as NodeJS.ErrnoException | undefined)?.code ?? String(error).slice(0, 100)})` }),
          )
          .then((outcome) => {
            clearTimeout(timer);
            inFlight -= 1;
            settle(host, outcome);
            pump();
          });
      }
    };
    pump();
  });
}

/**
 * The fields of one warning for what a call dropped: how many, by kind, and the first few by
 * name with their reason (one line, however long the list a server sent).
 */
export function droppedSummary(dropped: readonly DroppedEnode[], shown = 10): { dropped: number; kinds: Record<string, number>; first: string[] } {
  const kinds: Record<string, number> = {};
  for (const { kind } of dropped) kinds[kind] = (kinds[kind] ?? 0) + 1;
  return { dropped: dropped.length, kinds, first: dropped.slice(0, shown).map((d) => `${d.enode.slice(0, 200)} (${d.reason})`) };
}

/**
 * A resolver that remembers the last address each name resolved to and answers with it when the
 * name does not resolve now (reported through `onStale`). For this node's own advertised name:
 * a node cut off from its DNS (a partition, a DNS outage) must still be able to restart geth,
 * advertising where it was last, rather than not start geth at all. A name that never resolved
 * still fails.
 */
export function lastGoodResolver(resolveHost: ResolveHost, onStale: (host: string, ip: string, error: unknown) => void): ResolveHost {
  const last = new Map<string, string>();
  return async (host) => {
    try {
      const ip = await resolveHost(host);
      last.set(host, ip);
      return ip;
    } catch (error) {
      const ip = last.get(host);
      if (ip === undefined) throw error;
      onStale(host, ip, error);
      return ip;
    }
  };
}
