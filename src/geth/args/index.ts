import { AgentError, ConfigError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { Env } from '../../config/load.js';
import type { Config } from '../../config/table.js';
import { gethArgsProblems, refuseGethOverrides } from './guard.js';
import type { ArgsBuilder } from './owned.js';
import { buildGethArgsV1_13 } from './v1_13.js';
import type { ArgsInput, GethCommand } from './types.js';

export type { ArgsInput, GethCommand, GeneratedToml, NodeRole } from './types.js';
export { translateLegacyFlags, legacyFlags } from './legacy.js';

type GethVersion = { major: number; minor: number };

/** Builders per supported geth minor version; a later engine adds an entry, nothing else changes. */
const builders: Readonly<Record<string, ArgsBuilder>> = { '1.13': buildGethArgsV1_13 };

/** geth 1.13, the only one that seals Clique. */
const defaultVersion: GethVersion = { major: 1, minor: 13 };

function builderFor(version: GethVersion): ArgsBuilder {
  const builder = builders[`${version.major}.${version.minor}`];
  if (builder === undefined) {
    throw new AgentError(`no args builder for geth ${version.major}.${version.minor} (supported: ${Object.keys(builders).join(', ')})`, ExitCode.config);
  }
  return builder;
}

/**
 * The command line for `input` on geth `version`. GETH_AGENT_GETH_ARGS that override what the
 * builder emits, select another chain or open a listener the typed variables would refuse are a
 * ConfigError (exit 78), before anything is built.
 */
export function buildGethArgs(input: ArgsInput, version: GethVersion = defaultVersion): GethCommand {
  const builder = builderFor(version);
  const problems = gethArgsProblems(input.config, builder);
  if (problems.length > 0) throw new ConfigError(problems);
  return builder(input);
}

/**
 * Refuses (ConfigError, exit 78) GETH_AGENT_GETH_ARGS and geth's own GETH_* variables that would
 * override what the agent sets: `check`, `args` and `run` call it before anything starts.
 */
export function refuseGethOverridesFor(config: Config, env: Env, version: GethVersion = defaultVersion): void {
  refuseGethOverrides(config, env, builderFor(version));
}
