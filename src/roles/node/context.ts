import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../../config/table.js';
import type { IpcHandover } from '../../geth/rpc/handover.js';
import type { Liveness } from '../../health/liveness.js';
import type { Logger } from '../../log.js';
import type { StateStore } from '../../state/store.js';
import type { NodeProvisioned } from '../node-provision.js';
import type { NodeRunner } from '../node-runner.js';

export type NodeRole = 'boot' | 'sealer' | 'client';

/** What every feature of a node agent starts with: the hub (state + IPC handover) and the run's facts. */
export interface NodeContext {
  readonly config: Config;
  readonly role: NodeRole;
  readonly logger: Logger;
  readonly now: () => number;
  /** The hub: the one snapshot every feature reads, or subscribes to. */
  readonly store: StateStore;
  /** The one IPC client, owned by the runner, handed over each time geth answers. */
  readonly ipc: IpcHandover;
  /** Keys, genesis and boot nodes, once provisioned (never settles when the run stops before). */
  readonly provisioned: Promise<NodeProvisioned>;
  readonly liveness: Liveness;
  readonly runner: Pick<NodeRunner, 'restart' | 'gethVersion'>;
  /** Ends the run (geth stops, the agent exits with the error): for a feature that cannot go on. */
  readonly fail: (error: unknown) => void;
}

/** One part of the node agent: started in order after the hub exists, stopped in reverse. */
export interface NodeFeature {
  start(context: NodeContext): void;
  stop(): Promise<void> | void;
}

/**
 * Resolves when geth first answers (its state is `running`), at the latest `ms` after the call, or
 * as soon as `signal` aborts: a feature that loads modules waits for it, so geth's start does not
 * share the CPU with the loading, and a geth that never comes up still gets probes answered.
 */
export function gethAnswersOr(store: StateStore, ms: number, signal: AbortSignal): Promise<void> {
  const answers = Promise.withResolvers<void>();
  const check = (): void => {
    if (store.get().geth.state === 'running') answers.resolve();
  };
  const unsubscribe = store.subscribe(check);
  check();
  return Promise.race([answers.promise, sleep(ms, undefined, { ref: false, signal }).catch(() => undefined)]).finally(unsubscribe);
}

/**
 * A sealer's features start once its account is provisioned: `run` gets the address and what was
 * provisioned, unless the role is not sealer, the node has no account, or `stopped()` says the
 * feature was stopped before provisioning ended.
 */
export function whenSealerProvisioned(context: NodeContext, stopped: () => boolean, run: (address: string, provisioned: NodeProvisioned) => void): void {
  if (context.role !== 'sealer') return;
  void context.provisioned.then((p) => {
    const address = p.fullIdentity.account?.address;
    if (stopped() || address === undefined) return;
    run(address, p);
  });
}
