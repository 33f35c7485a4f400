import { loadConfig } from '../config/load.js';
import { refuseGethOverridesFor } from '../geth/args/index.js';
import { createLogger } from '../log.js';
import type { Command } from './types.js';
import { parseCommandArgs } from './parse-args.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run the configured role until SIGTERM/SIGINT (the default command; the container entrypoint).',
  usage: 'geth-agent run',
  run: async (ctx) => {
    parseCommandArgs(ctx.args, {}, 'run');
    const loaded = loadConfig(ctx.env);
    // Before anything starts: GETH_AGENT_GETH_ARGS or GETH_* variables that would override the agent exit 78.
    refuseGethOverridesFor(loaded.config, ctx.env);
    const logger = createLogger({ level: loaded.config.logLevel });
    // Each role loads only the modules it needs (a genesis server never loads the geth supervisor).
    if (loaded.config.role === 'genesis') {
      const { runGenesisRole } = await import('../roles/genesis.js');
      return runGenesisRole({ ...ctx, loaded, logger });
    }
    const { runNodeRole } = await import('../roles/node.js');
    return runNodeRole({ ...ctx, loaded, logger });
  },
};
