import { defineRule, type Rule } from '../rules.js';

/** Cross-variable rules of the genesis concern (wired into configRules in rule-set.ts). */
export const genesisRules: Rule[] = [
  defineRule(['role', 'sealerCount', 'networkSecret'], (config) =>
    config.role === 'genesis' && config.sealerCount !== undefined && config.networkSecret === undefined
      ? ['GETH_AGENT_NETWORK_SECRET (or _FILE) is required in role genesis with GETH_AGENT_SEALER_COUNT: sealers authenticate with it']
      : [],
  ),
];
