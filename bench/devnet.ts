/**
 * Devnet bring-up: time from `geth-agent devnet` start to "all nodes ready, first block sealed"
 * (goal: under 60 s, once geth is built), and the resident memory of each agent process (geth
 * excluded) once up, per role (genesis, boot, sealer, client). Usage:
 *   node dist/bench/devnet.js [runs=3] [--sealers 3] [--clients 2]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processSample } from './proc.js';
import { median } from './stats.js';
import { figure, writeReport } from './report.js';
import { benchAgentBin as agentBin, benchNode } from './agent-bin.js';
import { spawnTestProcess } from '../test/helpers/geth-process.js';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};

const roles = ['genesis', 'boot', 'sealer', 'client'] as const;
type Role = (typeof roles)[number];
const bringUps: number[] = [];
const agentRss: Record<Role, number[]> = { genesis: [], boot: [], sealer: [], client: [] };
for (let run = 1; run <= runs; run++) {
  const root = await mkdtemp(join(tmpdir(), 'dnb-'));
  const dir = join(root, 'n');
  const started = performance.now();
  const devnet = spawnTestProcess(benchNode(), [agentBin(), 'devnet', '--sealers', opt('sealers', '3'), '--clients', opt('clients', '2'), '--period', '1', '--data', dir]);
  try {
    await devnet.waitForLine(/devnet: up in/, 240_000);
    const seconds = (performance.now() - started) / 1000;
    bringUps.push(seconds);
    // This devnet's agents only (endpoints.json names each node's agent pid and role).
    const { nodes } = JSON.parse(await readFile(join(dir, 'endpoints.json'), 'utf8')) as { nodes: Array<{ name: string; role: Role; agentPid?: number }> };
    const shown: string[] = [];
    for (const node of nodes) {
      if (node.agentPid === undefined) continue;
      const rss = processSample(node.agentPid)?.rssMiB ?? Number.NaN;
      agentRss[node.role].push(rss);
      shown.push(`${node.name} ${rss.toFixed(0)}`);
    }
    console.log(`run ${run}: up in ${seconds.toFixed(1)} s; agent RSS MiB: ${shown.join(', ')}`);
  } finally {
    await devnet.stop(120_000);
    await rm(root, { recursive: true, force: true });
  }
}
console.log(`\nbring-up to all ready + first block: median ${median(bringUps).toFixed(1)} s, min ${Math.min(...bringUps).toFixed(1)}, max ${Math.max(...bringUps).toFixed(1)} (${runs} runs; goal < 60 s)`);
for (const role of roles) {
  const samples = agentRss[role];
  if (samples.length > 0) console.log(`agent RSS, ${role}: median ${median(samples).toFixed(0)} MiB, max ${Math.max(...samples).toFixed(0)} MiB (${samples.length} samples)`);
}
await writeReport({
  bench: 'devnet',
  figures: [
    figure({ figure: '`geth-agent devnet` start → all ready + first block', unit: 's', samples: bringUps, goal: { of: 'median', op: '<', value: 60 } }),
    ...roles.filter((role) => agentRss[role].length > 0).map((role) => figure({ figure: `${role} agent RSS once up (geth excluded)`, unit: 'MiB', samples: agentRss[role] })),
  ],
  notes: [
    `${runs} bring-ups of ${opt('sealers', '3')} sealers + ${opt('clients', '2')} clients (plus genesis and boot node), clique period 1 s, geth already built (the first \`npm run devnet\` also builds geth, about 2 minutes).`,
    'Agent memory per role, from the agent pids in endpoints.json; the idle-footprint bench holds the RSS goal.',
  ],
});
