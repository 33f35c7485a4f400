export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * Delay before reconnect attempt `attempt` (0 = first retry): exponential from `initialMs`,
 * capped at `maxMs`, with "equal jitter" (uniform in [d/2, d]) so a fleet of nodes restarting
 * together does not reconnect in lockstep. `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, attempt), 30);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const jittered = ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random(), 0), 1);
  return Math.max(0, Math.round(jittered));
}
