import { parseArgs } from 'node:util';

/** The benches `npm run bench` runs, in order, with their default and --quick arguments. */
export interface BenchPlan {
  readonly name: string;
  readonly args: readonly string[];
  readonly quick: readonly string[];
  /**
   * What the bench measures runs inside the bench's own process (not in agents or servers it
   * starts): with `--node`, the bench itself runs on that node, not only what it starts.
   */
  readonly inProcess?: boolean;
}

export const BENCHES: readonly BenchPlan[] = [
  { name: 'genesis-server', args: ['--rounds', '5', '--seconds', '5', '--connections', '16'], quick: ['--rounds', '2', '--seconds', '2', '--connections', '16', '--concurrent', '200'] },
  { name: 'probes', args: ['--rounds', '5', '--seconds', '5', '--connections', '16'], quick: ['--rounds', '2', '--seconds', '2', '--connections', '16'] },
  { name: 'startup', args: ['--runs', '20'], quick: ['--runs', '3'] },
  { name: 'idle-footprint', args: ['--runs', '3', '--seconds', '90'], quick: ['--runs', '1', '--seconds', '20'] },
  { name: 'identity-keystore', args: ['5'], quick: ['2'] },
  { name: 'ethstats-latency', args: ['50'], quick: ['10'], inProcess: true },
  { name: 'recovery', args: ['--cycles', '20'], quick: ['--cycles', '3'] },
  { name: 'devnet', args: ['3'], quick: ['1'] },
  { name: 'hostile', args: ['--rounds', '5', '--seconds', '5', '--connections', '16'], quick: ['--rounds', '2', '--seconds', '2', '--connections', '16'] },
];

/** Default load threshold: a 1-minute load above this many runnable tasks per core makes a run noisy. */
export const LOAD_PER_CORE = 0.25;

export interface RunOptions {
  readonly benches: readonly BenchPlan[];
  readonly quick: boolean;
  /**
   * `--node PATH` (repeatable), in order: the node binaries what the benches measure runs on.
   * Empty: the node running bench/run.ts. Two or more: each bench runs on each node in turn.
   */
  readonly nodes: readonly string[];
  /** 1-minute load above which a bench is noisy (default LOAD_PER_CORE per core). */
  readonly maxLoad?: number;
}

const USAGE = 'usage: npm run bench -- [--quick] [--node PATH]... [--max-load N] [name...]';

/** `[--quick] [--node PATH]... [--max-load N] [name...]`: the selected benches in run order (all when none named). */
export function parseRunArgs(argv: readonly string[], benches: readonly BenchPlan[] = BENCHES): RunOptions {
  const help = `(benches: ${benches.map((b) => b.name).join(', ')}; ${USAGE})`;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { quick: { type: 'boolean', default: false }, node: { type: 'string', multiple: true, default: [] }, 'max-load': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message} ${help}`, { cause: error });
  }
  const names = parsed.positionals;
  const unknown = names.filter((n) => !benches.some((b) => b.name === n));
  if (unknown.length > 0) throw new Error(`unknown bench or option: ${unknown.join(', ')} ${help}`);
  const nodes = parsed.values.node;
  if (nodes.some((node) => node === '')) throw new Error(`--node needs the path of a node binary ${help}`);
  const maxLoadText = parsed.values['max-load'];
  const maxLoad = maxLoadText === undefined ? undefined : Number(maxLoadText);
  if (maxLoad !== undefined && (maxLoadText?.trim() === '' || !Number.isFinite(maxLoad) || maxLoad < 0)) throw new Error(`--max-load must be a number >= 0 ${help}`);
  return {
    benches: names.length === 0 ? benches : benches.filter((b) => names.includes(b.name)),
    quick: parsed.values.quick,
    nodes,
    ...(maxLoad === undefined ? {} : { maxLoad }),
  };
}
