import { genesisServerBase } from '../../identity/server-base.js';
import { createSignerServerClient } from '../../signers/server-client.js';
import { createSignerVoter, type SignerVoter } from '../../signers/voter.js';
import { whenSealerProvisioned, type NodeFeature } from './context.js';

/**
 * Sealer: its part in the elastic signer set (signers/voter.ts). Once provisioned, it looks every
 * GETH_AGENT_SIGNER_POLL_SECONDS through the hub's IPC client: votes for the approved change,
 * starts or stops the miner as clique authorizes it, and publishes its membership into the state.
 * Without a genesis server and network secret it follows the chain alone (membership and miner,
 * no votes).
 */
export function signerVoteFeature(): NodeFeature {
  let voter: SignerVoter | undefined;
  let stopped = false;
  return {
    start(context) {
      const { config, logger, store } = context;
      whenSealerProvisioned(context, () => stopped, (address, p) => {
        const server =
          config.genesisUrl !== undefined && config.networkSecret !== undefined
            ? createSignerServerClient({ baseUrl: genesisServerBase(config.genesisUrl), secret: config.networkSecret, timeoutMs: config.genesisFetchTimeoutSeconds * 1000 })
            : undefined;
        voter = createSignerVoter({
          address,
          network: p.genesis.chainId,
          rpc: context.ipc.current,
          server,
          publish: (membership) => store.update(() => ({ membership })),
          logger: logger.child({ component: 'signer-set' }),
          intervalMs: config.signerPollSeconds * 1000,
        });
        voter.start();
      });
    },
    async stop() {
      stopped = true;
      await voter?.stop();
    },
  };
}
