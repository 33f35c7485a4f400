/** GETH_AGENT_* variables of the identity concern (see src/config/vars/core.ts for the pattern). */
export const identityVars = {};
