import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { toolPath } from './geth-bin.js';
import { spawnTestProcess, type TestProcess } from './geth-process.js';
import { loopbackFlags, splitConfigArgs, type CliqueChain } from './clique-chain.js';

/**
 * Stops the chain's geth (one SIGINT) and starts a new sealing geth on the same datadir, IPC
 * path and signer: a geth restart as the agent's supervisor would do it. Stopped by the test.
 */
export async function restartCliqueGeth(t: TestContext, chain: CliqueChain, args: readonly string[] = []): Promise<TestProcess> {
  await chain.stop();
  const extra = splitConfigArgs(args);
  const geth = spawnTestProcess(toolPath('geth'), [
    '--datadir', chain.datadir,
    '--ipcpath', chain.ipcPath,
    '--networkid', String(chain.networkId),
    '--syncmode', 'full',
    '--nodiscover',
    ...loopbackFlags(chain.datadir, 0, extra.toml),
    '--mine', '--miner.etherbase', chain.signer.address,
    '--unlock', chain.signer.address, '--password', join(chain.dir, 'password'),
    ...extra.args,
  ]);
  t.after(() => geth.stop());
  await geth.waitForLine(/IPC endpoint opened/);
  return geth;
}
