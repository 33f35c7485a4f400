/**
 * The same benches run on several Node binaries in one run (`npm run bench -- --node A --node B
 * name...`): kept in bench/results/node-comparison.json and rendered as its own BENCHMARKS.md
 * section, apart from the per-bench sections (which hold one Node's figures). Pure: no I/O.
 */
import { formatNumber } from './render.js';
import type { BenchEntry, Machine } from './results.js';

export interface NodeRun {
  readonly path: string;
  /** `node --version` of that binary, e.g. v24.22.3. */
  readonly version: string;
}

export interface NodeComparison {
  readonly date: string;
  readonly command: string;
  /** `git describe --always --dirty` of the checkout that ran: the code every node ran. */
  readonly revision?: string;
  readonly machine: Machine;
  readonly nodes: readonly NodeRun[];
  /** Every bench once per node, `node` naming the version it ran on. */
  readonly benches: ReadonlyArray<BenchEntry & { readonly node: string }>;
}

/** A run is labelled preliminary when other work loaded the machine (1-minute load average at start). */
const QUIET_LOAD = 0.5;

const major = (version: string): string => /^v?(\d+)/.exec(version)?.[1] ?? version;

/** "+12%" / "−8%" of `value` against `base`; empty when either is missing or base is 0. */
function change(base: number | undefined, value: number | undefined): string {
  if (base === undefined || value === undefined || base === 0) return '';
  const percent = Math.round(((value - base) / base) * 100);
  return percent === 0 ? '±0%' : `${percent > 0 ? '+' : '−'}${Math.abs(percent)}%`;
}

/** Parses node-comparison.json text; a missing or foreign file gives undefined. */
export function parseComparison(text: string | undefined): NodeComparison | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<NodeComparison>;
    return Array.isArray(value.nodes) && Array.isArray(value.benches) && typeof value.machine === 'object' ? (value as NodeComparison) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The "Node A vs Node B" section: one row per bench figure (and per baseline the bench measured
 * next to it), the median on each node, change against the first.
 */
export function renderComparison(comparison: NodeComparison): string {
  const { nodes, machine } = comparison;
  const title = nodes.map((n) => `Node ${major(n.version)}`).join(' vs ');
  const lines = [
    `## ${title}`,
    '',
    `\`${comparison.command}\` · ${comparison.date.slice(0, 16).replace('T', ' ')} UTC · ${machine.cpu} (${machine.cores} cores), load average ${formatNumber(machine.load1)} at start.`,
    '',
  ];
  if (machine.load1 >= QUIET_LOAD) {
    lines.push(`**Preliminary**: the machine was loaded by other work (load average ${formatNumber(machine.load1)} at start); the figures show direction, not size. Re-measure on a quiet machine.`, '');
  }
  lines.push(
    `Each bench ran on each Node in turn, in the same run, with the same build and dependencies${comparison.revision === undefined ? '' : ` (revision \`${comparison.revision}\`)`}: ${nodes.map((n) => `${n.version} is \`${n.path}\``).join(', ')}. Medians; change is against ${nodes[0]?.version ?? 'the first'}.`,
    '',
    `| bench | figure | ${nodes.map((n) => `Node ${n.version}`).join(' | ')} | ${nodes.slice(1).map((n) => `change ${major(n.version)}`).join(' | ')} |`,
    `|---|---|${nodes.map(() => '---|').join('')}${nodes.slice(1).map(() => '---|').join('')}`,
  );
  const benchNames = [...new Set(comparison.benches.map((b) => b.name))];
  for (const name of benchNames) {
    const runs = nodes.map((n) => comparison.benches.find((b) => b.name === name && b.node === n.version));
    const failed = runs.map((r) => (r === undefined ? 'not run' : r.status === 'ok' ? undefined : r.status));
    const figures = [...new Set(runs.flatMap((r) => r?.figures.map((f) => `${f.figure}\u0000${f.unit}`) ?? []))];
    if (figures.length === 0) lines.push(`| ${name} | | ${failed.map((f) => f ?? 'no figures').join(' | ')} |${nodes.slice(1).map(() => ' |').join('')}`);
    const row = (label: string, unit: string, medians: ReadonlyArray<number | undefined>): string => {
      const cells = medians.map((m, i) => (m === undefined ? (failed[i] ?? '–') : `${formatNumber(m)} ${unit}`));
      return `| ${name} | ${label.replaceAll('|', '\\|')} | ${cells.join(' | ')} | ${medians.slice(1).map((m) => change(medians[0], m)).join(' | ')} |`;
    };
    const baselines = new Set<string>();
    for (const key of figures) {
      const [figure = '', unit = ''] = key.split('\u0000');
      const found = runs.map((r) => r?.figures.find((f) => f.figure === figure && f.unit === unit));
      lines.push(row(figure, unit, found.map((f) => f?.median)));
      // The bench's own baseline (bare fastify, bare geth) measured next to it: when it moves as
      // much as the figure, the machine moved, not Node.
      const baseline = found.find((f) => f?.baseline !== undefined)?.baseline?.name;
      if (baseline === undefined || baselines.has(`${baseline}\u0000${unit}`)) continue;
      baselines.add(`${baseline}\u0000${unit}`);
      lines.push(row(`baseline: ${baseline}`, unit, found.map((f) => (f?.baseline?.name === baseline ? f.baseline.median : undefined))));
    }
  }
  lines.push('');
  return lines.join('\n');
}
