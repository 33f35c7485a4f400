import type { Config } from '../config/table.js';
import type { Logger } from '../log.js';
import type { Identity } from './provision.js';
import { registerSigner, type FetchLike, type Registration } from './register.js';
import { genesisServerBase } from './server-base.js';

/** A sealer registers when it can authenticate to the genesis server (GETH_AGENT_NETWORK_SECRET set). */
export const shouldRegister = (config: Pick<Config, 'role' | 'networkSecret' | 'genesisUrl'>): boolean =>
  config.role === 'sealer' && config.networkSecret !== undefined && config.genesisUrl !== undefined;

/**
 * The node role's step before fetching the genesis: registers this sealer's address with the
 * genesis server when it should (undefined otherwise). Afterwards the caller checks the fetched
 * genesis with assertSignerInGenesis(identity.account.address, signers).
 */
export async function registerSealer(options: {
  config: Config;
  identity: Identity;
  logger: Logger;
  signal?: AbortSignal;
  deadlineMs?: number;
  fetch?: FetchLike;
}): Promise<Registration | undefined> {
  const { config, identity } = options;
  if (!shouldRegister(config) || identity.account === undefined) return undefined;
  const { signer, address } = identity.account;
  return registerSigner({
    baseUrl: genesisServerBase(config.genesisUrl as string),
    networkSecret: config.networkSecret as string,
    address,
    sign: (msg) => signer.signMessage(msg),
    logger: options.logger,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}
