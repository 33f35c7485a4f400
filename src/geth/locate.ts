import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { AgentError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { packageRoot } from '../version.js';
import { childEnv } from './child-env.js';

export interface LocateOptions {
  /** GETH_AGENT_GETH_BIN, when set: used as is. */
  readonly configured?: string | undefined;
  /** The folder scripts/install-geth.sh fills (default: <package>/.tools/bin). */
  readonly toolsDir?: string;
  readonly pathEnv?: string | undefined;
}

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Finds an executable (`geth` or `bootnode`): the configured path, then the tools folder, then
 * PATH. Returns undefined when none is found.
 */
export function locateExecutable(name: 'geth' | 'bootnode', options: LocateOptions = {}): string | undefined {
  if (options.configured !== undefined) return options.configured;
  const toolsDir = options.toolsDir ?? join(packageRoot(), '.tools', 'bin');
  const candidates = [join(toolsDir, name), ...(options.pathEnv ?? process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name))];
  return candidates.find(isExecutable);
}

export interface GethVersion {
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Parses the output of `geth version` ("Version: 1.13.15-stable"). */
export function parseGethVersion(output: string): GethVersion | undefined {
  const match = /^Version:\s*(\d+)\.(\d+)\.(\d+)(\S*)/m.exec(output);
  if (match === null) return undefined;
  return { version: `${match[1]}.${match[2]}.${match[3]}${match[4] ?? ''}`, major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** Only geth 1.13.x can seal Clique (1.14 refuses pre-merge chains); anything else is refused. */
export function checkSupportedGeth(version: GethVersion | undefined, bin: string): string | undefined {
  if (version === undefined) return `${bin} does not look like geth: "geth version" printed no "Version:" line`;
  if (version.major !== 1 || version.minor !== 13) {
    return `${bin} is geth ${version.version}, but geth-agent needs geth 1.13.x (1.13.15 recommended): geth 1.14 and later cannot run a Clique chain. Run scripts/install-geth.sh or set GETH_AGENT_GETH_BIN.`;
  }
  return undefined;
}

/** Finds geth and verifies its version; exits 78 (configuration) with a clear message otherwise. */
export async function resolveGeth(options: LocateOptions = {}): Promise<{ bin: string; version: GethVersion }> {
  const bin = locateExecutable('geth', options);
  if (bin === undefined) {
    throw new AgentError('geth not found: set GETH_AGENT_GETH_BIN, run scripts/install-geth.sh, or put geth 1.13.15 on PATH', ExitCode.config);
  }
  if (options.configured !== undefined && !isExecutable(bin)) {
    throw new AgentError(`GETH_AGENT_GETH_BIN=${bin}: ${existsSync(bin) ? 'not an executable file' : 'no such file'}`, ExitCode.config);
  }
  let output: string;
  try {
    output = (await execa(bin, ['version'], { timeout: 15_000, stdin: 'ignore', env: childEnv(process.env), extendEnv: false })).stdout;
  } catch (error) {
    throw new AgentError(`cannot run ${bin} version: ${(error as { shortMessage?: string }).shortMessage ?? String(error)}`, ExitCode.config, { cause: error });
  }
  const version = parseGethVersion(output);
  const problem = checkSupportedGeth(version, bin);
  if (problem !== undefined || version === undefined) throw new AgentError(problem ?? 'unknown geth', ExitCode.config);
  return { bin, version };
}
