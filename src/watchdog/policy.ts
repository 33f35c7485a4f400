import type { Decision, Evidence, Observation, WatchdogMemory, WatchdogSettings } from './types.js';

/**
 * A window counts as elapsed this close to its end. The observer reads at a fixed rate, so the
 * reading that closes a window lands on its boundary, and timers fire a few ms early or late
 * against the wall clock: without slack, half of those readings missed the boundary by a ms and
 * the decision waited one more poll interval (the recovery bench saw +250 ms).
 */
export const WINDOW_SLACK_MS = 10;
const elapsed = (ms: number, windowMs: number): boolean => ms + WINDOW_SLACK_MS >= windowMs;

/** Clique seals only while floor(N/2)+1 signers take turns. */
export const cliqueQuorum = (signers: number): number => Math.floor(signers / 2) + 1;

/**
 * Whether `address` signed one of the last floor(N/2) blocks before the snapshot's head + 1:
 * clique then refuses its signature for the next block ("signed recently, must wait for others").
 */
export function signedRecently(snapshot: { readonly number: number; readonly signers: readonly string[]; readonly recents: ReadonlyMap<number, string> }, address: string): boolean {
  const next = snapshot.number + 1;
  const limit = cliqueQuorum(snapshot.signers.length);
  const me = address.toLowerCase();
  return [...snapshot.recents].some(([n, signer]) => signer === me && n > next - limit);
}

/**
 * Why the network, as far as this node can tell, cannot seal the next block (evidence), or
 * undefined when a restart of this node might help. Either fewer signers can be reachable than
 * clique needs (this node if a signer, plus each peer at most), or the next block has to come
 * from other signers (this node is no signer, or signed recently) and none of the peers has a
 * newer block (geth would be syncing it): the signers that may seal are not reachable from here.
 * A sealer that may seal the next block and does not is this node's own problem.
 */
export function sealingBlocked(obs: Observation): Evidence | undefined {
  const signers = obs.signerCount;
  if (signers === undefined || signers === 0) return undefined;
  const quorum = cliqueQuorum(signers);
  const self = obs.isSigner === true ? 1 : 0;
  const peers = obs.peers ?? 0;
  const reachableSigners = Math.min(signers, self + peers);
  if (reachableSigners < quorum) return { signers, quorum, reachableSigners, peers };
  const waitsForOthers = self === 0 || obs.signedRecently === true;
  if (waitsForOthers && obs.behind !== true && peers > 0) return { signers, quorum, reachableSigners, peers, waitsForOthers, signedRecently: obs.signedRecently };
  return undefined;
}

/**
 * The watchdog's decision for one observation: pure, so every threshold, the re-dial before
 * restart ordering and the rate limit are unit-tested with tables. Order of concern: a hung RPC
 * first (nothing else is known then), then peer decay, then a stalled head.
 */
export function decide(settings: WatchdogSettings, memory: WatchdogMemory, obs: Observation): { decision: Decision; memory: WatchdogMemory } {
  const tracked = track(settings, memory, obs);
  const inGrace = obs.now - obs.startedAt < settings.graceMs;
  if (inGrace) return { decision: { action: 'ok' }, memory: tracked };

  // A new process's silence counts from its start, not from the previous process's last answer.
  const sinceRpc = obs.now - Math.max(obs.rpcOkAt ?? obs.startedAt, obs.startedAt);
  if (elapsed(sinceRpc, settings.hungMs)) {
    return restart(settings, tracked, obs, 'rpc_hung', { silentMs: sinceRpc, hungMs: settings.hungMs });
  }

  if (tracked.peersLowSince !== undefined) {
    const lowFor = obs.now - tracked.peersLowSince;
    const evidence = { peers: obs.peers, minPeers: settings.minPeers, lowForMs: lowFor, windowMs: settings.peerDecayMs };
    if (tracked.redialAt === undefined) {
      if (elapsed(lowFor, settings.peerDecayMs)) {
        return { decision: { action: 'redial', evidence }, memory: { ...tracked, redialAt: obs.now } };
      }
    } else if (elapsed(obs.now - tracked.redialAt, settings.peerDecayMs)) {
      return restart(settings, tracked, obs, 'peer_decay', { ...evidence, sinceRedialMs: obs.now - tracked.redialAt });
    }
  }

  if (settings.stallMs > 0 && tracked.chainHead !== undefined) {
    // The chain's stall counts across restarts of this node (they do not move the head); the
    // restart below gives each new process a full window of its own.
    const stalledFor = obs.now - tracked.chainHead.since;
    const evidence: Evidence = { head: obs.head, stalledForMs: stalledFor, stallMs: settings.stallMs, peers: obs.peers };
    const blocked = elapsed(stalledFor, settings.stallMs) ? sealingBlocked(obs) : undefined;
    if (blocked !== undefined) {
      // No restart can help: reported once; it stands until the head moves (across restarts).
      const condition = 'too_few_signers' as const;
      return tracked.condition !== undefined
        ? { decision: { action: 'ok' }, memory: tracked }
        : { decision: { action: 'report', condition, evidence: { ...evidence, ...blocked } }, memory: { ...tracked, condition: { kind: condition, head: tracked.chainHead.head } } };
    }
    // Without peers the stall is the peer decay's to handle.
    if (tracked.headSince !== undefined && elapsed(obs.now - tracked.headSince, settings.stallMs) && (obs.peers ?? 0) > 0) {
      return restart(settings, tracked, obs, 'stalled_head', { ...evidence, stalledForMs: obs.now - tracked.headSince });
    }
  }
  return { decision: { action: 'ok' }, memory: tracked.reported === undefined ? tracked : { ...tracked, reported: undefined } };
}

/** Updates what the watchdog remembers from one observation (peers episode, head progress). */
function track(settings: WatchdogSettings, memory: WatchdogMemory, obs: Observation): WatchdogMemory {
  const peersLow = obs.peers !== undefined && obs.peers < settings.minPeers;
  const peersLowSince = peersLow ? (memory.peersLowSince ?? Math.max(obs.now, obs.startedAt)) : undefined;
  const headMoved = obs.head !== undefined && obs.head !== memory.lastHead;
  const chainHead = obs.head === undefined || memory.chainHead?.head === obs.head ? memory.chainHead : { head: obs.head, since: obs.now };
  // A network condition ends when the chain moves on past the head it was reported at.
  const conditionEnded = memory.condition !== undefined && obs.head !== undefined && obs.head > memory.condition.head;
  return {
    ...memory,
    chainHead,
    condition: conditionEnded ? undefined : memory.condition,
    peersLowSince,
    redialAt: peersLow ? memory.redialAt : undefined,
    lastHead: obs.head ?? memory.lastHead,
    headSince: headMoved || memory.headSince === undefined ? (obs.head === undefined ? undefined : obs.now) : memory.headSince,
    restarts: memory.restarts.filter((t) => obs.now - t < settings.restartWindowMs),
  };
}

function restart(
  settings: WatchdogSettings,
  memory: WatchdogMemory,
  obs: Observation,
  reason: 'peer_decay' | 'stalled_head' | 'rpc_hung',
  evidence: Evidence,
): { decision: Decision; memory: WatchdogMemory } {
  if (memory.restarts.length >= settings.maxRestarts) {
    const fresh = memory.reported !== `suppressed:${reason}`;
    return {
      decision: fresh
        ? { action: 'suppressed', reason, evidence: { ...evidence, restartsInWindow: memory.restarts.length, maxRestarts: settings.maxRestarts } }
        : { action: 'ok' },
      memory: { ...memory, reported: `suppressed:${reason}` },
    };
  }
  // A restart starts a new process: the episode memory starts over (the rate limit does not).
  return {
    decision: { action: 'restart', reason, evidence },
    memory: { ...memory, peersLowSince: undefined, redialAt: undefined, headSince: undefined, lastHead: undefined, reported: undefined, restarts: [...memory.restarts, obs.now] },
  };
}

/**
 * Whether the watchdog is holding a restart back now (for health and metrics): it decided one,
 * the rate limit refused it, and the reason still stands. Having used up the window's restarts
 * is not enough: a node that recovered after its last allowed restart is ready.
 */
export const restartHeldBack = (memory: WatchdogMemory): boolean => memory.reported?.startsWith('suppressed:') === true;
