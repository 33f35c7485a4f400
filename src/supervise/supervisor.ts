import { setTimeout as delay } from 'node:timers/promises';
import { AgentError, describeError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ChildProcess, ExitInfo } from '../geth/process.js';
import { backoffDelay, nextFailureCount, type BackoffPolicy } from './backoff.js';
import { emptySnapshot, type SupervisorSnapshot, type SupervisorState } from './snapshot.js';

export type { SupervisorSnapshot, SupervisorState } from './snapshot.js';

/** One started child and the promise that resolves once it is ready (rejects: not ready in time). */
export interface Launched {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
}

export interface SupervisorOptions {
  /** Prepares and spawns one child (called again on every restart). */
  readonly launch: (signal: AbortSignal) => Promise<Launched>;
  readonly backoff: BackoffPolicy;
  readonly graceMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly onChange?: (snapshot: SupervisorSnapshot) => void;
}

export interface Supervisor {
  /** Runs (and restarts) the child until `signal` aborts; resolves with the child's last exit. */
  run(signal: AbortSignal): Promise<ExitInfo | undefined>;
  /** Stops the child (one SIGINT, grace) and starts it again after the backoff delay. */
  restart(reason: string): void;
  snapshot(): SupervisorSnapshot;
}

const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  delay(ms, undefined, { signal }).catch(() => undefined);

/** The supervisor state machine: starting -> running -> backoff -> ... -> stopping -> stopped. */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const { logger } = options;
  let snap: SupervisorSnapshot = emptySnapshot(now());
  let wake: ((reason: string) => void) | undefined;
  let pendingRestart: string | undefined;

  const update = (patch: Partial<SupervisorSnapshot>): void => {
    snap = Object.freeze({ ...snap, ...patch });
    options.onChange?.(snap);
  };
  const setState = (state: SupervisorState, patch: Partial<SupervisorSnapshot> = {}): void => update({ state, since: now(), ...patch });

  const restart = (reason: string): void => {
    if (snap.state !== 'running' && snap.state !== 'starting') return;
    pendingRestart ??= reason;
    wake?.(reason);
  };

  /** Runs one child until it exits, a restart is requested or `signal` aborts. */
  async function once(signal: AbortSignal): Promise<{ reason: string | undefined; exit: ExitInfo }> {
    const attempt = new AbortController();
    let onStop: () => void = () => {};
    const stopAttempt = (): void => {
      attempt.abort();
      onStop();
    };
    signal.addEventListener('abort', stopAttempt, { once: true });
    try {
      const { child, ready } = await options.launch(attempt.signal);
      setState('starting', { pid: child.pid, ready: false });
      const woken = new Promise<string>((resolve) => {
        wake = resolve;
        onStop = () => resolve('stop');
        if (signal.aborted) resolve('stop');
        if (pendingRestart !== undefined) resolve(pendingRestart);
      });
      ready.then(
        () => {
          if (child.isRunning()) setState('running', { ready: true, readySince: now() });
        },
        (error: unknown) => {
          if (!child.isRunning() || signal.aborted) return;
          logger.warn({ err: { message: describeError(error) } }, 'geth did not become ready');
          pendingRestart ??= 'not-ready';
          wake?.('not-ready');
        },
      );
      const outcome = await Promise.race([child.exited.then((exit) => ({ exit, reason: 'crash' })), woken.then((reason) => ({ reason, exit: undefined }))]);
      if (outcome.exit !== undefined) return { reason: signal.aborted ? undefined : outcome.reason, exit: outcome.exit };
      setState('stopping');
      logger.info({ reason: outcome.reason, graceMs: options.graceMs }, 'stopping geth');
      const exit = await child.stop(options.graceMs);
      return { reason: outcome.reason === 'stop' ? undefined : outcome.reason, exit };
    } finally {
      wake = undefined;
      signal.removeEventListener('abort', stopAttempt);
      attempt.abort();
    }
  }

  let started = false;
  async function run(signal: AbortSignal): Promise<ExitInfo | undefined> {
    if (started) throw new Error('supervisor.run() called twice');
    started = true;
    let failures = 0;
    let lastExit: ExitInfo | undefined;
    while (!signal.aborted) {
      const startedAt = now();
      setState('starting', { ready: false, pid: undefined });
      let result: { reason: string | undefined; exit: ExitInfo } | undefined;
      try {
        result = await once(signal);
      } catch (error) {
        if (error instanceof AgentError) throw error;
        if (signal.aborted) break;
        logger.error({ err: { message: describeError(error) } }, 'starting geth failed');
        result = { reason: 'start-failed', exit: { exitCode: undefined, signal: undefined } };
      }
      pendingRestart = undefined;
      lastExit = result.exit;
      update({ lastExit: result.exit, pid: undefined, ready: false });
      if (result.reason === undefined || signal.aborted) break;
      failures = nextFailureCount(options.backoff, failures, now() - startedAt);
      const wait = backoffDelay(options.backoff, failures, random());
      const restarts = { ...snap.restarts, [result.reason]: (snap.restarts[result.reason] ?? 0) + 1 };
      setState('backoff', { restarts, consecutiveFailures: failures, lastRestartReason: result.reason, nextStartInMs: wait });
      logger.warn({ reason: result.reason, exitCode: result.exit.exitCode, signal: result.exit.signal, delayMs: wait, restarts: restarts[result.reason] }, 'geth exited; restarting');
      await sleep(wait, signal);
    }
    setState('stopped', { pid: undefined, ready: false });
    return lastExit;
  }

  return { run, restart, snapshot: () => snap };
}
