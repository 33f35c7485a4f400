/**
 * `npm run bench [-- --quick] [-- --node PATH]... [-- --max-load N] [-- name...]`: runs the
 * benchmarks in bench/ one after the other (never in parallel: they share two cores), each in its
 * own process, printing its text and writing its figures to GA_BENCH_JSON. Each bench records the
 * 1-minute load it started at; above the threshold its figures are marked noisy and no goal counts
 * as met. Every run is written to bench/results/<date>.json (the history, never replaced).
 *
 * `--node PATH` picks the node binary what a bench measures runs on (GA_BENCH_NODE: the agents,
 * the bare servers and the bare node next to them); the benches themselves and the load generator
 * stay on the node running this script, so the instruments are the same for every node compared
 * (a bench whose measured code runs in its own process runs wholly on PATH). With one node (or
 * none) the run is merged into bench/results/latest.json, from which the per-bench sections of
 * BENCHMARKS.md are rendered. Given twice or more, each bench runs on each node in turn and the
 * run becomes bench/results/node-comparison.json, rendered as its own section ("Node A vs Node B")
 * at the end of BENCHMARKS.md; the per-bench sections stay as they were.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { toolPath } from '../test/helpers/geth-bin.js';
import { packageRoot } from '../src/version.js';
import { parseComparison, renderComparison, type NodeComparison, type NodeRun } from './compare.js';
import { describeMachine } from './machine.js';
import { BENCHES, LOAD_PER_CORE, parseRunArgs, type BenchPlan } from './plan.js';
import { renderMarkdown } from './render.js';
import { withWarnings, type BenchReport } from './report.js';
import { isNoisy, mergeLatest, parseLatest, parseRun, type BenchEntry, type RunRecord } from './results.js';

const root = packageRoot();
const argv = process.argv.slice(2);
const command = process.env.npm_lifecycle_event === 'bench' ? `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}` : `node dist/bench/run.js ${argv.join(' ')}`.trim();

let options;
try {
  options = parseRunArgs(argv, BENCHES);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

const nodes: NodeRun[] = [];
for (const given of options.nodes.length > 0 ? options.nodes : [process.execPath]) {
  // A path with a slash is made absolute: the benches start processes from other directories.
  const path = given.includes('/') ? resolve(given) : given;
  const version = await execa(path, ['--version'], { reject: false, timeout: 30_000 });
  if (version.exitCode !== 0) {
    console.error(`--node ${given}: cannot run it (${version.shortMessage})`);
    process.exit(2);
  }
  nodes.push({ path: given, version: version.stdout.trim() });
}
const agentBin = process.env.GA_BENCH_AGENT_BIN;
const machine = { ...(await describeMachine(toolPath('geth'), nodes[0]?.path)), node: nodes.map((n) => n.version).join(' / ') };
const threshold = options.maxLoad ?? LOAD_PER_CORE * machine.cores;

async function runOne(bench: BenchPlan, quick: boolean, scratch: string, node: NodeRun): Promise<BenchEntry> {
  const file = join(root, 'dist', 'bench', `${bench.name}.js`);
  const args = quick ? bench.quick : bench.args;
  const nodePath = node.path.includes('/') ? resolve(node.path) : node.path;
  const own = nodePath === process.execPath;
  // The bench runs on this node (the instruments) unless what it measures runs in its own process.
  const benchNode = bench.inProcess === true ? nodePath : process.execPath;
  const prefix = `${agentBin === undefined ? '' : `GA_BENCH_AGENT_BIN=${agentBin} `}${own || bench.inProcess === true ? '' : `GA_BENCH_NODE=${node.path} `}`;
  const load1 = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  const base = {
    name: bench.name,
    command: `${prefix}${own || bench.inProcess !== true ? 'node' : node.path} dist/bench/${bench.name}.js${args.length > 0 ? ` ${args.join(' ')}` : ''}`,
    date: new Date().toISOString(),
    load1,
    node: node.version,
    ...(agentBin === undefined ? {} : { agentBin }),
    figures: [],
  };
  if (!existsSync(file)) return { ...base, status: 'skipped', reason: `dist/bench/${bench.name}.js not found (not built on this branch)`, seconds: 0 };
  const json = join(scratch, `${bench.name}.json`);
  await rm(json, { force: true });
  console.log(`\n=== ${base.command} (Node ${node.version}, load ${load1}${isNoisy(load1, threshold) ? `, above ${threshold}: noisy` : ''})`);
  const started = performance.now();
  const result = await execa(benchNode, [file, ...args], {
    stdio: 'inherit', reject: false, env: { GA_BENCH_JSON: json, GA_BENCH_NODE: nodePath, ...(quick ? { GA_BENCH_QUICK: '1' } : {}) },
  });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const report = existsSync(json) ? (JSON.parse(await readFile(json, 'utf8')) as BenchReport) : undefined;
  const noisy = isNoisy(load1, threshold) ? [`noisy: the 1-minute load was ${load1} when the bench started (threshold ${threshold})`] : [];
  const figures = withWarnings(report?.figures ?? [], noisy);
  const measured = { seconds, figures, ...(report?.notes === undefined ? {} : { notes: report.notes }) };
  if (result.exitCode !== 0) return { ...base, ...measured, status: 'failed', exitCode: result.exitCode ?? -1, ...(result.signal === undefined ? {} : { reason: `signal ${result.signal}` }) };
  if (report === undefined) return { ...base, ...measured, status: 'failed', exitCode: 0, reason: 'exited 0 without writing its JSON report' };
  console.log(`=== ${bench.name} (Node ${node.version}): ${seconds} s`);
  return { ...base, ...measured, status: 'ok' };
}

async function history(dir: string): Promise<RunRecord[]> {
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => /^\d{4}-.*Z\.json$/.test(n)) : [];
  const runs = await Promise.all(names.map(async (n) => parseRun(await readFile(join(dir, n), 'utf8').catch(() => undefined))));
  return runs.filter((r): r is RunRecord => r !== undefined);
}

/** `git describe --always --dirty` of the checkout holding `dir`, when it is one. */
async function revision(dir: string): Promise<string | undefined> {
  const described = await execa('git', ['describe', '--always', '--dirty'], { cwd: dir, reject: false });
  return described.exitCode === 0 ? described.stdout.trim() : undefined;
}

const date = new Date().toISOString();
const scratch = await mkdtemp(join(tmpdir(), 'ga-bench-run-'));
const entries: Array<BenchEntry & { node: string }> = [];
try {
  for (const bench of options.benches) {
    for (const node of nodes) entries.push({ ...(await runOne(bench, options.quick, scratch, node)), node: node.version });
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
const results = join(root, 'bench', 'results');
await mkdir(results, { recursive: true });
const latestPath = join(results, 'latest.json');
const comparisonPath = join(results, 'node-comparison.json');
let latest = parseLatest(existsSync(latestPath) ? await readFile(latestPath, 'utf8') : undefined);
let comparison = parseComparison(existsSync(comparisonPath) ? await readFile(comparisonPath, 'utf8') : undefined);
let run: RunRecord = { date, command, machine, loadThreshold: threshold, runner: process.version, benches: entries };
if (nodes.length > 1) {
  const [code, agents] = await Promise.all([revision(root), agentBin === undefined ? undefined : revision(dirname(resolve(agentBin)))]);
  comparison = {
    ...run, nodes, benches: entries,
    ...(code === undefined ? {} : { revision: code }),
    ...(agentBin === undefined ? {} : { agents: { bin: agentBin, ...(agents === undefined ? {} : { revision: agents }) } }),
  } satisfies NodeComparison;
  run = comparison;
  await writeFile(comparisonPath, `${JSON.stringify(comparison, null, 2)}\n`);
} else {
  latest = mergeLatest(latest, run);
  await writeFile(latestPath, `${JSON.stringify(latest, null, 2)}\n`);
}
await writeFile(join(results, `${date.slice(0, 19).replaceAll(':', '-')}Z.json`), `${JSON.stringify(run, null, 2)}\n`);
const markdown = renderMarkdown(latest ?? { benches: {} }, BENCHES.map((b) => b.name), await history(results), threshold);
await writeFile(join(root, 'BENCHMARKS.md'), comparison === undefined ? markdown : `${markdown.trimEnd()}\n\n${renderComparison(comparison)}`);
console.log(`\n${entries.map((e) => `${e.name}${nodes.length > 1 ? ` (Node ${e.node})` : ''}: ${e.status}${e.exitCode === undefined ? '' : ` (exit ${e.exitCode})`}, ${e.seconds} s`).join('\n')}`);
console.log('wrote BENCHMARKS.md and bench/results/');
if (entries.some((e) => e.status === 'failed')) process.exitCode = 1;
