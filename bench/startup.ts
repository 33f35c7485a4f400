// Start-up overhead of the agent: agent start -> geth answers JSON-RPC over IPC, versus bare geth
// start -> same, same genesis and flags, alternating runs in one process. Usage:
//   node dist/bench/startup.js [runs=7]
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { hexlify, randomBytes, Wallet } from 'ethers';
import { pino } from 'pino';
import { loadConfig } from '../src/config/load.js';
import { buildGethArgs } from '../src/geth/args/index.js';
import { connectIpc } from '../src/geth/rpc/ipc-client.js';
import { agentPaths } from '../src/paths.js';
import { packageRoot } from '../src/version.js';
import { figure, writeReport } from './report.js';

const runs = Number(process.argv[2] ?? 7);
const geth = join(packageRoot(), '.tools', 'bin', 'geth');
const logger = pino({ level: 'silent' });
const root = mkdtempSync(join(tmpdir(), 'ga-bench-'));
const signer = Wallet.createRandom().address;
const genesis = {
  config: { chainId: 4242, homesteadBlock: 0, eip150Block: 0, eip155Block: 0, eip158Block: 0, byzantiumBlock: 0, constantinopleBlock: 0, petersburgBlock: 0, istanbulBlock: 0, berlinBlock: 0, londonBlock: 0, clique: { period: 5, epoch: 30000 } },
  difficulty: '0x1', gasLimit: '0x1c9c380', extraData: `0x${'00'.repeat(32)}${signer.slice(2)}${'00'.repeat(65)}`, alloc: {},
};

function envFor(dataDir: string): Record<string, string> {
  return {
    GETH_AGENT_ROLE: 'client', GETH_AGENT_DATA_DIR: dataDir, GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9', GETH_AGENT_GETH_BIN: geth,
    GETH_AGENT_P2P_PORT: '0', GETH_AGENT_AUTHRPC_PORT: '0', GETH_AGENT_HTTP_PORT: '0', GETH_AGENT_WS_PORT: '0', GETH_AGENT_HTTP_ADDR: '127.0.0.1',
    GETH_AGENT_NETRESTRICT: '127.0.0.0/8', GETH_AGENT_LOG_LEVEL: 'warn',
  };
}

async function prepare(name: string): Promise<string> {
  const dataDir = join(root, name);
  const paths = agentPaths(dataDir);
  mkdirSync(paths.agentDir, { recursive: true });
  writeFileSync(paths.genesis, JSON.stringify(genesis));
  writeFileSync(paths.nodeKey, hexlify(randomBytes(32)).slice(2), { mode: 0o600 });
  await execa(geth, ['--datadir', dataDir, 'init', paths.genesis]);
  return dataDir;
}

/** Spawns, polls IPC every 5 ms until eth_blockNumber answers, returns ms, then stops with one SIGINT. */
async function measure(file: string, args: string[], env: Record<string, string>, ipc: string): Promise<number> {
  rmSync(ipc, { force: true });
  const start = performance.now();
  const child: ResultPromise = execa(file, args, { env, extendEnv: true, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore', reject: false });
  let elapsed: number | undefined;
  while (elapsed === undefined) {
    try {
      const client = await connectIpc({ path: ipc, timeoutMs: 1000, logger });
      await client.call('eth_blockNumber');
      elapsed = performance.now() - start;
      client.close();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (performance.now() - start > 60_000) throw new Error('not ready within 60 s');
  }
  child.kill('SIGINT');
  await child;
  return elapsed;
}

const stats = (values: number[]): { median: number; p99: number; min: number; max: number } => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), p99: at(0.99), min: sorted[0] as number, max: sorted.at(-1) as number };
};

const bareDir = await prepare('bare');
const agentDir = await prepare('agent');
const bareConfig = loadConfig(envFor(bareDir)).config;
const bare = buildGethArgs({ role: 'client', config: bareConfig, paths: agentPaths(bareDir), nodeKeyFile: agentPaths(bareDir).nodeKey, bootnodes: [], networkId: 4242 });
const agentScript = join(packageRoot(), 'dist', 'bench', 'agent-start.js');
const results = { bare: [] as number[], agent: [] as number[] };
try {
  for (let i = 0; i < runs; i++) {
    results.bare.push(await measure(geth, [...bare.args], {}, agentPaths(bareDir).ipc));
    results.agent.push(await measure(process.execPath, [agentScript], envFor(agentDir), agentPaths(agentDir).ipc));
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
const b = stats(results.bare);
const a = stats(results.agent);
const fmt = (s: ReturnType<typeof stats>): string => `median ${s.median.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;
console.log(`startup to IPC ready, ${runs} runs each (client role, same genesis and flags)`);
console.log(`  bare geth : ${fmt(b)}`);
console.log(`  agent     : ${fmt(a)}`);
console.log(`  overhead  : median ${(a.median - b.median).toFixed(0)} ms (goal < 300 ms)`);
await writeReport({
  bench: 'startup',
  figures: [
    figure({ figure: 'start → geth answers on IPC (agent)', unit: 'ms', samples: results.agent, baseline: { name: 'bare geth, same flags', samples: results.bare }, goal: { of: 'delta', op: '<', value: 300 } }),
  ],
  notes: [`${runs} runs each, alternating, client role, same genesis and flags; the agent's genesis fetch is excluded (provisioning read from the data dir).`],
});
