import { agentBin } from '../test/helpers/cli.js';

/**
 * The `geth-agent` launcher the benches start: this checkout's, or GA_BENCH_AGENT_BIN (another
 * checkout's bin/geth-agent, built) to measure a before/after on the same machine in one sitting.
 */
export const benchAgentBin = (): string => process.env.GA_BENCH_AGENT_BIN ?? agentBin();
