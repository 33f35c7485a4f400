import { parseArgs } from 'node:util';

/** The benches `npm run bench` runs, in order, with their default and --quick arguments. */
export interface BenchPlan {
  readonly name: string;
  readonly args: readonly string[];
  readonly quick: readonly string[];
}

export const BENCHES: readonly BenchPlan[] = [
  { name: 'genesis-server', args: ['--rounds', '5', '--seconds', '3', '--connections', '16'], quick: ['--rounds', '1', '--seconds', '1', '--connections', '16', '--concurrent', '200'] },
  { name: 'probes', args: ['--rounds', '3', '--seconds', '3', '--connections', '8'], quick: ['--rounds', '1', '--seconds', '1', '--connections', '8'] },
  { name: 'startup', args: ['7'], quick: ['2'] },
  { name: 'idle-footprint', args: [], quick: ['--seconds', '10'] },
  { name: 'identity-keystore', args: ['5'], quick: ['2'] },
  { name: 'ethstats-latency', args: ['50'], quick: ['10'] },
  { name: 'recovery', args: ['5'], quick: ['2'] },
  { name: 'devnet', args: ['3'], quick: ['1'] },
];

export interface RunOptions {
  readonly benches: readonly BenchPlan[];
  readonly quick: boolean;
  /** `--node PATH` (repeatable): the node binaries each bench runs on, in turn; empty: this one. */
  readonly nodes: readonly string[];
}

/** `[--quick] [--node PATH]... [name...]`: the selected benches in run order (all when none named). */
export function parseRunArgs(argv: readonly string[], benches: readonly BenchPlan[] = BENCHES): RunOptions {
  const help = `(benches: ${benches.map((b) => b.name).join(', ')}; options: --quick, --node PATH)`;
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { quick: { type: 'boolean', default: false }, node: { type: 'string', multiple: true, default: [] } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new Error(`${(error as Error).message} ${help}`, { cause: error });
  }
  const names = parsed.positionals;
  const unknown = names.filter((n) => !benches.some((b) => b.name === n));
  if (unknown.length > 0) throw new Error(`unknown bench or option: ${unknown.join(', ')} ${help}`);
  const nodes = parsed.values.node;
  if (nodes.some((node) => node === '')) throw new Error(`--node needs the path of a node binary ${help}`);
  return { benches: names.length === 0 ? benches : benches.filter((b) => names.includes(b.name)), quick: parsed.values.quick, nodes };
}
