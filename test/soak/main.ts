/**
 * `npm run soak -- [--pods] [--minutes 5] [--seed N]`: the reference topology on loopback (or as
 * pods: podman containers with their own addresses, adding partitions, address changes and
 * container kills) under seeded random faults, with the invariants of "nothing lost" checked
 * during and after. Exit 0: every invariant held; 1: one broke (the loopback folder is kept for
 * diagnosis); 64: bad arguments; 69: --pods where pods cannot run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { childEnv } from '../../src/geth/child-env.js';
import { packageRoot } from '../../src/version.js';
import { agentRestartFault } from './faults-agent.js';
import { dropPeersFault, gethSignalFault } from './faults-geth.js';
import { podsUnavailable } from '../pods/available.js';
import { addressChangeFault, containerKillFault, partitionFault } from './faults-pods.js';
import { converged, leakedSecrets, missingTransactions } from './invariants.js';
import { malformedFault } from './malformed.js';
import type { SoakNetwork } from './net.js';
import { createSoakNetwork, soakTimings } from './network.js';
import { createPodSoakNetwork, type PodSoakNetwork } from './pods-network.js';
import { parseSoakOptions, type SoakOptions } from './options.js';
import { seededRandom } from './random.js';
import type { FaultRecord } from './record.js';
import { faultKinds, faultWeights, nextFault, type PlannedFault } from './schedule.js';
import { summarize, summaryTable } from './summary.js';
import { startTraffic } from './traffic.js';
import { waitUntil } from './wait.js';

const say = (line: string): void => console.log(`soak ${new Date().toISOString().slice(11, 19)} ${line}`);

async function allHealthy(net: SoakNetwork, boundMs: number): Promise<boolean> {
  const ms = await waitUntil(async () => (await Promise.all(net.nodes.map((n) => net.health(n.name)))).every((code) => code === 200), boundMs, 1_000);
  return ms !== undefined;
}

async function inject(net: SoakNetwork, fault: PlannedFault, at: number, pauseMs: number, random: ReturnType<typeof seededRandom>): Promise<FaultRecord> {
  const hung = Number(soakTimings.GETH_AGENT_HUNG_SECONDS);
  const rpcAge = Number(soakTimings.GETH_AGENT_HEALTH_MAX_RPC_AGE_SECONDS);
  switch (fault.kind) {
    case 'kill-geth':
    case 'stop-geth':
      return gethSignalFault(net, fault.kind, fault.target, at, hung, rpcAge);
    case 'term-agent':
    case 'restart-boot':
    case 'restart-genesis':
      return agentRestartFault(net, fault.kind, fault.target, at, pauseMs);
    case 'drop-peers':
      return dropPeersFault(net, fault.target, at);
    case 'malformed':
      return malformedFault(net, at);
    case 'partition':
      return partitionFault(net as PodSoakNetwork, fault.target, at, random.int(25_000, 45_000));
    case 'address-change':
      return addressChangeFault(net as PodSoakNetwork, fault.target, at);
    case 'kill-container':
      return containerKillFault(net as PodSoakNetwork, fault.target, at, pauseMs);
  }
}

async function soak(options: SoakOptions, dir: string): Promise<{ problems: string[]; records: FaultRecord[] }> {
  const random = seededRandom(options.seed);
  const problems: string[] = [];
  const baseEnv = { ...childEnv(process.env), ...(process.env.GETH_AGENT_GETH_BIN === undefined ? {} : { GETH_AGENT_GETH_BIN: process.env.GETH_AGENT_GETH_BIN }) };
  const net = options.pods ? await createPodSoakNetwork({ ...options, dir }, say) : await createSoakNetwork({ ...options, dir }, join(packageRoot(), 'bin', 'geth-agent'), baseEnv, say);
  const weights = faultWeights(options.pods);
  const records: FaultRecord[] = [];
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    const left = await net.close();
    if (left.length > 0) problems.push(`left running or behind: ${left.join('; ')}`);
  };
  // Ctrl-C: the pods (containers, volumes, network) are removed before the process ends.
  const interrupted = (): void => {
    say('interrupted: stopping');
    void Promise.all(net.nodes.map((n) => (net.running(n.name) ? net.stop(n.name, 10_000).catch(() => undefined) : undefined)))
      .then(close)
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    say(`network of ${net.nodes.length} agents starting in ${net.dir}`);
    await net.up();
    if (!(await allHealthy(net, 240_000))) throw new Error('the network did not become ready within 240 s');
    say('network ready; faults start');
    const traffic = startTraffic(net, random);
    const started = Date.now();
    const deadline = started + options.minutes * 60_000;
    const sealers = net.nodes.filter((n) => n.role === 'sealer').map((n) => n.name);
    const clients = net.nodes.filter((n) => n.role === 'client').map((n) => n.name);
    let maxHeight = 0;
    const allKinds = faultKinds(weights);
    // At least --minutes, and at least one fault of each kind (a short soak still covers them all).
    while (Date.now() < deadline || !allKinds.every((kind) => records.some((r) => r.kind === kind))) {
      if (!(await allHealthy(net, 90_000))) problems.push(`network not ready 90 s after the previous fault (${records.at(-1)?.kind ?? 'start'})`);
      const fault = nextFault(random, records.map((r) => r.kind), { sealers, clients }, weights);
      say(`inject ${fault.kind} on ${fault.target}`);
      const record = await inject(net, fault, Date.now() - started, random.int(500, 3_000), random);
      records.push(record);
      say(`  ${record.detected ? 'detected' : 'NOT detected'}, ${record.recovered ? `recovered in ${((record.recoverMs ?? 0) / 1000).toFixed(1)} s` : 'NOT recovered'}${record.notes.length > 0 ? ` (${record.notes.join('; ')})` : ''}${record.problems.length > 0 ? `\n  !! ${record.problems.join('\n  !! ')}` : ''}`);
      for (const name of [...sealers, ...clients]) maxHeight = Math.max(maxHeight, (await net.status(name))?.head?.number ?? 0);
      await sleep(random.int(1_000, 5_000));
    }
    await traffic.stop();
    say(`faults stopped; ${traffic.acked.length} transactions acknowledged (${traffic.failures()} bursts skipped or refused while a client was not ready); settling`);
    if (!(await allHealthy(net, options.settleSeconds * 1000))) problems.push(`not every node ready within ${options.settleSeconds} s after the faults stopped`);
    const convergence = await converged(net, maxHeight, options.settleSeconds * 1000);
    if (convergence.ms === undefined) problems.push(`nodes did not converge on one head within ${options.settleSeconds} s: ${convergence.detail}`);
    else say(`converged in ${(convergence.ms / 1000).toFixed(1)} s: ${convergence.detail}`);
    const missing = await missingTransactions(net, traffic.acked, options.settleSeconds * 1000);
    if (missing.length > 0) problems.push(`${missing.length} acknowledged transactions not in every node's chain: ${missing.slice(0, 5).join(', ')}`);
    else say(`all ${traffic.acked.length} acknowledged transactions are in every node's chain, in the same block`);
  } finally {
    say('stopping every agent');
    const order = [...net.nodes].reverse();
    const codes = await Promise.all(order.map((n) => (net.running(n.name) ? net.stop(n.name, 60_000) : undefined)));
    order.forEach((n, i) => {
      if (codes[i] !== 0 && codes[i] !== undefined) problems.push(`${n.name}: agent exited with ${codes[i]} on the final stop`);
    });
    for (const node of net.nodes) for (const exit of node.unexpectedExits) problems.push(`${node.name}: agent exited on its own with ${String(exit.code)}`);
    const noChain = await net.missingChainData().catch((error: unknown) => [String(error)]);
    if (noChain.length > 0) problems.push(`chain data gone: ${noChain.join(', ')}`);
    const leaks = await leakedSecrets(net).catch((error: unknown) => [`cannot scan the logs: ${String(error)}`]);
    if (leaks.length > 0) problems.push(`secrets in logs: ${leaks.join(', ')}`);
    await close();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
  for (const record of records) for (const problem of record.problems) problems.push(`${record.kind} on ${record.target} at ${(record.at / 1000).toFixed(0)} s: ${problem}`);
  return { problems, records };
}

let options: SoakOptions;
try {
  options = parseSoakOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(64);
}
const unavailable = options.pods ? await podsUnavailable() : undefined;
if (unavailable !== undefined) {
  console.error(`soak --pods: pods cannot run here: ${unavailable}`);
  process.exit(69);
}
const dir = options.dir === undefined ? await mkdtemp(join(tmpdir(), 'ga-soak-')) : resolve(options.dir);
say(`seed ${options.seed}, ${options.minutes} min of faults, ${options.sealers} sealers, ${options.clients} clients, clique period ${options.period} s${options.pods ? ', as pods' : ''} (repeat with --seed ${options.seed}${options.pods ? ' --pods' : ''})`);
const started = Date.now();
const { problems, records } = await soak(options, dir).catch((error: unknown) => ({ problems: [`soak aborted: ${error instanceof Error ? error.message : String(error)}`], records: [] as FaultRecord[] }));
console.log(`\n${summaryTable(summarize(records))}\n`);
console.log(`soak: ${records.length} faults in ${((Date.now() - started) / 60_000).toFixed(1)} min, seed ${options.seed}`);
if (problems.length === 0) {
  console.log('soak: every invariant held');
  if (!options.keep && options.dir === undefined) await rm(dir, { recursive: true, force: true });
} else {
  console.log(`soak: ${problems.length} invariant(s) broken:\n  - ${problems.join('\n  - ')}\nsoak: folder kept for diagnosis: ${dir} (logs in ${join(dir, 'logs')})`);
}
process.exitCode = problems.length === 0 ? 0 : 1;
