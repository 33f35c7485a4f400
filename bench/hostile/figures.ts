/**
 * The memory, CPU and refusal figures of the hostile bench (pure): windows of the same genesis
 * agent unattacked and under attacks 1, 2 and 4 at once, alternated, each watched by the sampler.
 */
import { figure, type Figure } from '../report.js';
import { max } from '../stats.js';
import { ATTACK_NAMES, ATTACKS, attackLabel, type AttackerReport, type AttackName } from './attacks.js';
import type { WindowSample } from './sampler.js';

export interface WindowResult extends WindowSample {
  /** The agent's CPU while /health was loaded, share of one core. */
  readonly cpu: number;
  /** Share of that time the agent's JavaScript thread was runnable but waited for a CPU. */
  readonly runQueue: number;
  /** Refusals counted in `/metrics` over the window, by attack (`other`: limits no attack provokes). */
  readonly refusals: Readonly<Record<AttackName | 'other', number>>;
}

export interface AttackedWindow extends WindowResult {
  readonly attackers: readonly AttackerReport[];
}

export interface MemoryInput {
  /** In the order measured; the first came before any attack. */
  readonly unattacked: readonly WindowResult[];
  readonly attacked: readonly AttackedWindow[];
  /** Most the RSS under attack may exceed the agent's before any attack (MiB). */
  readonly rssGoalMiB: number;
  /** The attacks that ran (default: all three). */
  readonly attacks?: readonly AttackName[];
}

const total = (r: WindowResult['refusals']): number => Object.values(r).reduce((sum, n) => sum + n, 0);

/** Unattacked windows that counted a refusal were not unattacked: every comparison with them is void. */
export function unattackedWarnings(unattacked: readonly WindowResult[]): string[] {
  const counted = unattacked.map((w) => total(w.refusals));
  const windows = counted.filter((n) => n > 0).length;
  return windows === 0 ? [] : [`invalid: ${windows} of ${unattacked.length} unattacked windows counted refusals (${counted.reduce((a, b) => a + b, 0)} in all): they were not unattacked (an attack still under way, or another client)`];
}

/**
 * Each attack must have been under way in every window for "the RSS held under attack" to mean
 * anything: an attack that counted no refusal, or an attacker none of whose iterations
 * completed, was not.
 */
export function underWayWarnings(attacked: readonly AttackedWindow[], attacks: readonly AttackName[] = ATTACK_NAMES): string[] {
  const warnings: string[] = [];
  for (const name of attacks) {
    const silent = attacked.filter((w) => w.refusals[name] <= 0).length;
    if (silent > 0) warnings.push(`invalid: ${ATTACKS[name].title} counted no refusal in ${silent} of ${attacked.length} windows: it may not have been under way`);
    const idle = attacked.filter((w) => w.attackers.some((a) => a.attack === name && a.iterations <= (a.counts.errors ?? 0))).length;
    if (idle > 0) warnings.push(`invalid: ${ATTACKS[name].title} completed no iteration in ${idle} of ${attacked.length} windows`);
  }
  return warnings;
}

export function memoryFigures(input: MemoryInput): Figure[] {
  const { unattacked, attacked, attacks = ATTACK_NAMES } = input;
  const under = attackLabel(attacks);
  const quiet = unattackedWarnings(unattacked);
  const before = max(unattacked[0]?.rss ?? []);
  const peakRss = (ws: readonly WindowSample[]): number[] => ws.map((w) => max(w.rss));
  const paired = unattacked.length === attacked.length;
  const figures = [
    figure({
      figure: `genesis agent RSS under ${under} (max per window)`, unit: 'MiB', samples: peakRss(attacked),
      baseline: { name: 'unattacked', samples: peakRss(unattacked) }, paired, warnings: quiet,
    }),
    figure({
      figure: 'RSS under attack above the agent before any attack (max per window)', unit: 'MiB', samples: peakRss(attacked).map((m) => m - before),
      goal: { of: 'max', op: '<=', value: input.rssGoalMiB }, warnings: [...quiet, ...underWayWarnings(attacked, attacks)],
    }),
    figure({
      figure: 'peak RSS since start (VmHWM) at the end of each window under attack', unit: 'MiB', samples: attacked.map((w) => w.peak),
      baseline: { name: 'unattacked', samples: unattacked.map((w) => w.peak) }, paired, warnings: quiet,
    }),
    figure({
      figure: 'genesis agent CPU while /health is loaded, under attack', unit: '% of a core', samples: attacked.map((w) => w.cpu * 100),
      baseline: { name: 'unattacked', samples: unattacked.map((w) => w.cpu * 100) }, paired, warnings: quiet,
    }),
    // The machine's share: time the agent could have run but waited for a core (other processes,
    // the attackers, the generator). High in both columns: the latencies are the machine's.
    figure({
      figure: 'genesis agent waiting for a core while /health is loaded (run queue), under attack', unit: '% of the time', samples: attacked.map((w) => w.runQueue * 100),
      baseline: { name: 'unattacked', samples: unattacked.map((w) => w.runQueue * 100) }, paired, warnings: quiet,
    }),
  ];
  for (const name of attacks) {
    figures.push(figure({
      figure: `${ATTACKS[name].title}: refusals counted in /metrics per window (${ATTACKS[name].limits.join(', ')})`, unit: 'refusals',
      samples: attacked.map((w) => w.refusals[name]), goal: { of: 'min', op: '>', value: 0 },
    }));
  }
  return figures;
}
