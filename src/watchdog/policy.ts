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

  if (settings.stallMs > 0 && tracked.headSince !== undefined && (obs.peers ?? 0) > 0) {
    const stalledFor = obs.now - tracked.headSince;
    if (elapsed(stalledFor, settings.stallMs)) {
      const evidence: Evidence = { head: obs.head, stalledForMs: stalledFor, stallMs: settings.stallMs, peers: obs.peers };
      if (settings.role === 'sealer' && obs.signerCount !== undefined) {
        // At most this node plus each peer can be a signer: below the quorum no restart can help.
        const reachable = Math.min(obs.signerCount, (obs.isSigner === false ? 0 : 1) + (obs.peers ?? 0));
        const quorum = cliqueQuorum(obs.signerCount);
        if (reachable < quorum) {
          const condition = 'too_few_signers' as const;
          const fresh = tracked.reported !== condition;
          return {
            decision: fresh ? { action: 'report', condition, evidence: { ...evidence, signers: obs.signerCount, quorum, reachableSigners: reachable } } : { action: 'ok' },
            memory: { ...tracked, reported: condition },
          };
        }
      }
      return restart(settings, tracked, obs, 'stalled_head', evidence);
    }
  }
  return { decision: { action: 'ok' }, memory: tracked.reported === undefined ? tracked : { ...tracked, reported: undefined } };
}

/** Updates what the watchdog remembers from one observation (peers episode, head progress). */
function track(settings: WatchdogSettings, memory: WatchdogMemory, obs: Observation): WatchdogMemory {
  const peersLow = obs.peers !== undefined && obs.peers < settings.minPeers;
  const peersLowSince = peersLow ? (memory.peersLowSince ?? Math.max(obs.now, obs.startedAt)) : undefined;
  const headMoved = obs.head !== undefined && obs.head !== memory.lastHead;
  return {
    ...memory,
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

/** Whether restarts are currently rate-limited (for health and metrics). */
export const restartLimited = (settings: WatchdogSettings, memory: WatchdogMemory, now: number): boolean =>
  memory.restarts.filter((t) => now - t < settings.restartWindowMs).length >= settings.maxRestarts;
