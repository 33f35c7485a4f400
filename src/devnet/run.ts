import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { endpointsOf, endpointsTable, type DevnetTopology, type NodePlan } from './plan.js';
import { prepareDevnet } from './prepare.js';
import { prometheusCommand, prometheusConfig, prometheusFiles, prometheusTargets } from './prometheus.js';
import { packageRoot } from '../version.js';
import { startAgentProcess, type AgentProcess } from './process.js';
import { devnetUp, plural } from './state.js';

export interface DevnetRun {
  /** The devnet folder and the options given on the command line (a `--data` rerun keeps its saved ones). */
  readonly options: { readonly dir: string } & Partial<DevnetTopology>;
  /** Keep the folder (and the chain) after the run. */
  readonly keep: boolean;
  readonly agentBin: string;
  readonly baseEnv: Record<string, string>;
  readonly print: (line: string) => void;
  readonly signal: AbortSignal;
  /** How long to wait for every node to be ready and blocks sealed (ms). */
  readonly readyTimeoutMs?: number;
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  } catch {
    return { status: 0, body: undefined };
  }
}

/** A node's head block number from its agent's /status (undefined: no geth or no reading yet). */
async function headOf(plan: NodePlan): Promise<number | undefined> {
  const { body } = await getJson(`http://127.0.0.1:${plan.ports.agent}/status`);
  const number = (body as { head?: { number?: unknown } | null } | undefined)?.head?.number;
  return typeof number === 'number' ? number : undefined;
}

/**
 * Runs the reference topology on loopback until `signal`: every node a separate `geth-agent run`
 * process supervising its own geth. Prints progress, then the endpoints table (also written to
 * endpoints.json), then keeps logging; on the signal stops every node gracefully.
 */
export async function runDevnet(run: DevnetRun): Promise<number> {
  const { dir } = run.options;
  const { print } = run;
  const { plans, dev, devKeyFile, networkId, topology, rerun } = await prepareDevnet(run.options);
  const state = { networkId };

  print(`devnet: ${plural(topology.sealers, 'sealer')}, ${plural(topology.clients, 'client')}, clique period ${topology.period} s, network id ${state.networkId}${rerun ? ' (restarting the chain kept in this folder)' : ''}`);
  print(`devnet: folder ${dir}${run.keep ? ' (kept)' : ' (removed on exit; --data DIR keeps it)'}; logs in ${join(dir, 'logs')}`);
  const prometheus = prometheusFiles(dir);
  const rules = ['recording-rules.yml', 'alerting-rules.yml'].map((file) => join(packageRoot(), 'deploy', 'observability', file)).filter((file) => existsSync(file));
  await writeFile(prometheus.targets, `${JSON.stringify(prometheusTargets(plans), null, 2)}\n`);
  await writeFile(prometheus.config, prometheusConfig({ targetsFile: prometheus.targets, ruleFiles: rules }));
  if (topology.period === 0) print('devnet: clique period 0 seals a block only when a transaction is pending: up means every node ready, not a first block');
  const agents: AgentProcess[] = [];
  const start = (plan: NodePlan): AgentProcess => {
    const agent = startAgentProcess({ plan, agentBin: run.agentBin, baseEnv: run.baseEnv, print });
    void agent.exited.then((code) => {
      if (!run.signal.aborted) print(`[${plan.name}] agent exited with ${code}; see ${plan.log}`);
    });
    agents.push(agent);
    return agent;
  };

  let exitCode = 0;
  try {
    const [genesis, ...nodes] = plans;
    if (genesis === undefined) throw new Error('empty plan');
    start(genesis);
    for (const plan of nodes) start(plan);
    const started = Date.now();
    const ready = new Set<string>();
    // Any geth node's head counts (there may be no client): the highest of the readings.
    const gethNodes = plans.filter((p) => p.role === 'sealer' || p.role === 'client');
    let head = 0;
    let startHead: number | undefined;
    while (!run.signal.aborted) {
      for (const plan of plans) {
        if (ready.has(plan.name)) continue;
        const { status } = await getJson(`http://127.0.0.1:${plan.ports.agent}/health`);
        if (status === 200) {
          ready.add(plan.name);
          print(`devnet: ${plan.name} ready (${ready.size}/${plans.length}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
        }
      }
      let read = false;
      for (const plan of gethNodes) {
        const number = await headOf(plan);
        if (number === undefined) continue;
        head = Math.max(head, number);
        read = true;
      }
      // The baseline: 0 on a new chain (its first block counts), the kept head on a --data rerun
      // (the first reading, before the sealers are back).
      if (read && startHead === undefined) startHead = rerun ? head : 0;
      if (devnetUp({ ready: ready.size, total: plans.length, head, startHead, period: topology.period })) break;
      if (Date.now() - started > (run.readyTimeoutMs ?? 300_000)) {
        print(`devnet: not ready after ${Math.round((Date.now() - started) / 1000)} s (ready: ${[...ready].join(', ') || 'none'}; head ${head}); still running, see the logs`);
        break;
      }
      await sleep(500, undefined, { signal: run.signal }).catch(() => undefined);
    }
    if (!run.signal.aborted) {
      const enodes: Record<string, string> = {};
      for (const plan of plans) {
        const { body } = await getJson(`http://127.0.0.1:${plan.ports.agent}/status`);
        const enode = (body as { enode?: unknown } | undefined)?.enode;
        if (typeof enode === 'string') enodes[plan.name] = enode;
      }
      const pids = Object.fromEntries(agents.filter((a) => a.pid !== undefined).map((a) => [a.plan.name, a.pid as number]));
      const endpoints = endpointsOf(plans, enodes, pids);
      await writeFile(join(dir, 'endpoints.json'), `${JSON.stringify({ networkId: state.networkId, devAccount: { address: dev.address, keyFile: devKeyFile }, genesis: `http://127.0.0.1:${genesis.ports.agent}/genesis.json`, network: `http://127.0.0.1:${genesis.ports.agent}/network`, nodes: endpoints }, null, 2)}\n`);
      print(`devnet: up in ${((Date.now() - started) / 1000).toFixed(1)} s, head ${head}\n\n${endpointsTable(endpoints)}\n`);
      print(`dev account ${dev.address} (prefunded; key in ${devKeyFile})`);
      print(`network page http://127.0.0.1:${genesis.ports.agent}/network · endpoints ${join(dir, 'endpoints.json')} · Ctrl-C stops every node`);
      print(`prometheus: ${prometheusCommand(dir)}`);
      await new Promise<void>((resolve) => {
        if (run.signal.aborted) resolve();
        run.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  } catch (error) {
    print(`devnet: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  } finally {
    print('devnet: stopping every node (one SIGTERM each, geth gets its clean shutdown)...');
    const order = [...agents].reverse();
    const codes = await Promise.all(order.map((a) => a.stop(45_000)));
    const failed = order.filter((_, i) => codes[i] !== 0 && codes[i] !== undefined).map((a) => a.plan.name);
    print(failed.length === 0 ? 'devnet: stopped cleanly' : `devnet: stopped; non-zero exits: ${failed.join(', ')}`);
    if (!run.keep) await rm(dir, { recursive: true, force: true });
  }
  return exitCode;
}
