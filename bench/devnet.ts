/**
 * Devnet bring-up: time from `geth-agent devnet` start to "all nodes ready, first block sealed",
 * and the resident memory of each agent process (geth excluded) once up. Usage:
 *   node dist/bench/devnet.js [runs=3] [--sealers 3] [--clients 2]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { processSample } from './proc.js';
import { median } from './stats.js';
import { figure, writeReport } from './report.js';
import { agentBin } from '../test/helpers/cli.js';
import { spawnTestProcess } from '../test/helpers/geth-process.js';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};

const bringUps: number[] = [];
const agentRss: number[] = [];
for (let run = 1; run <= runs; run++) {
  const root = await mkdtemp(join(tmpdir(), 'dnb-'));
  const started = performance.now();
  const devnet = spawnTestProcess(process.execPath, [agentBin(), 'devnet', '--sealers', opt('sealers', '3'), '--clients', opt('clients', '2'), '--period', '1', '--data', join(root, 'n')]);
  try {
    await devnet.waitForLine(/devnet: up in/, 240_000);
    const seconds = (performance.now() - started) / 1000;
    bringUps.push(seconds);
    // Agent processes: node children of the devnet running bin/geth-agent run.
    const { stdout } = await execa('pgrep', ['-f', '--', `${agentBin()} run`], { reject: false });
    const pids = stdout.split('\n').map(Number).filter((p) => p > 0);
    const rss = pids.map((pid) => processSample(pid).rssMb);
    agentRss.push(...rss);
    console.log(`run ${run}: up in ${seconds.toFixed(1)} s; agents ${pids.length}, RSS MB ${rss.map((r) => r.toFixed(0)).join(' ')}`);
  } finally {
    await devnet.stop(120_000);
    await rm(root, { recursive: true, force: true });
  }
}
console.log(`\nbring-up to all ready + first block: median ${median(bringUps).toFixed(1)} s, min ${Math.min(...bringUps).toFixed(1)}, max ${Math.max(...bringUps).toFixed(1)} (${runs} runs)`);
console.log(`agent RSS per node: median ${median(agentRss).toFixed(0)} MB, max ${Math.max(...agentRss).toFixed(0)} MB (${agentRss.length} samples)`);
await writeReport({
  bench: 'devnet',
  figures: [
    figure({ figure: '`geth-agent devnet` start → all ready + first block', unit: 's', samples: bringUps }),
    figure({ figure: 'agent RSS per node once up (geth excluded)', unit: 'MB', samples: agentRss }),
  ],
  notes: [`${runs} bring-ups of ${opt('sealers', '3')} sealers + ${opt('clients', '2')} clients (plus genesis and boot node), clique period 1 s. The idle-footprint bench holds the RSS goal.`],
});
