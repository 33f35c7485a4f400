import type { Env } from '../config/load.js';

/** What a command gets from the outside world; injected so tests run commands in-process. */
export interface CommandContext {
  readonly args: readonly string[];
  readonly env: Env;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Aborted on SIGINT/SIGTERM of the agent (long-running commands stop on it). */
  readonly signal: AbortSignal;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Returns the process exit code; throws AgentError subclasses for documented failures. */
  readonly run: (ctx: CommandContext) => Promise<number>;
}
