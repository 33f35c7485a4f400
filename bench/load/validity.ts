/** Checks that tell whether a loopback throughput figure is the server's or the load generator's (pure). */

/** Default: the generator must drive the bare route at least this many times faster than the target. */
export const GENERATOR_HEADROOM = 2;

/**
 * A warning when the generator did not show `factor` times the target's rate on the bare route
 * in the same run: the target's figure may then be the generator's ceiling, not the server's.
 */
export function headroomWarning(baselineReqPerSec: number, targetReqPerSec: number, factor = GENERATOR_HEADROOM): string | undefined {
  if (!(targetReqPerSec > 0) || !Number.isFinite(baselineReqPerSec)) return 'invalid: no throughput measured';
  const headroom = baselineReqPerSec / targetReqPerSec;
  return headroom >= factor
    ? undefined
    : `invalid: the generator drove the bare route only ${headroom.toFixed(2)}× as fast as this target (needs ≥ ${factor}×): the figure may be the generator's ceiling`;
}

/** A warning when any request failed (connection errors, timeouts, unexpected statuses). */
export const failureWarning = (failures: number, requests: number): string | undefined =>
  failures > 0 ? `invalid: ${failures} of ${requests} requests failed or had an unexpected status` : undefined;
