/**
 * The machine-readable side of every benchmark: a bench builds its figures with `figure()` and
 * hands them to `writeReport()`, which writes them as JSON to the file named by GA_BENCH_JSON
 * (set by bench/run.ts; without it nothing is written and the bench only prints its text).
 */
import { writeFile } from 'node:fs/promises';
import { median, p95 } from './stats.js';

/** One measured figure: median and p95 over its samples (one per run, round, block...). */
export interface Figure {
  readonly figure: string;
  readonly unit: string;
  readonly median: number;
  readonly p95: number;
  readonly baseline?: { readonly name: string; readonly median: number };
  /** median / baseline.median */
  readonly ratio?: number;
  readonly goal?: string;
  readonly goalMet?: boolean;
  /** Number of samples behind median and p95. */
  readonly runs: number;
  /** The raw samples (kept in bench/results/*.json, not rendered). */
  readonly samples?: readonly number[];
}

/** What one bench writes to GA_BENCH_JSON. */
export interface BenchReport {
  readonly bench: string;
  readonly figures: readonly Figure[];
  /** Free-text remarks rendered under the bench's table (warnings, set-up, parameters). */
  readonly notes?: readonly string[];
}

/** A bound on one statistic of a figure: `delta` is median - baseline.median. */
export interface Goal {
  readonly of: 'median' | 'p95' | 'ratio' | 'delta';
  readonly op: '<' | '<=' | '>' | '>=' | '=';
  readonly value: number;
}

export interface FigureSpec {
  readonly figure: string;
  readonly unit: string;
  readonly samples: readonly number[];
  readonly baseline?: { readonly name: string; readonly samples: readonly number[] } | { readonly name: string; readonly median: number };
  /** All goals must hold (rendered joined by "and"). */
  readonly goal?: Goal | readonly Goal[];
}

const OF_TEXT: Record<Goal['of'], string> = { median: 'median', p95: 'p95', ratio: 'ratio', delta: 'median − baseline' };
const OP_TEXT: Record<Goal['op'], string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '=': '=' };

export const goalText = (goal: Goal, unit: string): string =>
  `${OF_TEXT[goal.of]} ${OP_TEXT[goal.op]} ${goal.value}${goal.of === 'ratio' ? '×' : ` ${unit}`}`;

/** Whether a goal holds for the given statistics; false when the statistic is missing or NaN. */
export function goalHolds(goal: Goal, s: { median: number; p95: number; ratio?: number; baseline?: number }): boolean {
  const actual = goal.of === 'ratio' ? s.ratio : goal.of === 'delta' ? (s.baseline === undefined ? undefined : s.median - s.baseline) : s[goal.of];
  if (actual === undefined || !Number.isFinite(actual)) return false;
  switch (goal.op) {
    case '<': return actual < goal.value;
    case '<=': return actual <= goal.value;
    case '>': return actual > goal.value;
    case '>=': return actual >= goal.value;
    case '=': return actual === goal.value;
  }
}

/** Builds a figure from its samples: median, p95, baseline median, ratio and goal verdict. */
export function figure(spec: FigureSpec): Figure {
  const stats = { median: median(spec.samples), p95: p95(spec.samples) };
  const baseline = spec.baseline === undefined ? undefined : { name: spec.baseline.name, median: 'median' in spec.baseline ? spec.baseline.median : median(spec.baseline.samples) };
  const ratio = baseline === undefined || baseline.median === 0 ? undefined : stats.median / baseline.median;
  const goals = spec.goal === undefined ? [] : Array.isArray(spec.goal) ? (spec.goal as readonly Goal[]) : [spec.goal as Goal];
  return {
    figure: spec.figure,
    unit: spec.unit,
    ...stats,
    ...(baseline === undefined ? {} : { baseline }),
    ...(ratio === undefined ? {} : { ratio }),
    ...(goals.length === 0 ? {} : {
      goal: goals.map((g) => goalText(g, spec.unit)).join(' and '),
      goalMet: goals.every((g) => goalHolds(g, { ...stats, ratio, baseline: baseline?.median })),
    }),
    runs: spec.samples.length,
    samples: [...spec.samples],
  };
}

/** Writes the bench's figures to GA_BENCH_JSON when set (bench/run.ts sets it); no-op otherwise. */
export async function writeReport(report: BenchReport, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = env.GA_BENCH_JSON;
  if (file === undefined || file === '') return;
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}
