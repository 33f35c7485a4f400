import { AgentError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { RoleContext } from './types.js';
import { createNodeRunner } from './node-runner.js';
import type { InitChain, Provision } from './provisioned.js';

export interface NodeRoleDeps {
  readonly provision?: Provision;
  readonly initChain?: InitChain;
}

/**
 * Roles boot, sealer, client: provision, launch and supervise geth.
 * TODO(lead): wire provisionGenesis/provisionIdentity (+ GET /bootnodes) as `provision` and the
 * genesis guard's initChain as `initChain`; until then the role refuses to start.
 */
export async function runNodeRole(ctx: RoleContext, deps: NodeRoleDeps = {}): Promise<number> {
  const { provision, initChain } = deps;
  if (provision === undefined || initChain === undefined) {
    throw new AgentError(`role ${ctx.loaded.config.role}: genesis/identity provisioning is not wired yet`, ExitCode.config);
  }
  const runner = createNodeRunner({ config: ctx.loaded.config, logger: ctx.logger, env: ctx.env, provision, initChain });
  return runner.run(ctx.signal);
}
