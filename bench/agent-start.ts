// The agent side of bench/startup.ts: `geth-agent run` with provisioning read from a data dir that
// bench/startup.ts prepared (the genesis fetch is excluded from the measurement by design).
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/log.js';
import { agentPaths } from '../src/paths.js';
import { createNodeRunner } from '../src/roles/node-runner.js';
import { installStopSignals } from '../src/signals.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

const { config } = loadConfig(process.env);
const paths = agentPaths(config.dataDir);
const genesis = JSON.parse(readFileSync(paths.genesis, 'utf8')) as { config: { chainId: number } };
const controller = new AbortController();
installStopSignals(controller, (text) => process.stderr.write(text));
const runner = createNodeRunner({
  config,
  logger: createLogger({ level: 'warn' }),
  env: process.env,
  provision: async () => ({ genesis: { path: paths.genesis, chainId: genesis.config.chainId }, identity: { nodeKeyFile: paths.nodeKey }, bootnodes: [] }),
  initChain: async ({ gethBin, dataDir, genesis: g }) => {
    if (!existsSync(join(paths.chainDir, 'chaindata'))) await execa(gethBin, ['--datadir', dataDir, 'init', g.path]);
  },
});
process.exitCode = await runner.run(controller.signal);
