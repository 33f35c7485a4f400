import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { deathSignalPrefix } from './geth-bin.js';

export interface ExitInfo {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
}

export interface TestProcess {
  readonly pid: number;
  /** Every stderr+stdout line so far (geth logs to stderr). */
  readonly lines: string[];
  readonly exited: Promise<ExitInfo>;
  /** Resolves with the first line matching `pattern` (also one already seen); rejects on timeout or exit. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** One SIGINT, then SIGKILL after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<ExitInfo>;
  isRunning(): boolean;
}

/**
 * Spawns a long-running test process (geth, bootnode, an agent) with line capture and a
 * parent-death signal, so nothing outlives the test runner.
 */
export function spawnTestProcess(file: string, args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): TestProcess {
  const prefix = deathSignalPrefix();
  const [command, ...rest] = prefix.length > 0 ? [...prefix, file, ...args] : [file, ...args];
  const child: ResultPromise = execa(command as string, rest, {
    buffer: false,
    reject: false,
    stdin: 'ignore',
    cwd: options.cwd,
    env: options.env ?? {},
    extendEnv: options.env === undefined,
    cleanup: true,
  });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let running = true;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const listener of listeners) listener(line);
    });
  }
  const exited: Promise<ExitInfo> = child.then(
    (result) => {
      running = false;
      return { exitCode: result.exitCode, signal: result.signal };
    },
    () => {
      running = false;
      return { exitCode: undefined, signal: undefined };
    },
  );

  const waitForLine = (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      for (const line of lines) {
        const match = pattern.exec(line);
        if (match) return resolve(match);
      }
      const timer = setTimeout(() => done(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; last lines:\n${lines.slice(-15).join('\n')}`)), timeoutMs);
      const listener = (line: string): void => {
        const match = pattern.exec(line);
        if (match) done(undefined, match);
      };
      const onExit = (): void => done(new Error(`process exited while waiting for ${pattern}; last lines:\n${lines.slice(-15).join('\n')}`));
      void exited.then(onExit);
      function done(error?: Error, match?: RegExpExecArray): void {
        clearTimeout(timer);
        listeners.delete(listener);
        if (error) reject(error);
        else resolve(match as RegExpExecArray);
      }
      listeners.add(listener);
    });

  let stopping: Promise<ExitInfo> | undefined;
  const stop = (graceMs = 30_000): Promise<ExitInfo> => {
    stopping ??= (async () => {
      if (!running) return exited;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const info = await exited;
      clearTimeout(timer);
      return info;
    })();
    return stopping;
  };

  return { pid: child.pid ?? -1, lines, exited, waitForLine, stop, isRunning: () => running };
}
