export interface LivenessResult {
  readonly ok: boolean;
  readonly detail?: string | undefined;
}

export interface LivenessOptions {
  /** A loop that has not beaten for this long is stalled. */
  readonly stallMs: number;
  /** True when the supervisor's crash loop went beyond its limit (the container should restart). */
  readonly crashLoop?: () => boolean;
  readonly now?: () => number;
}

export interface Liveness {
  /** Called by each loop (observer, watchdog, supervisor...) every time it runs; the first beat registers it. */
  beat(name: string): void;
  /** A loop that ended on purpose (e.g. the observer while geth is in backoff) stops being watched. */
  forget(name: string): void;
  check(): LivenessResult;
}

/** A crash loop beyond its limit: `limit` failed starts in a row (0: no limit). */
export function crashLoopBeyondLimit(consecutiveFailures: number, limit: number): boolean {
  return limit > 0 && consecutiveFailures >= limit;
}

/**
 * `/health/live`: the agent itself is alive when every registered loop ran within `stallMs`
 * and geth is not crash-looping beyond its limit. geth being down or in backoff is not a
 * liveness failure (the supervisor handles it); a wedged agent is.
 */
export function createLiveness(options: LivenessOptions): Liveness {
  const now = options.now ?? Date.now;
  const beats = new Map<string, number>();
  return {
    beat: (name) => void beats.set(name, now()),
    forget: (name) => void beats.delete(name),
    check() {
      const at = now();
      const stalled = [...beats].filter(([, last]) => at - last > options.stallMs).map(([name, last]) => `${name} (${Math.round((at - last) / 1000)} s)`);
      if (stalled.length > 0) return { ok: false, detail: `loop stalled: ${stalled.join(', ')}` };
      if (options.crashLoop?.() === true) return { ok: false, detail: 'geth crash loop beyond its restart limit' };
      return { ok: true };
    },
  };
}
