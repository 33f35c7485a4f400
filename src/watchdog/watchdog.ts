import type { Logger } from '../log.js';
import type { NodeState } from '../state/node-state.js';
import type { StateStore } from '../state/store.js';
import { decide, restartLimited } from './policy.js';
import { initialMemory, type Decision, type WatchdogMemory, type WatchdogSettings } from './types.js';

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
  };
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
  let lastStartedAt: number | undefined;
  let inFlight: Promise<Decision> | undefined;

  const act = async (): Promise<Decision> => {
    const state = options.store.get();
    const obs = observe(state, now());
    if (obs === undefined) return { action: 'ok' };
    if (lastStartedAt !== obs.startedAt) {
      // A new geth process: forget the old episode (the restart rate limit carries over).
      memory = { ...initialMemory, restarts: memory.restarts };
      lastStartedAt = obs.startedAt;
    }
    const result = decide(options.settings, memory, obs);
    memory = result.memory;
    const decision = result.decision;
    const limited = restartLimited(options.settings, memory, obs.now);
    const condition = decision.action === 'report' ? decision.condition : memory.reported === 'too_few_signers' ? 'too_few_signers' : undefined;
    if (state.watchdog.restartLimited !== limited || state.watchdog.condition !== condition) {
      options.store.update(() => ({ watchdog: { restartLimited: limited, condition } }));
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
        log.error({ condition: decision.condition, ...decision.evidence }, 'head stalled, but too few signers are reachable for clique to seal: a network condition, not restarting');
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
