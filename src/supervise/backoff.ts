/** Restart delay policy: exponential, capped, jittered, reset after a healthy run. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** A child that ran at least this long before exiting restarts from `initialMs` again. */
  readonly resetAfterMs: number;
  /** Fraction of the delay that is randomized (0.2: the delay is scaled by 0.8-1.2). */
  readonly jitter: number;
}

export const defaultBackoff: BackoffPolicy = Object.freeze({ initialMs: 1000, maxMs: 300_000, resetAfterMs: 600_000, jitter: 0.2 });

/**
 * The delay before restart number `failures` (1 = first restart after a failure). `random` is a
 * number in [0, 1). Pure.
 */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: number): number {
  if (failures <= 0 || policy.initialMs <= 0) return 0;
  const exponent = Math.min(failures - 1, 52);
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const scale = 1 + policy.jitter * (2 * Math.min(Math.max(random, 0), 1) - 1);
  return Math.max(0, Math.min(policy.maxMs, Math.round(base * scale)));
}

/** Consecutive failures after a run of `ranMs`: reset to 1 when the run was healthy long enough. */
export function nextFailureCount(policy: BackoffPolicy, previous: number, ranMs: number): number {
  return ranMs >= policy.resetAfterMs ? 1 : previous + 1;
}
