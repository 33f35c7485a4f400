/**
 * Start-up of the agent per role and kind of start, against bare geth with the same command line,
 * in pairs (the order alternates from pair to pair, so drift hits both sides alike):
 *   client first   `geth-agent run` on an empty data dir (genesis download, node key, geth init,
 *                  launch) vs `geth init` + geth
 *   client warm    `geth-agent run` on its data dir vs geth on the same data dir
 *   sealer first   as client first, plus the keystore (encrypt) and the registration
 *   sealer warm    as client warm; ready = geth mines (its account is unlocked)
 * Start = the moment the process is spawned; ready = geth answers on IPC (client: eth_blockNumber;
 * sealer: eth_mining true, which geth 1.13 sets only after unlocking). The command line for bare
 * geth is `geth-agent args --json` with the same environment (the boot node placeholder dropped:
 * the genesis server here lists none) and is checked against the one the agent logs at launch.
 * The genesis server is a real genesis agent (collected signer set, network secret) on loopback.
 *   node dist/bench/startup.js [--runs 20]
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { Wallet } from 'ethers';
import { pino } from 'pino';
import { waitForIpc } from '../src/geth/rpc/wait.js';
import { nodeIdFromKey } from '../src/identity/keys.js';
import { agentPaths } from '../src/paths.js';
import { benchAgentBin as agentBin, benchNode } from './agent-bin.js';
import { toolPath } from '../test/helpers/geth-bin.js';
import { spawnTestProcess, type TestProcess } from '../test/helpers/geth-process.js';
import { freePorts } from '../test/helpers/ports.js';
import { waitOk } from './network.js';
import { figure, writeReport, type Figure, type Goal } from './report.js';
import { median } from './stats.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
const geth = toolPath('geth');
const logger = pino({ level: 'silent' });
const root = await mkdtemp(join(tmpdir(), 'ga-bench-start-'));
const [genesisPort, agentPort] = (await freePorts(2)) as [number, number];
const secretFile = join(root, 'network-secret');
const signer = Wallet.createRandom();
const keyFile = join(root, 'sealer.key');
await writeFile(secretFile, 'bench-network-secret\n', { mode: 0o600 });
await writeFile(keyFile, `${signer.privateKey}\n`, { mode: 0o600 });
// A boot node that is never there: both sides get the same --bootnodes, and nothing is discovered.
const bootnode = `enode://${nodeIdFromKey(Wallet.createRandom().privateKey)}@127.0.0.1:9`;

type Role = 'client' | 'sealer';
const env = (role: Role, dataDir: string): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp',
  GETH_AGENT_ROLE: role, GETH_AGENT_DATA_DIR: dataDir, GETH_AGENT_GENESIS_URL: `http://127.0.0.1:${genesisPort}`, GETH_AGENT_GETH_BIN: geth,
  GETH_AGENT_LISTEN: `127.0.0.1:${agentPort}`, GETH_AGENT_NETWORK_ID: '4242', GETH_AGENT_BOOTNODES: bootnode, GETH_AGENT_BOOTNODE_WAIT_SECONDS: '0',
  GETH_AGENT_P2P_PORT: '0', GETH_AGENT_AUTHRPC_PORT: '0', GETH_AGENT_ADVERTISE_HOST: '127.0.0.1', GETH_AGENT_P2P_LISTEN_HOST: '127.0.0.1',
  GETH_AGENT_NETRESTRICT: '127.0.0.0/8', GETH_AGENT_LOG_LEVEL: 'info',
  ...(role === 'client' ? { GETH_AGENT_HTTP_PORT: '0', GETH_AGENT_WS_PORT: '0', GETH_AGENT_HTTP_ADDR: '127.0.0.1' } : { GETH_AGENT_PRIVATE_KEY_FILE: keyFile, GETH_AGENT_NETWORK_SECRET_FILE: secretFile, GETH_AGENT_MIN_PEERS: '0' }),
});

/** ms from `start` until geth is ready for the role (polled every 5 ms over IPC). */
async function ready(role: Role, dataDir: string, start: number, alive: () => boolean): Promise<number> {
  const client = await waitForIpc({ path: agentPaths(dataDir).ipc, timeoutMs: 120_000, callTimeoutMs: 1000, intervalMs: 5, logger, gaveUp: () => !alive() });
  try {
    while (role === 'sealer' && (await client.call<boolean>('eth_mining')) !== true) {
      if (!alive()) throw new Error('exited before mining');
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now() - start;
  } finally {
    client.close();
  }
}

/** The geth command line `geth-agent args --json` prints for this environment (placeholders dropped). */
async function argsOf(role: Role, dataDir: string): Promise<string[]> {
  const { stdout } = await execa(benchNode(), [agentBin(), 'args', '--json'], { env: env(role, dataDir), extendEnv: false });
  const args = (JSON.parse(stdout) as { args: string[] }).args;
  return args.map((a, i) => (args[i - 1] === '--bootnodes' ? a.split(',').filter((e) => !e.startsWith('<')).join(',') : a));
}

/** The args the agent logged with "starting geth". */
function launched(lines: readonly string[]): string[] | undefined {
  for (const line of lines) {
    if (!line.includes('"starting geth"')) continue;
    return (JSON.parse(line) as { args?: string[] }).args;
  }
  return undefined;
}

/** The genesis download the agent logged (fetchMs of its genesis log line), in ms. */
function downloadMs(lines: readonly string[]): number {
  for (const line of lines) {
    const m = /"fetchMs":([\d.]+)/.exec(line);
    if (m !== null && /genesis fetched and cached|cached genesis matches the server/.test(line)) return Number(m[1]);
  }
  return Number.NaN;
}

async function stopAll(p: TestProcess): Promise<void> {
  const exit = await p.stop(30_000);
  if (exit.exitCode !== 0 && exit.signal !== 'SIGINT') throw new Error(`exited with ${exit.signal ?? exit.exitCode}:\n${p.lines.slice(-10).join('\n')}`);
}

async function timeAgent(role: Role, dataDir: string): Promise<{ ms: number; downloadMs: number; args: string[] | undefined }> {
  const start = performance.now();
  const agent = spawnTestProcess(benchNode(), [agentBin(), 'run'], { env: env(role, dataDir) });
  try {
    const ms = await ready(role, dataDir, start, () => agent.isRunning()).catch((error: unknown) => {
      throw new Error(`agent (${role}): ${(error as Error).message}\n${agent.lines.slice(-10).join('\n')}`);
    });
    return { ms, downloadMs: downloadMs(agent.lines), args: launched(agent.lines) };
  } finally {
    await stopAll(agent);
  }
}

async function timeBare(role: Role, dataDir: string, args: readonly string[], init?: string): Promise<number> {
  const start = performance.now();
  if (init !== undefined) await execa(geth, ['--datadir', dataDir, 'init', init], { stdin: 'ignore' });
  const bare = spawnTestProcess(geth, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' } });
  try {
    return await ready(role, dataDir, start, () => bare.isRunning());
  } finally {
    await stopAll(bare);
  }
}

/** A fresh data dir for bare geth's first start: the agent's key files of `from` copied in, nothing else. */
async function bareFirstDir(from: string, to: string): Promise<void> {
  const a = agentPaths(from);
  const b = agentPaths(to);
  await mkdir(b.agentDir, { recursive: true, mode: 0o700 });
  await copyFile(a.nodeKey, b.nodeKey);
  const toml = await readFile(a.gethToml, 'utf8').catch(() => undefined);
  if (toml !== undefined) await writeFile(b.gethToml, toml.replaceAll(from, to), { mode: 0o600 });
  for (const name of await readdir(a.keystoreDir).catch(() => [] as string[])) {
    await mkdir(b.keystoreDir, { recursive: true, mode: 0o700 });
    await copyFile(join(a.keystoreDir, name), join(b.keystoreDir, name));
    await copyFile(a.password, b.password);
  }
}

/**
 * Where the launched command line differs from bare geth's, or undefined when they are the same.
 * Addresses compare case-insensitively: `geth-agent args` prints the keystore's lower-case address,
 * the agent launches the checksummed one (geth reads both alike).
 */
function argsDiffer(launchedArgs: readonly string[] | undefined, expected: readonly string[]): string | undefined {
  if (launchedArgs === undefined) return 'no "starting geth" line';
  const norm = (a: string): string => (/^0x[0-9a-fA-F]{40}$/.test(a) ? a.toLowerCase() : a);
  const at = Array.from({ length: Math.max(launchedArgs.length, expected.length) }, (_, i) => i).find((i) => norm(launchedArgs[i] ?? '') !== norm(expected[i] ?? ''));
  return at === undefined ? undefined : `argument ${at}: launched ${JSON.stringify(launchedArgs[at] ?? null)}, bare geth ${JSON.stringify(expected[at] ?? null)}`;
}

const swapDir = (args: readonly string[], from: string, to: string): string[] => args.map((a) => a.replaceAll(from, to));

interface Kind {
  readonly role: Role;
  readonly first: boolean;
  readonly agent: number[];
  readonly bare: number[];
  readonly download: number[];
  readonly mismatches: string[];
}

const genesis = spawnTestProcess(benchNode(), [agentBin(), 'run'], {
  env: {
    PATH: process.env.PATH ?? '/usr/bin:/bin', GETH_AGENT_ROLE: 'genesis', GETH_AGENT_DATA_DIR: join(root, 'genesis'), GETH_AGENT_LISTEN: `127.0.0.1:${genesisPort}`,
    GETH_AGENT_NETWORK_ID: '4242', GETH_AGENT_CLIQUE_PERIOD: '5', GETH_AGENT_SEALER_COUNT: '1', GETH_AGENT_NETWORK_SECRET_FILE: secretFile, GETH_AGENT_LOG_LEVEL: 'warn',
  },
});
const kinds: Kind[] = [];
try {
  await waitOk(`http://127.0.0.1:${genesisPort}/health/live`, 60_000, () => genesis.isRunning());
  for (const role of ['sealer', 'client'] as const) {
    // Warm-up start (not measured): registers the sealer (seals the genesis), provisions the keys.
    const warmDir = join(root, `${role}-warm`);
    await timeAgent(role, warmDir);
    const warmArgs = await argsOf(role, warmDir);
    const genesisFile = agentPaths(warmDir).genesis;
    for (const first of [false, true]) {
      const kind: Kind = { role, first, agent: [], bare: [], download: [], mismatches: [] };
      kinds.push(kind);
      for (let i = 0; i < runs; i++) {
        const agentDir = first ? join(root, `${role}-first-agent-${i}`) : warmDir;
        const bareDir = first ? join(root, `${role}-first-bare-${i}`) : warmDir;
        if (first) await bareFirstDir(warmDir, bareDir);
        const bareArgs = first ? swapDir(warmArgs, warmDir, bareDir) : warmArgs;
        const sides = [
          async () => {
            const a = await timeAgent(role, agentDir);
            kind.agent.push(a.ms);
            kind.download.push(a.downloadMs);
            const expected = first ? swapDir(warmArgs, warmDir, agentDir) : warmArgs;
            const differs = argsDiffer(a.args, expected);
            if (differs !== undefined) kind.mismatches.push(`run ${i}: ${differs}`);
          },
          async () => kind.bare.push(await timeBare(role, bareDir, bareArgs, first ? genesisFile : undefined)),
        ];
        for (const side of i % 2 === 0 ? sides : sides.reverse()) await side();
        if (first) await Promise.all([rm(agentDir, { recursive: true, force: true }), rm(bareDir, { recursive: true, force: true })]);
        const last = (xs: number[]): string => (xs.at(-1) ?? Number.NaN).toFixed(0);
        console.log(`${role} ${first ? 'first' : 'warm '} ${i + 1}/${runs}: agent ${last(kind.agent)} ms (download ${(kind.download.at(-1) ?? Number.NaN).toFixed(1)} ms), bare geth ${last(kind.bare)} ms`);
      }
    }
  }
} finally {
  await genesis.stop(30_000);
  await rm(root, { recursive: true, force: true });
}

const figures: Figure[] = [];
const goals: Record<string, Goal | undefined> = {
  'client warm': { of: 'delta median', op: '<', value: 120 },
  'sealer warm': { of: 'delta p95', op: '<', value: 150 },
};
for (const k of kinds) {
  const name = `${k.role} ${k.first ? 'first' : 'warm'}`;
  const warnings = k.mismatches.length === 0 ? [] : [`the agent launched geth with another command line than bare geth's in ${k.mismatches.length} runs (${k.mismatches[0] ?? ''})`];
  const baseline = { name: k.first ? 'bare geth (init + start), same command line' : 'bare geth, same command line', samples: k.bare };
  const net = k.agent.map((ms, i) => ms - (k.download[i] ?? Number.NaN));
  figures.push(figure({ figure: `${name} start → ready, as measured`, unit: 'ms', samples: k.agent, baseline, paired: true, warnings }));
  figures.push(figure({ figure: `${name} start → ready, genesis download subtracted`, unit: 'ms', samples: net, baseline, paired: true, warnings, ...(goals[name] === undefined ? {} : { goal: goals[name] }) }));
  figures.push(figure({ figure: `${name}: genesis download (agent's fetchMs)`, unit: 'ms', samples: k.download }));
  console.log(`${name}: agent median ${median(k.agent).toFixed(0)} ms, bare ${median(k.bare).toFixed(0)} ms, download median ${median(k.download).toFixed(1)} ms`);
}
await writeReport({
  bench: 'startup',
  figures,
  notes: [
    `${runs} pairs per kind of start, the order alternating; the overhead ("vs baseline") is per pair. Ready: IPC answers eth_blockNumber (client) or eth_mining is true (sealer: geth has unlocked the account).`,
    'Bare geth runs the command line `geth-agent args --json` prints for the same environment (checked against the one the agent launches; a first start differs only in its data dir). Its first start includes `geth init`.',
    'The genesis download is what the agent logs as fetchMs (request to validated body; on a warm start the one comparison fetch); only the rows that say so subtract it. A genesis agent (collected signer set of 1, network secret) serves on loopback; the sealer registers on its first start only.',
  ],
});
