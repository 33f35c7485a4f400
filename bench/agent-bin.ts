import { agentBin } from '../test/helpers/cli.js';

/**
 * The `geth-agent` launcher the benches start: this checkout's, or GA_BENCH_AGENT_BIN (another
 * checkout's bin/geth-agent, built) to measure a before/after on the same machine in one sitting.
 */
export const benchAgentBin = (): string => process.env.GA_BENCH_AGENT_BIN ?? agentBin();

/**
 * The node binary the processes under measurement run on (agents, the bare servers next to them,
 * the bare node floor): GA_BENCH_NODE (bench/run.ts sets it from `--node`), else this one. The
 * bench itself and the load generator stay on the node that runs the bench: the instruments do
 * not change when the node under comparison does, and a checkout whose code an older node cannot
 * load can still be measured on it through GA_BENCH_AGENT_BIN.
 */
export const benchNode = (): string => process.env.GA_BENCH_NODE ?? process.execPath;
