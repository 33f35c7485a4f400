/**
 * The same benches run on several Node binaries in one run (`npm run bench -- --node A --node B
 * name...`): kept in bench/results/node-comparison.json (and in the history like any run) and
 * rendered as its own BENCHMARKS.md section, apart from the per-bench sections (which hold one
 * Node's figures). Each figure shows its median on every node and, where it has a goal, the
 * statistic the goal is judged on with the verdict on each node; a measurement that carries a
 * warning (invalid, noisy) is marked, since its change says nothing. Pure: no I/O.
 */
import { formatNumber } from './render.js';
import type { Figure } from './report.js';
import type { BenchEntry, RunRecord } from './results.js';

export interface NodeRun {
  /** As given to --node. */
  readonly path: string;
  /** `node --version` of that binary, e.g. v24.22.3. */
  readonly version: string;
}

export type ComparedEntry = BenchEntry & { readonly node: string };

export interface NodeComparison extends RunRecord {
  /** `git describe --always --dirty` of the checkout that ran the benches. */
  readonly revision?: string;
  /** GA_BENCH_AGENT_BIN: the agents measured were this build, not the checkout's. */
  readonly agents?: { readonly bin: string; readonly revision?: string };
  readonly nodes: readonly NodeRun[];
  /** Every bench once per node, `node` naming the version it ran on. */
  readonly benches: readonly ComparedEntry[];
}

/** Without a recorded threshold (runs before it was kept): a load average this high is noisy. */
const DEFAULT_QUIET_LOAD = 0.5;

const major = (version: string): string => /^v?(\d+)/.exec(version)?.[1] ?? version;

/** "+12%" / "−8%" of `value` against `base`; empty when either is missing or base is 0. */
export function change(base: number | undefined, value: number | undefined): string {
  if (base === undefined || value === undefined || !Number.isFinite(base) || !Number.isFinite(value) || base === 0) return '';
  const percent = Math.round(((value - base) / base) * 100);
  return percent === 0 ? '±0%' : `${percent > 0 ? '+' : '−'}${Math.abs(percent)}%`;
}

/** Parses node-comparison.json text; a missing or foreign file gives undefined. */
export function parseComparison(text: string | undefined): NodeComparison | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<NodeComparison> | null;
    return value !== null && typeof value === 'object' && Array.isArray(value.nodes) && Array.isArray(value.benches) && typeof value.machine === 'object' && value.machine !== null ? (value as NodeComparison) : undefined;
  } catch {
    return undefined;
  }
}

/** The goal's verdict in a cell: met, missed, or held but not counted (a warning). */
const verdict = (f: Figure): string => (f.goalHeld === undefined ? '' : f.goalMet === true ? 'met' : f.goalHeld ? 'not counted' : '**missed**');

/** The statistic a goal is judged on ("pooled p99 < 5 ms" → "pooled p99"). */
const goalStatistic = (goal: string): string => goal.replace(/\s*[<>≤≥].*$/, '');

/**
 * The "Node A vs Node B" section: per figure a row of medians (one column per node, change
 * against the first), a row of the goal's statistic with its verdict where the goal is judged on
 * another statistic, and the bench's baseline once (when it moves as much as the figure, the
 * machine moved, not Node). A cell whose measurement carries a warning is marked `*`.
 */
export function renderComparison(comparison: NodeComparison): string {
  const { nodes, machine } = comparison;
  const threshold = comparison.loadThreshold ?? DEFAULT_QUIET_LOAD;
  const noisy = comparison.benches.some((b) => b.figures.some((f) => (f.warnings ?? []).some((w) => w.startsWith('noisy')))) || machine.load1 > threshold;
  const title = nodes.map((n) => `Node ${major(n.version)}`).join(' vs ');
  const lines = [
    `## ${title}`,
    '',
    `\`${comparison.command}\` · ${comparison.date.slice(0, 16).replace('T', ' ')} UTC · ${machine.cpu} (${machine.cores} cores), load average ${formatNumber(machine.load1)} at start.`,
    '',
  ];
  if (noisy) {
    lines.push(`**Preliminary**: the machine was loaded by other work (a bench started above a load of ${formatNumber(threshold)}); the figures show direction, not size. Re-measure on a quiet machine.`, '');
  }
  const build = comparison.agents === undefined
    ? `the same build and dependencies${comparison.revision === undefined ? '' : ` (revision \`${comparison.revision}\`)`}`
    : `the agents of \`${comparison.agents.bin}\`${comparison.agents.revision === undefined ? '' : ` (revision \`${comparison.agents.revision}\`)`} (GA_BENCH_AGENT_BIN)`;
  lines.push(
    `Each bench ran on each Node in turn, in the same run, with ${build}: ${nodes.map((n) => `${n.version} is \`${n.path}\``).join(', ')}. ` +
      `What a bench measures (agents, bare servers, the bare node) ran on that Node; the benches and the load generator ran on ${comparison.runner ?? 'the node running `npm run bench`'} for every column, except a bench that measures code in its own process. ` +
      `Change is against ${nodes[0]?.version ?? 'the first'}; \`*\`: the measurement carries a warning on that Node (listed below the table), so its change proves nothing.`,
    '',
    `| bench | figure | statistic | ${nodes.map((n) => `Node ${n.version}`).join(' | ')} | ${nodes.slice(1).map((n) => `change ${major(n.version)}`).join(' | ')} |`,
    `|---|---|---|${nodes.map(() => '---|').join('')}${nodes.slice(1).map(() => '---|').join('')}`,
  );
  const warnings: string[] = [];
  const benchNames = [...new Set(comparison.benches.map((b) => b.name))];
  for (const name of benchNames) {
    const runs = nodes.map((n) => comparison.benches.find((b) => b.name === name && b.node === n.version));
    const failed = runs.map((r) => (r === undefined ? 'not run' : r.status === 'ok' ? undefined : r.status));
    const keys = [...new Set(runs.flatMap((r) => r?.figures.map((f) => `${f.figure}\u0000${f.unit}`) ?? []))];
    if (keys.length === 0) lines.push(`| ${name} | | | ${failed.map((f) => f ?? 'no figures').join(' | ')} |${nodes.slice(1).map(() => ' |').join('')}`);
    const row = (label: string, statistic: string, cells: ReadonlyArray<{ value: number | undefined; text: string }>): string =>
      `| ${name} | ${label.replaceAll('|', '\\|')} | ${statistic.replaceAll('|', '\\|')} | ${cells.map((c) => c.text).join(' | ')} | ${cells.slice(1).map((c) => change(cells[0]?.value, c.value)).join(' | ')} |`;
    const baselines = new Set<string>();
    for (const key of keys) {
      const [label = '', unit = ''] = key.split('\u0000');
      const found = runs.map((r) => r?.figures.find((f) => f.figure === label && f.unit === unit));
      const mark = (f: Figure | undefined): string => ((f?.warnings ?? []).length > 0 ? ' *' : '');
      const missing = (i: number): string => failed[i] ?? '–';
      const goal = found.find((f) => f?.goal !== undefined)?.goal;
      const onMedian = goal !== undefined && goalStatistic(goal) === 'median';
      lines.push(row(label, onMedian ? `median (goal ${goal})` : 'median', found.map((f, i) => ({
        value: f?.median,
        text: f === undefined ? missing(i) : `${formatNumber(f.median)} ${unit}${onMedian && verdict(f) !== '' ? `, ${verdict(f)}` : ''}${mark(f)}`,
      }))));
      if (goal !== undefined && !onMedian) {
        const ratio = goal.startsWith('ratio');
        lines.push(row(label, `${goalStatistic(goal)} (goal ${goal})`, found.map((f, i) => ({
          value: f?.goalValue,
          text: f === undefined ? missing(i) : f.goalValue === undefined ? '–' : `${formatNumber(f.goalValue)}${ratio ? '×' : ` ${unit}`}${verdict(f) === '' ? '' : `, ${verdict(f)}`}${mark(f)}`,
        }))));
      }
      found.forEach((f, i) => {
        for (const w of f?.warnings ?? []) {
          const line = `- ${name}, Node ${nodes[i]?.version ?? '?'}: ${w}`;
          if (!warnings.includes(line)) warnings.push(line);
        }
      });
      const baseline = found.find((f) => f?.baseline !== undefined)?.baseline?.name;
      if (baseline === undefined || baselines.has(`${baseline}\u0000${unit}`)) continue;
      baselines.add(`${baseline}\u0000${unit}`);
      lines.push(row(`baseline: ${baseline}`, 'median', found.map((f, i) => {
        const value = f?.baseline?.name === baseline ? f.baseline.median : undefined;
        return { value, text: value === undefined ? missing(i) : `${formatNumber(value)} ${unit}` };
      })));
    }
  }
  lines.push('');
  if (warnings.length > 0) lines.push('Warnings (`*`):', '', ...warnings, '');
  return lines.join('\n');
}
