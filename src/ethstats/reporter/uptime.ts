/**
 * Real uptime for the `stats` report: the percentage of observed time during which the node was
 * up (geth's reporter hard-codes 100). Each sample credits the interval since the previous one
 * to the previous state. Pure: `now` is passed in.
 */
export interface UptimeTracker {
  record(active: boolean, now: number): void;
  /** Percent, 0-100, rounded; 100 before any interval was observed. */
  percent(): number;
}

export function createUptimeTracker(): UptimeTracker {
  let last: { active: boolean; at: number } | undefined;
  let up = 0;
  let total = 0;
  return {
    record(active, now) {
      if (last !== undefined && now > last.at) {
        total += now - last.at;
        if (last.active) up += now - last.at;
      }
      last = { active, at: now };
    },
    percent: () => (total === 0 ? (last?.active === false ? 0 : 100) : Math.round((100 * up) / total)),
  };
}
