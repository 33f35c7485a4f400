import type { Env } from '../config/load.js';
import { isServiceLink } from './args/geth-flags.js';

/**
 * The environment a child (geth, bootnode) gets: the agent's own minus every GETH_AGENT_*
 * variable (secrets and their _FILE paths included) and minus the Kubernetes service links of a
 * Service named `geth` (GETH_PORT=tcp://... would reach geth as a --port it cannot parse). geth's
 * own GETH_* variables pass through; the ones that override what the agent sets are refused at
 * start (refuseGethOverridesFor).
 */
export function childEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || name.startsWith('GETH_AGENT_') || isServiceLink(name, value)) continue;
    out[name] = value;
  }
  return out;
}
