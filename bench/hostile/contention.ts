/**
 * Whether a load figure under attack is the agent's or the machine's (pure).
 *
 * On a bench machine the attackers run beside the agent, which a real attacker (another pod,
 * another host) would not: every core they take can only slow the agent, as a saturated load
 * generator does, so it only ever UNDERSTATES throughput and OVERSTATES latency under attack. A
 * verdict is therefore invalid only when that bias could have produced it (the rule of
 * bench/load/validity.ts): a latency "at most" goal that held, or a throughput "at least" goal
 * that held, stands; a miss, and a figure read without a goal, count only when the attackers and
 * the load generator together left the agent at least AGENT_CORES cores in every round, and the
 * agent itself did not wait for a core longer than RUN_QUEUE_LIMIT of any attacked window (other
 * work on a shared machine takes cores the instruments' CPU does not show).
 */
import type { Claim } from '../load/validity.js';

/** Cores the agent needs free (its one JavaScript thread, plus the GC's and libuv's work). */
export const AGENT_CORES = 1;

export interface RoundCpu {
  /** Share of one core the load generator used in the round. */
  readonly generator: number;
  /** Shares of one core each attacker process used over the round, summed. */
  readonly attackers: number;
}

/** The fewest cores the instruments left the agent in any round. */
export const coresLeft = (cores: number, rounds: readonly RoundCpu[]): number => Math.min(...rounds.map((r) => cores - r.generator - r.attackers));

export function contentionWarnings(claim: Claim, cores: number, rounds: readonly RoundCpu[], need = AGENT_CORES): string[] {
  if (rounds.length === 0) return [];
  if (claim.bound !== 'value' && claim.held === true) return [];
  const left = coresLeft(cores, rounds);
  if (left >= need) return [];
  const worst = rounds.reduce((a, b) => (b.generator + b.attackers > a.generator + a.attackers ? b : a));
  const pct = (share: number): string => `${Math.round(share * 100)} %`;
  return [
    `invalid: the attackers (${pct(worst.attackers)} of a core) and the load generator (${pct(worst.generator)}) left the agent ${Math.max(0, left).toFixed(2)} of ${cores} cores in a round (needs ≥ ${need}): the ${claim.measure} may be the machine's${claim.bound === 'value' ? '' : ', and the goal missed only because of it'}`,
  ];
}

/**
 * Most of a window the agent's JavaScript thread may spend runnable but waiting for a core (read
 * from its schedstat) for a latency or throughput under attack to be the agent's: beyond it, other
 * processes (on a shared machine, other work than the bench's) held the cores.
 */
export const RUN_QUEUE_LIMIT = 0.2;

/** The same rule as contentionWarnings, on the agent's measured wait for a core in each attacked window. */
export function runQueueWarnings(claim: Claim, runQueue: readonly number[], limit = RUN_QUEUE_LIMIT): string[] {
  if (claim.bound !== 'value' && claim.held === true) return [];
  const worst = Math.max(...runQueue);
  if (!(worst > limit)) return [];
  const over = runQueue.filter((w) => w > limit).length;
  return [
    `invalid: the agent waited for a core up to ${Math.round(worst * 100)} % of an attacked window (over ${Math.round(limit * 100)} % in ${over} of ${runQueue.length}): the ${claim.measure} may be the machine's${claim.bound === 'value' ? '' : ', and the goal missed only because of it'}`,
  ];
}
