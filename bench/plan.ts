/** The benches `npm run bench` runs, in order, with their default and --quick arguments. */
export interface BenchPlan {
  readonly name: string;
  readonly args: readonly string[];
  readonly quick: readonly string[];
}

export const BENCHES: readonly BenchPlan[] = [
  { name: 'genesis-server', args: ['--rounds', '5', '--seconds', '5', '--connections', '16'], quick: ['--rounds', '2', '--seconds', '2', '--connections', '16', '--concurrent', '200'] },
  { name: 'probes', args: ['--rounds', '5', '--seconds', '5', '--connections', '16'], quick: ['--rounds', '2', '--seconds', '2', '--connections', '16'] },
  { name: 'startup', args: ['--runs', '20'], quick: ['--runs', '3'] },
  { name: 'idle-footprint', args: ['--runs', '3', '--seconds', '90'], quick: ['--runs', '1', '--seconds', '20'] },
  { name: 'identity-keystore', args: ['5'], quick: ['2'] },
  { name: 'ethstats-latency', args: ['50'], quick: ['10'] },
  { name: 'recovery', args: ['--cycles', '20'], quick: ['--cycles', '3'] },
  { name: 'devnet', args: ['3'], quick: ['1'] },
];

/** Default load threshold: a 1-minute load above this many runnable tasks per core makes a run noisy. */
export const LOAD_PER_CORE = 0.25;

export interface RunOptions {
  readonly benches: readonly BenchPlan[];
  readonly quick: boolean;
  /** The node binary every bench (and every agent it starts) runs on; default: this one. */
  readonly node?: string;
  /** 1-minute load above which a bench is noisy (default LOAD_PER_CORE per core). */
  readonly maxLoad?: number;
}

const USAGE = 'usage: npm run bench -- [--quick] [--node PATH] [--max-load N] [name...]';

/** `[--quick] [--node PATH] [--max-load N] [name...]`: the selected benches in run order (all when none named). */
export function parseRunArgs(argv: readonly string[], benches: readonly BenchPlan[] = BENCHES): RunOptions {
  let quick = false;
  let node: string | undefined;
  let maxLoad: number | undefined;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value (${USAGE})`);
      return next;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--node') node = value();
    else if (arg === '--max-load') {
      maxLoad = Number(value());
      if (!Number.isFinite(maxLoad) || maxLoad < 0) throw new Error(`--max-load must be a number >= 0 (${USAGE})`);
    } else names.push(arg);
  }
  const unknown = names.filter((n) => !benches.some((b) => b.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown bench or option: ${unknown.join(', ')} (benches: ${benches.map((b) => b.name).join(', ')}; ${USAGE})`);
  }
  return {
    benches: names.length === 0 ? benches : benches.filter((b) => names.includes(b.name)),
    quick,
    ...(node === undefined ? {} : { node }),
    ...(maxLoad === undefined ? {} : { maxLoad }),
  };
}
