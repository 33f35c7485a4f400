import type { LoadedConfig } from '../config/load.js';
import type { Logger } from '../log.js';
import type { CommandContext } from '../commands/types.js';

/** What a role runner gets: the command context plus the loaded config and the root logger. */
export interface RoleContext extends CommandContext {
  readonly loaded: LoadedConfig;
  readonly logger: Logger;
}
