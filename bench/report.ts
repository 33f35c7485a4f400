/**
 * The machine-readable side of every benchmark: a bench builds its figures with `figure()` and
 * hands them to `writeReport()`, which writes them as JSON to the file named by GA_BENCH_JSON
 * (set by bench/run.ts; without it nothing is written and the bench only prints its text).
 *
 * A goal names the statistic it is judged on. "met" is true only when the goal holds AND the
 * figure carries no warning (an invalid or noisy measurement proves nothing either way).
 */
import { writeFile } from 'node:fs/promises';
import { max, median, min, p95, p99, pairedDeltas } from './stats.js';

/** What a goal is evaluated on. */
export type Statistic = 'median' | 'p95' | 'p99' | 'max' | 'min' | 'ratio' | 'delta median' | 'delta p95' | 'pooled p99';

/** A bound on one statistic of a figure. */
export interface Goal {
  readonly of: Statistic;
  readonly op: '<' | '<=' | '>' | '>=';
  readonly value: number;
}

export interface Baseline {
  readonly name: string;
  readonly median: number;
  readonly p95: number;
  /** The baseline's own samples, kept with the figure. */
  readonly samples: readonly number[];
}

/** One measured figure: statistics over its samples (one per run, round, block, cycle or reading). */
export interface Figure {
  readonly figure: string;
  readonly unit: string;
  readonly median: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly baseline?: Baseline;
  /** The samples and the baseline's were taken in pairs (alternated): deltas are per pair. */
  readonly paired?: boolean;
  /** median / baseline.median */
  readonly ratio?: number;
  /** Overhead over the baseline: per pair when paired, else of the medians. */
  readonly delta?: { readonly median: number; readonly p95?: number };
  /** Latency pooled over every request of every round (not a median of per-round values). */
  readonly pooled?: { readonly p50?: number; readonly p99?: number; readonly requests?: number };
  readonly goal?: string;
  /** The value of the goal's statistic. */
  readonly goalValue?: number;
  /** The goal's bound holds on its statistic (whatever the warnings). */
  readonly goalHeld?: boolean;
  /** goalHeld and no warning. */
  readonly goalMet?: boolean;
  /** Why this measurement cannot be trusted (then goalMet is false). */
  readonly warnings?: readonly string[];
  /** Number of samples. */
  readonly runs: number;
  readonly samples: readonly number[];
}

/** What one bench writes to GA_BENCH_JSON. */
export interface BenchReport {
  readonly bench: string;
  readonly figures: readonly Figure[];
  /** Free-text remarks rendered under the bench's table (set-up, parameters). */
  readonly notes?: readonly string[];
}

export interface FigureSpec {
  readonly figure: string;
  readonly unit: string;
  readonly samples: readonly number[];
  readonly baseline?: { readonly name: string; readonly samples: readonly number[] };
  /** Samples and baseline samples were measured pairwise (same count, same order). */
  readonly paired?: boolean;
  readonly pooled?: Figure['pooled'];
  readonly goal?: Goal;
  readonly warnings?: readonly string[];
}

const OP_TEXT: Record<Goal['op'], string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

export const goalText = (goal: Goal, unit: string): string =>
  `${goal.of} ${OP_TEXT[goal.op]} ${goal.value}${goal.of === 'ratio' ? '×' : ` ${unit}`}`;

/** The value of a statistic of a figure (NaN when the figure lacks it). */
export function statistic(f: Omit<Figure, 'goal' | 'goalValue' | 'goalHeld' | 'goalMet'>, of: Statistic): number {
  switch (of) {
    case 'median': return f.median;
    case 'p95': return f.p95;
    case 'p99': return f.p99;
    case 'max': return f.max;
    case 'min': return min(f.samples);
    case 'ratio': return f.ratio ?? Number.NaN;
    case 'delta median': return f.delta?.median ?? Number.NaN;
    case 'delta p95': return f.delta?.p95 ?? Number.NaN;
    case 'pooled p99': return f.pooled?.p99 ?? Number.NaN;
  }
}

/** Whether `value` satisfies the goal's bound; never for a missing (NaN) value. */
export function holds(goal: Goal, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  switch (goal.op) {
    case '<': return value < goal.value;
    case '<=': return value <= goal.value;
    case '>': return value > goal.value;
    case '>=': return value >= goal.value;
  }
}

/** Builds a figure from its samples: statistics, baseline, ratio, deltas and the verdict. */
export function figure(spec: FigureSpec): Figure {
  const { samples } = spec;
  const base = spec.baseline === undefined ? undefined : { name: spec.baseline.name, median: median(spec.baseline.samples), p95: p95(spec.baseline.samples), samples: [...spec.baseline.samples] };
  const paired = spec.paired === true && base !== undefined;
  const deltas = paired ? pairedDeltas(samples, base.samples) : undefined;
  const m = median(samples);
  const body = {
    figure: spec.figure,
    unit: spec.unit,
    median: m,
    p95: p95(samples),
    p99: p99(samples),
    max: max(samples),
    ...(base === undefined ? {} : { baseline: base }),
    ...(paired ? { paired: true } : {}),
    ...(base === undefined || base.median === 0 || !Number.isFinite(base.median) ? {} : { ratio: m / base.median }),
    ...(base === undefined ? {} : { delta: deltas === undefined ? { median: m - base.median } : { median: median(deltas), p95: p95(deltas) } }),
    ...(spec.pooled === undefined ? {} : { pooled: spec.pooled }),
    ...((spec.warnings ?? []).length === 0 ? {} : { warnings: [...(spec.warnings ?? [])] }),
    runs: samples.length,
    samples: [...samples],
  };
  return spec.goal === undefined ? body : judge(body, spec.goal);
}

function judge(body: Omit<Figure, 'goal' | 'goalValue' | 'goalHeld' | 'goalMet'>, goal: Goal): Figure {
  const value = statistic(body, goal.of);
  const held = holds(goal, value);
  return { ...body, goal: goalText(goal, body.unit), goalValue: value, goalHeld: held, goalMet: held && (body.warnings ?? []).length === 0 };
}

/** The figures with more warnings (a noisy run, a failed check of the bench): no goal counts as met. */
export function withWarnings(figures: readonly Figure[], warnings: readonly string[]): Figure[] {
  if (warnings.length === 0) return [...figures];
  return figures.map((f) => ({
    ...f,
    warnings: [...(f.warnings ?? []), ...warnings],
    ...(f.goalHeld === undefined ? {} : { goalMet: false }),
  }));
}

/** Writes the bench's figures to GA_BENCH_JSON when set (bench/run.ts sets it); no-op otherwise. */
export async function writeReport(report: BenchReport, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = env.GA_BENCH_JSON;
  if (file === undefined || file === '') return;
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}
