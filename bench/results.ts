/**
 * What bench/run.ts records: one entry per bench run (figures, exit status, command, machine and
 * its load), written raw to bench/results/<date>.json for every run (the history: never replaced)
 * and merged into bench/results/latest.json (the last entry per bench), from which BENCHMARKS.md
 * is rendered together with what the history says about earlier misses.
 */
import type { Figure } from './report.js';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly ramGiB: number;
  readonly node: string;
  readonly geth: string;
  readonly os: string;
  /** 1-minute load average when the run started (other work on the machine skews figures). */
  readonly load1: number;
}

export interface BenchEntry {
  readonly name: string;
  readonly status: 'ok' | 'failed' | 'skipped';
  /** The bench process's exit code (failed), or why it did not run (skipped). */
  readonly exitCode?: number;
  readonly reason?: string;
  /** The exact command that ran this bench. */
  readonly command: string;
  /** ISO time the bench started. */
  readonly date: string;
  readonly seconds: number;
  /** 1-minute load average when this bench started. */
  readonly load1?: number;
  readonly figures: readonly Figure[];
  readonly notes?: readonly string[];
  /** `node --version` of the binary what the bench measured ran on (--node). */
  readonly node?: string;
  /** GA_BENCH_AGENT_BIN when set: the agents measured were another checkout's build. */
  readonly agentBin?: string;
}

export interface RunRecord {
  readonly date: string;
  readonly command: string;
  readonly machine: Machine;
  /** A bench started at a 1-minute load above this is noisy: its goals do not count. */
  readonly loadThreshold?: number;
  /** `node --version` of the node that ran the benches and the load generator (the instruments). */
  readonly runner?: string;
  readonly benches: readonly BenchEntry[];
}

export type LatestEntry = BenchEntry & { readonly run: { readonly command: string; readonly machine: Machine } };

/** latest.json: the last entry per bench, each with the run (command, machine) it came from. */
export interface Latest {
  readonly benches: Readonly<Record<string, LatestEntry>>;
}

/** Merges a run into latest: its benches replace earlier entries of the same name, others stay. */
export function mergeLatest(latest: Latest | undefined, run: RunRecord): Latest {
  const benches = { ...(latest?.benches ?? {}) };
  for (const entry of run.benches) benches[entry.name] = { ...entry, run: { command: run.command, machine: run.machine } };
  return { benches };
}

const parseObject = <T>(text: string | undefined, valid: (v: Record<string, unknown>) => boolean): T | undefined => {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) && valid(value as Record<string, unknown>) ? (value as T) : undefined;
  } catch {
    return undefined;
  }
};

/** Parses latest.json text; a missing, unreadable or foreign file starts afresh. */
export const parseLatest = (text: string | undefined): Latest | undefined =>
  parseObject<Latest>(text, (v) => typeof v.benches === 'object' && v.benches !== null);

/** Parses one run file of the history; anything else is skipped. */
export const parseRun = (text: string | undefined): RunRecord | undefined =>
  parseObject<RunRecord>(text, (v) => typeof v.date === 'string' && Array.isArray(v.benches) && typeof v.machine === 'object' && v.machine !== null);

/** The bench started above the load threshold: other work on the machine skews its figures. */
export const isNoisy = (load1: number, threshold: number): boolean => Number.isFinite(load1) && load1 > threshold;

export interface EarlierMiss {
  readonly date: string;
  readonly command: string;
  readonly load1: number;
  /** The node it ran on, when recorded. */
  readonly node?: string;
  /** A figure whose goal did not hold, or the whole bench failing. */
  readonly what: string;
}

/**
 * Earlier runs of the bench (before `before`) that missed a goal (its bound did not hold on the
 * statistic, warnings or not) or failed, newest first: a good latest run does not hide them.
 */
export function earlierMisses(history: readonly RunRecord[], name: string, before: string): EarlierMiss[] {
  const misses: EarlierMiss[] = [];
  for (const run of history) {
    for (const entry of run.benches) {
      if (entry.name !== name || entry.date >= before) continue;
      const load1 = entry.load1 ?? run.machine.load1;
      const at = { date: entry.date, command: run.command, load1, ...(entry.node === undefined ? {} : { node: entry.node }) };
      if (entry.status === 'failed') misses.push({ ...at, what: `failed (exit code ${entry.exitCode ?? 'unknown'})` });
      for (const f of entry.figures) {
        const held = f.goalHeld ?? f.goalMet;
        if (f.goal !== undefined && held === false) {
          const value = f.goalValue === undefined ? '' : `: ${Number(f.goalValue.toPrecision(4))} ${f.goal.includes('ratio') ? '×' : f.unit}`;
          misses.push({ ...at, what: `${f.figure}, ${f.goal}${value}` });
        }
      }
    }
  }
  return misses.sort((a, b) => b.date.localeCompare(a.date));
}
