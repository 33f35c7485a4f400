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

export interface BootnodeDirectoryOptions {
  readonly ttlMs: number;
  readonly cap?: number;
  readonly now?: () => number;
}

export interface BootnodeDirectory {
  /** Records (or refreshes) a boot node; a new address for a known node id replaces the old one. */
  publish(entry: { id: string; enode: string }): void;
  /** Enodes published within the TTL, most recent first. */
  live(): string[];
}

/** In-memory directory of boot nodes keyed by node id (boot agents republish every ttl/3). */
export function createBootnodeDirectory(options: BootnodeDirectoryOptions): BootnodeDirectory {
  const cap = options.cap ?? 256;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { enode: string; seen: number }>();
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
    },
    live: () => {
      prune();
      return [...entries.values()].reverse().map((e) => e.enode);
    },
  };
}
