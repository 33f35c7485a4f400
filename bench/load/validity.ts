/**
 * Whether a loopback load figure is the server's or the load generator's (pure).
 *
 * A generator that cannot keep up (its one JavaScript thread busy: near a full core) caps the
 * requests per second it measures and adds its own delay to every latency it measures. So a
 * generator limit only ever UNDERSTATES a target's throughput and OVERSTATES its latency; in a
 * ratio against a baseline driven by the same generator, a limited BASELINE biases the ratio the
 * other way (a throughput ratio up). A verdict is therefore valid when no bias that is present
 * could have produced it:
 *
 * - throughput "at least" (≥ X, or ≥ r × the baseline): held survives a limited target (the true
 *   figure is higher still) but not a limited baseline (the ratio may be inflated); missed
 *   survives a limited baseline but not a limited target;
 * - latency "at most" (p99 < X): held survives a limited target (the true latency is lower
 *   still); missed does not;
 * - a figure without a goal is read as the server's own value: a limited target invalidates it.
 * (The bare route's own figure says whether the generator saturated on it: then it is the
 * generator's ceiling, and every "vs baseline" ratio shown against it is inflated.)
 *
 * The target counts as possibly limited when the generator did not drive the bare route in the
 * same rounds at least GENERATOR_HEADROOM times as fast as the target, or used SATURATED_CPU of a
 * core in a round against it; the baseline when the generator used SATURATED_CPU in a round
 * against it. (On a machine loaded by other work a starved generator shows less CPU than it
 * would need: such a run is marked noisy by its load average, and nothing in it counts.)
 */

/** Default: the generator must drive the bare route at least this many times faster than the target. */
export const GENERATOR_HEADROOM = 2;

/** Share of one core from which the generator (one JavaScript thread) counts as saturated. */
export const SATURATED_CPU = 0.9;

export interface Claim {
  /** Requests per second (a limited generator understates them) or latency (it overstates it). */
  readonly measure: 'throughput' | 'latency';
  /** The goal bounds the figure from below or from above; 'value': no goal, the figure read as is. */
  readonly bound: 'at least' | 'at most' | 'value';
  /** The goal held on its statistic (ignored for 'value'). */
  readonly held?: boolean;
  /** The goal is on the figure relative to a baseline measured with the same generator. */
  readonly ratio?: boolean;
}

export interface LoadEvidence {
  /** Median requests per second of the target and of the bare route, in the same rounds. */
  readonly targetReqPerSec: number;
  readonly bareReqPerSec: number;
  /** The most of a core the generator used in any round against the target. */
  readonly targetGeneratorCpu: number;
  /** The most of a core the generator used in any round against the ratio's baseline. */
  readonly baselineGeneratorCpu?: number;
}

type Bias = 'up' | 'down';

/** Could a measurement biased `bias` have produced this verdict? */
function flips(claim: Claim, bias: Bias): boolean {
  if (claim.bound === 'value') return true;
  if (claim.bound === 'at least') return claim.held === true ? bias === 'up' : bias === 'down';
  return claim.held === true ? bias === 'down' : bias === 'up';
}

const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** Why the target's figure may be the generator's (undefined: the generator had headroom). */
export function targetLimit(e: LoadEvidence, factor = GENERATOR_HEADROOM, saturated = SATURATED_CPU): string | undefined {
  const headroom = e.bareReqPerSec / e.targetReqPerSec;
  if (headroom < factor) return `the generator drove the bare route only ${headroom.toFixed(2)}× as fast as this target (needs ≥ ${factor}×)`;
  if (e.targetGeneratorCpu >= saturated) return `the generator used ${percent(e.targetGeneratorCpu)} of a core against this target (saturated from ${percent(saturated)})`;
  return undefined;
}

/** Why a ratio's baseline may be the generator's ceiling (undefined: it is not, or there is no ratio). */
export function baselineLimit(e: LoadEvidence, saturated = SATURATED_CPU): string | undefined {
  const cpu = e.baselineGeneratorCpu;
  return cpu !== undefined && cpu >= saturated ? `the generator used ${percent(cpu)} of a core against the baseline (saturated from ${percent(saturated)}): the baseline may be the generator's ceiling` : undefined;
}

/**
 * The warnings that make this verdict (or, without a goal, this figure) invalid: a generator bias
 * that is present and points the way that could have produced it. Empty: valid.
 */
export function generatorWarnings(claim: Claim, e: LoadEvidence, factor = GENERATOR_HEADROOM, saturated = SATURATED_CPU): string[] {
  if (!(e.targetReqPerSec > 0) || !Number.isFinite(e.bareReqPerSec)) return ['invalid: no throughput measured'];
  const warnings: string[] = [];
  const target = targetLimit(e, factor, saturated);
  const understated = claim.measure === 'throughput' ? 'down' : 'up';
  if (target !== undefined && flips(claim, understated)) {
    warnings.push(`invalid: ${target}: the ${claim.measure} may be the generator's${claim.bound === 'value' ? '' : `, and the goal ${claim.held === true ? 'held' : 'missed'} only because of it`}`);
  }
  const baseline = claim.ratio === true && claim.bound !== 'value' ? baselineLimit(e, saturated) : undefined;
  // A limited baseline biases the ratio against the measure's own bias.
  if (baseline !== undefined && flips(claim, understated === 'down' ? 'up' : 'down')) {
    warnings.push(`invalid: ${baseline}, so the ratio may be ${understated === 'down' ? 'inflated' : 'deflated'} and the goal ${claim.held === true ? 'held' : 'missed'} only because of it`);
  }
  return warnings;
}

/** The rule in one sentence, for the benches' notes. */
export const VALIDITY_NOTE = `A generator limit can only understate throughput and overstate latency, so a verdict is invalid only when a limit that could have produced it is present: a throughput "at least" goal that held needs the generator below ${SATURATED_CPU * 100} % of a core against the ratio's baseline; one that missed, and a latency "at most" goal that missed, and a figure without a goal, need the generator to have driven the bare route at least ${GENERATOR_HEADROOM}× as fast as the target and stayed below ${SATURATED_CPU * 100} % of a core against it`;

/** A warning when any request failed (connection errors, timeouts, unexpected statuses). */
export const failureWarning = (failures: number, requests: number): string | undefined =>
  failures > 0 ? `invalid: ${failures} of ${requests} requests failed or had an unexpected status` : undefined;
