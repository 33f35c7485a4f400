import { healthThresholdsFromConfig } from '../../health/thresholds.js';
import { agentPaths } from '../../paths.js';
import { agentVersion } from '../../version.js';
import { nodeIdentity } from '../node-identity.js';
import { gethAnswersOr, type NodeContext, type NodeFeature } from './context.js';
import type { NodeHttp } from '../node-http.js';

/**
 * /health, /metrics, /status and the status page. The listener starts as soon as geth answers,
 * or `delayMs` after the start when that takes longer (provisioning waits for the genesis, geth
 * replays a long chain): probes answer within the first second either way, and geth neither waits
 * for the HTTP stack to load nor shares the CPU with it while it starts. Stopped last (started
 * first): it answers 503 while the agent goes away. A port that cannot be bound ends the run (78).
 */
export function httpFeature(delayMs = 500): NodeFeature {
  const stopping = new AbortController();
  let started: Promise<NodeHttp | undefined> = Promise.resolve(undefined);
  return {
    start(context: NodeContext) {
      const { config, logger, role, store, now } = context;
      started = gethAnswersOr(store, delayMs, stopping.signal)
        .then(async () => {
          if (stopping.signal.aborted) return undefined;
          const { startNodeHttp } = await import('../node-http.js');
          const identity = nodeIdentity({
            name: config.ethstats?.name,
            networkId: config.networkId,
            agentVersion: agentVersion(),
            gethVersion: context.runner.gethVersion,
            markerFile: agentPaths(config.dataDir).genesisMarker,
          });
          /** `/status`: who the node is (once provisioned), its enode and the latest watchdog decisions. */
          const status = (): Readonly<Record<string, unknown>> => {
            const s = store.get();
            if (s.node !== undefined && s.genesis !== undefined) identity.provisioned({ chainId: s.node.chainId, sha256: s.genesis.sha256, address: s.node.address });
            return { ...identity.view(), enode: s.node?.enode, decisions: (s.decisions?.recent ?? []).slice(-10) };
          };
          return startNodeHttp({
            config, logger, role, store, now,
            gethVersion: context.runner.gethVersion,
            thresholds: () => healthThresholdsFromConfig(config, { cliquePeriod: store.get().node?.cliquePeriod }),
            liveness: () => context.liveness.check(),
            status,
          });
        })
        .catch((error: unknown) => {
          context.fail(error);
          return undefined;
        });
    },
    async stop() {
      stopping.abort();
      await (await started)?.close();
    },
  };
}
