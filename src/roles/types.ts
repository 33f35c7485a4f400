import type { Env, LoadedConfig } from '../config/load.js';
import type { Logger } from '../log.js';

/** What a role runner gets: the environment, the stop signal, the loaded config and the root logger. */
export interface RoleContext {
  /** The agent's environment (geth gets it minus GETH_AGENT_*). */
  readonly env: Env;
  /** Aborted on SIGINT/SIGTERM of the agent: the role stops everything it started. */
  readonly signal: AbortSignal;
  readonly loaded: LoadedConfig;
  readonly logger: Logger;
}
