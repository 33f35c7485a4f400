import { loadConfig, type Env } from '../../src/config/load.js';
import type { Config } from '../../src/config/table.js';
import { provisionIdentity, type Identity } from '../../src/identity/provision.js';
import type { Logger } from '../../src/log.js';

/** Cheap scrypt for tests (production: ethers' default N = 2^17). */
export const testKdf = { scryptN: 16 };

export function identityConfig(dataDir: string, env: Env = {}): Config {
  return loadConfig({ GETH_AGENT_ROLE: 'sealer', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9/', GETH_AGENT_DATA_DIR: dataDir, ...env }).config;
}

export function provisionForTest(dataDir: string, logger: Logger, env: Env = {}, needAccount = true): Promise<Identity> {
  return provisionIdentity({ config: identityConfig(dataDir, env), logger, needAccount, kdf: testKdf });
}
