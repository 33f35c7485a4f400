import type { ExitInfo } from '../geth/process.js';

export type SupervisorState = 'idle' | 'starting' | 'running' | 'backoff' | 'stopping' | 'stopped';

/** What health, metrics and the watchdog read about the supervised child (never calling it). */
export interface SupervisorSnapshot {
  readonly state: SupervisorState;
  /** Time (ms since epoch) the current state was entered. */
  readonly since: number;
  /** The child answered (IPC up / bootnode listening) and has not exited since. */
  readonly ready: boolean;
  readonly readySince?: number | undefined;
  readonly pid?: number | undefined;
  /** Restarts by reason: `crash` (exited by itself), `not-ready`, `start-failed`, or the watchdog's reason. */
  readonly restarts: Readonly<Record<string, number>>;
  /** Failures since the last healthy run (>= 3: crash loop, report unhealthy). */
  readonly consecutiveFailures: number;
  readonly lastExit?: ExitInfo | undefined;
  readonly lastRestartReason?: string | undefined;
  readonly nextStartInMs?: number | undefined;
}

export const emptySnapshot = (now: number): SupervisorSnapshot =>
  Object.freeze({ state: 'idle', since: now, ready: false, restarts: Object.freeze({}), consecutiveFailures: 0 });

/** A crash loop: several failed starts in a row and not ready now. */
export const isCrashLooping = (snapshot: SupervisorSnapshot): boolean => !snapshot.ready && snapshot.consecutiveFailures >= 3;
