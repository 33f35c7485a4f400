import { writeFileAtomic } from '../fs/atomic-write.js';
import { readIfExists } from '../fs/read-if-exists.js';
import type { Logger } from '../log.js';
import { parseEnode } from '../config/vars/supervise.js';
import type { PeerLinks } from './readings.js';

/** Most peers remembered; the most recently seen first. */
const MAX_KNOWN_PEERS = 32;

const idOf = (enode: string): string => enode.slice('enode://'.length, 'enode://'.length + 128).toLowerCase();

/**
 * The peers as remembered: `seen` (most recent first) merged in front of `known`, one entry per
 * node id (a peer seen at a new address replaces its old one), at most `max`. Pure.
 */
export function mergeKnownPeers(known: readonly string[], seen: readonly string[], max = MAX_KNOWN_PEERS): string[] {
  const out = new Map<string, string>();
  for (const enode of [...seen, ...known]) if (!out.has(idOf(enode))) out.set(idOf(enode), enode);
  return [...out.values()].slice(0, max);
}

/**
 * A remembered peer that now dialled in from another address moved there: its entry keeps its
 * port (where it listens) and takes the new IP. Pure.
 */
export function movedPeers(known: readonly string[], inbound: ReadonlyArray<{ readonly key: string; readonly ip: string }>): string[] {
  return inbound.flatMap(({ key, ip }) => {
    const entry = known.find((e) => idOf(e) === key);
    const match = entry === undefined ? null : /^(enode:\/\/[0-9a-fA-F]{128}@)(\[[^\]]+\]|[^:]+)(:.*)$/.exec(entry);
    if (match === null) return [];
    const host = ip.includes(':') ? `[${ip}]` : ip;
    return match[2] === host ? [] : [`${match[1] as string}${host}${match[3] as string}`];
  });
}

/** The remembered peers of a file's text (`{"peers": [...]}`); anything invalid is dropped. Pure. */
export function parseKnownPeers(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const peers = (parsed as { peers?: unknown } | null)?.peers;
  return Array.isArray(peers) ? mergeKnownPeers([], peers.filter((p): p is string => typeof p === 'string' && parseEnode(p).ok)) : [];
}

export interface KnownPeers {
  /** Reads the file kept by a previous run (once; a missing or broken file is an empty list). */
  load(): Promise<void>;
  /** The peers as geth lists them now: the ones it dialled out to remembered in front; a remembered one that dialled in from a new address moved there. */
  record(links: PeerLinks): void;
  list(): readonly string[];
  /** Waits for a write in flight. */
  flush(): Promise<void>;
}

/**
 * The peers this node last dialled out to (their enodes are addresses they listen at; an inbound
 * peer's carries its ephemeral source port, so one only seen dialling in is kept at this node's own
 * P2P port), kept in `<datadir>/agent/peers.json` across restarts, and moved to the new IP of one
 * that dials in from there.
 * The watchdog's re-dial hands them to geth with the boot nodes: a node that comes back at a new
 * address reaches its old peers over TCP even when discovery cannot find them (a discovery-only
 * boot node that moved knows nobody; the peers' endpoint proofs are for the old address).
 */
export function createKnownPeers(options: { file: string; logger: Logger; listenPort: number }): KnownPeers {
  let peers: string[] = [];
  let writing: Promise<void> | undefined;
  let pending = false;
  const write = (): void => {
    pending = true;
    writing ??= (async () => {
      while (pending) {
        pending = false;
        await writeFileAtomic(options.file, `${JSON.stringify({ peers })}\n`, { mode: 0o600 }).catch((error: unknown) => options.logger.warn({ err: error }, 'cannot keep the known peers'));
      }
      writing = undefined;
    })();
  };
  return {
    async load() {
      const text = await readIfExists(options.file).catch(() => undefined);
      peers = mergeKnownPeers(peers, text === undefined ? [] : parseKnownPeers(text.toString('utf8')));
    },
    record(links) {
      const confirmed = mergeKnownPeers(peers, [...links.outbound, ...movedPeers(peers, links.inbound)].filter((p) => parseEnode(p).ok));
      // A peer only ever seen dialling in: where it listens is unknown; the network's nodes use one
      // P2P port (as the reference deployment does), so this node's own port is the best guess.
      const guessed = links.inbound.filter(({ key }) => !confirmed.some((e) => idOf(e) === key)).map(({ key, ip }) => `enode://${key}@${ip.includes(':') ? `[${ip}]` : ip}:${options.listenPort}`);
      const next = [...confirmed, ...guessed].slice(0, MAX_KNOWN_PEERS);
      if (next.join() === peers.join()) return;
      peers = next;
      write();
    },
    list: () => peers,
    flush: async () => {
      await writing;
    },
  };
}
