/**
 * Block report latency: from geth importing a sealed block to the collector receiving the block
 * report, for the agent's reporter and geth's built-in reporter on the same node, in the same
 * run, to the same collector. Run: node dist/bench/ethstats-latency.js [blocks=60]
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startCliqueChain } from '../test/helpers/clique-chain.js';
import { startTestCollector, type Received } from '../test/integration/ethstats/oracle-helpers.js';
import { createLogger } from '../src/log.js';
import { watchGeth } from '../test/helpers/geth-watch.js';
import { createReporter } from '../src/ethstats/reporter/reporter.js';
import { gethEthstatsToml } from '../src/geth/args/v1_13.js';
import { figure, writeReport } from './report.js';

const blocks = Number(process.argv[2] ?? 60);
const cleanups: Array<() => unknown> = [];
const context = { after: (fn: () => unknown) => void cleanups.push(fn) } as never;

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

/** geth's log time "[11-22|02:34:48.158]" (local time, this machine's clock) as epoch ms. */
const gethTime = (line: string): number | undefined => {
  const m = /\[(\d\d)-(\d\d)\|(\d\d):(\d\d):(\d\d)\.(\d\d\d)\]/.exec(line);
  if (m === null) return undefined;
  const [, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  return new Date(new Date().getFullYear(), (mo as number) - 1, d, h, mi, s, ms).getTime();
};

async function main(): Promise<void> {
  const received: Received[] = [];
  const stats = await startTestCollector(context, { received });
  const dir = join(process.env.TMPDIR ?? '/tmp');
  const toml = join(dir, `ga-bench-ethstats-${process.pid}.toml`);
  await writeFile(toml, gethEthstatsToml({ name: 'geth', secret: 'sec', host: `127.0.0.1:${stats.port}` }), { mode: 0o600 });
  const chain = await startCliqueChain(context, { period: 1, args: ['--config', toml, '--verbosity', '3'] });
  const logger = createLogger({ level: 'silent' });
  const watch = watchGeth({ ipcPath: chain.ipcPath, logger });
  cleanups.push(() => watch.close());
  const { source } = watch;
  const reporter = createReporter({ target: { name: 'agent', secret: 'sec', host: `ws://127.0.0.1:${stats.port}` }, source, logger });
  reporter.start();
  cleanups.push(() => reporter.stop());

  const start = (await chain.blockNumber()) + 3;
  const end = start + blocks;
  console.log(`measuring blocks ${start}..${end - 1} (clique period 1 s, ~${blocks} s)`);
  await chain.waitForBlock(end + 1, (blocks + 30) * 1000);
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const imported = new Map<number, number>();
  for (const line of chain.geth.lines) {
    const m = /Successfully sealed new block\s+number=(\d+)/.exec(line);
    const at = m === null ? undefined : gethTime(line);
    if (m !== null && at !== undefined) imported.set(Number(m[1]), at);
  }
  const arrival = (id: string): Map<number, number> => {
    const map = new Map<number, number>();
    for (const r of received) if (r.id === id && r.message.type === 'block' && !map.has(r.message.block.number)) map.set(r.message.block.number, r.at);
    return map;
  };
  const ours = arrival('agent');
  const geths = arrival('geth');
  const agentLat: number[] = [];
  const gethLat: number[] = [];
  const diff: number[] = [];
  for (let n = start; n < end; n += 1) {
    const sealed = imported.get(n);
    const a = ours.get(n);
    const g = geths.get(n);
    if (sealed === undefined || a === undefined || g === undefined) continue;
    agentLat.push(a - sealed);
    gethLat.push(g - sealed);
    diff.push(a - g);
  }
  const row = (name: string, values: number[]): string =>
    `${name.padEnd(28)} median ${quantile(values, 0.5).toFixed(1).padStart(6)} ms   p99 ${quantile(values, 0.99).toFixed(1).padStart(6)} ms`;
  console.log(`blocks measured by both: ${diff.length}`);
  console.log(row("geth's built-in reporter", gethLat));
  console.log(row('agent reporter (IPC)', agentLat));
  console.log(row('agent minus geth, per block', diff));
  const verdict = quantile(diff, 0.5) <= 50 ? 'PASS' : 'FAIL';
  console.log(`goal: agent within 50 ms of geth's reporter (median): ${verdict}`);
  if (diff.length < 50) console.log(`warning: only ${diff.length} blocks measured (< 50)`);
  await writeReport({
    bench: 'ethstats-latency',
    figures: [
      figure({ figure: 'block sealed → report at collector (agent, IPC)', unit: 'ms', samples: agentLat, baseline: { name: "geth's built-in reporter", samples: gethLat } }),
      figure({ figure: "agent minus geth's reporter, per block", unit: 'ms', samples: diff, goal: { of: 'median', op: '<=', value: 50 } }),
    ],
    notes: [
      `Blocks ${start}..${end - 1} (clique period 1 s), both reporters on the same node and collector; ${diff.length} blocks reported by both. Seal time from geth's log (ms resolution).`,
      ...(diff.length < 50 ? [`WARNING: only ${diff.length} blocks measured (< 50)`] : []),
    ],
  });
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });
