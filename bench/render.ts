/** Renders BENCHMARKS.md from bench/results/latest.json and the run history (pure: no I/O, no clock). */
import type { Figure } from './report.js';
import { earlierMisses, type Latest, type LatestEntry, type Machine, type RunRecord } from './results.js';

/** Readable number: grouped integers from 100 up, then 1 or 2 decimals for smaller values. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const withUnit = (n: number, unit: string): string => `${formatNumber(n)} ${unit}`;
const signed = (n: number, unit: string): string => `${n >= 0 ? '+' : '−'}${withUnit(Math.abs(n), unit)}`;

/** ratio and overhead against the baseline, e.g. `0.27× · +187 ms per pair (p95 +240 ms)`. */
function versus(f: Figure): string {
  const parts: string[] = [];
  if (f.ratio !== undefined) parts.push(`${formatNumber(f.ratio)}×`);
  if (f.delta !== undefined && f.unit !== 'req/s') {
    parts.push(f.paired === true ? `${signed(f.delta.median, f.unit)} per pair${f.delta.p95 === undefined ? '' : ` (p95 ${signed(f.delta.p95, f.unit)})`}` : signed(f.delta.median, f.unit));
  }
  return parts.join(' · ');
}

function verdict(f: Figure): string {
  if (f.goalHeld === undefined) return '';
  if (f.goalMet === true) return 'yes';
  return f.goalHeld ? '**not counted** (warning)' : '**no**';
}

export function figureRow(f: Figure): string {
  const cells = [
    f.figure,
    withUnit(f.median, f.unit),
    withUnit(f.p95, f.unit),
    f.baseline === undefined ? '' : `${f.baseline.name}: ${withUnit(f.baseline.median, f.unit)}`,
    versus(f),
    f.goal ?? '',
    f.goalValue === undefined ? '' : f.goal?.startsWith('ratio') === true ? `${formatNumber(f.goalValue)}×` : withUnit(f.goalValue, f.unit),
    verdict(f),
    String(f.runs),
  ];
  return `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
}

export function machineTable(m: Machine): string[] {
  return [
    '| | |',
    '|---|---|',
    `| CPU | ${m.cpu} (${m.cores} cores) |`,
    `| RAM | ${formatNumber(m.ramGiB)} GiB |`,
    `| OS | ${m.os} |`,
    `| Node | ${m.node} |`,
    `| geth | ${m.geth} |`,
    `| load average at start | ${formatNumber(m.load1)} |`,
  ];
}

const when = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function section(entry: LatestEntry, headline: Machine, history: readonly RunRecord[]): string[] {
  const load = entry.load1 ?? entry.run.machine.load1;
  const noisy = entry.figures.some((f) => (f.warnings ?? []).some((w) => w.startsWith('noisy')));
  const lines = [`## ${entry.name}`, '', `\`${entry.command}\` · ${when(entry.date)} · ${entry.seconds < 10 ? entry.seconds.toFixed(1) : Math.round(entry.seconds)} s · load ${formatNumber(load)} at start${noisy ? ' · **noisy**' : ''}`, ''];
  if (entry.status === 'skipped') lines.push(`Skipped: ${entry.reason ?? 'not run'}.`, '');
  if (entry.status === 'failed') lines.push(`**Failed** (exit code ${entry.exitCode ?? 'unknown'}${entry.reason === undefined ? '' : `: ${entry.reason}`}).`, '');
  if (entry.figures.length > 0) {
    lines.push('| figure | median | p95 | baseline (median) | vs baseline | goal | value | met | n |', '|---|---|---|---|---|---|---|---|---|');
    lines.push(...entry.figures.map(figureRow), '');
  }
  for (const note of entry.notes ?? []) lines.push(`- ${note}`);
  const warned = new Map<string, string[]>();
  for (const f of entry.figures) for (const w of f.warnings ?? []) warned.set(w, [...(warned.get(w) ?? []), f.figure]);
  for (const [w, figures] of warned) lines.push(`- **Warning** (${figures.length === entry.figures.length ? 'every figure' : figures.join('; ')}): ${w}`);
  if ((entry.notes ?? []).length > 0 || warned.size > 0) lines.push('');
  const misses = earlierMisses(history, entry.name, entry.date);
  if (misses.length > 0) {
    lines.push(`Earlier runs of this bench missed a goal (${misses.length}; newest first):`, '');
    for (const m of misses.slice(0, 8)) lines.push(`- ${when(m.date)} (load ${formatNumber(m.load1)}${m.node === undefined ? '' : `, Node ${m.node}`}): ${m.what}`);
    if (misses.length > 8) lines.push(`- … ${misses.length - 8} more in \`bench/results/\``);
    lines.push('');
  }
  if (JSON.stringify(entry.run.machine) !== JSON.stringify(headline)) {
    lines.push(`From an earlier run, \`${entry.run.command}\`: ${entry.run.machine.cpu}, ${entry.run.machine.cores} cores, Node ${entry.run.machine.node}, geth ${entry.run.machine.geth}.`, '');
  }
  return lines;
}

/** The markdown document; benches in `order` first (run.ts's order), any others after by name. */
export function renderMarkdown(latest: Latest, order: readonly string[], history: readonly RunRecord[] = [], loadThreshold?: number): string {
  const entries = Object.values(latest.benches);
  if (entries.length === 0) return '# Benchmarks\n\nNo results yet: run `npm run bench`.\n';
  const rank = (name: string): number => (order.includes(name) ? order.indexOf(name) : order.length);
  entries.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  const newest = entries.reduce((a, b) => (b.date > a.date ? b : a));
  return [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/run.ts) from bench/results/: do not edit by hand. -->',
    '',
    `Last updated ${when(newest.date)} by \`${newest.run.command}\`. Every run is kept in \`bench/results/\` with its raw samples, the baselines' included.`,
    'Median and p95 are over each figure\'s n samples (runs, rounds, readings or cycles); the baseline is measured in the same run;',
    '"vs baseline" is median / baseline median, and the overhead per pair where runs were paired. Each goal names the statistic it is',
    `judged on ("value"). "met" is yes only when that value holds the goal and the figure carries no warning: a run that started above a load of ${loadThreshold ?? 'the threshold'}`,
    'is **noisy**, and an invalid measurement says so (failed requests; a load generator limit that could have produced the verdict:',
    'it understates throughput and overstates latency, and a limited baseline inflates a ratio; see the README); neither counts.',
    'Memory is in MiB (kB / 1024).',
    '',
    '## Machine',
    '',
    ...machineTable(newest.run.machine),
    '',
    ...entries.flatMap((e) => section(e, newest.run.machine, history)),
  ].join('\n').replace(/\n+$/, '\n');
}
