import { isIP } from 'node:net';

export type EnodeCheck = { readonly ok: true; readonly id: string; readonly enode: string } | { readonly ok: false; readonly problem: string };

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
  return { ok: true, id, enode: `enode://${id}@${match[2]}:${match[3]}${match[4] ?? ''}` };
}

/** One directory entry as it is kept on disk (`seen`: ms since the epoch of the last publication). */
export interface BootnodeEntry {
  readonly id: string;
  readonly enode: string;
  readonly seen: number;
}

export interface BootnodeDirectoryOptions {
  readonly ttlMs: number;
  readonly cap?: number;
  readonly now?: () => number;
  /** Entries kept from before a restart (untrusted file content: invalid ones are dropped). */
  readonly restore?: unknown;
  /** Called after each publication with the live entries (the shell persists them). */
  readonly onChange?: (entries: readonly BootnodeEntry[]) => void;
}

export interface BootnodeDirectory {
  /** Records (or refreshes) a boot node; a new address for a known node id replaces the old one. */
  publish(entry: { id: string; enode: string }): void;
  /** Enodes published within the TTL, most recent first. */
  live(): string[];
}

/** The valid entries of a persisted directory, oldest first; anything else is dropped (never throws). */
export function restoredEntries(raw: unknown): BootnodeEntry[] {
  if (!Array.isArray(raw)) return [];
  const entries: BootnodeEntry[] = [];
  for (const item of raw.slice(0, 1024)) {
    if (typeof item !== 'object' || item === null) continue;
    const { enode, seen } = item as { enode?: unknown; seen?: unknown };
    const checked = parseEnode(enode);
    if (!checked.ok || typeof seen !== 'number' || !Number.isFinite(seen)) continue;
    entries.push({ id: checked.id, enode: checked.enode, seen });
  }
  return entries.sort((a, b) => a.seen - b.seen);
}

/**
 * Directory of boot nodes keyed by node id (boot agents republish every ttl/3). It starts from the
 * entries kept before a restart, so a restarted genesis server lists the boot nodes at once
 * instead of an empty list until each boot agent publishes again.
 */
export function createBootnodeDirectory(options: BootnodeDirectoryOptions): BootnodeDirectory {
  const cap = options.cap ?? 256;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { enode: string; seen: number }>();
  for (const entry of restoredEntries(options.restore)) {
    entries.delete(entry.id);
    entries.set(entry.id, { enode: entry.enode, seen: Math.min(entry.seen, now()) });
  }
  const prune = (): void => {
    const oldest = now() - options.ttlMs;
    for (const [id, entry] of entries) if (entry.seen <= oldest) entries.delete(id);
  };
  return {
    publish: ({ id, enode }) => {
      prune();
      entries.delete(id);
      entries.set(id, { enode, seen: now() });
      while (entries.size > cap) {
        const first = entries.keys().next();
        if (first.done === true) break;
        entries.delete(first.value);
      }
      options.onChange?.([...entries].map(([entryId, e]) => ({ id: entryId, enode: e.enode, seen: e.seen })));
    },
    live: () => {
      prune();
      return [...entries.values()].reverse().map((e) => e.enode);
    },
  };
}
