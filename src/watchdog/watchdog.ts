import type { Logger } from '../log.js';
import type { NodeState } from '../state/node-state.js';
import type { StateStore } from '../state/store.js';
import { decide, restartHeldBack } from './policy.js';
import { initialMemory, type Decision, type Evidence, type WatchdogMemory, type WatchdogSettings } from './types.js';

export interface WatchdogActions {
  /** Fetch the boot nodes as they are now, resolve them, admin_addPeer them; returns what was tried. */
  redial(): Promise<readonly string[]>;
  /** Graceful restart of geth through the supervisor. */
  restart(reason: 'peer_decay' | 'stalled_head' | 'rpc_hung'): Promise<void>;
}

export interface WatchdogOptions {
  readonly store: StateStore;
  readonly settings: WatchdogSettings;
  readonly actions: WatchdogActions;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly onDecision?: (decision: Decision) => void;
}

export interface Watchdog {
  /** Waits for an evaluation in flight. */
  stop(): Promise<void>;
  /** One evaluation of the current snapshot; the observer runs it after each reading. */
  evaluate(): Promise<Decision>;
}

/** Maps the snapshot to the policy's observation; undefined while geth is not running. */
export function observe(state: NodeState, now: number) {
  if (state.geth.state !== 'running' || state.geth.startedAt === undefined) return undefined;
  return {
    now,
    startedAt: state.geth.startedAt,
    rpcOkAt: state.rpc.okAt,
    peers: state.peers?.value,
    head: state.head?.value.number,
    signerCount: state.clique?.value.signers.length,
    isSigner: state.clique?.value.isSigner,
    signedRecently: state.clique?.value.signedRecently,
    behind: state.sync === undefined ? undefined : state.sync.value.syncing && state.sync.value.highest > state.sync.value.current,
  };
}

/**
 * What a `too_few_signers` report says, in words (for /health's detail and the log): the head
 * stalled, and either too few signers can be reachable or the next block waits for signers that
 * are not.
 */
export function describeCondition(evidence: Evidence): string {
  const stalled = typeof evidence.stalledForMs === 'number' ? `no new block for ${Math.round(evidence.stalledForMs / 1000)} s` : 'no new block';
  const need = `clique needs ${String(evidence.quorum)} of ${String(evidence.signers)} signers`;
  if (evidence.waitsForOthers === true) {
    const who = evidence.signedRecently === true ? 'this sealer signed recently and waits for the others' : 'the next block has to come from the signers';
    return `${stalled}; ${need}; ${who}, and none of the ${String(evidence.peers)} peers has a newer block: too few signers are reachable`;
  }
  return `${stalled}; ${need}, at most ${String(evidence.reachableSigners)} reachable from here (${String(evidence.peers)} peers): too few signers are reachable`;
}

/**
 * The act part of observe -> state -> decide -> act: evaluates the policy on the latest snapshot
 * (single-flight) and carries out the decision, logging each once with evidence. It has no timer
 * of its own: the observer's loop calls evaluate() after each reading.
 */
export function createWatchdog(options: WatchdogOptions): Watchdog {
  const now = options.now ?? Date.now;
  const log = options.logger;
  let memory: WatchdogMemory = initialMemory;
  let conditionDetail: string | undefined;
  let lastStartedAt: number | undefined;
  let inFlight: Promise<Decision> | undefined;

  const act = async (): Promise<Decision> => {
    const state = options.store.get();
    const obs = observe(state, now());
    if (obs === undefined) return { action: 'ok' };
    if (lastStartedAt !== obs.startedAt) {
      // A new geth process: forget the old episode (the restart rate limit, and the chain's stall
      // and a condition of the network, which no restart changes, carry over).
      memory = { ...initialMemory, restarts: memory.restarts, chainHead: memory.chainHead, condition: memory.condition };
      lastStartedAt = obs.startedAt;
    }
    const result = decide(options.settings, memory, obs);
    memory = result.memory;
    const decision = result.decision;
    const limited = restartHeldBack(memory);
    const condition = memory.condition?.kind;
    if (decision.action === 'report') conditionDetail = describeCondition(decision.evidence);
    if (state.watchdog.restartLimited !== limited || state.watchdog.condition !== condition) {
      if (condition === undefined && state.watchdog.condition !== undefined) log.info({ condition: state.watchdog.condition, head: obs.head }, 'the head moves again: the network seals');
      options.store.update(() => ({ watchdog: { restartLimited: limited, condition, conditionDetail: condition === undefined ? undefined : conditionDetail } }));
    }
    if (decision.action === 'ok') return decision;
    options.onDecision?.(decision);
    switch (decision.action) {
      case 'redial': {
        const tried = await options.actions.redial().catch((error: unknown) => {
          log.warn({ err: error }, 're-dial failed');
          return [] as string[];
        });
        log.warn({ ...decision.evidence, bootnodes: tried }, 'peers below the minimum for the decay window: re-dialing boot nodes');
        break;
      }
      case 'restart':
        log.warn({ reason: decision.reason, ...decision.evidence }, `restarting geth: ${decision.reason}`);
        await options.actions.restart(decision.reason);
        break;
      case 'suppressed':
        log.error({ reason: decision.reason, ...decision.evidence }, 'restart held back: too many restarts in the window');
        break;
      case 'report':
        log.error({ condition: decision.condition, ...decision.evidence }, `the network cannot seal: ${conditionDetail ?? ''} (a network condition: not restarting geth)`);
        break;
    }
    return decision;
  };

  const evaluate = (): Promise<Decision> => {
    inFlight ??= act()
      .catch((error: unknown): Decision => {
        log.error({ err: error }, 'watchdog evaluation failed');
        return { action: 'ok' };
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    async stop() {
      await inFlight;
    },
    evaluate,
  };
}
