import type { Config } from '../config/table.js';
import type { IpcClient } from '../geth/rpc/ipc-client.js';
import { genesisServerBase } from '../identity/server-base.js';
import type { Logger } from '../log.js';
import type { StateStore } from '../state/store.js';
import { createSignerServerClient } from './server-client.js';
import { createSignerVoter, type SignerVoter } from './voter.js';

/**
 * The signer-set voter of a sealer, built from its configuration: the genesis server's signer
 * routes with the network secret when both are set (else it follows the chain alone: membership
 * and miner, no votes), its membership published into the node state.
 */
export function sealerVoter(options: {
  readonly config: Config;
  readonly address: string;
  readonly network: number;
  readonly rpc: () => IpcClient | undefined;
  readonly store: StateStore;
  readonly logger: Logger;
}): SignerVoter {
  const { config } = options;
  const server =
    config.genesisUrl !== undefined && config.networkSecret !== undefined
      ? createSignerServerClient({ baseUrl: genesisServerBase(config.genesisUrl), secret: config.networkSecret, timeoutMs: config.genesisFetchTimeoutSeconds * 1000 })
      : undefined;
  return createSignerVoter({
    address: options.address,
    network: options.network,
    rpc: options.rpc,
    server,
    publish: (membership) => options.store.update(() => ({ membership })),
    logger: options.logger.child({ component: 'signer-set' }),
    intervalMs: config.signerPollSeconds * 1000,
  });
}
