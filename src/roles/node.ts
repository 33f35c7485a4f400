import { AgentError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { RoleContext } from './types.js';

/** Roles boot, sealer, client: provision, launch and supervise geth (supervisor issue). */
export async function runNodeRole(ctx: RoleContext): Promise<number> {
  throw new AgentError(`role ${ctx.loaded.config.role} is not implemented yet`, ExitCode.config);
}
