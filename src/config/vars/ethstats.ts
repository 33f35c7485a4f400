/** GETH_AGENT_* variables of the ethstats concern (see src/config/vars/core.ts for the pattern). */
export const ethstatsVars = {};
