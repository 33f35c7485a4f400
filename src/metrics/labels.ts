import type { Decision, RestartReason } from '../watchdog/types.js';

/**
 * The label values the node agent's counters know in advance: each series exists at 0 from the
 * start, so `rate()` and `increase()` see a healthy node's zero instead of no series at all.
 */

/** `restarts_total{reason}`: the watchdog's reasons, and the supervisor's own (`crash`, `start-failed`). */
export const RESTART_REASONS = Object.freeze(['crash', 'start-failed', 'peer_decay', 'stalled_head', 'rpc_hung'] as const);

/** `decisions_total{action}`: every watchdog decision but `ok` (not counted). */
export const DECISION_ACTIONS = Object.freeze(['redial', 'restart', 'suppressed', 'report'] as const);

// Compile-time completeness: a reason or an action added to the types must be listed above.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
export const restartReasonsComplete: Missing<RestartReason, (typeof RESTART_REASONS)[number]> = true;
export const decisionActionsComplete: Missing<Exclude<Decision['action'], 'ok'>, (typeof DECISION_ACTIONS)[number]> = true;
