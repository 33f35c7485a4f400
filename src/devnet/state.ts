import type { DevnetTopology } from './plan.js';
import { portCount } from './plan.js';

/** What devnet.json keeps so that `--data DIR` restarts the same network. */
export interface SavedDevnet {
  readonly networkId: number;
  readonly ports: readonly number[];
  /** Absent in folders made before the options were saved. */
  readonly topology?: DevnetTopology;
}

const defaultTopology: DevnetTopology = Object.freeze({ sealers: 3, clients: 2, period: 2 });

/** `1 sealer`, `3 sealers`. */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

const describe = (t: DevnetTopology): string => `${plural(t.sealers, 'sealer')}, ${plural(t.clients, 'client')}, clique period ${t.period} s`;

/**
 * The topology of this run (pure). A fresh folder takes the options given (defaults for the
 * others). A folder made before keeps its own: options not given take the saved values, and an
 * option given with another value is refused, since the genesis (signers, period) and the keys
 * are fixed once created and could not follow.
 */
export function resolveTopology(saved: SavedDevnet | undefined, requested: Partial<DevnetTopology>, dir: string): { topology: DevnetTopology } | { problem: string } {
  if (saved === undefined) return { topology: { ...defaultTopology, ...withoutUndefined(requested) } };
  const topology: DevnetTopology = saved.topology ?? { ...defaultTopology, ...withoutUndefined(requested) };
  if (saved.topology === undefined && saved.ports.length !== portCount(topology)) {
    return { problem: `devnet: ${dir} was made by an older version that did not record its options, and ${describe(topology)} does not fit its ${saved.ports.length} saved ports: pass the --sealers and --clients it was made with, or use another --data folder` };
  }
  const differing = (Object.keys(defaultTopology) as Array<keyof DevnetTopology>).filter((key) => requested[key] !== undefined && requested[key] !== topology[key]);
  if (differing.length === 0) return { topology };
  const given = differing.map((key) => `--${key} ${requested[key]}`).join(', ');
  return {
    problem: `devnet: ${dir} holds a network of ${describe(topology)}; ${given} cannot apply to it (its genesis and keys are fixed): run again without ${differing.map((k) => `--${k}`).join('/')} (the saved values apply) or with another --data folder for a new network`,
  };
}

/** The problem with saved ports another process holds now, naming each; undefined when all are free. */
export function portsTakenProblem(taken: ReadonlyArray<{ port: number; node: string; use: string }>, dir: string): string | undefined {
  if (taken.length === 0) return undefined;
  const list = taken.map((t) => `127.0.0.1:${t.port} (${t.node} ${t.use})`).join(', ');
  return `devnet: ${taken.length === 1 ? 'a port' : 'ports'} saved in ${dir} ${taken.length === 1 ? 'is' : 'are'} in use by another process: ${list}. Stop that process (an earlier devnet on this folder still running?) and run again, or use another --data folder`;
}

function withoutUndefined(requested: Partial<DevnetTopology>): Partial<DevnetTopology> {
  return Object.fromEntries(Object.entries(requested).filter(([, v]) => v !== undefined)) as Partial<DevnetTopology>;
}

/**
 * The devnet is up (pure): every node ready and, when the chain seals on its own (period > 0), a
 * block sealed in this run: the head (highest of any node) above the first head read (`startHead`,
 * 0 on a new chain, the kept head on a `--data` rerun; undefined before any reading). With
 * period 0 clique seals only when a transaction is pending, so only readiness counts.
 */
export function devnetUp(progress: { readonly ready: number; readonly total: number; readonly head: number; readonly startHead: number | undefined; readonly period: number }): boolean {
  if (progress.ready !== progress.total) return false;
  return progress.period === 0 || (progress.startHead !== undefined && progress.head > progress.startHead);
}
