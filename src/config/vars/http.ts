/** GETH_AGENT_* variables of the http concern (see src/config/vars/core.ts for the pattern). */
export const httpVars = {};
