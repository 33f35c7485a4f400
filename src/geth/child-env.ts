import type { Env } from '../config/load.js';

/**
 * The environment a child (geth, bootnode) gets: the agent's own minus every GETH_AGENT_*
 * variable (secrets and their _FILE paths included). geth's own GETH_* variables pass through.
 */
export function childEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || name.startsWith('GETH_AGENT_')) continue;
    out[name] = value;
  }
  return out;
}
