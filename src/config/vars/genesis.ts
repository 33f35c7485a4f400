/** GETH_AGENT_* variables of the genesis concern (see src/config/vars/core.ts for the pattern). */
export const genesisVars = {};
