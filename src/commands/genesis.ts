import { loadConfigFor } from '../config/load.js';
import { AgentError, ConfigError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { buildCliqueGenesis, GenesisSpecError, serializeGenesis } from '../genesis/build.js';
import { genesisSpecFromConfig, signerModeFromConfig } from '../genesis/from-config.js';
import type { Command } from './types.js';
import { parseCommandArgs } from './parse-args.js';

export const genesisCommand: Command = {
  name: 'genesis',
  summary: 'Print the genesis.json the configuration builds (static signers, GETH_AGENT_SIGNERS).',
  usage: 'geth-agent genesis',
  run: async (ctx) => {
    parseCommandArgs(ctx.args, {}, 'genesis');
    // Only what a genesis is built from: no GETH_AGENT_ROLE, no secret, no URL needed.
    const { config } = loadConfigFor(ctx.env, ['networkId', 'cliquePeriod', 'cliqueEpoch', 'gasLimit', 'prefund', 'prefundBalance', 'signers', 'sealerCount']);
    // Both missing inputs reported in one run, like every other configuration problem.
    const problems = [() => genesisSpecFromConfig(config), () => signerModeFromConfig(config)].flatMap((read) => {
      try {
        read();
        return [];
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
    });
    if (problems.length > 0) throw new ConfigError(problems);
    const mode = signerModeFromConfig(config);
    if (mode.kind === 'collected') {
      throw new AgentError(
        `the signer set is collected at run time (GETH_AGENT_SEALER_COUNT=${mode.needed}): no genesis exists until ${mode.needed} sealers registered. ` +
          'Fetch it from the running genesis server (GET /genesis.json), or set GETH_AGENT_SIGNERS to build one offline.',
        ExitCode.config,
      );
    }
    try {
      ctx.stdout(serializeGenesis(buildCliqueGenesis({ ...genesisSpecFromConfig(config), signers: mode.signers })).toString('utf8'));
    } catch (error) {
      if (error instanceof GenesisSpecError) throw new AgentError(`cannot build the genesis: ${error.message}`, ExitCode.config, { cause: error });
      throw error;
    }
    return ExitCode.ok;
  },
};
