/**
 * The attacks of the hostile bench (pure): which refusals of the genesis agent each one provokes,
 * the job each attacker process runs, and how an attacker tallies what its iterations got back.
 */
import type { LimitName } from '../../src/metrics/limits.js';

export type AttackName = 'prelogin' | 'state' | 'directory';

export const ATTACK_NAMES: readonly AttackName[] = ['prelogin', 'state', 'directory'];

/** Each attack's number in the hostile suite's list. */
const NUMBERS: Readonly<Record<AttackName, number>> = { prelogin: 1, state: 2, directory: 4 };

/** `attacks 1+2+4`, `attack 4`: what a figure under `names` is under. */
export const attackLabel = (names: readonly AttackName[]): string =>
  `${names.length === 1 ? 'attack' : 'attacks'} ${names.map((n) => NUMBERS[n]).join('+')}`;

/** `--attacks prelogin,directory`: the attacks to run, in the suite's order; throws on an unknown or empty list. */
export function parseAttacks(text: string): AttackName[] {
  const given = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const unknown = given.filter((t) => !(ATTACK_NAMES as readonly string[]).includes(t));
  if (given.length === 0 || unknown.length > 0) throw new Error(`--attacks takes a comma-separated list of ${ATTACK_NAMES.join(', ')}${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  return ATTACK_NAMES.filter((n) => given.includes(n));
}

/**
 * Each attack's title and the `geth_agent_limit_refusals_total{limit}` labels only it can move:
 * the attackers leave from different loopback addresses, so the collector's per-address login
 * cap refuses each one's connections apart from the other's.
 */
export const ATTACKS: Readonly<Record<AttackName, { readonly title: string; readonly limits: readonly LimitName[] }>> = {
  prelogin: { title: 'attack 1 (pre-login flood)', limits: ['collector_prelogin_bytes', 'collector_connections', 'collector_connections_per_address', 'collector_login_timeout'] },
  state: { title: 'attack 2 (logged-in huge blocks, ids churning)', limits: ['collector_frame', 'collector_rate', 'collector_nodes'] },
  directory: { title: 'attack 4 (directory hijack and flood)', limits: ['directory_full', 'directory_address', 'directory_netrestrict'] },
};

interface JobBase {
  /** Start an iteration at most this often (an iteration that takes longer is followed at once). */
  readonly intervalMs: number;
  /** Stop after this long even if never told to (the bench's own safety net). */
  readonly maxSeconds: number;
}

/** What one attacker process runs, iteration after iteration, until told to stop. */
export type AttackJob =
  | (JobBase & { readonly attack: 'prelogin'; readonly host: string; readonly port: number; readonly connections: number; readonly frameBytes: number })
  | (JobBase & { readonly attack: 'state'; readonly url: string; readonly secret: string; readonly localAddress: string; readonly txPerBlock: number; readonly churnIds: number; readonly churnConcurrency: number })
  | (JobBase & { readonly attack: 'directory'; readonly url: string; readonly secret: string; readonly network: number; readonly victim: string; readonly floodCount: number; readonly concurrency: number });

/** Outcome counts by name (`"upgrades refused": 32`), summed over iterations. */
export type Counts = Record<string, number>;

/** `into` plus `more`, key by key (a new object; neither argument changes). */
export function addCounts(into: Readonly<Counts>, more: Readonly<Counts>): Counts {
  const out: Counts = { ...into };
  for (const [key, n] of Object.entries(more)) out[key] = (out[key] ?? 0) + n;
  return out;
}

/** What an attacker process prints when it stops. */
export interface AttackerReport extends RepeatResult {
  readonly attack: AttackName;
  /** Iterations still under way when the attacker stopped (cut off, not counted above). */
  readonly cutOff: number;
  /** Share of one core the attacker used over its life (1 = a full core). */
  readonly cpu: number;
  readonly seconds: number;
}

export interface RepeatOptions {
  readonly intervalMs: number;
  /** True once the attacker is told to stop (checked before each iteration). */
  readonly stopped: () => boolean;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RepeatResult {
  /** Iterations completed (an iteration that threw included). */
  readonly iterations: number;
  readonly counts: Counts;
  /** The messages of the first few iterations that threw. */
  readonly errors: readonly string[];
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `iteration(i)` until stopped, each started at least `intervalMs` after the previous one
 * started; an iteration that throws is counted under `errors` and the attack goes on.
 * `current()` is the tally so far: what an attacker reports when it cannot wait for an
 * iteration still under way (one held up by the server's backpressure).
 */
export function repeatAttack(iteration: (i: number) => Promise<Counts>, options: RepeatOptions): { finished: Promise<RepeatResult>; current(): RepeatResult } {
  const { now = Date.now, sleep = realSleep } = options;
  let tally: RepeatResult = { iterations: 0, counts: {}, errors: [] };
  const finished = (async () => {
    for (let i = 0; !options.stopped(); i++) {
      const started = now();
      let counts: Counts;
      let error: string | undefined;
      try {
        counts = await iteration(i);
      } catch (thrown) {
        counts = { errors: 1 };
        error = thrown instanceof Error ? thrown.message.slice(0, 200) : String(thrown);
      }
      tally = {
        iterations: tally.iterations + 1,
        counts: addCounts(tally.counts, counts),
        errors: error === undefined || tally.errors.length >= 5 ? tally.errors : [...tally.errors, error],
      };
      const wait = started + options.intervalMs - now();
      if (wait > 0 && !options.stopped()) await sleep(wait);
    }
    return tally;
  })();
  return { finished, current: () => tally };
}

/** Several tallies as one (loops of one attacker run side by side). */
export const mergeResults = (results: readonly RepeatResult[]): RepeatResult => ({
  iterations: results.reduce((n, r) => n + r.iterations, 0),
  counts: results.reduce<Counts>((c, r) => addCounts(c, r.counts), {}),
  errors: results.flatMap((r) => r.errors).slice(0, 5),
});

/** Refusals by limit label from one scrape of `/metrics` (`name{labels}` -> value). */
export function refusalsFrom(samples: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of samples) {
    const match = /^geth_agent_limit_refusals_total\{limit="([^"]+)"\}$/.exec(key);
    if (match !== null) out[match[1] as string] = value;
  }
  return out;
}

/**
 * Refusals counted between two scrapes, by attack; `other` counts those of limits no attack here
 * provokes (an HTTP limit: a measurement disturbed by something else).
 */
export function refusalsByAttack(before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>): Record<AttackName | 'other', number> {
  const delta = (limit: string): number => (after[limit] ?? 0) - (before[limit] ?? 0);
  const out = { prelogin: 0, state: 0, directory: 0, other: 0 };
  const attributed = new Set<string>();
  for (const name of ATTACK_NAMES) {
    for (const limit of ATTACKS[name].limits) {
      out[name] += delta(limit);
      attributed.add(limit);
    }
  }
  for (const limit of new Set([...Object.keys(before), ...Object.keys(after)])) if (!attributed.has(limit)) out.other += delta(limit);
  return out;
}
