import { ExitCode } from './exit-codes.js';

/** An error the agent knows how to report: one clear message and a documented exit code. */
export class AgentError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Every problem found in the environment, reported together (exit 78). */
export class ConfigError extends AgentError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid configuration (${count}):\n${problems.map((p) => `  - ${p}`).join('\n')}`, ExitCode.config);
    this.problems = Object.freeze([...problems]);
  }
}

/** Bad command line (exit 64). */
export class UsageError extends AgentError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** Data the agent refuses to use or overwrite: genesis mismatch, foreign keystore (exit 65). */
export class RefusedDataError extends AgentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.dataRefused, options);
  }
}

/** A required service stayed unreachable past its deadline (exit 69). */
export class UnavailableError extends AgentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.unavailable, options);
  }
}

/** The short, single-line description of any thrown value (never a stack, never command output). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const short = (error as { shortMessage?: unknown }).shortMessage;
    return typeof short === 'string' ? short : error.message;
  }
  return String(error);
}
