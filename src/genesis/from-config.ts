import type { Config } from '../config/table.js';
import { ConfigError } from '../errors.js';
import type { GenesisSpec } from './build.js';
import type { SignerMode } from './server/service.js';

/** What the genesis is built from, taken from the config (everything but the signers). */
export function genesisSpecFromConfig(config: Pick<Config, 'networkId' | 'cliquePeriod' | 'cliqueEpoch' | 'gasLimit' | 'prefund' | 'prefundBalance'>): Omit<GenesisSpec, 'signers'> {
  if (config.networkId === undefined) throw new ConfigError(['GETH_AGENT_NETWORK_ID is required to build a genesis (it becomes the chainId)']);
  return {
    chainId: config.networkId,
    period: config.cliquePeriod,
    epoch: config.cliqueEpoch,
    gasLimit: config.gasLimit,
    prefund: config.prefund ?? [],
    defaultBalance: config.prefundBalance,
  };
}

/** Static (GETH_AGENT_SIGNERS) or collected (GETH_AGENT_SEALER_COUNT) signer set. */
export function signerModeFromConfig(config: Pick<Config, 'signers' | 'sealerCount'>): SignerMode {
  if (config.signers !== undefined) return { kind: 'static', signers: config.signers };
  if (config.sealerCount !== undefined) return { kind: 'collected', needed: config.sealerCount };
  throw new ConfigError(['a genesis needs a signer set: set GETH_AGENT_SIGNERS (static) or GETH_AGENT_SEALER_COUNT (collected)']);
}
