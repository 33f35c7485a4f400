/** GETH_AGENT_* variables of the watchdog concern (see src/config/vars/core.ts for the pattern). */
export const watchdogVars = {};
