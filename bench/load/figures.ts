/** Throughput and latency figures of one target next to the bare route measured in the same rounds. */
import { figure, type Figure, type Goal } from '../report.js';
import { median } from '../stats.js';
import { pool, type Round } from './drive.js';
import { failureWarning, headroomWarning } from './validity.js';

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

/** Warnings that make the target's figures invalid: failed requests, a generator without headroom. */
export function loadWarnings(t: Pick<TargetFigures, 'rounds' | 'non2xxExpected'> & { readonly bare?: readonly Round[] }): string[] {
  const failures = t.rounds.reduce((n, r) => n + r.failures + (t.non2xxExpected === true ? 0 : r.non2xx), 0);
  const requests = t.rounds.reduce((n, r) => n + r.raw.totalCompletedRequests, 0);
  const headroom = t.bare === undefined ? undefined : headroomWarning(median(t.bare.map((r) => r.reqPerSec)), median(t.rounds.map((r) => r.reqPerSec)));
  return [failureWarning(failures, requests), headroom].filter((w): w is string => w !== undefined);
}

export function targetFigures(t: TargetFigures): Figure[] {
  const warnings = loadWarnings(t);
  const against = t.against ?? { name: bareName, rounds: t.bare };
  const pooled = pool(t.rounds.map((r) => r.raw));
  return [
    figure({
      figure: `${t.name} throughput`, unit: 'req/s', samples: t.rounds.map((r) => r.reqPerSec),
      baseline: { name: against.name, samples: against.rounds.map((r) => r.reqPerSec) }, paired: true,
      ...(t.throughputGoal === undefined ? {} : { goal: t.throughputGoal }), warnings,
    }),
    figure({
      figure: `${t.name} latency (per-round p99; value pooled)`, unit: 'ms', samples: t.rounds.map((r) => r.p99),
      baseline: { name: against.name, samples: against.rounds.map((r) => r.p99) }, paired: true,
      pooled: { p50: pooled.p50, p99: pooled.p99, requests: pooled.requests },
      ...(t.latencyGoal === undefined ? {} : { goal: t.latencyGoal }), warnings,
    }),
  ];
}

/** The bare route's own figure (what the generator can drive on this machine). */
export function bareFigure(bare: readonly Round[]): Figure {
  return figure({ figure: `${bareName} (the generator's ceiling here) throughput`, unit: 'req/s', samples: bare.map((r) => r.reqPerSec), warnings: loadWarnings({ rounds: bare }) });
}
