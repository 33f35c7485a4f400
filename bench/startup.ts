// Start-up overhead of the agent: `geth-agent run` (role client, genesis cached from an earlier
// start) -> geth answers JSON-RPC over IPC, versus bare geth with the same flags and genesis ->
// same, alternating runs. A real genesis-role agent serves the genesis; the agent's own
// provisioning time (genesis compare + boot node fetch over loopback, which it reports as
// geth_agent_genesis_fetch_seconds) is subtracted, as the issue excludes the genesis fetch.
// Usage: node dist/bench/startup.js [runs=7]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { Wallet } from 'ethers';
import { pino } from 'pino';
import { loadConfig } from '../src/config/load.js';
import { allocatePorts } from '../src/devnet/ports.js';
import { buildGethArgs } from '../src/geth/args/index.js';
import { waitForIpc } from '../src/geth/rpc/wait.js';
import { agentPaths } from '../src/paths.js';
import { packageRoot } from '../src/version.js';
import { parsePrometheusText, sampleValue } from '../test/helpers/prom-text.js';
import { figure, writeReport } from './report.js';
import { median } from './stats.js';

const runs = Number(process.argv[2] ?? 7);
const root = packageRoot();
const agentBin = join(root, 'bin', 'geth-agent');
const geth = join(root, '.tools', 'bin', 'geth');
const logger = pino({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'ga-bench-'));
const [genesisPort, agentPort] = (await allocatePorts(2)) as [number, number];

const genesisEnv = {
  GETH_AGENT_ROLE: 'genesis', GETH_AGENT_DATA_DIR: join(dir, 'genesis'), GETH_AGENT_LISTEN: `127.0.0.1:${genesisPort}`,
  GETH_AGENT_NETWORK_ID: '4242', GETH_AGENT_CLIQUE_PERIOD: '5', GETH_AGENT_SIGNERS: Wallet.createRandom().address, GETH_AGENT_LOG_LEVEL: 'warn',
};
const clientEnv = (dataDir: string): Record<string, string> => ({
  GETH_AGENT_ROLE: 'client', GETH_AGENT_DATA_DIR: dataDir, GETH_AGENT_GENESIS_URL: `http://127.0.0.1:${genesisPort}`, GETH_AGENT_GETH_BIN: geth,
  GETH_AGENT_LISTEN: `127.0.0.1:${agentPort}`, GETH_AGENT_NETWORK_ID: '4242', GETH_AGENT_BOOTNODE_WAIT_SECONDS: '0',
  GETH_AGENT_P2P_PORT: '0', GETH_AGENT_AUTHRPC_PORT: '0', GETH_AGENT_HTTP_PORT: '0', GETH_AGENT_WS_PORT: '0', GETH_AGENT_HTTP_ADDR: '127.0.0.1',
  GETH_AGENT_NETRESTRICT: '127.0.0.0/8', GETH_AGENT_LOG_LEVEL: 'warn',
});

/** ms from `start` until geth's IPC socket answers eth_blockNumber (polled every 5 ms). */
async function ipcReady(ipc: string, start: number): Promise<number> {
  const client = await waitForIpc({ path: ipc, timeoutMs: 60_000, callTimeoutMs: 1000, intervalMs: 5, logger });
  const elapsed = performance.now() - start;
  client.close();
  return elapsed;
}

/** The agent's own provisioning time (seconds), read from its /metrics once it is up. */
async function provisioningSeconds(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const text = await fetch(`http://127.0.0.1:${agentPort}/metrics`).then((r) => r.text()).catch(() => '');
    const seconds = sampleValue(parsePrometheusText(text), 'geth_agent_genesis_fetch_seconds');
    if (seconds !== undefined && seconds > 0) return seconds;
    await sleep(25);
  }
  throw new Error('the agent reported no genesis_fetch_seconds');
}

async function stop(child: ResultPromise): Promise<void> {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await child;
  clearTimeout(timer);
}

const spawnAgent = (dataDir: string): ResultPromise =>
  execa(process.execPath, [agentBin, 'run'], { env: clientEnv(dataDir), extendEnv: true, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore', reject: false });

const genesisServer = execa(process.execPath, [agentBin, 'run'], { env: genesisEnv, extendEnv: true, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore', reject: false });
const samples = { bare: [] as number[], agent: [] as number[], agentRaw: [] as number[], provisioning: [] as number[] };
try {
  const agentDir = join(dir, 'agent');
  const bareDir = join(dir, 'bare');
  // Warm-up start (not measured): provisions the node key, caches the genesis, initializes the chain.
  const first = spawnAgent(agentDir);
  await ipcReady(agentPaths(agentDir).ipc, performance.now());
  await stop(first);
  await execa(geth, ['--datadir', bareDir, 'init', agentPaths(agentDir).genesis]);
  const bareConfig = loadConfig(clientEnv(bareDir)).config;
  const bare = buildGethArgs({ role: 'client', config: bareConfig, paths: agentPaths(bareDir), nodeKeyFile: agentPaths(agentDir).nodeKey, bootnodes: [], networkId: 4242 });
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    const g = execa(geth, [...bare.args], { stdin: 'ignore', stdout: 'ignore', stderr: 'ignore', reject: false });
    samples.bare.push(await ipcReady(agentPaths(bareDir).ipc, start));
    g.kill('SIGINT');
    await g;
    start = performance.now();
    const agent = spawnAgent(agentDir);
    const raw = await ipcReady(agentPaths(agentDir).ipc, start);
    const provisioning = (await provisioningSeconds()) * 1000;
    samples.agentRaw.push(raw);
    samples.provisioning.push(provisioning);
    samples.agent.push(raw - provisioning);
    await stop(agent);
  }
} finally {
  await stop(genesisServer);
  rmSync(dir, { recursive: true, force: true });
}

console.log(`start -> geth answers on IPC, ${runs} runs each (client role, same genesis and flags)`);
console.log(`  bare geth           : median ${median(samples.bare).toFixed(0)} ms`);
console.log(`  geth-agent run      : median ${median(samples.agentRaw).toFixed(0)} ms, of which provisioning over loopback ${median(samples.provisioning).toFixed(0)} ms`);
console.log(`  overhead (excl. fetch): median ${(median(samples.agent) - median(samples.bare)).toFixed(0)} ms (goal < 300 ms)`);
await writeReport({
  bench: 'startup',
  figures: [
    figure({ figure: 'start → geth answers on IPC (geth-agent run, fetch excluded)', unit: 'ms', samples: samples.agent, baseline: { name: 'bare geth, same flags', samples: samples.bare }, goal: { of: 'delta', op: '<', value: 300 } }),
    figure({ figure: 'start → geth answers on IPC (geth-agent run, as measured)', unit: 'ms', samples: samples.agentRaw, baseline: { name: 'bare geth, same flags', samples: samples.bare } }),
    figure({ figure: 'agent provisioning over loopback (genesis compare + boot nodes)', unit: 'ms', samples: samples.provisioning }),
  ],
  notes: [
    `${runs} runs each, alternating; the real \`geth-agent run\` (role client, genesis cached by a warm-up start) against a real genesis-role agent on loopback.`,
    'Provisioning (node key check, genesis compare and boot-node fetch over loopback) is what the agent reports as geth_agent_genesis_fetch_seconds; it is subtracted per run, as the issue excludes the genesis fetch.',
  ],
});
