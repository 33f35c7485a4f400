/**
 * Idle footprint: RSS and CPU of the agent's own node process (geth excluded), sampled every
 * second over a window, for a sealer agent and a client agent of a real single-sealer network on
 * loopback at the default poll interval, next to a bare `node -e "setInterval(()=>{},1000)"`
 * sampled over the same window. Usage:
 *   node dist/bench/idle-footprint.js [--seconds 60]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { Wallet } from 'ethers';
import { agentBin } from '../test/helpers/cli.js';
import { deathSignalPrefix, toolPath } from '../test/helpers/geth-bin.js';
import { freePorts } from '../test/helpers/ports.js';
import { processSample } from './proc.js';
import { figure, writeReport, type Goal } from './report.js';
import { median } from './stats.js';

const args = process.argv.slice(2);
const seconds = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 60;
if (!Number.isInteger(seconds) || seconds < 1) throw new Error('usage: idle-footprint.js [--seconds N] (N >= 1)');
const hz = Number((await execa('getconf', ['CLK_TCK'], { reject: false })).stdout) || 100;
const period = 2;
const root = await mkdtemp(join(tmpdir(), 'ga-idle-'));
const started: { name: string; child: ResultPromise; log: string }[] = [];

/** Starts a process with stdout+stderr appended to <root>/<name>.log (SIGKILLed if this bench dies). */
function start(name: string, command: readonly string[], env: Record<string, string>): ResultPromise {
  const log = join(root, `${name}.log`);
  const [file, ...rest] = [...deathSignalPrefix(), ...command] as [string, ...string[]];
  // setpriv execs its command: the pid is the node process itself. SIGKILL 30 s after the SIGTERM.
  const child = execa(file, rest, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, extendEnv: false, stdin: 'ignore', stdout: { file: log, append: true }, stderr: { file: log, append: true }, reject: false, forceKillAfterDelay: 30_000 });
  started.push({ name, child, log });
  return child;
}

const tail = (name: string): string => {
  const log = started.find((s) => s.name === name)?.log;
  return log === undefined ? '' : readFileSync(log, 'utf8').split('\n').slice(-12).join('\n');
};

async function waitHealthy(name: string, port: number, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const status = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, (e: unknown) => String(e));
    if (status === 200) return;
    last = String(status);
    const child = started.find((s) => s.name === name)?.child.nodeChildProcess;
    if (child?.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited before healthy:\n${tail(name)}`);
    await sleep(500);
  }
  throw new Error(`${name}: /health not 200 within ${timeoutMs / 1000} s (last ${last}):\n${tail(name)}`);
}

const names = ['sealer', 'client', 'genesis', 'baseline'] as const;
type Watched = (typeof names)[number];
const rss = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Watched, number[]>;
const cpu = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Watched, number[]>;
const overall = {} as Record<Watched, number>;
try {
  const [genesisPort, sealerHttp, sealerP2p, sealerAuth, clientHttp, clientP2p, clientAuth, clientRpc, clientWs] = (await freePorts(9)) as [number, number, number, number, number, number, number, number, number];
  const signer = Wallet.createRandom();
  const keyFile = join(root, 'sealer.key');
  writeFileSync(keyFile, `${signer.privateKey}\n`, { mode: 0o600 });
  const genesis = start('genesis', [process.execPath, agentBin(), 'run'], {
    GETH_AGENT_ROLE: 'genesis', GETH_AGENT_DATA_DIR: join(root, 'g'), GETH_AGENT_LISTEN: `127.0.0.1:${genesisPort}`,
    GETH_AGENT_NETWORK_ID: String(20_000 + Math.floor(Math.random() * 10_000)), GETH_AGENT_CLIQUE_PERIOD: String(period), GETH_AGENT_SIGNERS: signer.address,
  });
  const node = (name: string, http: number, p2p: number, auth: number): Record<string, string> => ({
    GETH_AGENT_DATA_DIR: join(root, name), GETH_AGENT_LISTEN: `127.0.0.1:${http}`, GETH_AGENT_GENESIS_URL: `http://127.0.0.1:${genesisPort}`,
    GETH_AGENT_GETH_BIN: toolPath('geth'), GETH_AGENT_P2P_PORT: String(p2p), GETH_AGENT_AUTHRPC_PORT: String(auth),
    GETH_AGENT_ADVERTISE_HOST: '127.0.0.1', GETH_AGENT_P2P_LISTEN_HOST: '127.0.0.1', GETH_AGENT_NETRESTRICT: '127.0.0.0/8',
    GETH_AGENT_BOOTNODE_WAIT_SECONDS: '0', GETH_AGENT_STOP_GRACE_SECONDS: '20',
  });
  const sealerEnv = { ...node('s', sealerHttp, sealerP2p, sealerAuth), GETH_AGENT_ROLE: 'sealer', GETH_AGENT_PRIVATE_KEY_FILE: keyFile, GETH_AGENT_MIN_PEERS: '0' };
  const enode = (await execa(process.execPath, [agentBin(), 'enode'], { env: { PATH: process.env.PATH ?? '', ...sealerEnv }, extendEnv: false })).stdout.trim();
  const sealer = start('sealer', [process.execPath, agentBin(), 'run'], sealerEnv);
  const client = start('client', [process.execPath, agentBin(), 'run'], {
    ...node('c', clientHttp, clientP2p, clientAuth), GETH_AGENT_ROLE: 'client', GETH_AGENT_STATIC_NODES: enode,
    GETH_AGENT_HTTP_ADDR: '127.0.0.1', GETH_AGENT_WS_ADDR: '127.0.0.1', GETH_AGENT_HTTP_PORT: String(clientRpc), GETH_AGENT_WS_PORT: String(clientWs),
  });
  const baseline = start('baseline', [process.execPath, '-e', 'setInterval(()=>{},1000)'], {});
  await waitHealthy('genesis', genesisPort);
  await waitHealthy('sealer', sealerHttp);
  await waitHealthy('client', clientHttp);
  await sleep(5_000);

  const pids: Record<Watched, number> = { sealer: sealer.pid ?? -1, client: client.pid ?? -1, genesis: genesis.pid ?? -1, baseline: baseline.pid ?? -1 };
  const span = Math.min(10, seconds);
  const t0 = performance.now();
  const first = names.map((n) => processSample(pids[n]).ticks);
  const marks = [{ at: t0, ticks: first }];
  for (let i = 1; i <= seconds; i++) {
    await sleep(Math.max(0, t0 + i * 1000 - performance.now()));
    const readings = names.map((n) => processSample(pids[n]));
    names.forEach((n, k) => rss[n].push((readings[k] as { rssMb: number }).rssMb));
    if (i % span === 0 || i === seconds) marks.push({ at: performance.now(), ticks: readings.map((r) => r.ticks) });
  }
  const pct = (k: number, a: (typeof marks)[number], b: (typeof marks)[number]): number => (((b.ticks[k] as number) - (a.ticks[k] as number)) / hz / ((b.at - a.at) / 1000)) * 100;
  names.forEach((n, k) => {
    for (let m = 1; m < marks.length; m++) cpu[n].push(pct(k, marks[m - 1] as (typeof marks)[number], marks[m] as (typeof marks)[number]));
    overall[n] = pct(k, marks[0] as (typeof marks)[number], marks.at(-1) as (typeof marks)[number]);
  });
} finally {
  await Promise.all(started.map(async (s) => {
    s.child.kill('SIGTERM');
    const result = await s.child;
    if (s.name !== 'baseline' && result.exitCode !== 0) console.error(`${s.name} agent stopped with ${result.signal ?? `exit ${result.exitCode}`}:\n${tail(s.name)}`);
  }));
  await rm(root, { recursive: true, force: true });
}

const rssGoal: Goal = { of: 'median', op: '<', value: 80 };
const cpuGoal: Goal = { of: 'median', op: '<', value: 1 };
const bare = (samples: number[]) => ({ name: 'bare node, setInterval only', samples });
console.log(`idle footprint over ${seconds} s, 1 s samples, default poll interval, clique period ${period} s (agent node process only, geth excluded)`);
for (const n of names) {
  console.log(`  ${n.padEnd(8)}: RSS median ${median(rss[n]).toFixed(1)} MB (max ${Math.max(...rss[n]).toFixed(1)}), CPU ${overall[n].toFixed(2)} % of one core`);
}
await writeReport({
  bench: 'idle-footprint',
  figures: [
    figure({ figure: 'sealer agent RSS, idle (geth excluded)', unit: 'MB', samples: rss.sealer, baseline: bare(rss.baseline), goal: rssGoal }),
    figure({ figure: `sealer agent CPU, idle (${Math.min(10, seconds)} s windows)`, unit: '% of one core', samples: cpu.sealer, baseline: bare(cpu.baseline), goal: cpuGoal }),
    figure({ figure: 'client agent RSS, idle (geth excluded)', unit: 'MB', samples: rss.client, baseline: bare(rss.baseline), goal: rssGoal }),
    figure({ figure: `client agent CPU, idle (${Math.min(10, seconds)} s windows)`, unit: '% of one core', samples: cpu.client, baseline: bare(cpu.baseline), goal: cpuGoal }),
  ],
  notes: [
    `One genesis agent (static signer), one sealer, one client (static peer of the sealer) on 127.0.0.1, clique period ${period} s, default GETH_AGENT_POLL_SECONDS (5 s), log level info to a file; sampled ${seconds} s after /health 200 + 5 s settle.`,
    `RSS: VmRSS of the agent's node process every 1 s. CPU: utime+stime (${hz} ticks/s) per window; whole-window averages: sealer ${overall.sealer.toFixed(2)} %, client ${overall.client.toFixed(2)} %, genesis ${overall.genesis.toFixed(2)} %, bare node ${overall.baseline.toFixed(2)} %.`,
    `Max RSS in the window: sealer ${Math.max(...rss.sealer).toFixed(1)} MB, client ${Math.max(...rss.client).toFixed(1)} MB. Genesis agent, not a goal figure: RSS median ${median(rss.genesis).toFixed(1)} MB.`,
  ],
});
