import { AgentError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { RoleContext } from './types.js';

/** Role genesis: the genesis server (genesis issue). */
export async function runGenesisRole(_ctx: RoleContext): Promise<number> {
  throw new AgentError('role genesis is not implemented yet', ExitCode.config);
}
