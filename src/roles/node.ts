import { stallWindowMs } from '../config/vars/watchdog.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPublishing } from '../directory/client.js';
import { agentReports } from '../ethstats/config.js';
import { childEnv } from '../geth/child-env.js';
import { checkServedGenesis, genesisStateAfterCheck } from '../genesis/provision.js';
import { initChain } from '../genesis/guard.js';
import { crashLoopBeyondLimit, createLiveness } from '../health/liveness.js';
import { healthThresholdsFromConfig } from '../health/thresholds.js';
import { advertisedEnode, resolveAdvertiseHost } from '../identity/advertise.js';
import { genesisServerBase } from '../identity/server-base.js';
import { createDuplicateMonitor, type DuplicateMonitor } from '../identity/duplicate-monitor.js';
import { createRunHistory } from '../identity/run-history.js';
import { readNodeKey } from '../identity/node-key.js';
import type { Metrics } from '../metrics.js';
import { agentPaths } from '../paths.js';
import { agentVersion } from '../version.js';
import { createStateStore, initialNodeState } from '../state/store.js';
import { createKnownPeers } from '../watchdog/known-peers.js';
import { createObserver } from '../watchdog/observer.js';
import { createWatchdog } from '../watchdog/watchdog.js';
import { nodeIdentity } from './node-identity.js';
import { startNodeHttp, type NodeHttp } from './node-http.js';
import { createNodeRunner } from './node-runner.js';
import { provisionNode, type NodeProvisioned } from './node-provision.js';
import { createRedial } from './node-redial.js';
import { syncSupervisor } from './node-state-sync.js';
import type { InitChain, Provision } from './provisioned.js';
import { dnsResolveHost } from './resolve.js';
import type { RoleContext } from './types.js';

export interface NodeRoleDeps {
  /** Tests may inject provisioning; by default genesis + identity + boot nodes come from provisionNode. */
  readonly provision?: Provision;
  readonly initChain?: InitChain;
  readonly now?: () => number;
  /** The HTTP side starts when geth answers (IPC ready), or this long after the start (default 500 ms), whichever is first. */
  readonly httpDelayMs?: number;
  /** The ethstats reporter starts when geth answers, or this long after the start (default 5000 ms), whichever is first. */
  readonly reporterDelayMs?: number;
}

type NodeRole = 'boot' | 'sealer' | 'client';

/**
 * Roles boot, sealer, client: provisioning, geth, the observer, the watchdog and the ethstats
 * reporter. The HTTP listener (/health, /metrics) starts as soon as geth answers, or 500 ms
 * after the start when that takes longer (provisioning waits for the genesis, geth replays a long
 * chain): probes answer within the first second either way, and geth neither waits for the HTTP
 * stack to load nor shares the CPU with it while it starts. On the stop signal everything stops
 * in reverse order and the listener closes last. A port that cannot be bound stops geth and
 * exits 78.
 */
export async function runNodeRole(ctx: RoleContext, deps: NodeRoleDeps = {}): Promise<number> {
  const { config } = ctx.loaded;
  const role = config.role as NodeRole;
  const now = deps.now ?? Date.now;
  const logger = ctx.logger;
  const store = createStateStore(initialNodeState(role, now()), now);
  // The registry exists once the HTTP side has loaded; what happens before is applied then.
  let metrics: Metrics | undefined;
  const pending: Array<(m: Metrics) => void> = [];
  const withMetrics = (apply: (m: Metrics) => void): void => {
    if (metrics === undefined) pending.push(apply);
    else apply(metrics);
  };
  const chain = { period: config.cliquePeriod, address: undefined as string | undefined };

  const decisions: Array<{ at: number; action: string; reason?: string | undefined }> = [];
  const status = { enode: undefined as string | undefined };
  const identity = nodeIdentity({
    name: config.ethstats?.name,
    networkId: config.networkId,
    agentVersion: agentVersion(),
    gethVersion: () => runner.gethVersion(),
    markerFile: agentPaths(config.dataDir).genesisMarker,
  });
  const liveness = createLiveness({
    stallMs: config.liveStallSeconds * 1000,
    // A crash loop beyond its limit: that many failed starts in a row (the supervisor keeps retrying).
    crashLoop: () => crashLoopBeyondLimit(runner.snapshot().consecutiveFailures, config.liveCrashLoopStarts),
    now,
  });
  // The run stops on the agent's stop signal, or when the HTTP side cannot start.
  const httpFailed = new AbortController();
  const stopping = AbortSignal.any([ctx.signal, httpFailed.signal]);
  let finished = false;
  const { promise: gethUp, resolve: markGethUp } = Promise.withResolvers<void>();
  let httpFailure: unknown;
  const http: Promise<NodeHttp | undefined> = Promise.race([gethUp, sleep(deps.httpDelayMs ?? 500, undefined, { ref: false })])
    .then(() =>
      finished
        ? undefined
        : startNodeHttp({
            config, logger, role, store, now,
            thresholds: () => healthThresholdsFromConfig(config, { cliquePeriod: chain.period }),
            liveness: () => liveness.check(),
            status: () => ({ ...identity.view(), enode: status.enode, decisions: decisions.slice(-10) }),
          }),
    )
    .then(
      (started) => {
        if (started !== undefined) {
          metrics = started.metrics;
          for (const apply of pending.splice(0)) apply(started.metrics);
        }
        return started;
      },
      (error: unknown) => {
        // The port is taken (or the stack failed to load): geth is stopped, the agent exits 78.
        httpFailure = error;
        httpFailed.abort();
        return undefined;
      },
    );

  let provisioned: NodeProvisioned | undefined;
  const stops: Array<() => unknown> = [];
  // The ethstats reporter starts when geth first answers (its modules then do not compete with
  // geth's start), or at the latest reporterDelayMs after the start: a geth that never comes up,
  // or a provisioning that waits long for the genesis, is still reported, as active: false.
  const ethstatsTarget = config.ethstats;
  if (agentReports(config) && ethstatsTarget !== undefined && role !== 'boot') {
    Promise.race([gethUp, sleep(deps.reporterDelayMs ?? 5000, undefined, { ref: false })])
      .then(() => startReporter(ethstatsTarget))
      .catch((error: unknown) => logger.error({ err: error }, 'the ethstats reporter could not start'));
  }
  const provision: Provision =
    deps.provision ??
    (async (signal) => {
      const started = performance.now();
      provisioned = await provisionNode({ config, logger, signal });
      const seconds = (performance.now() - started) / 1000;
      withMetrics((m) => m.genesisFetch.set(seconds));
      store.update(() => ({ genesis: { sha256: provisioned?.genesis.sha256 ?? '', conflict: provisioned?.genesis.conflict } }));
      await afterProvision(provisioned);
      return provisioned;
    });
  const init: InitChain =
    deps.initChain ??
    ((o) => initChain({ gethBin: o.gethBin, dataDir: o.dataDir, genesis: provisioned?.genesis ?? (o.genesis as NodeProvisioned['genesis']), logger: o.logger, env: childEnv(o.env) }));

  const onSnapshot = syncSupervisor(store, () => metrics);
  let subscribedTo: unknown;
  let duplicates: DuplicateMonitor | undefined;
  let wasReady = false;
  const runner = createNodeRunner({
    config,
    logger,
    env: ctx.env,
    provision,
    initChain: init,
    onSnapshot: (snapshot) => {
      if (snapshot.ready) markGethUp();
      onSnapshot(snapshot);
      if (snapshot.ready !== wasReady) {
        wasReady = snapshot.ready;
        if (snapshot.ready) void duplicates?.started();
        else duplicates?.stopped();
      }
      const client = runner.ipc();
      if (snapshot.ready && client !== undefined && client !== subscribedTo) {
        subscribedTo = client;
        client.subscribe('newHeads', (head) => loops?.observer.onNewHead(head)).catch((error: unknown) => logger.debug({ err: error }, 'newHeads subscription failed; polling only'));
      }
    },
    onEvent: (event) => {
      if (event.kind === 'sealed') {
        duplicates?.sealedBlock(event);
        withMetrics((m) => m.sealedBlocks.inc());
        store.update(() => ({ lastSealedAt: now() }));
      }
    },
  });

  let loops: { observer: ReturnType<typeof createObserver>; watchdog: ReturnType<typeof createWatchdog> } | undefined;
  const knownPeers = createKnownPeers({ file: agentPaths(config.dataDir).knownPeers, logger: logger.child({ component: 'watchdog' }), listenPort: config.p2pPort });
  /** The observer and the watchdog, created once the chain's period and the signer are known. */
  function startLoops(): { observer: ReturnType<typeof createObserver>; watchdog: ReturnType<typeof createWatchdog> } {
    const observer = createObserver({
      store,
      logger: logger.child({ component: 'observer' }),
      rpc: () => runner.ipc(),
      intervalMs: config.pollSeconds * 1000,
      cliquePeriod: chain.period,
      address: () => chain.address,
      beat: () => liveness.beat('observer'),
      // observe -> decide in one loop: the watchdog judges each reading as soon as it is published.
      afterPoll: async () => {
        liveness.beat('watchdog');
        await watchdog.evaluate();
      },
      now,
      onPeerLinks: (links) => knownPeers.record(links),
      onCall: (method, seconds, ok) => {
        withMetrics((m) => {
          m.rpcDuration.observe({ method }, seconds);
          if (!ok) m.rpcErrors.inc({ method });
        });
      },
    });
    const watchdog = createWatchdog({
      store,
      logger: logger.child({ component: 'watchdog' }),
      now,
      settings: {
        role,
        minPeers: config.minPeers,
        graceMs: config.startGraceSeconds * 1000,
        peerDecayMs: config.peerDecaySeconds * 1000,
        stallMs: stallWindowMs(config.stallSeconds, chain.period),
        hungMs: config.hungSeconds * 1000,
        maxRestarts: config.maxRestarts,
        restartWindowMs: config.restartWindowSeconds * 1000,
      },
      actions: {
        redial: createRedial({ config, logger, rpc: () => runner.ipc(), bootnodes: async () => (await provisioned?.refreshBootnodes?.()) ?? [], knownPeers: () => knownPeers.list(), resolveHost: dnsResolveHost }),
        restart: async (reason) => runner.restart(reason),
      },
      onDecision: (decision) => {
        withMetrics((m) => m.decisions.inc({ action: decision.action }));
        decisions.push({ at: now(), action: decision.action, reason: 'reason' in decision ? decision.reason : 'condition' in decision ? decision.condition : undefined });
        if (decisions.length > 50) decisions.shift();
      },
    });
    observer.start();
    return { observer, watchdog };
  }

  /**
   * Once keys and genesis exist (the chain's clique period, the sealer's address): the observer,
   * the watchdog, boot publication and the genesis re-check start.
   */
  async function afterProvision(p: NodeProvisioned): Promise<void> {
    chain.period = p.genesis.genesis.config.clique.period;
    if (role === 'sealer') chain.address = p.fullIdentity.account?.address;
    identity.provisioned({ chainId: p.genesis.chainId, sha256: p.genesis.sha256, address: chain.address });
    if (chain.address !== undefined && duplicates === undefined) {
      duplicates = createDuplicateMonitor({
        address: chain.address,
        rpc: () => runner.ipc(),
        logger: logger.child({ component: 'duplicate-signer' }),
        onDetected: (description) => store.update(() => ({ duplicateSigner: description })),
        history: createRunHistory({ file: agentPaths(config.dataDir).runHistory, logger: logger.child({ component: 'duplicate-signer' }) }),
      });
      let lastHead = -1;
      const monitor = duplicates;
      // Registered before the head subscription, so it runs after it (stops run in reverse):
      // geth has stopped, the run is recorded as ended.
      stops.push(async () => {
        monitor.stopped();
        await monitor.flush();
      });
      stops.push(
        store.subscribe((state) => {
          const head = state.head?.value.number;
          if (head !== undefined && head !== lastHead) {
            lastHead = head;
            void monitor.head(head);
          }
        }),
      );
    }
    // bootnode (discovery only) has no IPC: nothing to observe, its process is its health.
    const hasRpc = !(role === 'boot' && config.bootMode === 'bootnode');
    if (loops === undefined && hasRpc) {
      await knownPeers.load();
      loops = startLoops();
      const started = loops;
      stops.push(async () => {
        await started.watchdog.stop();
        await started.observer.stop();
        await knownPeers.flush();
      });
    }
    const host = await resolveAdvertiseHost(config.advertiseHost);
    const enode = advertisedEnode({ role, host, port: config.p2pPort, enode: p.fullIdentity.enode });
    status.enode = enode;
    const networkId = String(config.networkId ?? p.genesis.chainId);
    withMetrics((m) => m.info.set({ role, network_id: networkId, geth_version: runner.gethVersion() ?? 'unknown', enode }, 1));
    if (role === 'boot' && config.networkSecret !== undefined && config.genesisUrl !== undefined) {
      const publisher = startPublishing({
        baseUrl: genesisServerBase(config.genesisUrl),
        networkSecret: config.networkSecret,
        enode,
        network: Number(networkId),
        nodeKey: await readNodeKey(p.fullIdentity.nodeKeyFile),
        timeoutMs: config.genesisFetchTimeoutSeconds * 1000,
        intervalMs: (config.bootnodeTtlSeconds * 1000) / 3,
        logger: logger.child({ component: 'directory' }),
      });
      stops.push(() => publisher.stop());
    }
    const recheck = setInterval(() => {
      void checkServedGenesis({ config, logger, sha256: p.genesis.sha256 }).then((result) => {
        const next = genesisStateAfterCheck(p.genesis.sha256, result);
        const current = store.get().genesis;
        if (next === undefined || next.conflict?.servedSha256 === current?.conflict?.servedSha256) return;
        if (next.conflict === undefined) logger.info({ sha256: next.sha256 }, 'the genesis server serves this node\'s genesis again');
        store.update(() => ({ genesis: next }));
      });
    }, Math.max(5, config.pollSeconds * 12) * 1000);
    stops.push(() => clearInterval(recheck));
  }

  /**
   * The agent's ethstats reporter (its modules, WebSocket and ethers' IPC provider, take ~300 ms
   * to load: loaded once geth answers, so they do not delay geth's start).
   */
  async function startReporter(target: NonNullable<typeof config.ethstats>): Promise<void> {
    if (finished) return;
    const { createGethSource, createReporter, reporterTimings } = await import('../ethstats/index.js');
    if (finished) return;
    const source = createGethSource({ ipcPath: agentPaths(config.dataDir).ipc, logger, callTimeoutMs: config.rpcTimeoutSeconds * 1000 });
    const reporter = createReporter({ target, source, logger, role, timings: reporterTimings(config) });
    reporter.start();
    let countedReconnects = 0;
    const statusTimer = setInterval(() => {
      const status = reporter.status();
      const registry = metrics;
      if (registry === undefined) return;
      registry.ethstatsConnected.set(status.connected ? 1 : 0);
      if (status.reconnects > countedReconnects) registry.ethstatsReconnects.inc(status.reconnects - countedReconnects);
      countedReconnects = status.reconnects;
    }, 1000);
    stops.push(async () => {
      clearInterval(statusTimer);
      await reporter.stop();
      source.close();
    });
  }

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
    finished = true;
    markGethUp();
    for (const stop of stops.reverse()) await stop();
    await (await http)?.close();
  }
  if (httpFailure !== undefined) throw httpFailure;
  return code;
}

/** The error an aborted wait ends with: the signal's reason, or a DOMException/AbortError. */
function isAbort(error: unknown, signal: AbortSignal): boolean {
  return error === signal.reason || (error instanceof Error && error.name === 'AbortError');
}
