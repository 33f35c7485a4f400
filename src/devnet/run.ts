import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { endpointsOf, endpointsTable, type DevnetOptions, type NodePlan } from './plan.js';
import { prepareDevnet } from './prepare.js';
import { startAgentProcess, type AgentProcess } from './process.js';

export interface DevnetRun {
  readonly options: Omit<DevnetOptions, 'devAccount' | 'networkId'>;
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

async function blockNumber(rpc: string): Promise<number> {
  try {
    const response = await fetch(rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }), signal: AbortSignal.timeout(2_000) });
    return Number(((await response.json()) as { result?: string }).result ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Runs the reference topology on loopback until `signal`: every node a separate `geth-agent run`
 * process supervising its own geth. Prints progress, then the endpoints table (also written to
 * endpoints.json), then keeps logging; on the signal stops every node gracefully.
 */
export async function runDevnet(run: DevnetRun): Promise<number> {
  const { dir } = run.options;
  const { print } = run;
  const { plans, dev, devKeyFile, networkId } = await prepareDevnet(run.options);
  const state = { networkId };

  print(`devnet: ${run.options.sealers} sealers, ${run.options.clients} clients, clique period ${run.options.period} s, network id ${state.networkId}`);
  print(`devnet: folder ${dir}${run.keep ? ' (kept)' : ' (removed on exit; --data DIR keeps it)'}; logs in ${join(dir, 'logs')}`);
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
    const firstClient = plans.find((p) => p.ports.http !== undefined);
    let head = 0;
    while (!run.signal.aborted) {
      for (const plan of plans) {
        if (ready.has(plan.name)) continue;
        const { status } = await getJson(`http://127.0.0.1:${plan.ports.agent}/health`);
        if (status === 200) {
          ready.add(plan.name);
          print(`devnet: ${plan.name} ready (${ready.size}/${plans.length}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
        }
      }
      if (firstClient?.ports.http !== undefined) head = await blockNumber(`http://127.0.0.1:${firstClient.ports.http}`);
      if (ready.size === plans.length && head >= 1) break;
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
      const endpoints = endpointsOf(plans, enodes);
      await writeFile(join(dir, 'endpoints.json'), `${JSON.stringify({ networkId: state.networkId, devAccount: { address: dev.address, keyFile: devKeyFile }, genesis: `http://127.0.0.1:${genesis.ports.agent}/genesis.json`, network: `http://127.0.0.1:${genesis.ports.agent}/network`, nodes: endpoints }, null, 2)}\n`);
      print(`devnet: up in ${((Date.now() - started) / 1000).toFixed(1)} s, head ${head}\n\n${endpointsTable(endpoints)}\n`);
      print(`dev account ${dev.address} (prefunded; key in ${devKeyFile})`);
      print(`network page http://127.0.0.1:${genesis.ports.agent}/network · endpoints ${join(dir, 'endpoints.json')} · Ctrl-C stops every node`);
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
