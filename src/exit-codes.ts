/**
 * Exit codes users script against (sysexits.h where one fits). Documented in docs/troubleshooting.md.
 * Any other non-zero status is geth's own exit status, passed through.
 */
export const ExitCode = {
  ok: 0,
  /** Bad command line: unknown command or flag. */
  usage: 64,
  /** Refused data: genesis mismatch, foreign keystore, signer not in the genesis. */
  dataRefused: 65,
  /** A required service (the genesis server) stayed unreachable past its deadline. */
  unavailable: 69,
  /** Internal error of the agent itself (a bug): reported in one line, never a stack trace. */
  internal: 70,
  /** Bad configuration: every problem is listed at once. */
  config: 78,
} as const;

export type ExitCodeName = keyof typeof ExitCode;
