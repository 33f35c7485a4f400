import type { Config } from '../config/table.js';
import type { Logger } from '../log.js';
import { agentPaths } from '../paths.js';
import type { Account } from './account.js';
import { formatEnode } from './keys.js';
import type { KdfOptions } from './keystore.js';
import { applyNodeKey, planNodeKey } from './node-key.js';

export interface Identity {
  /** `<datadir>/agent/nodekey`: geth `--nodekey`, bootnode `-nodekey`. */
  readonly nodeKeyFile: string;
  /** 128 hex, no 0x. */
  readonly nodeId: string;
  enode(host: string, port: number, discport?: number): string;
  readonly account?: Account;
}

export interface ProvisionOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Role sealer, or role client with GETH_AGENT_CREATE_ACCOUNT. */
  readonly needAccount: boolean;
  /** Tests only: a cheap scrypt cost. Production always uses ethers' default (N = 2^17). */
  readonly kdf?: KdfOptions;
  readonly now?: () => number;
}

/** Whether a role needs an account key (sealers always; clients on request; boot never). */
export const needsAccount = (config: Pick<Config, 'role' | 'createAccount'>): boolean =>
  config.role === 'sealer' || (config.role === 'client' && config.createAccount);

/**
 * Provisions the node key and, when needed, the account (keystore v3 + password file) under the
 * data dir. Idempotent: a restart finds the same key and account and rewrites nothing.
 */
export async function provisionIdentity(options: ProvisionOptions): Promise<Identity> {
  const { config, needAccount } = options;
  const logger = options.logger.child({ component: 'identity' });
  const paths = agentPaths(config.dataDir);
  // The account modules (ethers: wallets, scrypt) load only for a node that has an account.
  const accounts = needAccount ? await Promise.all([import('./account-key.js'), import('./account.js')]) : undefined;
  const configuredKey = await accounts?.[0].configuredAccountKey(config);
  const accountOptions = { paths, configuredKey, configuredPassword: config.password, logger, kdf: options.kdf, now: options.now };
  // Every check (and the one keystore decryption) runs before the first write: a refusal changes nothing.
  const nodeKeyPlan = await planNodeKey({ paths, configured: config.nodeKey });
  const accountPlan = accounts === undefined ? undefined : await accounts[1].planAccount(accountOptions);
  const nodeKey = await applyNodeKey(nodeKeyPlan, paths, logger);
  const account = accountPlan === undefined || accounts === undefined ? undefined : await accounts[1].applyAccount(accountPlan, accountOptions);
  const { nodeId } = nodeKey;
  return Object.freeze({
    nodeKeyFile: nodeKey.file,
    nodeId,
    enode: (host: string, port: number, discport?: number) => formatEnode(nodeId, host, port, discport),
    ...(account === undefined ? {} : { account: Object.freeze(account) }),
  });
}
