/**
 * Idle footprint as deployed: `geth-agent devnet --sealers 1 --clients 1 --period 2` (every node
 * agent reporting to the genesis server's ethstats collector, poll 1 s, as the devnet runs them)
 * plus one client agent beside it with its reporter off, and a bare `node -e
 * 'setInterval(()=>{},1e9)'` as the floor. A scraper GETs /metrics and /health of every agent every
 * 15 s, as Prometheus and a kubelet would. Per agent process (geth excluded): RSS read every
 * second, the peak (VmHWM: since the process started, start-up and keystore work included) at the
 * end, and CPU over the window; several runs, each on a new network. Memory in MiB (kB / 1024).
 *   node dist/bench/idle-footprint.js [--runs 3] [--seconds 90]
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { spawnTestProcess } from '../test/helpers/geth-process.js';
import { benchNode } from './agent-bin.js';
import { startNetwork } from './network.js';
import { processSample } from './proc.js';
import { figure, writeReport, type Figure } from './report.js';
import { median } from './stats.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, seconds: { type: 'string', default: '90' } } });
const runs = Number(values.runs);
const seconds = Number(values.seconds);
if (!Number.isInteger(seconds) || seconds < 15 || !Number.isInteger(runs) || runs < 1) throw new Error('usage: idle-footprint.js [--runs N >= 1] [--seconds N >= 15]');
const hz = Number((await execa('getconf', ['CLK_TCK'], { reject: false })).stdout) || 100;

const rows = ['genesis', 'boot', 'sealer', 'client', 'client, reporter off', 'bare node'] as const;
type Row = (typeof rows)[number];
const rss = new Map<Row, number[]>(rows.map((r) => [r, []]));
const peak = new Map<Row, number[]>(rows.map((r) => [r, []]));
const cpu = new Map<Row, number[]>(rows.map((r) => [r, []]));
const scrapes = { ok: 0, failed: 0 };

for (let run = 1; run <= runs; run++) {
  const net = await startNetwork({ sealers: 1, clients: 1, period: 2 });
  const floor = spawnTestProcess(benchNode(), ['-e', 'setInterval(()=>{},1e9)']);
  try {
    const off = await net.addClient('client-off');
    const pidOf = (role: string): number => net.nodes.find((n) => n.role === role)?.agentPid ?? -1;
    const pids: Record<Row, number> = { genesis: pidOf('genesis'), boot: pidOf('boot'), sealer: pidOf('sealer'), client: pidOf('client'), 'client, reporter off': off.pid, 'bare node': floor.pid };
    const probes = [...net.nodes.map((n) => [n.metrics, n.health]).flat(), `${off.base}/metrics`, `${off.base}/health`];
    const scrape = async (): Promise<void> => {
      await Promise.all(probes.map((url) => fetch(url, { signal: AbortSignal.timeout(5000) }).then((r) => r.text()).then(() => scrapes.ok++, () => scrapes.failed++)));
    };
    await sleep(10_000); // settle
    const first = Object.fromEntries(rows.map((r) => [r, processSample(pids[r])?.ticks ?? Number.NaN])) as Record<Row, number>;
    const t0 = performance.now();
    for (let i = 0; i < seconds; i++) {
      if (i % 15 === 0) void scrape();
      await sleep(Math.max(0, t0 + (i + 1) * 1000 - performance.now()));
      for (const r of rows) {
        const s = processSample(pids[r]);
        if (s === undefined) throw new Error(`${r} (pid ${pids[r]}) exited during the window`);
        rss.get(r)?.push(s.rssMiB);
      }
    }
    const elapsed = (performance.now() - t0) / 1000;
    for (const r of rows) {
      const s = processSample(pids[r]);
      peak.get(r)?.push(s?.peakMiB ?? Number.NaN);
      cpu.get(r)?.push((((s?.ticks ?? Number.NaN) - first[r]) / hz / elapsed) * 100);
    }
    console.log(`run ${run}/${runs}: ${rows.map((r) => `${r} RSS ${(rss.get(r)?.at(-1) ?? 0).toFixed(1)} MiB, peak ${(peak.get(r)?.at(-1) ?? 0).toFixed(1)} MiB, CPU ${(cpu.get(r)?.at(-1) ?? 0).toFixed(2)} %`).join('; ')}`);
  } finally {
    await floor.stop(5000);
    await net.stop();
  }
}

const floorRss = rss.get('bare node') ?? [];
const figures: Figure[] = [];
for (const r of rows) {
  const agent = r !== 'bare node';
  const reporterOn = r === 'sealer' || r === 'client';
  const base = agent ? { baseline: { name: 'bare node', samples: floorRss } } : {};
  figures.push(figure({ figure: `${r}${agent ? ' agent' : ''}: RSS, idle`, unit: 'MiB', samples: rss.get(r) ?? [], ...base, ...(reporterOn ? { goal: { of: 'p95', op: '<', value: 55 } } : {}) }));
  figures.push(figure({ figure: `${r}${agent ? ' agent' : ''}: peak RSS since start (VmHWM)`, unit: 'MiB', samples: peak.get(r) ?? [], ...(agent ? { goal: { of: 'max', op: '<', value: 100 } } : {}) }));
  figures.push(figure({ figure: `${r}${agent ? ' agent' : ''}: CPU, idle`, unit: '% of a core', samples: cpu.get(r) ?? [], ...(agent ? { goal: { of: 'max', op: '<', value: 0.5 } } : {}) }));
}
for (const r of rows) console.log(`${r.padEnd(22)} RSS median ${median(rss.get(r) ?? []).toFixed(1)} MiB, peak max ${Math.max(...(peak.get(r) ?? [])).toFixed(1)} MiB, CPU median ${median(cpu.get(r) ?? []).toFixed(2)} %`);
await writeReport({
  bench: 'idle-footprint',
  figures,
  notes: [
    `${runs} runs, each a new \`geth-agent devnet --sealers 1 --clients 1 --period 2\` (sealer and client report to the genesis server's collector; GETH_AGENT_POLL_SECONDS=1 as the devnet sets it) plus a client agent beside it with its reporter off; ${seconds} s windows after 10 s of settling.`,
    `RSS: VmRSS every 1 s (n = readings over all runs; goal on their p95). Peak: VmHWM at the end of each window, i.e. the most the process ever held since it started, start-up and keystore work included (n = runs; goal on the max). CPU: utime + stime (${hz} ticks/s) over each window (n = runs; goal on the max). The agent's node process only: geth and short-lived helpers (the keystore's scrypt child) are not in it.`,
    `A scraper GETs /metrics and /health of every agent every 15 s (${scrapes.ok} answered, ${scrapes.failed} failed). The boot agent runs bootnode and reports nothing; the genesis agent runs the collector. A sealer with its reporter off is not run (the devnet's signer set is collected from its sealers): the client pair shows the reporter's cost.`,
  ],
});
