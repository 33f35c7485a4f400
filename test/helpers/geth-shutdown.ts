import assert from 'node:assert/strict';

/** The lines geth 1.13 prints on a clean stop: one interrupt taken, then the chain closed. */
export const GETH_INTERRUPTED = 'Got interrupt, shutting down...';
export const GETH_CHAIN_STOPPED = 'Blockchain stopped';
/** geth's answer to a second signal: the agent must send exactly one. */
export const GETH_SECOND_SIGNAL = 'Already shutting down, interrupt more to panic.';

/**
 * Asserts, from an agent's JSON output lines, that the geth it relayed shut down cleanly: exactly
 * one "Got interrupt, shutting down..." (geth's exact message, not any line that says "shutting
 * down": "Freezer shutting down" appears at every start), "Blockchain stopped" after it, and no
 * second signal.
 */
export function assertCleanGethShutdown(lines: readonly string[], who: string): void {
  const messages: string[] = [];
  for (const line of lines) {
    try {
      const entry = JSON.parse(line) as { component?: unknown; msg?: unknown };
      if (entry.component === 'geth' && typeof entry.msg === 'string') messages.push(entry.msg);
    } catch {
      /* not a JSON line */
    }
  }
  const interrupted = messages.flatMap((m, i) => (m === GETH_INTERRUPTED ? [i] : []));
  assert.equal(interrupted.length, 1, `${who}: geth's "${GETH_INTERRUPTED}" ${interrupted.length} times`);
  assert.ok(messages.indexOf(GETH_CHAIN_STOPPED, interrupted[0]) > (interrupted[0] as number), `${who}: no "${GETH_CHAIN_STOPPED}" after the interrupt`);
  assert.ok(!messages.includes(GETH_SECOND_SIGNAL), `${who}: geth got a second signal`);
}
