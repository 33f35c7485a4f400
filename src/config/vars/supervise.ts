/** GETH_AGENT_* variables of the supervise concern (see src/config/vars/core.ts for the pattern). */
export const superviseVars = {};
