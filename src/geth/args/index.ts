import { AgentError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { buildGethArgsV1_13 } from './v1_13.js';
import type { ArgsInput, GethCommand } from './types.js';

export type { ArgsInput, GethCommand, GeneratedToml, NodeRole } from './types.js';
export { translateLegacyFlags, legacyFlags } from './legacy.js';

/** Builders per supported geth minor version; a later engine adds an entry, nothing else changes. */
const builders: Readonly<Record<string, (input: ArgsInput) => GethCommand>> = { '1.13': buildGethArgsV1_13 };

/** The command line for `input` on geth `version` (default 1.13, the only one that seals Clique). */
export function buildGethArgs(input: ArgsInput, version: { major: number; minor: number } = { major: 1, minor: 13 }): GethCommand {
  const builder = builders[`${version.major}.${version.minor}`];
  if (builder === undefined) {
    throw new AgentError(`no args builder for geth ${version.major}.${version.minor} (supported: ${Object.keys(builders).join(', ')})`, ExitCode.config);
  }
  return builder(input);
}
