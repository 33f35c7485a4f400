import { sealerVoter } from '../../signers/node-voting.js';
import type { SignerVoter } from '../../signers/voter.js';
import type { NodeFeature } from './context.js';

/**
 * Sealer: its part in the elastic signer set (signers/voter.ts). Once provisioned, it looks every
 * GETH_AGENT_SIGNER_POLL_SECONDS through the hub's IPC client: votes for the approved change,
 * starts or stops the miner as clique authorizes it, and publishes its membership into the state.
 */
export function signerVoteFeature(): NodeFeature {
  let voter: SignerVoter | undefined;
  let stopped = false;
  return {
    start(context) {
      const { config, logger, store } = context;
      if (context.role !== 'sealer') return;
      void context.provisioned.then((p) => {
        const address = p.fullIdentity.account?.address;
        if (stopped || address === undefined) return;
        voter = sealerVoter({ config, address, network: p.genesis.chainId, rpc: context.ipc.current, store, logger });
        voter.start();
      });
    },
    async stop() {
      stopped = true;
      await voter?.stop();
    },
  };
}
