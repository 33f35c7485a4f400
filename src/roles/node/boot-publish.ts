import { startPublishing } from '../../directory/client.js';
import { readNodeKey } from '../../identity/node-key.js';
import { genesisServerBase } from '../../identity/server-base.js';
import type { NodeFeature } from './context.js';

/** Role boot: publishes its enode to the genesis server's directory, again every third of its TTL. */
export function bootPublishingFeature(): NodeFeature {
  let stop: (() => unknown) | undefined;
  let stopped = false;
  return {
    start(context) {
      const { config, logger, store } = context;
      const { networkSecret, genesisUrl } = config;
      if (context.role !== 'boot' || networkSecret === undefined || genesisUrl === undefined) return;
      void context.provisioned.then(async (p) => {
        const node = store.get().node;
        if (node?.enode === undefined) return;
        const nodeKey = await readNodeKey(p.fullIdentity.nodeKeyFile);
        if (stopped) return;
        const publisher = startPublishing({
          baseUrl: genesisServerBase(genesisUrl),
          networkSecret,
          enode: node.enode,
          network: Number(node.networkId),
          nodeKey,
          timeoutMs: config.genesisFetchTimeoutSeconds * 1000,
          intervalMs: (config.bootnodeTtlSeconds * 1000) / 3,
          logger: logger.child({ component: 'directory' }),
        });
        stop = () => publisher.stop();
      });
    },
    async stop() {
      stopped = true;
      await stop?.();
    },
  };
}
