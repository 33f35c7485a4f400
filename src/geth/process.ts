import { existsSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import type { Logger } from '../log.js';
import { openOutputStream } from './child-output.js';
import { MAX_LINE, parseGethLine, recognize, type GethEvent } from './log-line.js';

export interface ExitInfo {
  /** Exit status; undefined when killed by a signal. */
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
}

export interface ChildProcess {
  readonly pid: number;
  readonly exited: Promise<ExitInfo>;
  isRunning(): boolean;
  /** SIGCONT, then ONE SIGINT; SIGKILL only if it is still running after `graceMs`. Idempotent. */
  stop(graceMs: number): Promise<ExitInfo>;
}

export interface SpawnOptions {
  readonly bin: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Logger for the child's lines (component `geth`). */
  readonly logger: Logger;
  readonly onEvent?: (event: GethEvent) => void;
  /**
   * Signal the child gets when the agent dies without stopping it (even by SIGKILL), via
   * `setpriv --pdeathsig`. SIGINT (default) lets geth shut down cleanly; null disables it.
   */
  readonly parentDeathSignal?: 'SIGINT' | 'SIGTERM' | 'SIGKILL' | null;
  readonly setprivPath?: string;
}

/** The exit status the agent reports for a child's exit (128+n for a signal, as shells do). */
export function exitStatus(info: ExitInfo): number {
  if (info.exitCode !== undefined) return info.exitCode;
  const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 };
  return 128 + (numbers[info.signal ?? ''] ?? 0);
}

/** Spawns geth (or bootnode) with its output streamed line by line into the agent's log. */
export async function spawnChild(options: SpawnOptions): Promise<ChildProcess> {
  const setpriv = options.setprivPath ?? '/usr/bin/setpriv';
  const deathSignal = options.parentDeathSignal === undefined ? 'SIGINT' : options.parentDeathSignal;
  const wrap = deathSignal !== null && existsSync(setpriv);
  if (deathSignal !== null && !wrap) {
    options.logger.warn({ setpriv }, 'setpriv not found: geth may outlive an agent killed with SIGKILL');
  }
  const [file, ...args] = wrap ? [setpriv, '--pdeathsig', deathSignal, '--', options.bin, ...options.args] : [options.bin, ...options.args];
  // Lines are cut while read (MAX_LINE bytes): output without newlines never grows the agent.
  const onLine = (raw: string, cut: boolean): void => {
    const line = parseGethLine(raw);
    const fields = Object.keys(line.fields).length > 0 ? { fields: line.fields } : {};
    options.logger[line.level]({ gethTime: line.time, ...fields, ...(cut ? { cut: true } : {}) }, line.msg);
    const event = recognize(line);
    if (event !== undefined) options.onEvent?.(event);
  };
  const [stdout, stderr] = await Promise.all([openOutputStream(MAX_LINE, onLine), openOutputStream(MAX_LINE, onLine)]);
  const child: ResultPromise = execa(file as string, args, {
    buffer: false,
    reject: false,
    stdin: 'ignore',
    stdout: stdout.stdio,
    stderr: stderr.stdio,
    env: { ...options.env },
    extendEnv: false,
    // The agent stops its child itself (one SIGINT, grace, SIGKILL); no automatic kills.
    cleanup: !wrap,
    forceKillAfterDelay: false,
    // Its own process group: a terminal's Ctrl-C (or `timeout`, or a group kill) reaches only the
    // agent, which then sends geth its ONE signal; otherwise geth would get two and count down.
    detached: wrap,
  });
  stdout.attach(child.stdout);
  stderr.attach(child.stderr);
  let running = true;
  // The exit is reported once its last lines were logged (a Fatal: line explains the exit).
  const outputRead = (): Promise<void> => Promise.all([stdout.finish(), stderr.finish()]).then(() => undefined);
  const exited: Promise<ExitInfo> = child
    .then(
      (result): ExitInfo => {
        running = false;
        if (result.failed && result.exitCode === undefined && result.signal === undefined) {
          options.logger.error({ err: { message: result.shortMessage } }, 'geth could not be started');
          return { exitCode: 127, signal: undefined };
        }
        return { exitCode: result.exitCode, signal: result.signal };
      },
      (error: unknown): ExitInfo => {
        running = false;
        options.logger.error({ err: { message: (error as { shortMessage?: string }).shortMessage ?? String(error) } }, 'geth process error');
        return { exitCode: 127, signal: undefined };
      },
    )
    .then(async (info) => {
      await outputRead();
      return info;
    });

  let stopping: Promise<ExitInfo> | undefined;
  const stop = (graceMs: number): Promise<ExitInfo> => {
    stopping ??= (async () => {
      if (!running) return exited;
      child.kill('SIGCONT');
      child.kill('SIGINT');
      const timer = setTimeout(() => {
        if (running) {
          options.logger.warn({ graceMs }, 'geth did not stop within the grace period: SIGKILL');
          child.kill('SIGKILL');
        }
      }, graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    })();
    return stopping;
  };
  return { pid: child.pid ?? -1, exited, isRunning: () => running, stop };
}
