import { childEnv } from '../geth/child-env.js';
import { initChain } from '../genesis/guard.js';
import { createIpcHandover } from '../geth/rpc/handover.js';
import { crashLoopBeyondLimit, createLiveness } from '../health/liveness.js';
import { createStateStore, initialNodeState } from '../state/store.js';
import type { NodeProvisioned } from './node-provision.js';
import { createNodeRunner } from './node-runner.js';
import { syncSupervisor } from './node-state-sync.js';
import { bootPublishingFeature } from './node/boot-publish.js';
import type { NodeContext, NodeFeature, NodeRole } from './node/context.js';
import { duplicateSignerFeature } from './node/duplicates.js';
import { ethstatsFeature } from './node/ethstats.js';
import { genesisRecheckFeature } from './node/genesis-recheck.js';
import { httpFeature } from './node/http.js';
import { provisionIntoState, recordGethEvent } from './node/hub.js';
import { observeFeature } from './node/observe.js';
import type { RoleContext } from './types.js';

export interface NodeRoleDeps {
  readonly now?: () => number;
  /** The HTTP side starts when geth answers, or this long after the start (default 500 ms), whichever is first. */
  readonly httpDelayMs?: number;
  /** The ethstats reporter starts when geth answers, or this long after the start (default 5000 ms), whichever is first. */
  readonly reporterDelayMs?: number;
}

/**
 * Roles boot, sealer, client. The hub is the NodeState store and the one IPC client the runner
 * hands over when geth answers; each feature reads the state or subscribes to it. Reads top to
 * bottom: the hub, the runner (it provisions, then supervises geth), the features started in
 * order, the run, the features stopped in reverse (the HTTP listener, started first, closes last).
 */
export async function runNodeRole(ctx: RoleContext, deps: NodeRoleDeps = {}): Promise<number> {
  const { config } = ctx.loaded;
  const { logger } = ctx;
  const role = config.role as NodeRole;
  const now = deps.now ?? Date.now;

  const store = createStateStore(initialNodeState(role, now()), now);
  const ipc = createIpcHandover();
  const provisioned = Promise.withResolvers<NodeProvisioned>();
  // The run stops on the agent's stop signal, or when a feature cannot go on (the port is taken).
  const failure = new AbortController();
  const stopping = AbortSignal.any([ctx.signal, failure.signal]);

  const runner = createNodeRunner({
    config,
    logger,
    env: ctx.env,
    provision: provisionIntoState({ config, logger, role, store }, provisioned.resolve),
    initChain: (o) => initChain({ gethBin: o.gethBin, dataDir: o.dataDir, genesis: o.genesis as NodeProvisioned['genesis'], logger: o.logger, env: childEnv(o.env) }),
    onClient: ipc.hand,
    onSnapshot: syncSupervisor(store),
    onEvent: (event) => recordGethEvent(store, event, now),
  });
  const liveness = createLiveness({
    stallMs: config.liveStallSeconds * 1000,
    // A crash loop beyond its limit: that many failed starts in a row (the supervisor keeps retrying).
    crashLoop: () => crashLoopBeyondLimit(runner.snapshot().consecutiveFailures, config.liveCrashLoopStarts),
    now,
  });
  const context: NodeContext = { config, role, logger, now, store, ipc, provisioned: provisioned.promise, liveness, runner, fail: (error) => failure.abort(error) };

  const features: NodeFeature[] = [
    httpFeature(deps.httpDelayMs),
    observeFeature(),
    ethstatsFeature(deps.reporterDelayMs),
    duplicateSignerFeature(),
    bootPublishingFeature(),
    genesisRecheckFeature(),
  ];
  for (const feature of features) feature.start(context);
  let code: number;
  try {
    code = await runner.run(stopping);
  } catch (error) {
    // Stopped while still provisioning (waiting for the genesis, registering, waiting for a boot
    // node): the wait ends with the abort itself, which is a clean stop, not a failure.
    if (!(stopping.aborted && isAbort(error, stopping))) throw error;
    logger.info('stopped before geth started');
    code = 0;
  } finally {
    for (const feature of features.reverse()) await feature.stop();
  }
  if (failure.signal.aborted) throw failure.signal.reason;
  return code;
}

/** The error an aborted wait ends with: the signal's reason, or a DOMException/AbortError. */
function isAbort(error: unknown, signal: AbortSignal): boolean {
  return error === signal.reason || (error instanceof Error && error.name === 'AbortError');
}
