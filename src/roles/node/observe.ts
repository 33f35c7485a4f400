import type { Decision } from '../../watchdog/types.js';
import { createObserver, type Observer } from '../../watchdog/observer.js';
import { stallWindowMs } from '../../watchdog/stall-window.js';
import { createWatchdog, type Watchdog } from '../../watchdog/watchdog.js';
import type { NodeProvisioned } from '../node-provision.js';
import { agentPaths } from '../../paths.js';
import { createKnownPeers } from '../../watchdog/known-peers.js';
import { createRedial } from '../node-redial.js';
import { dnsResolveHost } from '../resolve.js';
import type { NodeContext, NodeFeature } from './context.js';

/** Decisions kept for `/status` (it shows the last 10). */
const KEPT_DECISIONS = 50;

/**
 * observe -> decide in one loop: the observer reads geth over the handed-over IPC client into the
 * state (and takes new heads from its subscription between readings); the watchdog judges each
 * reading as soon as it is published. Starts once provisioned (the chain's clique period and the
 * sealer's address are known). bootnode (discovery only) has no IPC: its process is its health.
 */
export function observeFeature(): NodeFeature {
  let loops: { observer: Observer; watchdog: Watchdog } | undefined;
  let stopped = false;
  const unsubscribes: Array<() => void> = [];
  let knownPeers: ReturnType<typeof createKnownPeers> | undefined;

  const startLoops = (context: NodeContext, p: NodeProvisioned, peers: ReturnType<typeof createKnownPeers>): { observer: Observer; watchdog: Watchdog } => {
    const { config, logger, store, now, liveness } = context;
    const period = p.genesis.genesis.config.clique.period;
    const address = context.role === 'sealer' ? p.fullIdentity.account?.address : undefined;
    const observer = createObserver({
      store,
      logger: logger.child({ component: 'observer' }),
      rpc: context.ipc.current,
      intervalMs: config.pollSeconds * 1000,
      cliquePeriod: period,
      address: () => address,
      beat: () => liveness.beat('observer'),
      afterPoll: async () => {
        liveness.beat('watchdog');
        await watchdog.evaluate();
      },
      now,
      onPeerLinks: (links) => peers.record(links),
    });
    const watchdog = createWatchdog({
      store,
      logger: logger.child({ component: 'watchdog' }),
      now,
      settings: {
        role: context.role,
        minPeers: config.minPeers,
        graceMs: config.startGraceSeconds * 1000,
        peerDecayMs: config.peerDecaySeconds * 1000,
        stallMs: stallWindowMs(config.stallSeconds, period),
        hungMs: config.hungSeconds * 1000,
        maxRestarts: config.maxRestarts,
        restartWindowMs: config.restartWindowSeconds * 1000,
      },
      actions: {
        redial: createRedial({ config, logger, rpc: context.ipc.current, bootnodes: async () => (await p.refreshBootnodes?.()) ?? [], knownPeers: () => peers.list(), resolveHost: dnsResolveHost }),
        restart: async (reason) => context.runner.restart(reason),
      },
      onDecision: (decision) => store.update((s) => ({ decisions: recorded(s.decisions, decision, now()) })),
    });
    observer.start();
    return { observer, watchdog };
  };

  return {
    start(context) {
      if (context.role === 'boot' && context.config.bootMode === 'bootnode') return;
      unsubscribes.push(
        context.ipc.onReady((client) => {
          client.subscribe('newHeads', (head) => loops?.observer.onNewHead(head)).catch((error: unknown) => context.logger.debug({ err: error }, 'newHeads subscription failed; polling only'));
        }),
      );
      void context.provisioned.then(async (p) => {
        if (stopped) return;
        const { config, logger } = context;
        const peers = createKnownPeers({ file: agentPaths(config.dataDir).knownPeers, logger: logger.child({ component: 'watchdog' }), listenPort: config.p2pPort });
        await peers.load();
        if (stopped) return;
        knownPeers = peers;
        loops = startLoops(context, p, peers);
      });
    },
    async stop() {
      stopped = true;
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
      await loops?.watchdog.stop();
      await loops?.observer.stop();
      await knownPeers?.flush();
    },
  };
}

/** The decision counted by action and kept among the latest (pure). */
function recorded(previous: { counts: Readonly<Record<string, number>>; recent: readonly { at: number; action: string; reason?: string | undefined }[] } | undefined, decision: Decision, at: number) {
  const reason = 'reason' in decision ? decision.reason : 'condition' in decision ? decision.condition : undefined;
  const counts = { ...previous?.counts, [decision.action]: (previous?.counts[decision.action] ?? 0) + 1 };
  return { counts, recent: [...(previous?.recent ?? []), { at, action: decision.action, reason }].slice(-KEPT_DECISIONS) };
}
