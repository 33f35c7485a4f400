/**
 * `npm run bench [-- --quick] [-- --node PATH] [-- --max-load N] [-- name...]`: runs the benchmarks
 * in bench/ one after the other (never in parallel: they share two cores), each in its own process
 * on the chosen node binary, printing its text and writing its figures to GA_BENCH_JSON. Each bench
 * records the 1-minute load it started at; above the threshold its figures are marked noisy and
 * no goal counts as met. Then appends bench/results/<date>.json (this run, raw: the history),
 * merges it into bench/results/latest.json and renders BENCHMARKS.md from both.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { toolPath } from '../test/helpers/geth-bin.js';
import { packageRoot } from '../src/version.js';
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
const nodeBin = options.node ?? process.execPath;
const machine = await describeMachine(toolPath('geth'), nodeBin);
const threshold = options.maxLoad ?? LOAD_PER_CORE * machine.cores;

async function runOne(bench: BenchPlan, quick: boolean, scratch: string): Promise<BenchEntry> {
  const file = join(root, 'dist', 'bench', `${bench.name}.js`);
  const args = quick ? bench.quick : bench.args;
  const load1 = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  const base = { name: bench.name, command: `node dist/bench/${bench.name}.js${args.length > 0 ? ` ${args.join(' ')}` : ''}`, date: new Date().toISOString(), load1, figures: [] };
  if (!existsSync(file)) return { ...base, status: 'skipped', reason: `dist/bench/${bench.name}.js not found (not built on this branch)`, seconds: 0 };
  const json = join(scratch, `${bench.name}.json`);
  console.log(`\n=== ${base.command} (load ${load1}${isNoisy(load1, threshold) ? `, above ${threshold}: noisy` : ''})`);
  const started = performance.now();
  const result = await execa(nodeBin, [file, ...args], {
    stdio: 'inherit', reject: false, env: { GA_BENCH_JSON: json, ...(quick ? { GA_BENCH_QUICK: '1' } : {}) },
  });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const report = existsSync(json) ? (JSON.parse(await readFile(json, 'utf8')) as BenchReport) : undefined;
  const noisy = isNoisy(load1, threshold) ? [`noisy: the 1-minute load was ${load1} when the bench started (threshold ${threshold})`] : [];
  const figures = withWarnings(report?.figures ?? [], noisy);
  const measured = { seconds, figures, ...(report?.notes === undefined ? {} : { notes: report.notes }) };
  if (result.exitCode !== 0) return { ...base, ...measured, status: 'failed', exitCode: result.exitCode ?? -1, ...(result.signal === undefined ? {} : { reason: `signal ${result.signal}` }) };
  if (report === undefined) return { ...base, ...measured, status: 'failed', exitCode: 0, reason: 'exited 0 without writing its JSON report' };
  console.log(`=== ${bench.name}: ${seconds} s`);
  return { ...base, ...measured, status: 'ok' };
}

async function history(dir: string): Promise<RunRecord[]> {
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => /^\d{4}-.*Z\.json$/.test(n)) : [];
  const runs = await Promise.all(names.map(async (n) => parseRun(await readFile(join(dir, n), 'utf8').catch(() => undefined))));
  return runs.filter((r): r is RunRecord => r !== undefined);
}

const date = new Date().toISOString();
const scratch = await mkdtemp(join(tmpdir(), 'ga-bench-run-'));
const entries: BenchEntry[] = [];
try {
  for (const bench of options.benches) entries.push(await runOne(bench, options.quick, scratch));
} finally {
  await rm(scratch, { recursive: true, force: true });
}
const run: RunRecord = { date, command, machine, loadThreshold: threshold, benches: entries };
const results = join(root, 'bench', 'results');
await mkdir(results, { recursive: true });
const latestPath = join(results, 'latest.json');
const latest = mergeLatest(parseLatest(existsSync(latestPath) ? await readFile(latestPath, 'utf8') : undefined), run);
await writeFile(join(results, `${date.slice(0, 19).replaceAll(':', '-')}Z.json`), `${JSON.stringify(run, null, 2)}\n`);
await writeFile(latestPath, `${JSON.stringify(latest, null, 2)}\n`);
await writeFile(join(root, 'BENCHMARKS.md'), renderMarkdown(latest, BENCHES.map((b) => b.name), await history(results), threshold));
console.log(`\n${entries.map((e) => `${e.name}: ${e.status}${e.exitCode === undefined ? '' : ` (exit ${e.exitCode})`}, ${e.seconds} s`).join('\n')}`);
console.log('wrote BENCHMARKS.md and bench/results/');
if (entries.some((e) => e.status === 'failed')) process.exitCode = 1;
