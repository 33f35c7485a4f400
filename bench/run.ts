/**
 * `npm run bench [-- --quick] [-- name...]`: runs the benchmarks in bench/ one after the other
 * (never in parallel: they share two cores), each printing its text and writing its figures to
 * GA_BENCH_JSON; then writes bench/results/<date>.json (this run, raw), merges it into
 * bench/results/latest.json (last entry per bench) and renders BENCHMARKS.md from that.
 * `--node PATH` runs the benches on that node binary (the benches start their agents with the
 * node that runs them); given twice or more, each bench runs on each node in turn, and the run
 * goes to bench/results/node-comparison.json and its own section of BENCHMARKS.md instead.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { toolPath } from '../test/helpers/geth-bin.js';
import { packageRoot } from '../src/version.js';
import { parseComparison, renderComparison, type NodeComparison, type NodeRun } from './compare.js';
import { describeMachine } from './machine.js';
import { BENCHES, parseRunArgs, type BenchPlan } from './plan.js';
import { renderMarkdown } from './render.js';
import type { BenchReport } from './report.js';
import { mergeLatest, parseLatest, type BenchEntry, type RunRecord } from './results.js';

const root = packageRoot();
const argv = process.argv.slice(2);
const command = process.env.npm_lifecycle_event === 'bench' ? `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}` : `node dist/bench/run.js ${argv.join(' ')}`.trim();

async function runOne(bench: BenchPlan, quick: boolean, scratch: string, node: string): Promise<BenchEntry> {
  const file = join(root, 'dist', 'bench', `${bench.name}.js`);
  const args = quick ? bench.quick : bench.args;
  const nodeCommand = node === process.execPath ? 'node' : node;
  const base = { name: bench.name, command: `${nodeCommand} dist/bench/${bench.name}.js${args.length > 0 ? ` ${args.join(' ')}` : ''}`, date: new Date().toISOString(), figures: [] };
  if (!existsSync(file)) return { ...base, status: 'skipped', reason: `dist/bench/${bench.name}.js not found (not built on this branch)`, seconds: 0 };
  const json = join(scratch, `${bench.name}.json`);
  console.log(`\n=== ${base.command}`);
  const started = performance.now();
  const result = await execa(node, [file, ...args], {
    stdio: 'inherit', reject: false, env: { GA_BENCH_JSON: json, ...(quick ? { GA_BENCH_QUICK: '1' } : {}) },
  });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const report = existsSync(json) ? (JSON.parse(await readFile(json, 'utf8')) as BenchReport) : undefined;
  const measured = { seconds, figures: report?.figures ?? [], ...(report?.notes === undefined ? {} : { notes: report.notes }) };
  if (result.exitCode !== 0) return { ...base, ...measured, status: 'failed', exitCode: result.exitCode ?? -1, ...(result.signal === undefined ? {} : { reason: `signal ${result.signal}` }) };
  if (report === undefined) return { ...base, ...measured, status: 'failed', exitCode: 0, reason: 'exited 0 without writing its JSON report' };
  console.log(`=== ${bench.name}: ${seconds} s`);
  return { ...base, ...measured, status: 'ok' };
}

let options;
try {
  options = parseRunArgs(argv, BENCHES);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const nodes: NodeRun[] = [];
for (const path of options.nodes.length > 0 ? options.nodes : [process.execPath]) {
  const version = await execa(path, ['--version'], { reject: false, timeout: 30_000 });
  if (version.exitCode !== 0) {
    console.error(`--node ${path}: cannot run it (${version.shortMessage})`);
    process.exit(2);
  }
  nodes.push({ path, version: version.stdout.trim() });
}
const machine = { ...(await describeMachine(toolPath('geth'))), node: nodes.map((n) => n.version).join(' / ') };
const date = new Date().toISOString();
const scratch = await mkdtemp(join(tmpdir(), 'ga-bench-run-'));
const entries: Array<BenchEntry & { node: string }> = [];
try {
  for (const bench of options.benches) {
    for (const node of nodes) entries.push({ ...(await runOne(bench, options.quick, scratch, node.path)), node: node.version });
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
if (nodes.length > 1) {
  const described = await execa('git', ['describe', '--always', '--dirty'], { cwd: root, reject: false });
  const revision = described.exitCode === 0 ? described.stdout.trim() : undefined;
  comparison = { date, command, ...(revision === undefined ? {} : { revision }), machine, nodes, benches: entries } satisfies NodeComparison;
  await writeFile(join(results, `${date.slice(0, 19).replaceAll(':', '-')}Z.json`), `${JSON.stringify(comparison, null, 2)}\n`);
  await writeFile(comparisonPath, `${JSON.stringify(comparison, null, 2)}\n`);
} else {
  const run: RunRecord = { date, command, machine, benches: entries.map(({ node: _node, ...entry }) => entry) };
  latest = mergeLatest(latest, run);
  await writeFile(join(results, `${date.slice(0, 19).replaceAll(':', '-')}Z.json`), `${JSON.stringify(run, null, 2)}\n`);
  await writeFile(latestPath, `${JSON.stringify(latest, null, 2)}\n`);
}
const markdown = renderMarkdown(latest ?? { benches: {} }, BENCHES.map((b) => b.name));
await writeFile(join(root, 'BENCHMARKS.md'), comparison === undefined ? markdown : `${markdown.trimEnd()}\n\n${renderComparison(comparison)}`);
console.log(`\n${entries.map((e) => `${e.name}${nodes.length > 1 ? ` (${e.node})` : ''}: ${e.status}${e.exitCode === undefined ? '' : ` (exit ${e.exitCode})`}, ${e.seconds} s`).join('\n')}`);
console.log('wrote BENCHMARKS.md and bench/results/');
if (entries.some((e) => e.status === 'failed')) process.exitCode = 1;
