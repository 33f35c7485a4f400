import { execa } from 'execa';
import { join } from 'node:path';
import { packageRoot } from '../../src/version.js';

export const agentBin = (): string => join(packageRoot(), 'bin', 'geth-agent');

/** Runs bin/geth-agent as a real process with exactly `env` (plus PATH) and no stdin. */
export async function runAgent(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 30_000) {
  const result = await execa(agentBin(), [...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: timeoutMs,
  });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}
