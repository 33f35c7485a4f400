/** Throughput and latency figures of one target next to the bare route measured in the same rounds. */
import { figure, withWarnings, type Figure, type Goal } from '../report.js';
import { median } from '../stats.js';
import { pool, type Round } from './drive.js';
import { baselineLimit, failureWarning, generatorWarnings, type Claim, type LoadEvidence } from './validity.js';

export interface TargetFigures {
  readonly name: string;
  readonly rounds: readonly Round[];
  readonly bare: readonly Round[];
  readonly non2xxExpected?: boolean;
  readonly throughputGoal?: Goal;
  readonly latencyGoal?: Goal;
  /** The baseline the ratio is against (default: the bare route). */
  readonly against?: { readonly name: string; readonly rounds: readonly Round[] };
}

const bareName = 'bare fastify route';

const peakCpu = (rounds: readonly Round[]): number => Math.max(0, ...rounds.map((r) => r.generatorCpu));

/** Failed requests (connection errors, timeouts, a status the target does not serve) invalidate every figure of the rounds. */
function failures(rounds: readonly Round[], non2xxExpected = false): string[] {
  const failed = rounds.reduce((n, r) => n + r.failures + (non2xxExpected ? 0 : r.non2xx), 0);
  const requests = rounds.reduce((n, r) => n + r.raw.totalCompletedRequests, 0);
  return [failureWarning(failed, requests)].filter((w): w is string => w !== undefined);
}

/** What the goal claims about the figure, and whether it held (bench/load/validity.ts judges it). */
function claimOf(measure: Claim['measure'], f: Figure, goal: Goal | undefined): Claim {
  if (goal === undefined) return { measure, bound: 'value' };
  return { measure, bound: goal.op === '>' || goal.op === '>=' ? 'at least' : 'at most', held: f.goalHeld === true, ratio: goal.of === 'ratio' };
}

export function targetFigures(t: TargetFigures): Figure[] {
  const against = t.against ?? { name: bareName, rounds: t.bare };
  const evidence: LoadEvidence = {
    targetReqPerSec: median(t.rounds.map((r) => r.reqPerSec)),
    bareReqPerSec: median(t.bare.map((r) => r.reqPerSec)),
    targetGeneratorCpu: peakCpu(t.rounds),
    baselineGeneratorCpu: peakCpu(against.rounds),
  };
  const failed = failures(t.rounds, t.non2xxExpected);
  const pooled = pool(t.rounds.map((r) => r.raw));
  const throughput = figure({
    figure: `${t.name} throughput`, unit: 'req/s', samples: t.rounds.map((r) => r.reqPerSec),
    baseline: { name: against.name, samples: against.rounds.map((r) => r.reqPerSec) }, paired: true,
    ...(t.throughputGoal === undefined ? {} : { goal: t.throughputGoal }), warnings: failed,
  });
  const latency = figure({
    figure: `${t.name} latency (per-round p99; value pooled)`, unit: 'ms', samples: t.rounds.map((r) => r.p99),
    baseline: { name: against.name, samples: against.rounds.map((r) => r.p99) }, paired: true,
    pooled: { p50: pooled.p50, p99: pooled.p99, requests: pooled.requests },
    ...(t.latencyGoal === undefined ? {} : { goal: t.latencyGoal }), warnings: failed,
  });
  return [
    ...withWarnings([throughput], generatorWarnings(claimOf('throughput', throughput, t.throughputGoal), evidence)),
    ...withWarnings([latency], generatorWarnings(claimOf('latency', latency, t.latencyGoal), evidence)),
  ];
}

/**
 * The bare route's own figure: what the generator could drive here. When the generator saturated
 * on it, it is the generator's ceiling, not the bare server's, and every ratio against it is inflated.
 */
export function bareFigure(bare: readonly Round[]): Figure {
  const cpu = peakCpu(bare);
  const saturated = baselineLimit({ targetReqPerSec: 0, bareReqPerSec: 0, targetGeneratorCpu: 0, baselineGeneratorCpu: cpu });
  return figure({
    figure: `${bareName} throughput`, unit: 'req/s', samples: bare.map((r) => r.reqPerSec),
    warnings: [...failures(bare), ...(saturated === undefined ? [] : [`${saturated}; every "vs baseline" ratio against it is inflated`])],
  });
}
