/**
 * What bench/run.ts records: one entry per bench run (figures, exit status, command, machine),
 * written raw to bench/results/<date>.json and merged into bench/results/latest.json, the last
 * entry per bench, from which BENCHMARKS.md is rendered.
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
  readonly figures: readonly Figure[];
  readonly notes?: readonly string[];
}

export interface RunRecord {
  readonly date: string;
  readonly command: string;
  readonly machine: Machine;
  readonly benches: readonly BenchEntry[];
}

/** latest.json: the last entry per bench, each with the run (command, machine) it came from. */
export interface Latest {
  readonly benches: Readonly<Record<string, BenchEntry & { readonly run: { readonly command: string; readonly machine: Machine } }>>;
}

/** Merges a run into latest: its benches replace earlier entries of the same name, others stay. */
export function mergeLatest(latest: Latest | undefined, run: RunRecord): Latest {
  const benches = { ...(latest?.benches ?? {}) };
  for (const entry of run.benches) benches[entry.name] = { ...entry, run: { command: run.command, machine: run.machine } };
  return { benches };
}

/** Parses latest.json text; a missing, unreadable or foreign file starts afresh. */
export function parseLatest(text: string | undefined): Latest | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Latest>;
    return typeof value === 'object' && value !== null && typeof value.benches === 'object' && value.benches !== null ? (value as Latest) : undefined;
  } catch {
    return undefined;
  }
}
