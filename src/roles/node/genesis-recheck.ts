import { checkServedGenesis, genesisStateAfterCheck } from '../../genesis/provision.js';
import type { NodeFeature } from './context.js';

/**
 * Asks the genesis server now and then which genesis it serves: a different one (a reset, a
 * server restored from another backup) is a conflict health reports; the same one again clears it.
 */
export function genesisRecheckFeature(): NodeFeature {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  return {
    start(context) {
      const { config, logger, store } = context;
      void context.provisioned.then((p) => {
        if (stopped) return;
        const sha256 = p.genesis.sha256;
        timer = setInterval(() => {
          void checkServedGenesis({ config, logger, sha256 }).then((result) => {
            const next = genesisStateAfterCheck(sha256, result);
            const current = store.get().genesis;
            if (next === undefined || next.conflict?.servedSha256 === current?.conflict?.servedSha256) return;
            if (next.conflict === undefined) logger.info({ sha256: next.sha256 }, 'the genesis server serves this node\'s genesis again');
            store.update(() => ({ genesis: next }));
          });
        }, Math.max(5, config.pollSeconds * 12) * 1000);
      });
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
