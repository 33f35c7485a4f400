import type { Config } from '../config/table.js';
import { AgentError, describeError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { locateExecutable, resolveGeth, type LocateOptions } from './locate.js';

/** The executable a role runs, verified: geth with its version, or bootnode. */
export type VerifiedBinary = { readonly name: 'geth'; readonly bin: string; readonly version: string } | { readonly name: 'bootnode'; readonly bin: string };

/**
 * What `check` verifies before it says the configuration is OK: the executable the role runs
 * exists, runs, and (geth) is 1.13.x; undefined for role genesis, which runs none. Throws an
 * AgentError with exit 78 otherwise, like `run` would at its start.
 */
export async function verifyRoleBinary(
  config: Pick<Config, 'role' | 'bootMode' | 'gethBin'>,
  locate: Omit<LocateOptions, 'configured'> = {},
): Promise<VerifiedBinary | undefined> {
  if (config.role === 'genesis') return undefined;
  if (config.role === 'boot' && config.bootMode === 'bootnode') {
    const bin = locateExecutable('bootnode', locate);
    if (bin === undefined) throw new AgentError('bootnode not found: run scripts/install-geth.sh or set GETH_AGENT_BOOT_MODE=geth', ExitCode.config);
    return { name: 'bootnode', bin };
  }
  const { bin, version } = await resolveGeth({ ...locate, configured: config.gethBin });
  return { name: 'geth', bin, version: version.version };
}

/** One line for `--version`: the geth this environment would run, or why there is none. Never throws. */
export async function describeGeth(options: LocateOptions): Promise<string> {
  if (locateExecutable('geth', options) === undefined) {
    return 'geth: none found (set GETH_AGENT_GETH_BIN, run scripts/install-geth.sh, or put geth 1.13.15 on PATH)';
  }
  try {
    const { bin, version } = await resolveGeth(options);
    return `geth ${version.version} (${bin})`;
  } catch (error) {
    return `geth: ${error instanceof AgentError ? error.message : describeError(error)}`;
  }
}
