/**
 * Watchdog detection and recovery on loopback, real agents and geth, on both of its paths. Each
 * cycle removes the client's only peer (admin_removePeer over IPC); detection = that moment to
 * the watchdog's re-dial decision (its log line), recovery = the decision to peers >= 1 again
 * (admin_peers). geth 1.13 does not dial a node again within 35 s of its last dial: cycles spaced
 * by that history take the re-dial path (re-dial suffices); cycles run back to back find the
 * re-dial refused and take the restart path (re-dial, then restart after another window).
 * Usage: node dist/bench/recovery.js [--cycles 20] [--window 3] [--poll 0.25]   (cycles per path)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Wallet } from 'ethers';
import { median, p95 } from './stats.js';
import { figure, writeReport } from './report.js';
import { pino } from 'pino';
import { connectIpc } from '../src/geth/rpc/ipc-client.js';
import { dataDirOf, waitForHttp } from '../test/helpers/agents.js';
import { benchAgentBin as agentBin, benchNode } from './agent-bin.js';
import { toolPath } from '../test/helpers/geth-bin.js';
import { spawnTestProcess, type TestProcess } from '../test/helpers/geth-process.js';
import { enodeOf, fastNodeEnv, nodePorts, portEnv } from '../test/helpers/network.js';
import { freePorts } from '../test/helpers/ports.js';

const args = process.argv.slice(2);
const cycles = Number(args.includes('--cycles') ? args[args.indexOf('--cycles') + 1] : (args.find((a) => /^\d+$/.test(a)) ?? 20));
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const windowS = opt('window', '3');
const dialHistoryMs = 36_000;
const poll = opt('poll', '0.25');

const root = await mkdtemp(join(tmpdir(), 'rcv-'));
const procs: TestProcess[] = [];
const agent = (env: Record<string, string>): TestProcess => {
  const p = spawnTestProcess(benchNode(), [agentBin(), 'run'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', GETH_AGENT_GETH_BIN: toolPath('geth'), ...env } });
  procs.push(p);
  return p;
};
try {
  const signer = new Wallet(Wallet.createRandom().privateKey);
  const [gport] = await freePorts(1);
  const genesisUrl = `http://127.0.0.1:${gport}`;
  agent({ GETH_AGENT_ROLE: 'genesis', GETH_AGENT_DATA_DIR: dataDirOf(root, 'g'), GETH_AGENT_LISTEN: `127.0.0.1:${gport}`, GETH_AGENT_NETWORK_ID: '7511', GETH_AGENT_CLIQUE_PERIOD: '1', GETH_AGENT_SIGNERS: signer.address });
  await waitForHttp(`${genesisUrl}/genesis.json`, (s) => s === 200, 30_000);
  const sealerEnv = fastNodeEnv(genesisUrl, { GETH_AGENT_ROLE: 'sealer', GETH_AGENT_DATA_DIR: dataDirOf(root, 's'), GETH_AGENT_PRIVATE_KEY: signer.privateKey, GETH_AGENT_PASSWORD: 'bench', GETH_AGENT_MIN_PEERS: '0', ...portEnv(await nodePorts()) });
  const sealerEnode = await enodeOf(sealerEnv);
  agent(sealerEnv);
  const [rpc, ws] = await freePorts(2);
  const client = agent(fastNodeEnv(genesisUrl, {
    GETH_AGENT_ROLE: 'client', GETH_AGENT_DATA_DIR: dataDirOf(root, 'c'), GETH_AGENT_BOOTNODES: sealerEnode, GETH_AGENT_HTTP_PORT: String(rpc), GETH_AGENT_WS_PORT: String(ws), GETH_AGENT_HTTP_ADDR: '127.0.0.1',
    GETH_AGENT_MIN_PEERS: '1', GETH_AGENT_MAX_RESTARTS: '1000', GETH_AGENT_RESTART_RESET_SECONDS: '5', GETH_AGENT_PEER_DECAY_SECONDS: windowS, GETH_AGENT_START_GRACE_SECONDS: '1', GETH_AGENT_POLL_SECONDS: poll, GETH_AGENT_LOG_LEVEL: 'info', ...portEnv(await nodePorts()),
  }));
  await client.waitForLine(/IPC endpoint opened/, 60_000);
  // One connection per call: the client's geth may be restarted by its watchdog during set-up.
  const call = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const ipc = await connectIpc({ path: join(dataDirOf(root, 'c'), 'geth.ipc'), timeoutMs: 3000, logger: pino({ level: 'silent' }) });
    try {
      return await ipc.call<T>(method, params);
    } finally {
      ipc.close();
    }
  };
  const peers = async (): Promise<Array<{ id: string; enode: string }>> => call<Array<{ id: string; enode: string }>>('admin_peers').catch(() => []);
  const waitPeers = async (min: number, timeoutMs: number): Promise<number> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await peers()).length >= min) return Date.now();
      await sleep(20);
    }
    throw new Error(`no ${min} peers within ${timeoutMs} ms`);
  };
  await waitPeers(1, 60_000);
  await sleep(3_000);
  interface Cycle { readonly detection: number; readonly recovery: number; readonly restart: boolean; readonly afterRestart?: number }
  const done: Cycle[] = [];
  const cycle = async (label: string): Promise<Cycle> => {
    const seen = client.lines.length;
    const removedAt = Date.now();
    for (const peer of await peers()) await call('admin_removePeer', [peer.enode]);
    let decision = Number.NaN;
    for (const deadline = Date.now() + 60_000; Number.isNaN(decision) && Date.now() < deadline; ) {
      const line = client.lines.slice(seen).find((l) => l.includes('re-dialing boot nodes'));
      if (line !== undefined) decision = Date.parse((JSON.parse(line) as { time: string }).time);
      else await sleep(20);
    }
    if (Number.isNaN(decision)) throw new Error('no re-dial decision within 60 s');
    const back = await waitPeers(1, 60_000);
    const restartLine = client.lines.slice(seen).find((l) => l.includes('restarting geth: peer_decay'));
    const restartAt = restartLine === undefined ? undefined : Date.parse((JSON.parse(restartLine) as { time: string }).time);
    const c: Cycle = { detection: (decision - removedAt) / 1000, recovery: (back - decision) / 1000, restart: restartAt !== undefined, ...(restartAt === undefined ? {} : { afterRestart: (back - restartAt) / 1000 }) };
    console.log(`${label}: detection ${c.detection.toFixed(2)} s, recovery ${c.recovery.toFixed(2)} s (${c.restart ? 're-dial, then restart' : 're-dial'})`);
    done.push(c);
    return c;
  };
  // Path 1: each cycle waits out geth's dial history, so the re-dial can succeed.
  const failed: string[] = [];
  // A cycle that does not recover within its deadline is reported, and the next one still runs.
  const attempt = async (label: string): Promise<Cycle | undefined> => {
    try {
      return await cycle(label);
    } catch (error) {
      failed.push(`${label}: ${(error as Error).message}`);
      console.log(`${label}: FAILED (${(error as Error).message})`);
      await waitPeers(1, 120_000).catch(() => undefined);
      return undefined;
    }
  };
  for (let i = 1; i <= cycles; i++) {
    const c = await attempt(`re-dial path ${i}/${cycles}`);
    await sleep(Math.max(1_500, dialHistoryMs - (c?.recovery ?? 0) * 1000));
  }
  // Path 2: back to back, the re-dial falls within the dial history and the watchdog restarts geth.
  // Each waits longer than GETH_AGENT_RESTART_RESET_SECONDS (5 s here), so every restart starts
  // from the initial backoff: back-to-back decays within the default 10 min would double it each time.
  for (let i = 1; i <= cycles; i++) {
    await attempt(`restart path ${i}/${cycles}`);
    await sleep(6_000);
  }
  const redial = done.filter((c) => !c.restart);
  const restarted = done.filter((c) => c.restart);
  const detection = done.map((c) => c.detection);
  const goalS = Number(windowS) + Number(poll);
  console.log(`\nwindow ${windowS} s, poll ${poll} s, ${done.length} cycles (${redial.length} re-dial, ${restarted.length} re-dial then restart)`);
  console.log(`detection: median ${median(detection).toFixed(2)} s, p95 ${p95(detection).toFixed(2)} s; goal p95 <= window + poll = ${goalS.toFixed(2)} s`);
  const few = (n: number, what: string): string[] => [...(n < 20 ? [`only ${n} ${what}cycles (the goal needs at least 20)`] : []), ...(failed.length > 0 ? [`invalid: ${failed.length} cycles did not recover (${failed[0] ?? ''})`] : [])];
  await writeReport({
    bench: 'recovery',
    figures: [
      figure({ figure: 'detection: last peer gone → re-dial decision (both paths)', unit: 's', samples: detection, goal: { of: 'p95', op: '<=', value: goalS }, warnings: few(detection.length, '') }),
      figure({ figure: 're-dial suffices: decision → peers ≥ 1', unit: 's', samples: redial.map((c) => c.recovery), goal: { of: 'p95', op: '<', value: 10 }, warnings: few(redial.length, 're-dial ') }),
      figure({ figure: 're-dial, then restart: first decision → peers ≥ 1', unit: 's', samples: restarted.map((c) => c.recovery), goal: { of: 'p95', op: '<', value: 20 }, warnings: few(restarted.length, 'restart ') }),
      figure({ figure: 're-dial, then restart: restart decision → peers ≥ 1', unit: 's', samples: restarted.map((c) => c.afterRestart ?? Number.NaN) }),
    ],
    notes: [
      `Peer-decay window ${windowS} s, poll ${poll} s (detection goal: window + one poll), ${cycles} cycles per path of admin_removePeer on a client whose only peer is a sealer; real agents and geth. Each cycle is counted on the path it took (the restart log line), not the one it was meant for.`,
      'The re-dial path waits out geth\'s 35 s dial history before each cycle (its figures are the best case); the restart path spaces its cycles 6 s apart (well inside the dial history), so the re-dial is refused and the watchdog restarts geth after a second window.',
    ],
  });
} finally {
  await Promise.all(procs.reverse().map((p) => p.stop(30_000)));
  await rm(root, { recursive: true, force: true });
}
