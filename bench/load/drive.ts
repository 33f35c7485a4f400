/**
 * Drives loopback HTTP load from a separate process (bench/load/generator.ts, autocannon), never
 * from the server's process or a thread of it; rounds alternate between targets, and each target's
 * latencies are pooled over all its rounds.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../../src/version.js';
import { loadAutocannon, type RoundResult } from './autocannon.js';
import type { LoadJob } from './generator.js';

export interface Round {
  readonly reqPerSec: number;
  readonly p50: number;
  readonly p99: number;
  /** Connection errors, timeouts and resets. */
  readonly failures: number;
  /** Answers with a status outside 2xx. */
  readonly non2xx: number;
  /** Share of one core the generator used over the round (1 = a full core). */
  readonly generatorCpu: number;
  readonly raw: RoundResult;
}

/** One round in a fresh generator process on the same node binary as this bench. */
export async function loadRound(job: LoadJob): Promise<Round> {
  const script = join(packageRoot(), 'dist', 'bench', 'load', 'generator.js');
  const { stdout } = await execa(process.execPath, [script, JSON.stringify(job)], { timeout: (job.seconds + 60) * 1000 });
  const { result, generatorCpu } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { result: RoundResult; generatorCpu: number };
  const one = pool([result]);
  return {
    reqPerSec: result.totalCompletedRequests / result.duration,
    p50: one.p50,
    p99: one.p99,
    failures: result.errors + result.timeouts + result.resets,
    non2xx: result.non2xx,
    generatorCpu,
    raw: result,
  };
}

/** Latency percentiles (ms) over every request of the given rounds (autocannon's HDR histograms merged). */
export function pool(rounds: readonly RoundResult[]): { p50: number; p99: number; max: number; requests: number } {
  // aggregateResult validates its options as a job's: any URL will do, it is not contacted.
  const { latency } = loadAutocannon().aggregateResult(rounds, { url: 'http://127.0.0.1/' });
  return { p50: latency.p50, p99: latency.p99, max: latency.max, requests: latency.totalCount };
}

export interface Target {
  readonly name: string;
  readonly url: string;
  /** Answers outside 2xx are what this target serves (a 404 route): not failures. */
  readonly non2xxExpected?: boolean;
}

/** `rounds` rounds, each target once per round in the given order (the baseline first). */
export async function measureTargets(targets: readonly Target[], options: { rounds: number; seconds: number; connections: number; log?: (line: string) => void }): Promise<Map<string, Round[]>> {
  const out = new Map<string, Round[]>(targets.map((t) => [t.name, []]));
  for (const t of targets) await loadRound({ url: t.url, connections: options.connections, seconds: 1 }); // warm-up
  for (let round = 1; round <= options.rounds; round++) {
    for (const t of targets) {
      const r = await loadRound({ url: t.url, connections: options.connections, seconds: options.seconds });
      out.get(t.name)?.push(r);
      options.log?.(`round ${round} ${t.name.padEnd(44)} ${Math.round(r.reqPerSec).toString().padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  generator ${(r.generatorCpu * 100).toFixed(0)} % of a core${r.failures + r.non2xx > 0 ? `  (${r.failures} failed, ${r.non2xx} non-2xx)` : ''}`);
    }
  }
  return out;
}

/** The largest share of a core the generator used in a round against each target (near 100 %: it may be the bottleneck). */
export const generatorPeak = (measured: ReadonlyMap<string, readonly Round[]>): string =>
  `the generator used at most ${[...measured].map(([name, rounds]) => `${Math.round(Math.max(0, ...rounds.map((r) => r.generatorCpu)) * 100)} % of a core against ${name}`).join(', ')}`;
