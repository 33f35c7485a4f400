/**
 * Benchmark (not a test): the genesis agent as deployed (`geth-agent run`, role genesis, ethstats
 * collector on, network secret set; its own process) under attacks 1, 2 and 4 of the hostile
 * suite at once, against the same agent unattacked, alternated in each round:
 *   node dist/bench/hostile.js [--rounds 5] [--seconds 5] [--connections 16] [--interval-ms 250]
 *     [--attacks prelogin,state,directory]
 * (`--attacks` runs some of them only: which attack costs what.)
 * Each round loads the bare route, then /health unattacked, then /health while three attacker
 * processes (bench/hostile/attacker.ts, the functions of test/hostile/attacks/) repeat: 1, 40
 * WebSocket upgrades to /api announcing 15 MiB frames before any hello (from 127.0.0.1); 2, a
 * reporter holding the secret sending blocks of 150k hashes while new ids log in, report and
 * leave (from 127.0.0.2); 4, a re-point of a listed boot node's id (to another host and to
 * 169.254.169.254) and a flood of new signed ids at POST /bootnodes. autocannon runs in its own
 * process per round; the agent's RSS is read every 50 ms from /proc over each window (under attack:
 * from the attackers' start until the agent has read what they sent), with VmHWM and CPU at its
 * end, and `geth_agent_limit_refusals_total` is scraped before and after.
 * Goals: RSS under attack ≤ 50 MiB above the agent's before any attack (max over windows);
 * /health pooled p99 under attack < 50 ms; every attack's refusals counted in every window.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { hexlify, randomBytes, Wallet } from 'ethers';
import { benchAgentBin as agentBin, benchNode } from './agent-bin.js';
import { spawnTestProcess } from '../test/helpers/geth-process.js';
import { scrape } from '../test/helpers/network.js';
import { freePorts } from '../test/helpers/ports.js';
import { listedBootnodes, nodeIdOf, publish, randomKey } from '../test/hostile/attacks/directory.js';
import { sourcedClient } from '../test/hostile/attacks/http.js';
import { loadRound, type Round } from './load/drive.js';
import { bareFigure, targetFigures } from './load/figures.js';
import { VALIDITY_NOTE } from './load/validity.js';
import { waitOk } from './network.js';
import { withWarnings, writeReport, type Figure } from './report.js';
import { startServer } from './servers/spawn.js';
import { ATTACK_NAMES, ATTACKS, addCounts, attackLabel, parseAttacks, refusalsByAttack, refusalsFrom, type AttackerReport, type AttackJob, type AttackName, type Counts } from './hostile/attacks.js';
import { contentionWarnings, RUN_QUEUE_LIMIT, runQueueWarnings, type RoundCpu } from './hostile/contention.js';
import { startAttackers, type Attackers } from './hostile/drive.js';
import { memoryFigures, unattackedWarnings, type AttackedWindow, type WindowResult } from './hostile/figures.js';
import { watchCpu, watchMemory, type CpuShare } from './hostile/sampler.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '16' }, 'interval-ms': { type: 'string', default: '250' }, attacks: { type: 'string', default: ATTACK_NAMES.join(',') } } });
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const intervalMs = Number(values['interval-ms']);
if (![rounds, seconds, connections].every((n) => Number.isInteger(n) && n >= 1) || !(intervalMs >= 0)) throw new Error('usage: hostile.js [--rounds N >= 1] [--seconds N >= 1] [--connections N >= 1] [--interval-ms N >= 0] [--attacks LIST]');
const selected = parseAttacks(values.attacks);
const under = attackLabel(selected);

/** What each attacker does, for the notes. */
const DESCRIPTIONS: Readonly<Record<AttackName, string>> = {
  prelogin: 'attack 1, 40 upgrades to /api from 127.0.0.1 each announcing a 15 MiB frame and sending all but its last byte, no hello',
  state: 'attack 2, a reporter with the secret from 127.0.0.2 sending blocks of 150,000 hashes while 24 new ids (6 at a time) log in, report a block and leave',
  directory: 'attack 4, the listed boot node\'s id re-pointed to 127.0.0.66 and 169.254.169.254 (signed by another key), then 64 new signed ids (16 at a time)',
};

/** RSS under attack may exceed the agent's before any attack by this much (the hostile suite's bound). */
const RSS_GOAL_MIB = 50;
/**
 * /health pooled p99 under attack: ten times the probes bench's goal for an unattacked agent
 * (5 ms) and a twentieth of the shortest timeout a Kubernetes probe can have (1 s), so an attacked
 * genesis server stays far from failing its readiness probe.
 */
const P99_GOAL_MS = 50;
const hz = Number((await execa('getconf', ['CLK_TCK'], { reject: false })).stdout) || 100;
const cores = availableParallelism();

const dir = await mkdtemp(join(tmpdir(), 'ga-bench-hostile-'));
const [port] = (await freePorts(1)) as [number];
const base = `http://127.0.0.1:${port}`;
const ethstatsSecret = `stats-${hexlify(randomBytes(8)).slice(2)}`;
const networkSecret = `net-${hexlify(randomBytes(8)).slice(2)}`;
const network = 4242;
const genesis = spawnTestProcess(benchNode(), [agentBin(), 'run'], {
  env: {
    PATH: process.env.PATH ?? '/usr/bin:/bin', GETH_AGENT_ROLE: 'genesis', GETH_AGENT_DATA_DIR: join(dir, 'g'), GETH_AGENT_LISTEN: `127.0.0.1:${port}`,
    GETH_AGENT_NETWORK_ID: String(network), GETH_AGENT_CLIQUE_PERIOD: '5', GETH_AGENT_LOG_LEVEL: 'info',
    GETH_AGENT_SIGNERS: [Wallet.createRandom().address, Wallet.createRandom().address, Wallet.createRandom().address].join(','),
    GETH_AGENT_ETHSTATS_COLLECTOR: 'on', GETH_AGENT_ETHSTATS_SECRET: ethstatsSecret, GETH_AGENT_NETWORK_SECRET: networkSecret,
  },
});
const stops: Array<() => Promise<unknown>> = [() => genesis.stop(30_000)];
/** The attackers while a window runs: stopped first by a cleanup. */
let live: Attackers | undefined;
let cleaning: Promise<void> | undefined;
/** Stops everything this bench started (once, whichever exit path comes first) and deletes its data. */
const cleanup = (): Promise<void> =>
  (cleaning ??= (async () => {
    await live?.stop().catch(() => undefined);
    for (const stop of stops) await stop().catch((error: unknown) => console.error(error));
    await rm(dir, { recursive: true, force: true });
  })());
// Interrupted (Ctrl-C, a CI timeout): the same cleanup as a normal end, then the signal's exit code.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    console.error(`hostile: ${signal}, stopping the agent, the servers and the attackers`);
    void cleanup().finally(() => process.exit(code));
  });
}

/** Refusals by limit now. */
const refusalsNow = async (): Promise<Record<string, number>> => refusalsFrom(await scrape(port));

/**
 * Waits until the agent has dealt with what the attackers left behind (bytes in its socket
 * buffers, sessions closing): no collector session open and no refusal counted for 1 s.
 */
async function settle(timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  let last = JSON.stringify(await refusalsNow());
  for (;;) {
    await sleep(1000);
    const now = JSON.stringify(await refusalsNow());
    const nodes = ((await (await fetch(`${base}/network`, { signal: AbortSignal.timeout(5000) })).json()) as { nodes: Array<{ connected: boolean }> }).nodes;
    if (now === last && !nodes.some((n) => n.connected)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`the agent did not settle within ${timeoutMs / 1000} s after the attack`);
    last = now;
  }
}

try {
  await waitOk(`${base}/health`, 60_000, () => genesis.isRunning());
  const bare = await startServer('bare');
  stops.unshift(() => bare.process.stop(5000));
  // The victim of the hijack: a boot node listed with its own signed publication (refreshed
  // before every attacked window, as a boot agent republishes).
  const victimKey = randomKey();
  const victim = `enode://${nodeIdOf(victimKey)}@127.0.0.10:0?discport=30301`;
  const target = { url: base, secret: networkSecret, network };
  const publishVictim = async (): Promise<void> => {
    const client = sourcedClient();
    try {
      const reply = await publish(client, target, victimKey, victim);
      if (reply.status !== 200 && reply.status !== 201) throw new Error(`the victim's own publication was refused: ${reply.status} ${reply.body}`);
    } finally {
      client.close();
    }
  };
  await publishVictim();

  const common = { intervalMs, maxSeconds: seconds + 120 };
  const all: AttackJob[] = [
    { attack: 'prelogin', host: '127.0.0.1', port, connections: 40, frameBytes: 15 * 1024 * 1024, ...common },
    { attack: 'state', url: `ws://127.0.0.1:${port}/api`, secret: ethstatsSecret, localAddress: '127.0.0.2', txPerBlock: 150_000, churnIds: 24, churnConcurrency: 6, ...common },
    { attack: 'directory', url: base, secret: networkSecret, network, victim, floodCount: 64, concurrency: 16, ...common },
  ];
  const jobs = all.filter((job) => selected.includes(job.attack));
  const health = `${base}/health`;
  console.log(`hostile: ${under}, ${rounds} rounds x ${seconds} s, ${connections} connections, attackers start an iteration at most every ${intervalMs} ms, node ${process.version}, ${cores} cores`);
  for (const url of [`${bare.url}/`, health]) await loadRound({ url, connections, seconds: 1 }); // warm-up

  const bareRounds: Round[] = [];
  const quietRounds: Round[] = [];
  const attackedRounds: Round[] = [];
  const unattacked: WindowResult[] = [];
  const attacked: AttackedWindow[] = [];
  const settleMs: number[] = [];
  const roundCpu: RoundCpu[] = [];
  let tallies: Record<string, Counts> = {};
  for (let round = 1; round <= rounds; round++) {
    bareRounds.push(await loadRound({ url: `${bare.url}/`, connections, seconds }));

    let before = await refusalsNow();
    let watch = watchMemory(genesis.pid);
    let cpu = watchCpu(genesis.pid, hz);
    const quiet = await loadRound({ url: health, connections, seconds });
    unattacked.push({ ...watch.stop(), ...cpu.stop(), refusals: refusalsByAttack(before, await refusalsNow()) });
    quietRounds.push(quiet);

    await publishVictim();
    before = await refusalsNow();
    watch = watchMemory(genesis.pid);
    const attackers = await startAttackers(jobs);
    live = attackers;
    let hit: Round;
    let hitCpu: CpuShare;
    let reports: AttackerReport[];
    try {
      cpu = watchCpu(genesis.pid, hz);
      hit = await loadRound({ url: health, connections, seconds });
      hitCpu = cpu.stop();
    } finally {
      live = undefined;
      reports = await attackers.stop();
    }
    settleMs.push(await settle());
    attacked.push({ ...watch.stop(), ...hitCpu, refusals: refusalsByAttack(before, await refusalsNow()), attackers: reports });
    attackedRounds.push(hit);
    roundCpu.push({ generator: hit.generatorCpu, attackers: reports.reduce((sum, r) => sum + r.cpu, 0) });
    for (const r of reports) tallies = { ...tallies, [r.attack]: addCounts(tallies[r.attack] ?? {}, r.counts) };

    const [q, a] = [unattacked.at(-1), attacked.at(-1)] as [WindowResult, AttackedWindow];
    const maxOf = (xs: readonly number[]): string => Math.max(...xs).toFixed(1);
    console.log(`round ${round} bare ${Math.round(bareRounds.at(-1)?.reqPerSec ?? 0)} req/s | unattacked /health ${Math.round(quiet.reqPerSec)} req/s p99 ${quiet.p99} ms, generator ${(quiet.generatorCpu * 100).toFixed(0)} %, RSS max ${maxOf(q.rss)} MiB, CPU ${(q.cpu * 100).toFixed(0)} %, run queue ${(q.runQueue * 100).toFixed(0)} % | attacked /health ${Math.round(hit.reqPerSec)} req/s p99 ${hit.p99} ms${hit.failures + hit.non2xx > 0 ? ` (${hit.failures} failed, ${hit.non2xx} non-2xx)` : ''}, RSS max ${maxOf(a.rss)} MiB, VmHWM ${a.peak.toFixed(1)} MiB, CPU ${(a.cpu * 100).toFixed(0)} %, run queue ${(a.runQueue * 100).toFixed(0)} %, refusals ${JSON.stringify(a.refusals)}, generator ${(hit.generatorCpu * 100).toFixed(0)} %, attackers ${reports.map((r) => `${r.attack} ${r.iterations}${r.cutOff > 0 ? `+${r.cutOff}` : ''} it. ${(r.cpu * 100).toFixed(0)} %`).join(', ')}, settled in ${((settleMs.at(-1) ?? 0) / 1000).toFixed(1)} s`);
  }

  const listed = await listedBootnodes(base);
  const hijacked = listed.includes(victim) ? [] : [`invalid: the directory no longer lists the victim's own enode (${victim}): the hijack moved it or it expired`];
  const quietWarnings = unattackedWarnings(unattacked);
  const withClaim = (f: Figure): Figure => {
    const claim = { measure: f.unit === 'req/s' ? 'throughput' : 'latency', bound: f.goal === undefined ? 'value' : 'at most', held: f.goalHeld === true } as const;
    return withWarnings([f], [...contentionWarnings(claim, cores, roundCpu), ...runQueueWarnings(claim, attacked.map((w) => w.runQueue))])[0] as Figure;
  };
  const figures: Figure[] = [
    bareFigure(bareRounds),
    ...withWarnings(targetFigures({ name: 'GET /health unattacked', rounds: quietRounds, bare: bareRounds }), quietWarnings),
    ...withWarnings(targetFigures({
      name: `GET /health under ${under}`, rounds: attackedRounds, bare: bareRounds, against: { name: 'GET /health unattacked', rounds: quietRounds },
      latencyGoal: { of: 'pooled p99', op: '<', value: P99_GOAL_MS },
    }).map(withClaim), [...quietWarnings, ...hijacked]),
    ...memoryFigures({ unattacked, attacked, rssGoalMiB: RSS_GOAL_MIB, attacks: selected }),
  ];
  const attackers = selected.map((name) => `${ATTACKS[name].title}: ${Object.entries(tallies[name] ?? {}).map(([k, n]) => `${k} ${Number.isInteger(n) ? n : n.toFixed(1)}`).join(', ')}`);
  const attackerCpu = selected.map((name) => `${name} ${Math.round(Math.max(0, ...attacked.map((w) => w.attackers.find((r) => r.attack === name)?.cpu ?? 0)) * 100)} %`).join(', ');
  await writeReport({
    bench: 'hostile',
    figures,
    notes: [
      `${rounds} rounds, each: the bare route, then /health unattacked, then /health under ${under}${selected.length > 1 ? ' at once' : ''} (${seconds} s each, ${connections} keep-alive connections, autocannon in its own process per round). Latency goal on the p99 of every request pooled over the rounds (1 ms resolution): ${P99_GOAL_MS} ms is ten times the probes bench's goal for an unattacked agent and a twentieth of the shortest Kubernetes probe timeout (1 s).`,
      `The attacked agent: \`geth-agent run\`, role genesis, collector on (its limits at their defaults), network secret set, one boot node listed with its own signed publication. Each attacker in its own process, starting an iteration at most every ${intervalMs} ms for the whole window: ${selected.map((name) => DESCRIPTIONS[name]).join('; ')}.`,
      `Over the rounds: ${attackers.join('; ')}. Attackers' CPU (most in a window, share of a core): ${attackerCpu}.`,
      `Memory: RSS read every 50 ms from /proc in the bench process; an attacked window runs from the attackers' start until the agent settled (no collector session, no refusal for 1 s: ${settleMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s). "Before any attack" is the first unattacked window's max. Refusals: \`geth_agent_limit_refusals_total\` scraped before and after each window, by the limits each attack provokes (the attackers leave from different addresses).`,
      `${VALIDITY_NOTE}. The attackers share this machine's ${cores} cores with the agent, which a real attacker would not: like a generator limit they can only overstate latency and understate throughput, so a miss or a figure without a goal counts only when the attackers and the generator left the agent a core in every round and the agent's JavaScript thread waited for a core (its schedstat) at most ${RUN_QUEUE_LIMIT * 100} % of every attacked window. The generator used at most ${Math.round(Math.max(0, ...quietRounds.map((r) => r.generatorCpu)) * 100)} % of a core unattacked and ${Math.round(Math.max(0, ...attackedRounds.map((r) => r.generatorCpu)) * 100)} % under attack.`,
    ],
  });
} finally {
  await cleanup();
}
