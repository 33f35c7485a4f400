import type { Config } from '../config/table.js';
import { addressOfPrivateKey } from '../eth/address.js';

/** BIP-44 path of the account derived from GETH_AGENT_MNEMONIC (Ethereum coin type 60). */
export const bip44Path = (index: number): string => `m/44'/60'/0'/0/${index}`;

export interface ConfiguredKey {
  readonly privateKey: string;
  /** Checksummed. */
  readonly address: string;
  /** Which variable it came from (never the value). */
  readonly source: 'GETH_AGENT_PRIVATE_KEY' | 'GETH_AGENT_MNEMONIC';
}

/** The account key the configuration names, if any (ethers' HD wallets load only for a mnemonic). */
export async function configuredAccountKey(config: Pick<Config, 'privateKey' | 'mnemonic' | 'accountIndex'>): Promise<ConfiguredKey | undefined> {
  if (config.privateKey !== undefined) {
    return { privateKey: config.privateKey, address: addressOfPrivateKey(config.privateKey), source: 'GETH_AGENT_PRIVATE_KEY' };
  }
  if (config.mnemonic !== undefined) {
    const { HDNodeWallet } = await import('../eth/wallets.js');
    const wallet = HDNodeWallet.fromPhrase(config.mnemonic, undefined, bip44Path(config.accountIndex));
    return { privateKey: wallet.privateKey, address: wallet.address, source: 'GETH_AGENT_MNEMONIC' };
  }
  return undefined;
}
