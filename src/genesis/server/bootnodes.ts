import { isIP } from 'node:net';

export type EnodeCheck = { readonly ok: true; readonly id: string; readonly enode: string; readonly host: string } | { readonly ok: false; readonly problem: string };

const ENODE = /^enode:\/\/([0-9a-fA-F]{128})@([^:/?#@\s]+|\[[0-9a-fA-F:.]+\]):([0-9]{1,5})(\?discport=([0-9]{1,5}))?$/;
const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Validates `enode://<128 hex>@host:port[?discport=N]` (untrusted). Never throws. */
export function parseEnode(raw: unknown): EnodeCheck {
  if (typeof raw !== 'string' || raw.length > 400) return { ok: false, problem: 'enode must be a string' };
  const match = ENODE.exec(raw);
  if (match === null) return { ok: false, problem: 'expected enode://<128 hex node id>@host:port[?discport=N]' };
  const host = (match[2] as string).replace(/^\[|\]$/g, '');
  if (isIP(host) === 0 && !HOSTNAME.test(host)) return { ok: false, problem: `invalid host ${JSON.stringify(host)}` };
  const ports = [Number(match[3]), ...(match[5] === undefined ? [] : [Number(match[5])])];
  if (ports.some((p) => p > 65535)) return { ok: false, problem: 'port out of range' };
  const id = (match[1] as string).toLowerCase();
  return { ok: true, id, host, enode: `enode://${id}@${match[2]}:${match[3]}${match[4] ?? ''}` };
}

/** One directory entry as it is kept on disk (times in ms since the epoch). */
export interface BootnodeEntry {
  readonly id: string;
  readonly enode: string;
  /** Last accepted publication (the entry expires a TTL after it). */
  readonly seen: number;
  /** First publication of this id (entries are listed longest-standing first). */
  readonly since: number;
  /** The signed timestamp (ms) of the accepted publication: an older one is a replay. */
  readonly signedAt: number;
}

export interface BootnodeDirectoryOptions {
  readonly ttlMs: number;
  /** Most ids kept; a new id beyond it is refused (a live entry is never evicted to make room). */
  readonly cap?: number;
  readonly now?: () => number;
  /** Entries kept from before a restart (untrusted file content: invalid ones are dropped). */
  readonly restore?: unknown;
  /** Whether a restored enode is still acceptable (the address rules may have changed). */
  readonly acceptRestored?: (enode: EnodeCheck & { ok: true }) => boolean;
  /** Called after each accepted publication with the live entries (the shell persists them). */
  readonly onChange?: (entries: readonly BootnodeEntry[]) => void;
}

export type PublishResult =
  | { readonly status: 'added' | 'refreshed' | 'moved' }
  /** The id has an accepted publication signed later than this one (a replay, or an old message). */
  | { readonly status: 'stale'; readonly signedAt: number }
  /** The directory holds `cap` live ids: new ids wait until one expires. */
  | { readonly status: 'full'; readonly cap: number; readonly retryAfterMs: number };

export interface BootnodeDirectory {
  /**
   * Records (or refreshes) a boot node whose publication was verified; a newer publication of a
   * known id may move it. Never evicts another live entry.
   */
  publish(entry: { id: string; enode: string; signedAt: number }): PublishResult;
  /** Enodes published within the TTL, longest-standing first. */
  live(): string[];
  readonly size: () => number;
}

/** The valid entries of a persisted directory, oldest first; anything else is dropped (never throws). */
export function restoredEntries(raw: unknown): BootnodeEntry[] {
  if (!Array.isArray(raw)) return [];
  const entries: BootnodeEntry[] = [];
  const time = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
  for (const item of raw.slice(0, 4096)) {
    if (typeof item !== 'object' || item === null) continue;
    const { enode, seen, since, signedAt } = item as { enode?: unknown; seen?: unknown; since?: unknown; signedAt?: unknown };
    const checked = parseEnode(enode);
    if (!checked.ok || typeof seen !== 'number' || !Number.isFinite(seen)) continue;
    entries.push({ id: checked.id, enode: checked.enode, seen, since: time(since, seen), signedAt: time(signedAt, 0) });
  }
  return entries.sort((a, b) => a.seen - b.seen);
}

/**
 * Directory of boot nodes keyed by node id (boot agents republish every ttl/3). It starts from the
 * entries kept before a restart, so a restarted genesis server lists the boot nodes at once
 * instead of an empty list until each boot agent publishes again. Bounded by `cap` ids: when full,
 * new ids are refused until an entry expires, so a flood of new ids cannot push out the boot
 * nodes the network runs on (each keeps refreshing its own entry).
 */
export function createBootnodeDirectory(options: BootnodeDirectoryOptions): BootnodeDirectory {
  const cap = options.cap ?? 256;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Omit<BootnodeEntry, 'id'>>();
  for (const entry of restoredEntries(options.restore)) {
    const checked = parseEnode(entry.enode);
    if (checked.ok && options.acceptRestored !== undefined && !options.acceptRestored(checked)) continue;
    entries.delete(entry.id);
    entries.set(entry.id, { enode: entry.enode, seen: Math.min(entry.seen, now()), since: Math.min(entry.since, now()), signedAt: entry.signedAt });
  }
  // A cap lowered since the file was written keeps the most recently seen entries.
  for (const id of [...entries.keys()].slice(0, Math.max(0, entries.size - cap))) entries.delete(id);

  const prune = (): void => {
    const oldest = now() - options.ttlMs;
    for (const [id, entry] of entries) if (entry.seen <= oldest) entries.delete(id);
  };
  const snapshot = (): BootnodeEntry[] => [...entries].map(([id, e]) => ({ id, ...e }));
  const byAge = (): Array<Omit<BootnodeEntry, 'id'>> => [...entries.values()].sort((a, b) => a.since - b.since);

  return {
    publish: ({ id, enode, signedAt }) => {
      prune();
      const known = entries.get(id);
      if (known !== undefined && (signedAt < known.signedAt || (signedAt === known.signedAt && enode !== known.enode))) {
        return { status: 'stale', signedAt: known.signedAt };
      }
      if (known === undefined && entries.size >= cap) {
        const firstExpiry = Math.min(...[...entries.values()].map((e) => e.seen)) + options.ttlMs;
        return { status: 'full', cap, retryAfterMs: Math.max(0, firstExpiry - now()) };
      }
      const t = now();
      // Re-inserted last: the Map stays in order of last publication (what the file keeps).
      entries.delete(id);
      entries.set(id, { enode, seen: t, since: known?.since ?? t, signedAt });
      options.onChange?.(snapshot());
      return { status: known === undefined ? 'added' : known.enode === enode ? 'refreshed' : 'moved' };
    },
    live: () => {
      prune();
      return byAge().map((e) => e.enode);
    },
    size: () => {
      prune();
      return entries.size;
    },
  };
}
